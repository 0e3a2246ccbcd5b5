//! `#[service]`: turns a trait into a dispatcher (`{Trait}Service`) and a typed caller
//! (`{Trait}Client`). The trait's annotations are read by `amf-model`, as the code generator
//! reads them.

use amf_model::{parse_service, Ctxt, Method, MethodKind, Returns, Service};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{parse_quote, FnArg, ItemTrait, TraitItem, Type};

pub(crate) fn expand(args: TokenStream, item: ItemTrait) -> TokenStream {
    let cx = Ctxt::new();
    let service = parse_service(&cx, args, &item);
    let generated = match cx.check() {
        Ok(()) => {
            let dispatcher = dispatcher(&service);
            let client = client(&service);
            quote!(#dispatcher #client)
        }
        Err(errors) => errors.to_compile_error(),
    };
    let trait_item = rewrite_trait(&item);
    quote! {
        #trait_item
        #generated
    }
}

/// The trait as written, minus the `#[amf]` annotations, with `async fn` turned into
/// `fn -> impl Future + Send` (so handlers can run on any thread) and `Send + Sync + 'static`
/// added as supertraits (a service is shared by every connection).
fn rewrite_trait(item: &ItemTrait) -> ItemTrait {
    let mut item = item.clone();
    item.attrs.retain(|a| !is_service_attr(a));
    item.supertraits.push(parse_quote!(::core::marker::Send));
    item.supertraits.push(parse_quote!(::core::marker::Sync));
    item.supertraits.push(parse_quote!('static));
    for trait_item in &mut item.items {
        let TraitItem::Fn(method) = trait_item else {
            continue;
        };
        method.attrs.retain(|a| !a.path().is_ident("amf"));
        for input in &mut method.sig.inputs {
            if let FnArg::Typed(arg) = input {
                arg.attrs.retain(|a| !a.path().is_ident("amf"));
            }
        }
        if method.sig.asyncness.take().is_none() {
            continue; // not async: amf-model has reported it
        }
        let output: Type = match &method.sig.output {
            syn::ReturnType::Default => parse_quote!(()),
            syn::ReturnType::Type(_, ty) => (**ty).clone(),
        };
        method.sig.output = parse_quote! {
            -> impl ::core::future::Future<Output = #output> + ::core::marker::Send
        };
        if let Some(body) = &method.default {
            method.default = Some(parse_quote!({ async move #body }));
        }
    }
    item
}

fn is_service_attr(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "service")
}

/// `{Trait}Service<T>`: implements `amf_runtime::Service` for any `T: Trait`.
fn dispatcher(service: &Service<'_>) -> TokenStream {
    let krate = &service.crate_path;
    let trait_ident = service.ident;
    let vis = &service.original.vis;
    let name = format_ident!("{}Service", trait_ident);
    let specs = service.methods.iter().map(|m| {
        let command = &m.wire_command;
        let kind = match m.kind {
            MethodKind::Request => quote!(#krate::CommandKind::Request),
            MethodKind::Message => quote!(#krate::CommandKind::Message),
        };
        quote!(#krate::CommandSpec { name: ::std::borrow::Cow::Borrowed(#command), kind: #kind })
    });
    let arms = service.methods.iter().enumerate().map(|(index, m)| {
        let body = dispatch_method(krate, m);
        quote!(#index => { #body })
    });
    let doc = format!(
        "Serves [`{trait_ident}`]: hand `{name}::new(your_impl)` to `ServerBuilder::service` (or to a client's builder, for calls the server makes)."
    );
    quote! {
        #[doc = #doc]
        #vis struct #name<T>(::std::sync::Arc<T>);

        impl<T: #trait_ident> #name<T> {
            /// Serves `inner`.
            #vis fn new(inner: T) -> Self {
                #name(::std::sync::Arc::new(inner))
            }

            /// Serves an implementation shared with other code.
            #vis fn from_arc(inner: ::std::sync::Arc<T>) -> Self {
                #name(inner)
            }
        }

        impl<T> ::core::fmt::Debug for #name<T> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(::core::stringify!(#name))
            }
        }

        impl<T: #trait_ident> #krate::Service for #name<T> {
            fn commands(&self) -> ::std::vec::Vec<#krate::CommandSpec> {
                ::std::vec![#(#specs),*]
            }

            fn call(
                self: ::std::sync::Arc<Self>,
                __amf_command: usize,
                mut __amf_call: #krate::Call<'_, '_>,
            ) -> ::core::result::Result<#krate::HandlerFuture, #krate::RemoteError> {
                match __amf_command {
                    #(#arms)*
                    _ => ::core::result::Result::Err(#krate::RemoteError::new(
                        "unknown_command",
                        ::std::format!("no handler for command `{}`", __amf_call.command),
                    )),
                }
            }
        }
    }
}

/// Decodes one method's arguments from the params object, then starts the method.
fn dispatch_method(krate: &syn::Path, method: &Method<'_>) -> TokenStream {
    let locals: Vec<_> = method
        .args
        .iter()
        .map(|a| format_ident!("__amf_arg_{}", a.rust_name))
        .collect();
    let idents: Vec<_> = method.args.iter().map(|a| a.ident).collect();
    let types: Vec<_> = method.args.iter().map(|a| a.ty).collect();
    let wires: Vec<_> = method.args.iter().map(|a| a.wire_name.as_str()).collect();
    let read = (!method.args.is_empty()).then(|| {
        quote! {
            let mut __amf_current: ::core::option::Option<&'static str> = ::core::option::Option::None;
            let __amf_read = __amf_call.read_params(|__amf_obj| {
                while let ::core::option::Option::Some(__amf_name) = __amf_obj.next_member()? {
                    match __amf_name {
                        #(#wires => {
                            __amf_current = ::core::option::Option::Some(#wires);
                            #locals = ::core::option::Option::Some(__amf_obj.value::<#types>()?);
                            __amf_current = ::core::option::Option::None;
                        })*
                        _ => {}
                    }
                }
                ::core::result::Result::Ok(())
            });
            if let ::core::result::Result::Err(__amf_error) = __amf_read {
                return ::core::result::Result::Err(#krate::invalid_params(__amf_call.command, __amf_current, &__amf_error));
            }
        }
    });
    let method_ident = method.ident;
    let ctx_arg = method.has_context.then(|| quote!(&__amf_ctx,));
    let invoke = quote!(__amf_this.0.#method_ident(#ctx_arg #(#idents),*).await);
    let reply = match (&method.returns, method.kind) {
        (_, MethodKind::Message) | (Returns::Unit, _) => quote! {
            #invoke;
            ::core::result::Result::Ok(::std::boxed::Box::new(()) as ::std::boxed::Box<dyn #krate::amf3::Encode + ::core::marker::Send>)
        },
        (Returns::Value(_), _) => quote! {
            ::core::result::Result::Ok(::std::boxed::Box::new(#invoke) as ::std::boxed::Box<dyn #krate::amf3::Encode + ::core::marker::Send>)
        },
        (Returns::Result { .. }, _) => quote! {
            match #invoke {
                ::core::result::Result::Ok(__amf_value) => ::core::result::Result::Ok(
                    ::std::boxed::Box::new(__amf_value) as ::std::boxed::Box<dyn #krate::amf3::Encode + ::core::marker::Send>,
                ),
                ::core::result::Result::Err(__amf_error) => ::core::result::Result::Err(
                    ::core::convert::Into::<#krate::RemoteError>::into(__amf_error),
                ),
            }
        },
    };
    quote! {
        #(let mut #locals: ::core::option::Option<#types> = ::core::option::Option::None;)*
        #read
        #(
            let #idents: #types = match #locals {
                ::core::option::Option::Some(__amf_value) => __amf_value,
                ::core::option::Option::None => match <#types as #krate::amf3::Decode>::absent() {
                    ::core::option::Option::Some(__amf_value) => __amf_value,
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(#krate::missing_argument(__amf_call.command, #wires));
                    }
                },
            };
        )*
        let __amf_ctx = __amf_call.context;
        let __amf_this = self;
        ::core::result::Result::Ok(::std::boxed::Box::pin(async move {
            #reply
        }))
    }
}

/// `{Trait}Client`: one async method per trait method, over a `Peer`.
fn client(service: &Service<'_>) -> TokenStream {
    let krate = &service.crate_path;
    let trait_ident = service.ident;
    let vis = &service.original.vis;
    let name = format_ident!("{}Client", trait_ident);
    let methods = service.methods.iter().map(|m| client_method(krate, vis, m));
    let doc = format!("Calls [`{trait_ident}`] on the other end of a connection.");
    quote! {
        #[doc = #doc]
        #[derive(::core::clone::Clone, ::core::fmt::Debug)]
        #vis struct #name {
            peer: #krate::Peer,
        }

        impl #name {
            /// A caller over `peer`.
            #vis fn new(peer: #krate::Peer) -> Self {
                #name { peer }
            }

            /// The connection this caller uses.
            #vis fn peer(&self) -> &#krate::Peer {
                &self.peer
            }

            #(#methods)*
        }
    }
}

