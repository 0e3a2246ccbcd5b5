//! The type mapping: a Rust type, as written in the source, to its ActionScript type.
//!
//! The table is in the crate documentation; [`Mapper::map`] applies it. Types are recognised by
//! their last path segment (`std::collections::HashMap` and `HashMap` alike), after the types
//! of the input (those deriving `AmfClass`) and the type parameters in scope.

use crate::asdoc::escape;
use crate::error::Diagnostic;
use crate::names::QName;
use amf_model::TypeRef;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use syn::spanned::Spanned;
use syn::{GenericArgument, PathArguments, Type};

/// An ActionScript type, with what the docs need to say about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AsType {
    /// `int`: i8, i16, i32.
    Int,
    /// `uint`: u8, u16, u32.
    Uint,
    /// `Number`: f32, f64, and the wide integers (named, for the docs).
    Number { wide: Option<String> },
    /// `Boolean`.
    Boolean,
    /// `String`: String, &str, char, Cow<str>.
    String,
    /// `Date`: SystemTime, amf3::Date.
    Date,
    /// `flash.utils.ByteArray`: Vec<u8>, [u8], ByteArray.
    ByteArray,
    /// `*`.
    Any(AnyKind),
    /// `Object` with String keys: HashMap<String, T>, BTreeMap<String, T>.
    Map(Box<AsType>),
    /// `Object`: a struct without alias (an anonymous object), with its member names.
    Anonymous { rust: String, members: Vec<String> },
    /// `Object`: an enum whose variants travel as objects of several shapes.
    Tagged {
        rust: String,
        tag: String,
        tag_class: QName,
    },
    /// A generated value class.
    Class(QName),
    /// A unit enum: its constants class; the value is a `String` or an `int`.
    Enum { class: QName, integer: bool },
    /// `Array` (or `Vector.<T>` in the typed API of services under `--collections vector`).
    Array(Box<AsType>),
    /// `Option<T>`: `T` itself when it can hold null, else `Object`.
    Nullable(Box<AsType>),
}

/// Why a value is typed `*`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AnyKind {
    /// amf3::Value: anything.
    Value,
    /// A type parameter of a generic struct.
    TypeParam(String),
    /// A field with `#[amf(with = "...")]`: its codec decides.
    Custom(String),
}

impl AsType {
    /// Whether the ActionScript type cannot hold null.
    fn is_value_type(&self) -> bool {
        matches!(
            self,
            AsType::Int
                | AsType::Uint
                | AsType::Number { .. }
                | AsType::Boolean
                | AsType::Enum { integer: true, .. }
        )
    }

    /// The type as declared: `int`, `Array`, `Vector.<User>`, `Object`...
    pub(crate) fn decl(&self, vector: bool) -> String {
        match self {
            AsType::Int | AsType::Enum { integer: true, .. } => "int".into(),
            AsType::Uint => "uint".into(),
            AsType::Number { .. } => "Number".into(),
            AsType::Boolean => "Boolean".into(),
            AsType::String | AsType::Enum { integer: false, .. } => "String".into(),
            AsType::Date => "Date".into(),
            AsType::ByteArray => "ByteArray".into(),
            AsType::Any(_) => "*".into(),
            AsType::Map(_) | AsType::Anonymous { .. } | AsType::Tagged { .. } => "Object".into(),
            AsType::Class(class) => class.name.clone(),
            AsType::Array(item) if vector => format!("Vector.<{}>", item.decl(true)),
            AsType::Array(_) => "Array".into(),
            AsType::Nullable(inner) if inner.is_value_type() => "Object".into(),
            AsType::Nullable(inner) => inner.decl(vector),
        }
    }

    /// The classes a declaration or the checks of this type refer to, fully qualified.
    pub(crate) fn imports(&self, out: &mut BTreeSet<String>) {
        match self {
            AsType::ByteArray => {
                out.insert("flash.utils.ByteArray".into());
            }
            AsType::Class(class) => {
                out.insert(class.qualified());
            }
            AsType::Array(inner) | AsType::Nullable(inner) | AsType::Map(inner) => {
                inner.imports(out)
            }
            _ => {}
        }
    }

    /// Whether the value needs the runtime's `Convert` helpers to be checked or converted.
    pub(crate) fn uses_convert(&self) -> bool {
        match self {
            AsType::Array(_)
            | AsType::Map(_)
            | AsType::Anonymous { .. }
            | AsType::Tagged { .. } => true,
            AsType::Nullable(inner) => inner.uses_convert(),
            _ => false,
        }
    }

