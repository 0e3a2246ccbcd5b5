//! A service trait: the input of `#[service]`.

use super::method::{method_from_ast, Method};
use crate::attr::{ServedBy, ServiceAttrs};
use crate::symbol::SERVICE;
use crate::{check, docs, Ctxt};
use proc_macro2::TokenStream;
use syn::{ItemTrait, Meta, TraitItem};

/// A trait whose methods can be called over the wire.
#[derive(Debug)]
pub struct Service<'a> {
    /// The trait's name.
    pub ident: &'a syn::Ident,
    /// `name = "..."`: the service name, by default the trait's name in snake_case.
    pub name: String,
    /// The trait's doc comment, one entry per line.
    pub docs: Vec<String>,
    /// `crate = "path"`: the runtime crate, `::amf_runtime` by default.
    pub crate_path: syn::Path,
    /// `served_by = "..."`: which side implements the trait (the server by default).
    pub served_by: ServedBy,
    /// Its methods, in declaration order.
    pub methods: Vec<Method<'a>>,
    /// The trait it was parsed from.
    pub original: &'a ItemTrait,
}

/// Parses a service trait, given `args`, the tokens inside `#[service(...)]` (what an attribute
/// macro receives). Every problem is recorded in `cx`.
pub fn parse_service<'a>(cx: &Ctxt, args: TokenStream, item: &'a ItemTrait) -> Service<'a> {
    let attrs = ServiceAttrs::from_args(cx, args, &item.ident);
    let methods = item
        .items
        .iter()
        .filter_map(|trait_item| match trait_item {
            TraitItem::Fn(method) => Some(method_from_ast(cx, method, &attrs)),
            other => {
                cx.error_spanned_by(other, "service traits may contain only methods");
                None
            }
        })
        .collect();
    let service = Service {
        ident: &item.ident,
        name: attrs.name,
        docs: docs::docs(&item.attrs),
        crate_path: attrs.crate_path,
        served_by: attrs.served_by,
        methods,
        original: item,
    };
    check::check_service(cx, &service);
    service
}

/// Parses `item` if it carries the service attribute (`#[service(...)]`,
/// `#[amf_runtime::service(...)]`: any path whose last segment is `service`), as the code
/// generator finds it in source. `None` for other traits.
pub fn find_service<'a>(cx: &Ctxt, item: &'a ItemTrait) -> Option<Service<'a>> {
    let attr = item.attrs.iter().find(|attr| {
        attr.path()
            .segments
            .last()
            .is_some_and(|last| last.ident == SERVICE)
    })?;
    let args = match &attr.meta {
        Meta::Path(_) => TokenStream::new(),
        Meta::List(list) => list.tokens.clone(),
        Meta::NameValue(name_value) => {
            cx.error_spanned_by(name_value, "expected #[service] or #[service(...)]");
            TokenStream::new()
        }
    };
    Some(parse_service(cx, args, item))
}
