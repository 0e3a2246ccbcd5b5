//! Derive macros for amf-socket. Use them through `amf-runtime`, which re-exports them.

mod service;

/// Turns a trait into an AMF Socket service: a dispatcher `{Trait}Service<T>` that serves any
/// implementation, and a typed caller `{Trait}Client` over a `Peer`. See the `amf-model` crate
/// docs for the grammar of `#[service(...)]` and of `#[amf(...)]` on methods and arguments.
#[proc_macro_attribute]
pub fn service(args: proc_macro::TokenStream, item: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let item = syn::parse_macro_input!(item as syn::ItemTrait);
    service::expand(args.into(), item).into()
}