fn client_method(krate: &syn::Path, vis: &syn::Visibility, method: &Method<'_>) -> TokenStream {
    let ident = method.ident;
    let command = &method.wire_command;
    let idents: Vec<_> = method.args.iter().map(|a| a.ident).collect();
    let types: Vec<_> = method.args.iter().map(|a| a.ty).collect();
    let default_doc = [format!("Calls `{command}` on the other end.")];
    let docs = if method.docs.is_empty() {
        &default_doc[..]
    } else {
        &method.docs[..]
    };
    let docs = docs.iter().map(|d| quote!(#[doc = #d]));
    // Each member is spanned on its argument's type, so a type without AMF support is
    // reported there.
    let members = method.args.iter().map(|a| {
        let (wire, ident) = (&a.wire_name, a.ident);
        quote_spanned!(a.ty.span()=> __amf_e.write_dynamic_member(#wire, &#ident)?;)
    });
    let params = quote! {
        #krate::amf3::EncodeWith(|__amf_e: &mut #krate::amf3::Encoder| {
            __amf_e.write_object_header(&#krate::amf3::ClassDef::ANONYMOUS)?;
            #(#members)*
            __amf_e.end_dynamic_members();
            ::core::result::Result::Ok(())
        })
    };
    if method.kind == MethodKind::Message {
        return quote! {
            #(#docs)*
            #vis async fn #ident(&self, #(#idents: #types),*) -> ::core::result::Result<(), #krate::CallError> {
                self.peer.send(#command, &#params).await
            }
        };
    }
    let ok: Type = match &method.returns {
        Returns::Unit => parse_quote!(()),
        Returns::Value(ty) => (*ty).clone(),
        Returns::Result { ok, .. } => (*ok).clone(),
    };
    let call = match method.timeout_ms {
        Some(ms) => quote! {
            self.peer.request_with_timeout::<#ok>(#command, &#params, ::core::time::Duration::from_millis(#ms)).await
        },
        None => quote!(self.peer.request::<#ok>(#command, &#params).await),
    };
    quote! {
        #(#docs)*
        #vis async fn #ident(&self, #(#idents: #types),*) -> ::core::result::Result<#ok, #krate::CallError> {
            #call
        }
    }
}
