//! A field of a struct or of an enum variant.

use super::ty::type_args;
use crate::attr::FieldAttrs;
use crate::case::RenameRule;
use crate::symbol::OPTION;
use crate::{docs, Ctxt};
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::Fields;

/// A field with its attributes.
#[derive(Debug)]
pub struct Field<'a> {
    /// Its name; `None` for the field of a newtype struct or variant.
    pub ident: Option<&'a syn::Ident>,
    /// Its position among its siblings.
    pub index: usize,
    /// Its name as written, without `r#` (the index for unnamed fields).
    pub rust_name: String,
    /// Its member name on the wire: `rename`, else `rust_name` under the container's
    /// `rename_all` (struct fields only; variant fields are renamed one by one, as in serde).
    pub wire_name: String,
    /// Its type.
    pub ty: &'a syn::Type,
    /// Its `#[amf(...)]` attributes.
    pub attrs: FieldAttrs,
    /// Its doc comment, one entry per line.
    pub docs: Vec<String>,
    /// Whether its type is `Option<T>` (judged by the last path segment).
    pub is_option: bool,
    /// Its name's span (its type's, for unnamed fields).
    pub span: Span,
}

impl Field<'_> {
    /// The field as the member of an expression: `self.name` or `self.0`.
    pub fn member(&self) -> syn::Member {
        match self.ident {
            Some(ident) => syn::Member::Named(ident.clone()),
            None => syn::Member::Unnamed(syn::Index {
                index: self.index as u32,
                span: self.span,
            }),
        }
    }
}

/// The fields of a struct or variant; `rename_all` applies to those without `rename`.
pub(crate) fn fields_from_ast<'a>(
    cx: &Ctxt,
    fields: &'a Fields,
    rename_all: RenameRule,
) -> Vec<Field<'a>> {
    fields
        .iter()
        .enumerate()
        .map(|(index, field)| {
            let attrs = FieldAttrs::from_ast(cx, field);
            let rust_name = match &field.ident {
                Some(ident) => ident.unraw().to_string(),
                None => index.to_string(),
            };
            let wire_name = match &attrs.rename {
                Some(rename) => rename.clone(),
                None => rename_all.apply_to_field(&rust_name),
            };
            Field {
                ident: field.ident.as_ref(),
                index,
                rust_name,
                wire_name,
                ty: &field.ty,
                attrs,
                docs: docs::docs(&field.attrs),
                is_option: type_args(&field.ty, OPTION).is_some_and(|args| args.len() == 1),
                span: field
                    .ident
                    .as_ref()
                    .map_or_else(|| field.ty.span(), |ident| ident.span()),
            }
        })
        .collect()
}
