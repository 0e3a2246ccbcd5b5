//! A struct or an enum with its attributes: the input of `#[derive(AmfClass)]`.

use super::field::{fields_from_ast, Field};
use super::variant::{variants_from_ast, Variant};
use crate::attr::ContainerAttrs;
use crate::{check, docs, Ctxt};
use syn::{DeriveInput, Fields};

/// A struct or an enum that travels as AMF.
#[derive(Debug)]
pub struct Container<'a> {
    /// The type's name.
    pub ident: &'a syn::Ident,
    /// Its generics, lifetimes and type parameters alike.
    pub generics: &'a syn::Generics,
    /// Its `#[amf(...)]` attributes.
    pub attrs: ContainerAttrs,
    /// Its fields or variants.
    pub data: Data<'a>,
    /// Its doc comment, one entry per line.
    pub docs: Vec<String>,
    /// The input it was parsed from.
    pub original: &'a DeriveInput,
}

/// The body of a [`Container`].
#[derive(Debug)]
pub enum Data<'a> {
    /// A struct.
    Struct {
        /// Its shape.
        style: StructStyle,
        /// Its fields, in declaration order.
        fields: Vec<Field<'a>>,
    },
    /// An enum's variants, in declaration order.
    Enum(Vec<Variant<'a>>),
}

/// The shape of a struct.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum StructStyle {
    /// `struct S { a: A }`: an object with one sealed member per field.
    Named,
    /// `struct S(A);`: transparent, travels as its field.
    Newtype,
    /// `struct S;`: an empty object.
    Unit,
}

/// Parses a struct or an enum, recording every problem in `cx`.
///
/// Returns `None` only for items that cannot be modelled at all (unions, tuple structs with
/// several fields). Even with `Some`, call [`Ctxt::check`] before using the model.
pub fn parse_container<'a>(cx: &Ctxt, input: &'a DeriveInput) -> Option<Container<'a>> {
    let attrs = ContainerAttrs::from_ast(cx, input);
    let data = match &input.data {
        syn::Data::Struct(data) => Data::Struct {
            style: struct_style(cx, &data.fields)?,
            fields: fields_from_ast(cx, &data.fields, attrs.rename_all),
        },
        syn::Data::Enum(data) => {
            Data::Enum(variants_from_ast(cx, &data.variants, attrs.rename_all))
        }
        syn::Data::Union(data) => {
            cx.error_spanned_by(data.union_token, "unions cannot travel as AMF");
            return None;
        }
    };
    let container = Container {
        ident: &input.ident,
        generics: &input.generics,
        attrs,
        data,
        docs: docs::docs(&input.attrs),
        original: input,
    };
    check::check_container(cx, &container);
    Some(container)
}

fn struct_style(cx: &Ctxt, fields: &Fields) -> Option<StructStyle> {
    match fields {
        Fields::Named(_) => Some(StructStyle::Named),
        Fields::Unit => Some(StructStyle::Unit),
        Fields::Unnamed(tuple) if tuple.unnamed.len() == 1 => Some(StructStyle::Newtype),
        Fields::Unnamed(tuple) => {
            let msg = format!(
                "tuple struct with {} fields: give the fields names",
                tuple.unnamed.len()
            );
            cx.error_spanned_by(tuple, msg);
            None
        }
    }
}