    /// A Boolean expression: whether `expr` (typed `*`) holds a valid value of this type, or
    /// `None` when every value is.
    pub(crate) fn check(&self, expr: &str, depth: usize) -> Option<String> {
        let item = format!("item{depth}");
        let element = |inner: &AsType| match inner.check(&item, depth + 1) {
            Some(check) => format!("function({item}:*):Boolean {{ return {check}; }}"),
            None => "null".into(),
        };
        Some(match self {
            AsType::Int | AsType::Enum { integer: true, .. } => format!("{expr} is int"),
            AsType::Uint => format!("{expr} is uint"),
            AsType::Number { .. } => format!("{expr} is Number"),
            AsType::Boolean => format!("{expr} is Boolean"),
            AsType::String | AsType::Enum { integer: false, .. } => format!("{expr} is String"),
            AsType::Date => format!("{expr} is Date"),
            AsType::ByteArray => format!("{expr} is ByteArray"),
            AsType::Class(class) => format!("{expr} is {}", class.name),
            AsType::Any(_) => return None,
            AsType::Anonymous { .. } | AsType::Tagged { .. } => {
                format!("Convert.isObject({expr})")
            }
            AsType::Map(inner) => format!("Convert.isMap({expr}, {})", element(inner)),
            AsType::Array(inner) => format!("Convert.isArray({expr}, {})", element(inner)),
            AsType::Nullable(inner) => format!("({expr} == null || {})", inner.check(expr, depth)?),
        })
    }

    /// An expression of the declared type from `expr` (typed `*`, already checked).
    pub(crate) fn convert(&self, expr: &str, depth: usize, vector: bool) -> String {
        match self {
            AsType::Array(inner) if vector => {
                let item = format!("item{depth}");
                let each = if inner.needs_conversion(vector) {
                    let convert = inner.convert(&item, depth + 1, vector);
                    format!("function({item}:*):* {{ return {convert}; }}")
                } else {
                    "null".into()
                };
                format!(
                    "Convert.toVector({expr}, new {}(), {each})",
                    self.decl(vector)
                )
            }
            AsType::Nullable(inner) if !inner.is_value_type() => inner.convert(expr, depth, vector),
            _ => self.cast(expr, vector),
        }
    }

    /// Whether [`AsType::convert`] does more than a cast.
    fn needs_conversion(&self, vector: bool) -> bool {
        match self {
            AsType::Array(_) => vector,
            AsType::Nullable(inner) => inner.needs_conversion(vector),
            _ => false,
        }
    }

    /// `expr` (typed `*`, holding a converted value) as the declared type.
    pub(crate) fn cast(&self, expr: &str, vector: bool) -> String {
        let decl = self.decl(vector);
        match decl.as_str() {
            "int" | "uint" | "Number" | "Boolean" => format!("{decl}({expr})"),
            "*" | "Object" => expr.to_owned(),
            _ => format!("{expr} as {decl}"),
        }
    }

    /// How the type reads in a sentence: `int`, `Array of User`, `int or null`.
    fn noun(&self, vector: bool) -> String {
        match self {
            AsType::Array(inner) if vector => format!("Vector of {}", inner.noun(true)),
            AsType::Array(inner) => format!("Array of {}", inner.noun(vector)),
            AsType::Map(inner) => format!("Object of {}", inner.noun(vector)),
            AsType::Nullable(inner) => format!("{} or null", inner.noun(vector)),
            AsType::Enum { class, .. } => format!("{} ({})", self.decl(vector), class.name),
            AsType::Anonymous { rust, .. } | AsType::Tagged { rust, .. } => {
                format!("Object ({rust})")
            }
            AsType::Any(AnyKind::TypeParam(name)) => name.clone(),
            AsType::Any(_) => "any value".into(),
            _ => self.decl(vector),
        }
    }

    /// How the type reads in messages: `int`, `Array of User`, `int or null`.
    pub(crate) fn noun_public(&self, vector: bool) -> String {
        self.noun(vector)
    }

