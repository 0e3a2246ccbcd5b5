//! `#[amf(...)]` on an argument of a service method.

use super::value::name;
use super::{for_each_amf_meta, unknown_key, Attr};
use crate::symbol::{Symbol, RENAME};
use crate::Ctxt;

const KEYS: &[Symbol] = &[RENAME];

/// The attributes of an argument.
pub(crate) struct ArgAttrs {
    pub(crate) rename: Option<String>,
}

impl ArgAttrs {
    pub(crate) fn from_ast(cx: &Ctxt, arg: &syn::PatType) -> Self {
        let mut rename = Attr::none(cx, RENAME);
        for_each_amf_meta(cx, &arg.attrs, |meta| {
            if meta.path == RENAME {
                rename.parse(meta, |meta| name(meta, "wire name"))
            } else {
                Err(unknown_key(meta, "argument", KEYS))
            }
        });
        ArgAttrs {
            rename: rename.get(),
        }
    }
}
