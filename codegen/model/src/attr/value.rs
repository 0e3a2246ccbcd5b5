//! Parsers for the values of keys: `key`, `key = "..."`, `key = 123`.

use crate::case::RenameRule;
use crate::symbol::Symbol;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Expr, ExprLit, Lit, LitStr};

/// Parses a flag: the key alone, without a value.
pub(crate) fn flag(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.is_empty() || meta.input.peek(syn::Token![,]) {
        Ok(())
    } else {
        Err(meta.error(format!("`{}` takes no value", key_of(meta))))
    }
}

/// Parses `key = "name"`, a string that must not be empty (`what` names it in the error).
pub(crate) fn name(meta: &ParseNestedMeta, what: &str) -> syn::Result<String> {
    let lit = lit_str(meta)?;
    match lit.value() {
        name if name.is_empty() => Err(syn::Error::new(lit.span(), format!("empty {what}"))),
        name => Ok(name),
    }
}

/// Parses `key = "word"`, one of the `choices`.
pub(crate) fn keyword<T: Clone>(meta: &ParseNestedMeta, choices: &[(Symbol, T)]) -> syn::Result<T> {
    let lit = lit_str(meta)?;
    let word = lit.value();
    match choices.iter().find(|(choice, _)| *word == *choice) {
        Some((_, value)) => Ok(value.clone()),
        None => {
            let expected = choices
                .iter()
                .map(|(choice, _)| format!("\"{choice}\""))
                .collect::<Vec<_>>()
                .join(" or ");
            let msg = format!("unknown {} {word:?}: expected {expected}", key_of(meta));
            Err(syn::Error::new(lit.span(), msg))
        }
    }
}

/// Parses `key = "..."`.
pub(crate) fn lit_str(meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    match meta.value()?.parse::<Expr>()? {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Ok(lit),
        other => Err(syn::Error::new_spanned(
            other,
            format!("expected a string: `{} = \"...\"`", key_of(meta)),
        )),
    }
}

/// Parses `key = 123` as a `u64`.
pub(crate) fn lit_u64(meta: &ParseNestedMeta) -> syn::Result<u64> {
    match meta.value()?.parse::<Expr>()? {
        Expr::Lit(ExprLit {
            lit: Lit::Int(lit), ..
        }) => lit.base10_parse(),
        other => Err(syn::Error::new_spanned(
            other,
            format!("expected a non-negative integer: `{} = 5000`", key_of(meta)),
        )),
    }
}

/// Parses a key that is either a flag or `key = "..."`: `None` for the flag.
pub(crate) fn flag_or_str(meta: &ParseNestedMeta) -> syn::Result<Option<LitStr>> {
    if meta.input.peek(syn::Token![=]) {
        return lit_str(meta).map(Some);
    }
    flag(meta).map_err(|_| {
        let key = key_of(meta);
        meta.error(format!("expected `{key}` or `{key} = \"...\"`"))
    })?;
    Ok(None)
}

/// Parses `key = "path::to::item"`.
pub(crate) fn lit_path<T: syn::parse::Parse>(meta: &ParseNestedMeta) -> syn::Result<T> {
    path_in(&lit_str(meta)?, meta)
}

/// Parses the path inside the string value of `meta`.
pub(crate) fn path_in<T: syn::parse::Parse>(
    lit: &LitStr,
    meta: &ParseNestedMeta,
) -> syn::Result<T> {
    lit.parse().map_err(|_| {
        let msg = format!("expected a path: `{} = \"path::to::item\"`", key_of(meta));
        syn::Error::new(lit.span(), msg)
    })
}

/// Parses `key = "camelCase"`.
pub(crate) fn rename_rule(meta: &ParseNestedMeta) -> syn::Result<RenameRule> {
    let lit = lit_str(meta)?;
    lit.value()
        .parse()
        .map_err(|err| syn::Error::new(lit.span(), err))
}

/// The runtime crate path when `crate = "..."` is not given.
pub(crate) fn default_crate_path() -> syn::Path {
    syn::parse_quote!(::amf_runtime)
}

/// The key as written, for messages.
pub(super) fn key_of(meta: &ParseNestedMeta) -> String {
    meta.path.to_token_stream().to_string().replace(' ', "")
}
