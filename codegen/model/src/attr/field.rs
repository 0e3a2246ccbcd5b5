//! `#[amf(...)]` on a field.

use super::serde::SerdeAttrs;
use super::value::{flag, flag_or_str, lit_path, name, path_in};
use super::{for_each_amf_meta, unknown_key, Attr};
use crate::symbol::{Symbol, DEFAULT, RENAME, SKIP, WITH};
use crate::Ctxt;
use syn::meta::ParseNestedMeta;

const KEYS: &[Symbol] = &[RENAME, SKIP, DEFAULT, WITH];

/// The attributes of a field, after the serde fallback.
#[derive(Clone, Debug)]
pub struct FieldAttrs {
    /// The wire name given by `rename`, if any; [`Field::wire_name`](crate::Field::wire_name)
    /// is the name to use.
    pub rename: Option<String>,
    /// `skip`: never written; decoded from [`default`](FieldAttrs::default).
    pub skip: bool,
    /// What a missing (or skipped) member decodes to. Never [`FieldDefault::None`] when `skip`.
    pub default: FieldDefault,
    /// `with = "module"`: the module's `encode(&field, encoder)` and `decode(decoder)` are the
    /// field's codec.
    pub with: Option<syn::Path>,
}

/// What a field decodes to when its member is missing.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldDefault {
    /// The member is required.
    None,
    /// `default`: `Default::default()`.
    Trait,
    /// `default = "path::to::fn"`: a call to that function.
    Path(syn::ExprPath),
}

impl FieldAttrs {
    pub(crate) fn from_ast(cx: &Ctxt, field: &syn::Field) -> Self {
        let mut rename = Attr::none(cx, RENAME);
        let mut skip = Attr::none(cx, SKIP);
        let mut default = Attr::none(cx, DEFAULT);
        let mut with = Attr::none(cx, WITH);

        for_each_amf_meta(cx, &field.attrs, |meta| {
            if meta.path == RENAME {
                rename.parse(meta, |meta| name(meta, "wire name"))
            } else if meta.path == SKIP {
                skip.parse(meta, flag)
            } else if meta.path == DEFAULT {
                default.parse(meta, parse_default)
            } else if meta.path == WITH {
                with.parse(meta, lit_path)
            } else {
                Err(unknown_key(meta, "field", KEYS))
            }
        });

        skip.conflicts_with(
            &default,
            "a skipped field is always decoded as `Default::default()`",
        );
        skip.conflicts_with(&with, "a skipped field is never encoded or decoded");
        skip.conflicts_with(&rename, "a skipped field has no wire name");

        // `#[amf]` wins key by key; serde fills the keys it leaves out.
        let serde = SerdeAttrs::from_attrs(&field.attrs);
        let skip = skip.is_set() || serde.skip;
        let default = match default.get().or(serde.default) {
            Some(default) => default,
            None if skip => FieldDefault::Trait,
            None => FieldDefault::None,
        };
        FieldAttrs {
            rename: rename.get().or(serde.rename),
            skip,
            default,
            with: with.get(),
        }
    }
}

/// Parses `default` or `default = "path::to::fn"` (for `#[amf]` and `#[serde]` alike).
pub(super) fn parse_default(meta: &ParseNestedMeta) -> syn::Result<FieldDefault> {
    match flag_or_str(meta)? {
        Some(lit) => path_in(&lit, meta).map(FieldDefault::Path),
        None => Ok(FieldDefault::Trait),
    }
}
