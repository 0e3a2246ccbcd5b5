//! Derive macros for amf-socket. Use them through `amf-runtime`, which re-exports them.
#![doc = include_str!("../docs/amf_class.md")]

mod class;
mod service;

/// Turns a trait into an AMF Socket service: a dispatcher `{Trait}Service<T>` that serves any
/// implementation, and a typed caller `{Trait}Client` over a `Peer`. See the `amf-model` crate
/// docs for the grammar of `#[service(...)]` and of `#[amf(...)]` on methods and arguments.
#[proc_macro_attribute]
pub fn service(
    args: proc_macro::TokenStream,
    item: proc_macro::TokenStream,
) -> proc_macro::TokenStream {
    let item = syn::parse_macro_input!(item as syn::ItemTrait);
    service::expand(args.into(), item).into()
}

/// Maps a struct or an enum to AMF3: implements `Encode` and `Decode` (read straight from the
/// bytes), and `AmfClass` when it has a class alias, the Rust twin of ActionScript's
/// `registerClassAlias`. Every attribute, with an example, is in the [crate docs](crate).
#[proc_macro_derive(AmfClass, attributes(amf))]
pub fn derive_amf_class(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    class::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
