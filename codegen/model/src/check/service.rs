//! Rules for service traits.

use super::duplicates;
use crate::{Ctxt, Method, MethodKind, Returns, Service};

pub(crate) fn check_service(cx: &Ctxt, service: &Service) {
    check_commands(cx, service);
    for method in &service.methods {
        check_message_returns(cx, method);
        check_arg_names(cx, method);
    }
}

/// The dispatcher finds a method by its wire command.
fn check_commands(cx: &Ctxt, service: &Service) {
    duplicates(
        &service.methods,
        |method| &method.wire_command,
        |first, second| {
            cx.error_spanned_by(
                second.ident,
                format!(
                    "methods `{}` and `{}` both have the wire command `{}`",
                    first.ident, second.ident, second.wire_command
                ),
            );
        },
    );
}

/// Nothing comes back from a message, so there is nowhere to put a value.
fn check_message_returns(cx: &Ctxt, method: &Method) {
    if method.kind == MethodKind::Message && !matches!(method.returns, Returns::Unit) {
        cx.error_spanned_by(
            &method.original.sig.output,
            format!(
                "message `{}` returns a value: messages are fire-and-forget and return \
                 nothing (drop `#[amf(message)]` to make it a request)",
                method.ident
            ),
        );
    }
}

/// Arguments travel as named params, found by name.
fn check_arg_names(cx: &Ctxt, method: &Method) {
    duplicates(
        &method.args,
        |arg| &arg.wire_name,
        |first, second| {
            cx.syn_error(syn::Error::new(
                second.span,
                format!(
                    "arguments `{}` and `{}` of `{}` both have the wire name `{}`",
                    first.rust_name, second.rust_name, method.ident, second.wire_name
                ),
            ));
        },
    );
}
