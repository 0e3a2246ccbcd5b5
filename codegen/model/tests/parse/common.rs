//! Helpers shared by the tests.

use amf_model::{find_service, parse_container, Container, Ctxt, Data, Field, Location, Service};
use amf_model::{Variant, VariantStyle};

/// Parses a container that must be valid and hands it to `f`.
pub(crate) fn container<R>(input: &syn::DeriveInput, f: impl FnOnce(&Container) -> R) -> R {
    let cx = Ctxt::new();
    let container = parse_container(&cx, input);
    if let Err(err) = cx.check() {
        panic!("unexpected errors: {:?}", messages(err));
    }
    f(&container.expect("a container"))
}

/// The fields of a struct container.
pub(crate) fn fields<'c, 'a>(container: &'c Container<'a>) -> &'c [Field<'a>] {
    match &container.data {
        Data::Struct { fields, .. } => fields,
        Data::Enum(_) => panic!("expected a struct"),
    }
}

/// The variants of an enum container.
pub(crate) fn variants<'c, 'a>(container: &'c Container<'a>) -> &'c [Variant<'a>] {
    match &container.data {
        Data::Enum(variants) => variants,
        Data::Struct { .. } => panic!("expected an enum"),
    }
}

/// The styles of the variants.
pub(crate) fn styles(variants: &[Variant]) -> Vec<VariantStyle> {
    variants.iter().map(|variant| variant.style).collect()
}

/// The wire names of the fields.
pub(crate) fn wire_names(fields: &[Field]) -> Vec<String> {
    fields.iter().map(|field| field.wire_name.clone()).collect()
}

/// The messages of the errors recorded while parsing a container.
pub(crate) fn container_errors(input: &syn::DeriveInput) -> Vec<String> {
    let cx = Ctxt::new();
    parse_container(&cx, input);
    cx.check().map_or_else(messages, |()| Vec::new())
}

/// Parses a service trait that must be valid and hands it to `f`.
pub(crate) fn service<R>(item: &syn::ItemTrait, f: impl FnOnce(&Service) -> R) -> R {
    let cx = Ctxt::new();
    let service = find_service(&cx, item);
    if let Err(err) = cx.check() {
        panic!("unexpected errors: {:?}", messages(err));
    }
    f(&service.expect("a service attribute"))
}

/// The messages of the errors recorded while parsing a service trait.
pub(crate) fn service_errors(item: &syn::ItemTrait) -> Vec<String> {
    let cx = Ctxt::new();
    find_service(&cx, item).expect("a service attribute");
    cx.check().map_or_else(messages, |()| Vec::new())
}

/// The errors, with where each starts, of a container given as source text.
pub(crate) fn container_errors_at(src: &str) -> Vec<(String, Location)> {
    let input: syn::DeriveInput = syn::parse_str(src).expect("valid Rust");
    let cx = Ctxt::new();
    parse_container(&cx, &input);
    cx.check().map_or_else(located, |()| Vec::new())
}

/// The errors, with where each starts, of a service trait given as source text.
pub(crate) fn service_errors_at(src: &str) -> Vec<(String, Location)> {
    let item: syn::ItemTrait = syn::parse_str(src).expect("valid Rust");
    let cx = Ctxt::new();
    find_service(&cx, &item).expect("a service attribute");
    cx.check().map_or_else(located, |()| Vec::new())
}

/// The message of each error.
pub(crate) fn messages(err: syn::Error) -> Vec<String> {
    err.into_iter().map(|err| err.to_string()).collect()
}

fn located(err: syn::Error) -> Vec<(String, Location)> {
    err.into_iter()
        .map(|err| (err.to_string(), Location::from(err.span())))
        .collect()
}

/// A `(message, line, column)` triple, to compare against [`container_errors_at`].
pub(crate) fn at(msg: &str, line: usize, column: usize) -> (String, Location) {
    (msg.to_owned(), Location { line, column })
}
