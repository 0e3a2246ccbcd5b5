//! `#[amf(...)]` on a service method.

use super::value::{flag, lit_u64, name};
use super::{for_each_amf_meta, unknown_key, Attr};
use crate::symbol::{Symbol, COMMAND, MESSAGE, RENAME, TIMEOUT_MS};
use crate::Ctxt;
use syn::meta::ParseNestedMeta;

const KEYS: &[Symbol] = &[RENAME, COMMAND, MESSAGE, TIMEOUT_MS];

/// The attributes of a service method.
pub(crate) struct MethodAttrs {
    pub(crate) rename: Option<String>,
    pub(crate) command: Option<String>,
    pub(crate) message: bool,
    pub(crate) timeout_ms: Option<u64>,
}

impl MethodAttrs {
    pub(crate) fn from_ast(cx: &Ctxt, method: &syn::TraitItemFn) -> Self {
        let mut rename = Attr::none(cx, RENAME);
        let mut command = Attr::none(cx, COMMAND);
        let mut message = Attr::none(cx, MESSAGE);
        let mut timeout_ms = Attr::none(cx, TIMEOUT_MS);
        for_each_amf_meta(cx, &method.attrs, |meta| {
            if meta.path == RENAME {
                rename.parse(meta, |meta| name(meta, "wire name"))
            } else if meta.path == COMMAND {
                command.parse(meta, |meta| name(meta, "wire command"))
            } else if meta.path == MESSAGE {
                message.parse(meta, flag)
            } else if meta.path == TIMEOUT_MS {
                timeout_ms.parse(meta, parse_timeout)
            } else {
                Err(unknown_key(meta, "method", KEYS))
            }
        });
        command.conflicts_with(&rename, "`command` already sets the whole wire command");
        message.conflicts_with(&timeout_ms, "a message gets no reply to wait for");
        MethodAttrs {
            rename: rename.get(),
            command: command.get(),
            message: message.is_set(),
            timeout_ms: timeout_ms.get(),
        }
    }
}

/// Parses `timeout_ms = 5000`, at least 1.
fn parse_timeout(meta: &ParseNestedMeta) -> syn::Result<u64> {
    match lit_u64(meta)? {
        0 => Err(meta.error("`timeout_ms` must be at least 1")),
        ms => Ok(ms),
    }
}
