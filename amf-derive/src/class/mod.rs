//! `#[derive(AmfClass)]`: `Encode` and `Decode` for a struct or an enum, the `ClassDef` of each
//! object it writes, and `AmfClass` when it has a class alias.

mod bounds;
mod decode;
mod encode;
mod shape;

use amf_model::{parse_container, Container, Ctxt};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use shape::{Member, Shape};
use syn::{DeriveInput, Generics, Lifetime};

/// Expands the derive, or returns every error found in its annotations.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let cont = parse_container(&cx, input);
    cx.check()?;
    let cont = cont.expect("parse_container returns None only after recording an error");
    Ok(ClassGenerator::new(&cont)?.into_token_stream())
}

/// The generated items, one method each.
struct ClassGenerator<'a> {
    cont: &'a Container<'a>,
    shape: Shape<'a>,
    decode_generics: (Generics, Lifetime),
}

impl<'a> ClassGenerator<'a> {
    fn new(cont: &'a Container<'a>) -> syn::Result<Self> {
        Ok(ClassGenerator {
            cont,
            shape: Shape::new(cont),
            decode_generics: bounds::decode_generics(cont)?,
        })
    }

    /// A `static ClassDef` for every typed object, which the encoder recognizes by its address.
    fn class_defs(&self) -> TokenStream {
        let defs = self
            .shape
            .typed_objects()
            .into_iter()
            .map(|(object, class)| {
                let (def, alias, dynamic) = (&class.def, class.alias, class.dynamic);
                let sealed = object.members.iter().map(Member::name);
                quote! {
                    static #def: __amf::amf3::ClassDef =
                        __amf::amf3::ClassDef::new(#alias, &[#(#sealed),*], #dynamic);
                }
            });
        quote!(#(#defs)*)
    }

    fn impl_encode(&self) -> TokenStream {
        let ident = self.cont.ident;
        let generics = bounds::encode_generics(self.cont);
        let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
        let body = encode::encode_body(&self.shape);
        quote! {
            #[automatically_derived]
            impl #impl_generics __amf::amf3::Encode for #ident #ty_generics #where_clause {
                fn encode(
                    &self,
                    __e: &mut __amf::amf3::Encoder,
                ) -> ::core::result::Result<(), __amf::amf3::EncodeError> {
                    #body
                }
            }
        }
    }

    fn impl_decode(&self) -> TokenStream {
        let ident = self.cont.ident;
        let (generics, de) = &self.decode_generics;
        let (impl_generics, _, where_clause) = generics.split_for_impl();
        let (_, ty_generics, _) = self.cont.generics.split_for_impl();
        let name = ident.to_string();
        let class = self.cont.attrs.alias.as_deref().unwrap_or(&name);
        let body = decode::decode_body(&self.shape, &name, class);
        let absent = self.newtype_absent();
        quote! {
            #[automatically_derived]
            impl #impl_generics __amf::amf3::Decode<#de> for #ident #ty_generics #where_clause {
                fn decode(
                    __d: &mut __amf::amf3::Decoder<#de>,
                ) -> ::core::result::Result<Self, __amf::amf3::DecodeError> {
                    #body
                }
                #absent
            }
        }
    }

    /// A newtype is absent when its field's type is (an `Option` in a newtype is `None`).
    fn newtype_absent(&self) -> Option<TokenStream> {
        let Shape::Newtype(field) = &self.shape else {
            return None;
        };
        if field.attrs.with.is_some() {
            return None;
        }
        let (ty, de) = (field.ty, &self.decode_generics.1);
        Some(quote! {
            fn absent() -> ::core::option::Option<Self> {
                <#ty as __amf::amf3::Decode<#de>>::absent().map(|__v| Self { 0: __v })
            }
        })
    }

    /// `AmfClass`, for a type with typed objects that borrows nothing.
    fn impl_amf_class(&self) -> Option<TokenStream> {
        let objects = self.shape.typed_objects();
        if objects.is_empty() || self.cont.generics.lifetimes().next().is_some() {
            return None;
        }
        let ident = self.cont.ident;
        let mut generics = self.cont.generics.clone();
        let (_, ty_generics, _) = self.cont.generics.split_for_impl();
        generics
            .make_where_clause()
            .predicates
            .push(syn::parse_quote! {
                #ident #ty_generics: __amf::amf3::Encode + __amf::amf3::DecodeOwned + 'static
            });
        let (impl_generics, _, where_clause) = generics.split_for_impl();
        let defs = objects.iter().map(|(_, class)| &class.def);
        let count = objects.len();
        Some(quote! {
            static __CLASSES: [&__amf::amf3::ClassDef; #count] = [#(&#defs),*];

            #[automatically_derived]
            impl #impl_generics __amf::class::AmfClass for #ident #ty_generics #where_clause {
                fn classes() -> &'static [&'static __amf::amf3::ClassDef] {
                    &__CLASSES
                }
            }
        })
    }
}

impl ToTokens for ClassGenerator<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let runtime = &self.cont.attrs.crate_path;
        let items = [
            self.class_defs(),
            self.impl_encode(),
            self.impl_decode(),
            self.impl_amf_class().unwrap_or_default(),
        ];
        tokens.extend(quote! {
            const _: () = {
                use #runtime as __amf;
                use ::core::option::Option::{None, Some};
                use ::core::result::Result::{Err, Ok};
                #(#items)*
            };
        });
    }
}
