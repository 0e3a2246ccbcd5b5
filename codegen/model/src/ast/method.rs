//! A method of a service trait.

use super::arg::{args_from_ast, Arg};
use super::returns::Returns;
use super::signature::check_signature;
use crate::attr::{Commands, MethodAttrs, ServiceAttrs};
use crate::{docs, Ctxt};
use syn::ext::IdentExt;

/// A method with its attributes.
#[derive(Debug)]
pub struct Method<'a> {
    /// Its name.
    pub ident: &'a syn::Ident,
    /// Its name as written, without `r#`.
    pub rust_name: String,
    /// The command it is called by: `command`, else `<service>.<method>` (or `<method>` with
    /// `commands = "bare"`), where `<method>` is `rename` or the name under `rename_all`.
    pub wire_command: String,
    /// Whether the caller waits for a reply.
    pub kind: MethodKind,
    /// `timeout_ms = ...`: how long a caller waits for the reply (requests only).
    pub timeout_ms: Option<u64>,
    /// Whether the first argument after `&self` is the call's `&Context`.
    pub has_context: bool,
    /// The arguments that travel as named params (not `&self`, not the context).
    pub args: Vec<Arg<'a>>,
    /// What it returns; the type as written is `original.sig.output`.
    pub returns: Returns<'a>,
    /// Its doc comment, one entry per line.
    pub docs: Vec<String>,
    /// The method it was parsed from (default body included, if any).
    pub original: &'a syn::TraitItemFn,
}

/// Whether a call waits for a reply.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum MethodKind {
    /// The caller waits for the reply (the default).
    Request,
    /// `message`: fire-and-forget, nothing comes back.
    Message,
}

pub(crate) fn method_from_ast<'a>(
    cx: &Ctxt,
    method: &'a syn::TraitItemFn,
    service: &ServiceAttrs,
) -> Method<'a> {
    let sig = &method.sig;
    check_signature(cx, sig);
    let attrs = MethodAttrs::from_ast(cx, method);
    let (has_context, args) = args_from_ast(cx, sig, service.args_rename_all);
    let rust_name = sig.ident.unraw().to_string();
    Method {
        ident: &sig.ident,
        wire_command: wire_command(&attrs, service, &rust_name),
        rust_name,
        kind: if attrs.message {
            MethodKind::Message
        } else {
            MethodKind::Request
        },
        timeout_ms: attrs.timeout_ms,
        has_context,
        args,
        returns: Returns::from_output(&sig.output),
        docs: docs::docs(&method.attrs),
        original: method,
    }
}

fn wire_command(attrs: &MethodAttrs, service: &ServiceAttrs, rust_name: &str) -> String {
    if let Some(command) = &attrs.command {
        return command.clone();
    }
    let method = match &attrs.rename {
        Some(rename) => rename.clone(),
        None => service.rename_all.apply_to_field(rust_name),
    };
    match service.commands {
        Commands::Qualified => format!("{}.{method}", service.name),
        Commands::Bare => method,
    }
}
