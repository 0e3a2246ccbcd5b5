//! A neutral description of a Rust type, for the code generator.

use quote::ToTokens;
use std::fmt::{self, Display};
use syn::ext::IdentExt;
use syn::{Expr, ExprLit, GenericArgument, Lit, PathArguments, Type};

/// A Rust type reduced to what a type mapping needs: paths with their generic arguments,
/// references, slices, arrays and tuples.
///
/// ```
/// use amf_model::TypeRef;
///
/// let ty: syn::Type = syn::parse_quote!(std::collections::HashMap<u32, Vec<&'static str>>);
/// let type_ref = TypeRef::from_syn(&ty).unwrap();
/// assert_eq!(type_ref.to_string(), "std::collections::HashMap<u32, Vec<&str>>");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// `a::b::C<T, U>`: the segments (no leading `::`, no `r#`) and the type arguments of the
    /// last segment; lifetimes are dropped.
    Path {
        /// `["a", "b", "C"]`.
        segments: Vec<String>,
        /// `[T, U]`.
        args: Vec<TypeRef>,
    },
    /// `&T` (`&mut T` is rejected).
    Reference(Box<TypeRef>),
    /// `[T]`.
    Slice(Box<TypeRef>),
    /// `[T; N]`, with `N` an integer literal.
    Array(Box<TypeRef>, usize),
    /// `(A, B)`; `()` is the empty tuple.
    Tuple(Vec<TypeRef>),
}

impl TypeRef {
    /// Describes `ty`, or fails (spanned on the offending part) naming what cannot travel:
    /// function pointers, trait objects, `impl Trait`, macros, `_`, `!`, raw pointers, `&mut`,
    /// qualified paths (`<T as Trait>::X`), non-literal array lengths, and generic arguments
    /// other than types and lifetimes.
    pub fn from_syn(ty: &Type) -> syn::Result<TypeRef> {
        let what = match ty {
            Type::Path(path) if path.qself.is_none() => return from_path(&path.path),
            Type::Reference(reference) if reference.mutability.is_none() => {
                return Ok(TypeRef::Reference(boxed(&reference.elem)?));
            }
            Type::Slice(slice) => return Ok(TypeRef::Slice(boxed(&slice.elem)?)),
            Type::Array(array) => {
                let len = array_len(&array.len).ok_or_else(|| {
                    let text = array.len.to_token_stream();
                    let msg = format!("the array length `{text}` must be an integer literal");
                    syn::Error::new_spanned(&array.len, msg)
                })?;
                return Ok(TypeRef::Array(boxed(&array.elem)?, len));
            }
            Type::Tuple(tuple) => {
                let elems = tuple.elems.iter().map(TypeRef::from_syn);
                return elems.collect::<syn::Result<_>>().map(TypeRef::Tuple);
            }
            Type::Paren(paren) => return TypeRef::from_syn(&paren.elem),
            Type::Group(group) => return TypeRef::from_syn(&group.elem),
            Type::Path(_) => "the qualified path",
            Type::Reference(_) => "the mutable reference",
            Type::BareFn(_) => "the function pointer",
            Type::TraitObject(_) => "the trait object",
            Type::ImplTrait(_) => "the `impl Trait` type",
            Type::Macro(_) => "the type macro",
            Type::Infer(_) => "the inferred type",
            Type::Never(_) => "the never type",
            Type::Ptr(_) => "the raw pointer",
            _ => "the type",
        };
        Err(unsupported(ty, what))
    }
}

fn boxed(ty: &Type) -> syn::Result<Box<TypeRef>> {
    TypeRef::from_syn(ty).map(Box::new)
}

fn from_path(path: &syn::Path) -> syn::Result<TypeRef> {
    let mut segments = Vec::new();
    let mut args = Vec::new();
    let last = path.segments.len() - 1;
    for (i, segment) in path.segments.iter().enumerate() {
        segments.push(segment.ident.unraw().to_string());
        match &segment.arguments {
            PathArguments::None => {}
            PathArguments::AngleBracketed(generics) if i == last => {
                for arg in &generics.args {
                    match arg {
                        GenericArgument::Type(ty) => args.push(TypeRef::from_syn(ty)?),
                        GenericArgument::Lifetime(_) => {}
                        other => return Err(unsupported(other, "the generic argument")),
                    }
                }
            }
            PathArguments::AngleBracketed(_) => {
                return Err(unsupported(path, "the path with generic arguments inside"));
            }
            PathArguments::Parenthesized(_) => {
                return Err(unsupported(segment, "the parenthesized generic arguments"));
            }
        }
    }
    Ok(TypeRef::Path { segments, args })
}

fn array_len(len: &Expr) -> Option<usize> {
    match len {
        Expr::Lit(ExprLit {
            lit: Lit::Int(int), ..
        }) => int.base10_parse().ok(),
        _ => None,
    }
}

fn unsupported(tokens: impl ToTokens, what: &str) -> syn::Error {
    let text = tokens.to_token_stream().to_string();
    syn::Error::new_spanned(tokens, format!("{what} `{text}` cannot travel as AMF"))
}

impl Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::Path { segments, args } => {
                f.write_str(&segments.join("::"))?;
                if !args.is_empty() {
                    f.write_str("<")?;
                    write_list(f, args)?;
                    f.write_str(">")?;
                }
                Ok(())
            }
            TypeRef::Reference(inner) => write!(f, "&{inner}"),
            TypeRef::Slice(inner) => write!(f, "[{inner}]"),
            TypeRef::Array(inner, len) => write!(f, "[{inner}; {len}]"),
            TypeRef::Tuple(elems) => {
                f.write_str("(")?;
                write_list(f, elems)?;
                f.write_str(if elems.len() == 1 { ",)" } else { ")" })
            }
        }
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, items: &[TypeRef]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}
