//! `#[amf(...)]` on an enum variant.

use super::serde::SerdeAttrs;
use super::value::name;
use super::{for_each_amf_meta, unknown_key, Attr};
use crate::symbol::{Symbol, ALIAS, RENAME};
use crate::Ctxt;

const KEYS: &[Symbol] = &[RENAME, ALIAS];

/// The attributes of a variant, after the serde fallback.
pub(crate) struct VariantAttrs {
    pub(crate) rename: Option<String>,
    pub(crate) alias: Option<String>,
}

impl VariantAttrs {
    pub(crate) fn from_ast(cx: &Ctxt, variant: &syn::Variant) -> Self {
        let mut rename = Attr::none(cx, RENAME);
        let mut alias = Attr::none(cx, ALIAS);
        for_each_amf_meta(cx, &variant.attrs, |meta| {
            if meta.path == RENAME {
                rename.parse(meta, |meta| name(meta, "wire name"))
            } else if meta.path == ALIAS {
                alias.parse(meta, |meta| name(meta, "class alias"))
            } else {
                Err(unknown_key(meta, "variant", KEYS))
            }
        });
        VariantAttrs {
            rename: rename
                .get()
                .or_else(|| SerdeAttrs::from_attrs(&variant.attrs).rename),
            alias: alias.get(),
        }
    }
}
