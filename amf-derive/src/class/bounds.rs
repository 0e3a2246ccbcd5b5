//! The generics of the generated impls: a bound on every type parameter that a field needs
//! encoded, decoded or defaulted (as serde does), and the lifetime the decoder borrows from.

use amf_model::{Container, Data, Field, FieldDefault};
use proc_macro2::{TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::{parse_quote, Generics, Lifetime};

/// The generics of `impl Encode`: `T: Encode` for every `T` in a field written with `Encode`.
pub(super) fn encode_generics(cont: &Container) -> Generics {
    with_bound(
        cont.generics.clone(),
        cont,
        coded,
        quote!(__amf::amf3::Encode),
    )
}

/// The generics of `impl Decode<'de>`, and `'de`: the type's own lifetime if it has one (its
/// borrowed fields borrow from the input), else a new `'de`. A type with several lifetimes is
/// an error, spanned on the second.
pub(super) fn decode_generics(cont: &Container) -> syn::Result<(Generics, Lifetime)> {
    let mut generics = cont.generics.clone();
    let mut lifetimes = cont.generics.lifetimes();
    let de = match (lifetimes.next(), lifetimes.next()) {
        (_, Some(second)) => {
            return Err(syn::Error::new_spanned(
                &second.lifetime,
                format!(
                    "`{}` has several lifetimes: AmfClass decodes borrowed fields from the input, \
                     through one lifetime",
                    cont.ident
                ),
            ))
        }
        (Some(only), None) => only.lifetime.clone(),
        (None, None) => {
            let de: Lifetime = parse_quote!('de);
            generics.params.insert(0, parse_quote!(#de));
            de
        }
    };
    let generics = with_bound(generics, cont, coded, quote!(__amf::amf3::Decode<#de>));
    let generics = with_bound(generics, cont, defaulted, quote!(::core::default::Default));
    Ok((generics, de))
}

/// Whether a field is written and read with its type's `Encode` and `Decode`.
fn coded(field: &Field) -> bool {
    !field.attrs.skip && field.attrs.with.is_none()
}

/// Whether a field may be decoded as `Default::default()`.
fn defaulted(field: &Field) -> bool {
    field.attrs.default == FieldDefault::Trait
}

/// Adds `T: bound` for every type parameter `T` that appears in the type of a `selected` field.
fn with_bound(
    mut generics: Generics,
    cont: &Container,
    selected: fn(&Field) -> bool,
    bound: TokenStream,
) -> Generics {
    let fields: Vec<&Field> = match &cont.data {
        Data::Struct { fields, .. } => fields.iter().collect(),
        Data::Enum(variants) => variants
            .iter()
            .flat_map(|variant| &variant.fields)
            .collect(),
    };
    let params: Vec<_> = cont
        .generics
        .type_params()
        .map(|param| &param.ident)
        .filter(|param| {
            fields
                .iter()
                .any(|field| selected(field) && mentions(field.ty.to_token_stream(), param))
        })
        .collect();
    let predicates = &mut generics.make_where_clause().predicates;
    predicates.extend(
        params
            .into_iter()
            .map(|param| -> syn::WherePredicate { parse_quote!(#param: #bound) }),
    );
    generics
}

/// Whether `tokens` contain the identifier `ident` (a type parameter in a field's type).
fn mentions(tokens: TokenStream, ident: &syn::Ident) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(found) => found == *ident,
        TokenTree::Group(group) => mentions(group.stream(), ident),
        TokenTree::Punct(_) | TokenTree::Literal(_) => false,
    })
}
