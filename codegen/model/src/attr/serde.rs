//! The `#[serde(...)]` keys that amf-socket honours when `#[amf]` leaves them out.
//!
//! serde validates its own attributes, so everything here is lenient: unknown keys, complex
//! forms and malformed values are skipped without a word.

use super::field::{parse_default, FieldDefault};
use super::value::lit_str;
use crate::case::RenameRule;
use crate::symbol::{DEFAULT, DESERIALIZE, RENAME, RENAME_ALL, SERDE, SERIALIZE, SKIP};
use syn::meta::ParseNestedMeta;
use syn::Attribute;

/// `rename`, `rename_all`, `skip` and `default` from `#[serde(...)]`.
#[derive(Default)]
pub(crate) struct SerdeAttrs {
    pub(crate) rename: Option<String>,
    pub(crate) rename_all: Option<RenameRule>,
    pub(crate) skip: bool,
    pub(crate) default: Option<FieldDefault>,
}

impl SerdeAttrs {
    pub(crate) fn from_attrs(attrs: &[Attribute]) -> Self {
        let mut out = SerdeAttrs::default();
        for attr in attrs.iter().filter(|attr| attr.path() == SERDE) {
            // An error only ends this attribute early; serde reports it.
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path == RENAME {
                    if let Some(name) = name(&meta)? {
                        out.rename = Some(name);
                    }
                } else if meta.path == RENAME_ALL {
                    if let Some(rule) = name(&meta)?.and_then(|name| name.parse().ok()) {
                        out.rename_all = Some(rule);
                    }
                } else if meta.path == SKIP {
                    out.skip = true;
                } else if meta.path == DEFAULT {
                    out.default = Some(parse_default(&meta)?);
                } else {
                    skip_value(&meta)?;
                }
                Ok(())
            });
        }
        out
    }
}

/// `key = "x"`, or `key(serialize = "x", deserialize = "x")` when both sides agree.
fn name(meta: &ParseNestedMeta) -> syn::Result<Option<String>> {
    if meta.input.peek(syn::Token![=]) {
        return lit_str(meta).map(|lit| Some(lit.value()));
    }
    let (mut ser, mut de) = (None, None);
    meta.parse_nested_meta(|inner| {
        if inner.path == SERIALIZE {
            ser = Some(lit_str(&inner)?.value());
        } else if inner.path == DESERIALIZE {
            de = Some(lit_str(&inner)?.value());
        } else {
            skip_value(&inner)?;
        }
        Ok(())
    })?;
    Ok(match (ser, de) {
        (Some(ser), Some(de)) if ser == de => Some(ser),
        _ => None,
    })
}

/// Consumes the value of a key this crate does not read: `= expr`, `(...)` or nothing.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}
