//! `#[amf(...)]` on a struct or an enum.

use super::serde::SerdeAttrs;
use super::value::{default_crate_path, lit_path, name, rename_rule};
use super::{dynamic, for_each_amf_meta, repr, unknown_key, Attr, Dynamic, EnumRepr};
use crate::case::RenameRule;
use crate::symbol::{Symbol, ALIAS, CONTENT, CRATE, DYNAMIC, RENAME_ALL, REPR, TAG};
use crate::Ctxt;
use syn::{Data, DeriveInput, Fields};

const KEYS: &[Symbol] = &[ALIAS, RENAME_ALL, DYNAMIC, CRATE, REPR, TAG, CONTENT];

/// The attributes of a struct or an enum, after the serde fallback.
#[derive(Clone, Debug)]
pub struct ContainerAttrs {
    /// `alias = "com.example.User"`: the ActionScript class alias. On a tagged enum, the alias
    /// of every variant object without an alias of its own; on a unit enum, the class of its
    /// constants in generated ActionScript.
    pub alias: Option<String>,
    /// `rename_all = "..."`: the case of field names (structs) or variant names (enums).
    pub rename_all: RenameRule,
    /// `dynamic` / `dynamic = "field"`: whether the object's traits are dynamic.
    pub dynamic: Dynamic,
    /// `crate = "path"`: the runtime crate, `::amf_runtime` by default.
    pub crate_path: syn::Path,
    /// How an enum travels (`repr`, `tag`, `content`); always [`EnumRepr::Name`] for structs.
    pub repr: EnumRepr,
}

impl ContainerAttrs {
    pub(crate) fn from_ast(cx: &Ctxt, item: &DeriveInput) -> Self {
        let mut alias = Attr::none(cx, ALIAS);
        let mut rename_all = Attr::none(cx, RENAME_ALL);
        let mut dynamic = Attr::none(cx, DYNAMIC);
        let mut crate_path = Attr::none(cx, CRATE);
        let mut repr = Attr::none(cx, REPR);
        let mut tag = Attr::none(cx, TAG);
        let mut content = Attr::none(cx, CONTENT);

        for_each_amf_meta(cx, &item.attrs, |meta| {
            if meta.path == ALIAS {
                alias.parse(meta, |meta| name(meta, "class alias"))
            } else if meta.path == RENAME_ALL {
                rename_all.parse(meta, rename_rule)
            } else if meta.path == DYNAMIC {
                dynamic.parse(meta, dynamic::parse)
            } else if meta.path == CRATE {
                crate_path.parse(meta, lit_path)
            } else if meta.path == REPR {
                repr.parse(meta, repr::parse)
            } else if meta.path == TAG {
                tag.parse(meta, |meta| name(meta, "tag name"))
            } else if meta.path == CONTENT {
                content.parse(meta, |meta| name(meta, "content name"))
            } else {
                Err(unknown_key(meta, "container", KEYS))
            }
        });

        if is_newtype(item) {
            alias.error_if_set(
                "`alias` on a newtype struct: it is transparent and travels as its inner value",
            );
        }
        let repr = repr::decide(cx, item, repr, tag, content);
        let dynamic = dynamic::decide(cx, item, &repr, dynamic);
        let serde = SerdeAttrs::from_attrs(&item.attrs);
        ContainerAttrs {
            alias: alias.get(),
            rename_all: rename_all.get().or(serde.rename_all).unwrap_or_default(),
            dynamic,
            crate_path: crate_path.get().unwrap_or_else(default_crate_path),
            repr,
        }
    }
}

/// A struct with one unnamed field, which travels as that field.
pub(super) fn is_newtype(item: &DeriveInput) -> bool {
    matches!(&item.data, Data::Struct(data) if matches!(&data.fields, Fields::Unnamed(f) if f.unnamed.len() == 1))
}
