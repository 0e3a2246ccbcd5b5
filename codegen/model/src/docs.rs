//! Doc comments, kept so the code generator can copy them into ActionScript.

use crate::symbol::DOC;
use syn::{Attribute, Expr, ExprLit, Lit, Meta};

/// The `///` lines of an item, each trimmed of one leading space. `#[doc = ...]` values that
/// are not string literals (`include_str!`) are left out.
pub(crate) fn docs(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter_map(|attr| match &attr.meta {
            Meta::NameValue(nv) if nv.path == DOC => match &nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(text),
                    ..
                }) => Some(text.value()),
                _ => None,
            },
            _ => None,
        })
        .flat_map(|text| {
            text.split('\n')
                .map(|line| line.strip_suffix('\r').unwrap_or(line))
                .map(|line| line.strip_prefix(' ').unwrap_or(line).to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}
