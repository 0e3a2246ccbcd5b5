//! Attributes parsed into typed values, one module per level.
//!
//! The parsers return values, not `Result`s: whatever is wrong goes to the [`Ctxt`] and parsing
//! goes on, so users see every bad attribute at once. Within one `#[amf(...)]` a syntax error
//! (an unknown key, a value of the wrong kind) stops that attribute, as `syn` cannot know where
//! the next key starts.

mod arg;
mod container;
mod dynamic;
mod field;
mod method;
mod repr;
mod serde;
mod service;
mod value;
mod variant;

pub(crate) use arg::ArgAttrs;
pub use container::ContainerAttrs;
pub use dynamic::Dynamic;
pub use field::{FieldAttrs, FieldDefault};
pub(crate) use method::MethodAttrs;
pub use repr::EnumRepr;
pub use service::ServedBy;
pub(crate) use service::{Commands, ServiceAttrs};
pub(crate) use variant::VariantAttrs;

use crate::symbol::{Symbol, AMF};
use crate::Ctxt;
use proc_macro2::TokenStream;
use quote::ToTokens;
use std::fmt::Display;
use syn::meta::ParseNestedMeta;
use syn::Attribute;

/// One key of one level: remembers where it was set and reports a second setting.
pub(crate) struct Attr<'c, T> {
    cx: &'c Ctxt,
    name: Symbol,
    tokens: TokenStream,
    value: Option<T>,
}

impl<'c, T> Attr<'c, T> {
    /// A key not (yet) given.
    pub(crate) fn none(cx: &'c Ctxt, name: Symbol) -> Self {
        Attr {
            cx,
            name,
            tokens: TokenStream::new(),
            value: None,
        }
    }

    /// Sets the value, spanned on `obj`; a second setting is a "duplicate key" error.
    pub(crate) fn set<A: ToTokens>(&mut self, obj: A, value: T) {
        let tokens = obj.into_token_stream();
        if self.value.is_some() {
            let msg = format!("duplicate key `{}`", self.name);
            self.cx.error_spanned_by(tokens, msg);
        } else {
            self.tokens = tokens;
            self.value = Some(value);
        }
    }

    /// Whether the key was given.
    pub(crate) fn is_set(&self) -> bool {
        self.value.is_some()
    }

    /// Reports `msg` on the key, if it was given.
    pub(crate) fn error_if_set(&self, msg: impl Display) {
        if self.is_set() {
            self.cx.error_spanned_by(&self.tokens, msg);
        }
    }

    /// Reports that `self` and `other` cannot be combined (on `other`), if both were given.
    pub(crate) fn conflicts_with<U>(&self, other: &Attr<'_, U>, why: &str) {
        if self.is_set() {
            other.error_if_set(format!(
                "`{}` conflicts with `{}`: {why}",
                self.name, other.name
            ));
        }
    }

    /// Parses the key's value with `parse` and sets it.
    pub(crate) fn parse(
        &mut self,
        meta: &ParseNestedMeta,
        parse: impl FnOnce(&ParseNestedMeta) -> syn::Result<T>,
    ) -> syn::Result<()> {
        let value = parse(meta)?;
        self.set(&meta.path, value);
        Ok(())
    }

    /// The value.
    pub(crate) fn get(self) -> Option<T> {
        self.value
    }

    /// The value with the tokens of the key, to span later errors.
    pub(crate) fn get_with_tokens(self) -> Option<(TokenStream, T)> {
        let tokens = self.tokens;
        self.value.map(|value| (tokens, value))
    }
}

/// Calls `f` for every key of every `#[amf(...)]` among `attrs`.
pub(crate) fn for_each_amf_meta(
    cx: &Ctxt,
    attrs: &[Attribute],
    mut f: impl FnMut(&ParseNestedMeta) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|attr| attr.path() == AMF) {
        if let Err(err) = attr.parse_nested_meta(|meta| f(&meta)) {
            cx.syn_error(err);
        }
    }
}

/// The error for a key that `level` does not know, listing the keys it does.
pub(crate) fn unknown_key(meta: &ParseNestedMeta, level: &str, keys: &[Symbol]) -> syn::Error {
    let expected = keys
        .iter()
        .map(|key| format!("`{key}`"))
        .collect::<Vec<_>>()
        .join(", ");
    meta.error(format!(
        "unknown {level} key `{}`: expected one of {expected}",
        value::key_of(meta)
    ))
}
