//! The body of `Encode::encode`.

use super::shape::{Member, Object, Shape, Value};
use amf_model::Field;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// Writes `*self` to `__e`.
pub(super) fn encode_body(shape: &Shape) -> TokenStream {
    match shape {
        Shape::Object(object) => {
            let pattern = object.value.pattern();
            let body = encode_object(object);
            quote! {
                let #pattern = *self;
                #body
                Ok(())
            }
        }
        Shape::Newtype(field) => {
            let binding = Value::binding(field);
            let value = encode_field(field);
            quote! {
                let Self { 0: ref #binding } = *self;
                #value
                Ok(())
            }
        }
        Shape::Names(variants) => {
            let arms = variants.iter().map(|variant| {
                let (ident, name) = (variant.ident, &variant.wire_name);
                quote!(Self::#ident => __e.write_str(#name),)
            });
            quote!(match *self { #(#arms)* })
        }
        Shape::Integers(variants) => {
            let arms = variants.iter().map(|variant| {
                let (ident, integer) = (variant.ident, i128::from(variant.integer));
                quote!(Self::#ident => __e.write_i128(#integer),)
            });
            quote!(match *self { #(#arms)* })
        }
        Shape::Tagged { variants, .. } => {
            let arms = variants.iter().map(|(_, object)| {
                let pattern = object.value.pattern();
                let body = encode_object(object);
                quote!(#pattern => { #body })
            });
            quote! {
                match *self { #(#arms)* }
                Ok(())
            }
        }
    }
}

/// Writes an object whose fields are bound by its value's pattern.
fn encode_object(object: &Object) -> TokenStream {
    let header = match &object.class {
        Some(class) => {
            let def = &class.def;
            quote!(__e.write_object_header(&#def)?;)
        }
        None => quote!(__e.write_object_header(&__amf::amf3::ClassDef::ANONYMOUS)?;),
    };
    let members = object.members.iter().map(|member| {
        // Typed objects write sealed values in the order of their traits; anonymous objects
        // write every member as a dynamic one, name first.
        let name = object.class.is_none().then(|| {
            let name = member.name();
            quote!(__e.write_member_name(#name)?;)
        });
        let value = match member {
            Member::Field { field, .. } => encode_field(field),
            Member::Tag { variant, .. } => quote!(__e.write_str(#variant)?;),
            Member::Content { object, .. } => encode_object(object),
        };
        quote!(#name #value)
    });
    let entries = object.dynamic_field.map(|field| {
        let map = Value::binding(field);
        quote! {
            for (__name, __value) in #map {
                __e.write_dynamic_member(::core::convert::AsRef::<str>::as_ref(__name), __value)?;
            }
        }
    });
    let end = object
        .class
        .as_ref()
        .is_none_or(|class| class.dynamic)
        .then(|| quote!(__e.end_dynamic_members();));
    quote!(#header #(#members)* #entries #end)
}

/// Writes the value of a field, bound to a reference.
fn encode_field(field: &Field) -> TokenStream {
    let binding = Value::binding(field);
    // Spanned on the user's tokens, so that a type without `Encode` is reported there.
    let encode = match &field.attrs.with {
        Some(with) => quote_spanned!(with.span()=> #with::encode),
        None => quote_spanned!(field.ty.span()=> __amf::amf3::Encode::encode),
    };
    quote!(#encode(#binding, __e)?;)
}
