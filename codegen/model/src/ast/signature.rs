//! The shape every service method must have: `async fn name(&self, ...)`, not generic.

use crate::symbol::SELF_TYPE;
use crate::Ctxt;
use quote::quote;
use syn::{FnArg, GenericParam, Signature, Type};

/// Records every way in which `sig` is not `async fn name(&self, ...)`.
pub(crate) fn check_signature(cx: &Ctxt, sig: &Signature) {
    check_async(cx, sig);
    check_receiver(cx, sig);
    check_generics(cx, sig);
}

/// The dispatcher awaits every call.
fn check_async(cx: &Ctxt, sig: &Signature) {
    if sig.asyncness.is_none() {
        let (fn_token, name) = (&sig.fn_token, &sig.ident);
        cx.error_spanned_by(
            quote!(#fn_token #name),
            format!("service methods must be async: `fn {name}` → `async fn {name}`"),
        );
    }
}

/// Calls run concurrently on one shared service value.
fn check_receiver(cx: &Ctxt, sig: &Signature) {
    match sig.inputs.first() {
        Some(FnArg::Receiver(receiver)) if is_shared_self(&receiver.ty) => {}
        Some(FnArg::Receiver(receiver)) => cx.error_spanned_by(
            receiver,
            "service methods take `&self`: calls run concurrently on a shared service",
        ),
        _ => cx.error_spanned_by(
            &sig.ident,
            format!("service method `{}` needs a `&self` receiver", sig.ident),
        ),
    }
}

/// A type parameter cannot be chosen by a remote caller.
fn check_generics(cx: &Ctxt, sig: &Signature) {
    let type_or_const = sig
        .generics
        .params
        .iter()
        .find(|param| !matches!(param, GenericParam::Lifetime(_)));
    if let Some(param) = type_or_const {
        cx.error_spanned_by(param, "generic methods cannot be called over the wire");
    }
}

/// `&self`, or `self: &Self`.
fn is_shared_self(ty: &Type) -> bool {
    matches!(ty, Type::Reference(reference)
        if reference.mutability.is_none()
            && matches!(&*reference.elem, Type::Path(path) if path.path == SELF_TYPE))
}