    /// A sentence for the ASDoc when the declared type does not say everything (HTML).
    pub(crate) fn describe(&self, vector: bool) -> Option<String> {
        Some(match self {
            AsType::Number { wide: Some(rust) } => format!(
                "A whole number (Rust <code>{rust}</code>): beyond &#177;2<sup>53</sup> a Number \
                 loses precision, and the Rust side refuses to send such values."
            ),
            AsType::Array(inner) if vector => return inner.describe_items("A Vector of", vector),
            AsType::Array(inner) => return inner.describe_items("An Array of", vector),
            AsType::Map(inner) => format!(
                "An object whose members map String keys to <code>{}</code> values.",
                escape(&inner.noun(vector))
            ),
            AsType::Anonymous { rust, members } if members.is_empty() => {
                format!("An empty anonymous object (Rust <code>{rust}</code>).")
            }
            AsType::Anonymous { rust, members } => format!(
                "An anonymous object (Rust <code>{rust}</code>) with the members {}.",
                members
                    .iter()
                    .map(|m| format!("<code>{m}</code>"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            AsType::Tagged {
                rust,
                tag,
                tag_class,
            } => format!(
                "An object of the Rust enum <code>{rust}</code>: its member <code>{tag}</code> \
                 names the variant, one of the constants of <code>{}</code>.",
                tag_class.name
            ),
            AsType::Enum { class, .. } => {
                format!("One of the constants of <code>{}</code>.", class.name)
            }
            AsType::Any(AnyKind::Value) => "Any value (Rust <code>Value</code>).".into(),
            AsType::Any(AnyKind::TypeParam(name)) => {
                format!("Any value: the Rust type parameter <code>{name}</code>.")
            }
            AsType::Any(AnyKind::Custom(path)) => format!(
                "Written by the custom codec <code>{path}</code> (<code>#[amf(with)]</code>): \
                 its ActionScript type is unknown."
            ),
            AsType::Nullable(inner) if inner.is_value_type() => {
                let decl = inner.decl(vector);
                let base = format!(
                    "{} <code>{decl}</code>, or <code>null</code> (an ActionScript {decl} cannot \
                     be null).",
                    capitalized(crate::asdoc::article(&decl)),
                );
                match inner.describe(vector) {
                    Some(more) => format!("{base} {more}"),
                    None => base,
                }
            }
            AsType::Nullable(inner) => {
                let base = "May be <code>null</code>.".to_owned();
                match inner.describe(vector) {
                    Some(more) => format!("{more} {base}"),
                    None => base,
                }
            }
            _ => return None,
        })
    }

    fn describe_items(&self, prefix: &str, vector: bool) -> Option<String> {
        Some(format!(
            "{prefix} <code>{}</code>.",
            escape(&self.noun(vector))
        ))
    }

    /// The classes the ASDoc should point to with `@see`.
    pub(crate) fn see_also(&self, out: &mut BTreeSet<String>) {
        match self {
            AsType::Enum { class, .. } => {
                out.insert(class.qualified());
            }
            AsType::Tagged { tag_class, .. } => {
                out.insert(tag_class.qualified());
            }
            AsType::Array(inner) | AsType::Nullable(inner) | AsType::Map(inner) => {
                inner.see_also(out)
            }
            _ => {}
        }
    }

    /// The element class for `[ArrayElementType]`, for arrays of classes and simple types.
    pub(crate) fn array_element(&self) -> Option<String> {
        match self {
            AsType::Array(inner) => match &**inner {
                AsType::Class(class) => Some(class.qualified()),
                AsType::Array(_) | AsType::Nullable(_) | AsType::Any(_) => None,
                other => Some(other.decl(false)),
            },
            AsType::Nullable(inner) => inner.array_element(),
            _ => None,
        }
    }
}

/// What a type of the input is, for the mapping.
#[derive(Clone, Debug)]
pub(crate) enum UserKind {
    /// A struct with an alias, or a tagged enum whose variants all share one alias.
    Class(QName),
    /// A struct without alias (a unit struct has no members).
    Anonymous(Vec<String>),
    /// A newtype struct: transparent, as its field (mapped in the scope of its own file).
    Transparent {
        ty: Box<Type>,
        file: String,
        generics: Vec<String>,
    },
    /// A unit enum.
    Enum { class: QName, integer: bool },
    /// A tagged enum whose variants travel as several classes or as anonymous objects.
    Tagged { tag: String, tag_class: QName },
}

/// The types of the input by Rust name, and the mapping of everything else.
pub(crate) struct Mapper {
    pub(crate) types: HashMap<String, UserKind>,
    /// Newtypes being mapped, to stop cycles.
    stack: RefCell<Vec<String>>,
}

/// Where a type is written: its file and the type parameters in scope.
pub(crate) struct Scope<'s> {
    pub(crate) file: &'s str,
    pub(crate) generics: &'s [String],
}

impl Mapper {
    pub(crate) fn new(types: HashMap<String, UserKind>) -> Self {
        Mapper {
            types,
            stack: RefCell::new(Vec::new()),
        }
    }

    /// Maps `ty`, or says why it cannot be mapped, at the offending part of it.
    pub(crate) fn map(&self, ty: &Type, scope: &Scope) -> Result<AsType, Diagnostic> {
        if let Err(err) = TypeRef::from_syn(ty) {
            return Err(Diagnostic::at(scope.file, err.span(), err.to_string()).hint(
                "fields and arguments must be plain data types: numbers, strings, collections, \
                 or types that derive AmfClass",
            ));
        }
        self.map_checked(ty, scope)
    }

    fn map_checked(&self, ty: &Type, scope: &Scope) -> Result<AsType, Diagnostic> {
        match ty {
            Type::Paren(paren) => self.map_checked(&paren.elem, scope),
            Type::Group(group) => self.map_checked(&group.elem, scope),
            Type::Reference(reference) => self.map_checked(&reference.elem, scope),
            Type::Slice(slice) => self.sequence(&slice.elem, scope),
            Type::Array(array) => self.sequence(&array.elem, scope),
            Type::Tuple(tuple) if tuple.elems.is_empty() => Err(unmappable(
                scope,
                ty,
                "`()` carries nothing",
                "leave the field out, or use a unit struct that derives AmfClass",
            )),
            Type::Tuple(_) => Err(unmappable(
                scope,
                ty,
                "tuples have no AMF3 form",
                "use a struct with named fields that derives AmfClass",
            )),
            Type::Path(path) => self.path(ty, path, scope),
            // TypeRef::from_syn has rejected the rest.
            _ => Err(unmappable(
                scope,
                ty,
                "unsupported type",
                "use a plain data type",
            )),
        }
    }

    fn sequence(&self, item: &Type, scope: &Scope) -> Result<AsType, Diagnostic> {
        if is_u8(item) {
            Ok(AsType::ByteArray)
        } else {
            Ok(AsType::Array(Box::new(self.map_checked(item, scope)?)))
        }
    }

    fn path(&self, ty: &Type, path: &syn::TypePath, scope: &Scope) -> Result<AsType, Diagnostic> {
        let last = path.path.segments.last().expect("a path has a segment");
        let name = last.ident.to_string();
        let args: Vec<&Type> = match &last.arguments {
            PathArguments::AngleBracketed(args) => args
                .args
                .iter()
                .filter_map(|arg| match arg {
                    GenericArgument::Type(ty) => Some(ty),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        if path.path.segments.len() == 1 && args.is_empty() && scope.generics.contains(&name) {
            return Ok(AsType::Any(AnyKind::TypeParam(name)));
        }
        if let Some(kind) = self.types.get(&name) {
            return self.user(ty, &name, kind, scope);
        }
        let arity = |n: usize| -> Result<(), Diagnostic> {
            if args.len() == n {
                Ok(())
            } else {
                Err(unmappable(
                    scope,
                    ty,
                    &format!(
                        "`{name}` takes {n} type argument{}",
                        if n == 1 { "" } else { "s" }
                    ),
                    "write the type arguments out",
                ))
            }
        };
        Ok(match name.as_str() {
            "bool" => AsType::Boolean,
            "i8" | "i16" | "i32" => AsType::Int,
            "u8" | "u16" | "u32" => AsType::Uint,
            "i64" | "u64" | "i128" | "u128" | "isize" | "usize" => {
                AsType::Number { wide: Some(name) }
            }
            "f32" | "f64" => AsType::Number { wide: None },
            "String" | "str" | "char" => AsType::String,
            "SystemTime" | "Date" => AsType::Date,
            "ByteArray" => AsType::ByteArray,
            "Value" => AsType::Any(AnyKind::Value),
            "Option" => {
                arity(1)?;
                match self.map_checked(args[0], scope)? {
                    nullable @ AsType::Nullable(_) => nullable,
                    inner => AsType::Nullable(Box::new(inner)),
                }
            }
            "Vec" => {
                arity(1)?;
                self.sequence(args[0], scope)?
            }
            "Box" | "Rc" | "Arc" | "Cow" => {
                arity(1)?;
                self.map_checked(args[0], scope)?
            }
            "HashMap" | "BTreeMap" => {
                arity(2)?;
                let key = args[0];
                if self.map_checked(key, scope)? != AsType::String || is_named(key, "char") {
                    return Err(unmappable(
                        scope,
                        key,
                        "map keys travel as the member names of an object and must be strings",
                        "use String keys, or a Vec of a struct with key and value fields",
                    ));
                }
                AsType::Map(Box::new(self.map_checked(args[1], scope)?))
            }
            "HashSet" | "BTreeSet" | "IndexSet" => {
                return Err(unmappable(
                    scope,
                    ty,
                    "sets have no AMF3 form",
                    "use Vec<T>, which travels as an Array",
                ))
            }
            "VecDeque" | "LinkedList" | "BinaryHeap" => {
                return Err(unmappable(
                    scope,
                    ty,
                    "only Vec, slices and arrays travel as an AMF3 Array",
                    "use Vec<T>",
                ))
            }
            "IndexMap" => {
                return Err(unmappable(
                    scope,
                    ty,
                    "only HashMap and BTreeMap travel as an object",
                    "use HashMap<String, T> or BTreeMap<String, T>",
                ))
            }
            "Duration" | "Instant" => {
                return Err(unmappable(
                    scope,
                    ty,
                    "durations and instants have no AMF3 form",
                    "send a number of milliseconds (u64), or a SystemTime, which travels as a Date",
                ))
            }
            "Result" => {
                return Err(unmappable(
                    scope,
                    ty,
                    "a Result is not a value: only a service method may return one",
                    "use an enum that derives AmfClass",
                ))
            }
            _ => {
                return Err(unmappable(
                    scope,
                    ty,
                    &format!("`{name}` is not a type the generator knows"),
                    &format!(
                        "derive AmfClass for `{name}` in one of the input files, or add the \
                         file that defines it to the inputs"
                    ),
                ))
            }
        })
    }

    fn user(
        &self,
        ty: &Type,
        name: &str,
        kind: &UserKind,
        scope: &Scope,
    ) -> Result<AsType, Diagnostic> {
        Ok(match kind {
            UserKind::Class(class) => AsType::Class(class.clone()),
            UserKind::Anonymous(members) => AsType::Anonymous {
                rust: name.to_owned(),
                members: members.clone(),
            },
            UserKind::Enum { class, integer } => AsType::Enum {
                class: class.clone(),
                integer: *integer,
            },
            UserKind::Tagged { tag, tag_class } => AsType::Tagged {
                rust: name.to_owned(),
                tag: tag.clone(),
                tag_class: tag_class.clone(),
            },
            UserKind::Transparent {
                ty: inner,
                file,
                generics,
            } => {
                if self.stack.borrow().iter().any(|n| n == name) {
                    return Err(unmappable(
                        scope,
                        ty,
                        &format!("the newtype `{name}` contains itself"),
                        "a newtype travels as its field: break the cycle with a struct with \
                         named fields",
                    ));
                }
                self.stack.borrow_mut().push(name.to_owned());
                let inner_scope = Scope { file, generics };
                let mapped = self.map_checked(inner, &inner_scope);
                self.stack.borrow_mut().pop();
                mapped?
            }
        })
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn is_named(ty: &Type, name: &str) -> bool {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == name && last.arguments.is_empty()),
        Type::Reference(reference) => is_named(&reference.elem, name),
        Type::Paren(paren) => is_named(&paren.elem, name),
        Type::Group(group) => is_named(&group.elem, name),
        _ => false,
    }
}

fn is_u8(ty: &Type) -> bool {
    is_named(ty, "u8")
}

/// "cannot map `T` to ActionScript: why", at `ty`.
fn unmappable(scope: &Scope, ty: &Type, why: &str, hint: &str) -> Diagnostic {
    let text =
        TypeRef::from_syn(ty).map_or_else(|_| quote_type(ty), |type_ref| type_ref.to_string());
    Diagnostic::at(
        scope.file,
        ty.span(),
        format!("cannot map `{text}` to ActionScript: {why}"),
    )
    .hint(hint)
}

fn quote_type(ty: &Type) -> String {
    use quote::ToTokens;
    ty.to_token_stream().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(ty: &str) -> Result<AsType, String> {
        let mut types = HashMap::new();
        types.insert(
            "User".to_owned(),
            UserKind::Class(QName::new("com.example", "User")),
        );
        types.insert(
            "Color".to_owned(),
            UserKind::Enum {
                class: QName::new("generated", "Color"),
                integer: false,
            },
        );
        let mapper = Mapper::new(types);
        let ty: Type = syn::parse_str(ty).unwrap();
        let generics = ["T".to_owned()];
        let scope = Scope {
            file: "a.rs",
            generics: &generics,
        };
        mapper.map(&ty, &scope).map_err(|d| d.to_string())
    }

    fn decl(ty: &str, vector: bool) -> String {
        map(ty).unwrap().decl(vector)
    }

    #[test]
    fn declarations() {
        let cases = [
            ("i32", "int", "int"),
            ("u16", "uint", "uint"),
            ("i64", "Number", "Number"),
            ("f32", "Number", "Number"),
            ("bool", "Boolean", "Boolean"),
            ("&'a str", "String", "String"),
            ("Cow<'a, str>", "String", "String"),
            ("char", "String", "String"),
            ("Vec<u8>", "ByteArray", "ByteArray"),
            ("&[u8]", "ByteArray", "ByteArray"),
            ("[u8; 4]", "ByteArray", "ByteArray"),
            ("std::time::SystemTime", "Date", "Date"),
            ("amf3::Value", "*", "*"),
            ("T", "*", "*"),
            ("Option<i32>", "Object", "Object"),
            ("Option<Option<bool>>", "Object", "Object"),
            ("Option<String>", "String", "String"),
            ("Option<User>", "User", "User"),
            ("Vec<User>", "Array", "Vector.<User>"),
            ("Vec<Vec<i32>>", "Array", "Vector.<Vector.<int>>"),
            ("Vec<Option<i32>>", "Array", "Vector.<Object>"),
            ("Box<[T]>", "Array", "Vector.<*>"),
            ("HashMap<String, Vec<User>>", "Object", "Object"),
            ("BTreeMap<&str, i32>", "Object", "Object"),
            ("Arc<User>", "User", "User"),
            ("Color", "String", "String"),
        ];
        for (ty, array, vector) in cases {
            assert_eq!((ty, decl(ty, false).as_str()), (ty, array));
            assert_eq!((ty, decl(ty, true).as_str()), (ty, vector));
        }
    }

    #[test]
    fn checks_and_conversions() {
        let ty = map("Vec<Vec<i32>>").unwrap();
        assert_eq!(
            ty.check("v", 0).unwrap(),
            "Convert.isArray(v, function(item0:*):Boolean { return Convert.isArray(item0, \
             function(item1:*):Boolean { return item1 is int; }); })"
        );
        assert_eq!(ty.convert("v", 0, false), "v as Array");
        assert_eq!(
            ty.convert("v", 0, true),
            "Convert.toVector(v, new Vector.<Vector.<int>>(), function(item0:*):* { return \
             Convert.toVector(item0, new Vector.<int>(), null); })"
        );
        let ty = map("Option<u32>").unwrap();
        assert_eq!(ty.check("v", 0).unwrap(), "(v == null || v is uint)");
        assert_eq!(ty.convert("v", 0, false), "v");
        let ty = map("Option<User>").unwrap();
        assert_eq!(ty.convert("v", 0, false), "v as User");
        assert_eq!(map("Value").unwrap().check("v", 0), None);
        assert_eq!(map("i32").unwrap().cast("v", false), "int(v)");
    }

    #[test]
    fn errors() {
        assert_eq!(
            map("HashSet<String>").unwrap_err(),
            "a.rs:1:1: cannot map `HashSet<String>` to ActionScript: sets have no AMF3 form\n  \
             hint: use Vec<T>, which travels as an Array"
        );
        assert_eq!(
            map("Vec<(i32, String)>").unwrap_err(),
            "a.rs:1:5: cannot map `(i32, String)` to ActionScript: tuples have no AMF3 form\n  \
             hint: use a struct with named fields that derives AmfClass"
        );
        assert_eq!(
            map("HashMap<u32, String>").unwrap_err(),
            "a.rs:1:9: cannot map `u32` to ActionScript: map keys travel as the member names \
             of an object and must be strings\n  hint: use String keys, or a Vec of a struct \
             with key and value fields"
        );
        assert_eq!(
            map("Option<Uuid>").unwrap_err(),
            "a.rs:1:8: cannot map `Uuid` to ActionScript: `Uuid` is not a type the generator \
             knows\n  hint: derive AmfClass for `Uuid` in one of the input files, or add the \
             file that defines it to the inputs"
        );
        assert_eq!(
            map("fn(i32)").unwrap_err(),
            "a.rs:1:1: the function pointer `fn (i32)` cannot travel as AMF\n  hint: fields and \
             arguments must be plain data types: numbers, strings, collections, or types that \
             derive AmfClass"
        );
        assert_eq!(
            map("Vec").unwrap_err(),
            "a.rs:1:1: cannot map `Vec` to ActionScript: `Vec` takes 1 type argument\n  hint: \
             write the type arguments out"
        );
    }
}
