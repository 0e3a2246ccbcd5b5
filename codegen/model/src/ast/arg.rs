//! An argument of a service method.

use super::ty::type_args;
use crate::attr::ArgAttrs;
use crate::case::RenameRule;
use crate::symbol::CONTEXT;
use crate::Ctxt;
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::{FnArg, Pat, PatIdent, PatType, Signature, Type};

/// An argument that travels as a named param.
#[derive(Debug)]
pub struct Arg<'a> {
    /// Its name.
    pub ident: &'a syn::Ident,
    /// Its name as written, without `r#`.
    pub rust_name: String,
    /// Its param name on the wire: `rename`, else `rust_name` under `args_rename_all`.
    pub wire_name: String,
    /// Its type.
    pub ty: &'a Type,
    /// Its name's span.
    pub span: Span,
}

/// Whether the method takes the call's `&Context`, and its wire arguments.
pub(crate) fn args_from_ast<'a>(
    cx: &Ctxt,
    sig: &'a Signature,
    rename_all: RenameRule,
) -> (bool, Vec<Arg<'a>>) {
    let mut typed = sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(arg) => Some(arg),
            FnArg::Receiver(_) => None,
        })
        .peekable();
    let has_context = typed.next_if(|arg| is_context(&arg.ty)).is_some();
    let args = typed
        .filter_map(|arg| arg_from_ast(cx, arg, rename_all))
        .collect();
    (has_context, args)
}

fn arg_from_ast<'a>(cx: &Ctxt, arg: &'a PatType, rename_all: RenameRule) -> Option<Arg<'a>> {
    let attrs = ArgAttrs::from_ast(cx, arg);
    if is_context(&arg.ty) {
        cx.error_spanned_by(
            arg,
            "the `&Context` argument must come first, right after `&self`",
        );
        return None;
    }
    if let Type::ImplTrait(ty) = &*arg.ty {
        cx.error_spanned_by(
            ty,
            "`impl Trait` arguments cannot be decoded from the wire: name a concrete type",
        );
        return None;
    }
    let Pat::Ident(PatIdent {
        by_ref: None,
        subpat: None,
        ident,
        ..
    }) = &*arg.pat
    else {
        cx.error_spanned_by(
            &arg.pat,
            "arguments of service methods must be plain names, such as `room: String`",
        );
        return None;
    };
    let rust_name = ident.unraw().to_string();
    Some(Arg {
        ident,
        wire_name: attrs
            .rename
            .unwrap_or_else(|| rename_all.apply_to_field(&rust_name)),
        rust_name,
        ty: &arg.ty,
        span: ident.span(),
    })
}

/// `&Context`, `&amf_runtime::Context`, ...: a reference to a path ending in `Context`.
fn is_context(ty: &Type) -> bool {
    matches!(ty, Type::Reference(reference) if type_args(&reference.elem, CONTEXT).is_some())
}
