//! A variant of an enum.

use super::field::{fields_from_ast, Field};
use crate::attr::VariantAttrs;
use crate::case::RenameRule;
use crate::{docs, Ctxt};
use syn::ext::IdentExt;
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, ExprUnary, Fields, Lit, UnOp};

/// A variant with its attributes.
#[derive(Debug)]
pub struct Variant<'a> {
    /// Its name.
    pub ident: &'a syn::Ident,
    /// Its name on the wire: `rename`, else its name under the enum's `rename_all`.
    pub wire_name: String,
    /// `alias = "..."`: the class alias of the variant's object (tagged enums only).
    pub alias: Option<String>,
    /// Its shape.
    pub style: VariantStyle,
    /// Its fields; wire names are `rename` or as written.
    pub fields: Vec<Field<'a>>,
    /// Its discriminant, if written as an integer literal (`= 3`, `= -1`).
    pub discriminant: Option<i64>,
    /// The integer it travels as under `repr = "integer"`: its literal discriminant, else the
    /// previous variant's integer plus one (0 for the first), as Rust numbers them.
    pub integer: i64,
    /// Its doc comment, one entry per line.
    pub docs: Vec<String>,
    /// The variant it was parsed from.
    pub original: &'a syn::Variant,
}

/// The shape of a variant.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum VariantStyle {
    /// `A`
    Unit,
    /// `A(T)`
    Newtype,
    /// `A(T, U)` (or `A()`)
    Tuple,
    /// `A { t: T }`
    Struct,
}

/// The variants of an enum; `rename_all` applies to those without `rename`.
pub(crate) fn variants_from_ast<'a>(
    cx: &Ctxt,
    variants: &'a Punctuated<syn::Variant, syn::Token![,]>,
    rename_all: RenameRule,
) -> Vec<Variant<'a>> {
    let mut next_integer = 0i64;
    variants
        .iter()
        .map(|variant| {
            let attrs = VariantAttrs::from_ast(cx, variant);
            let discriminant = variant
                .discriminant
                .as_ref()
                .and_then(|(_, expr)| integer_literal(expr));
            let integer = discriminant.unwrap_or(next_integer);
            next_integer = integer.wrapping_add(1);
            Variant {
                ident: &variant.ident,
                wire_name: attrs.rename.unwrap_or_else(|| {
                    rename_all.apply_to_variant(&variant.ident.unraw().to_string())
                }),
                alias: attrs.alias,
                style: variant_style(&variant.fields),
                fields: fields_from_ast(cx, &variant.fields, RenameRule::None),
                discriminant,
                integer,
                docs: docs::docs(&variant.attrs),
                original: variant,
            }
        })
        .collect()
}

fn variant_style(fields: &Fields) -> VariantStyle {
    match fields {
        Fields::Unit => VariantStyle::Unit,
        Fields::Unnamed(tuple) if tuple.unnamed.len() == 1 => VariantStyle::Newtype,
        Fields::Unnamed(_) => VariantStyle::Tuple,
        Fields::Named(_) => VariantStyle::Struct,
    }
}

/// `3` or `-3`.
fn integer_literal(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Int(int), ..
        }) => int.base10_parse().ok(),
        Expr::Unary(ExprUnary {
            op: UnOp::Neg(_),
            expr,
            ..
        }) => integer_literal(expr)?.checked_neg(),
        _ => None,
    }
}
