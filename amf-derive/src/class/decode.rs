//! The body of `Decode::decode`: straight from the bytes, one `match` on each member's name.

use super::shape::{Member, Object, Shape, Value, ValueStyle};
use amf_model::{Field, FieldDefault};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

/// Reads a `Self` from `__d`. `name` is the Rust name of the type; `class` its name in errors
/// (its alias, else its Rust name).
pub(super) fn decode_body(shape: &Shape, name: &str, class: &str) -> TokenStream {
    let unknown_variant = quote!(__amf::class::__private::unknown_variant);
    match shape {
        Shape::Object(object) => read_object(object),
        Shape::Newtype(field) => {
            let value = decode_value(field);
            quote!(Ok(Self { 0: #value(__d)? }))
        }
        Shape::Names(variants) => {
            let arms = variants.iter().map(|variant| {
                let (ident, wire_name) = (variant.ident, &variant.wire_name);
                quote!(#wire_name => Ok(Self::#ident),)
            });
            quote! {
                let __at = __d.position();
                match __d.read_str()? {
                    #(#arms)*
                    __other => Err(#unknown_variant(__at, #name, __other)),
                }
            }
        }
        Shape::Integers(variants) => {
            let arms = variants.iter().map(|variant| {
                let (ident, integer) = (variant.ident, variant.integer);
                quote!(#integer => Ok(Self::#ident),)
            });
            quote! {
                let __at = __d.position();
                match <i64 as __amf::amf3::Decode>::decode(__d)? {
                    #(#arms)*
                    __other => Err(#unknown_variant(__at, #name, __other)),
                }
            }
        }
        Shape::Tagged { tag, variants } => {
            // The tag may come after the other members (PyAMF sorts them): find it, then read
            // the object again as the variant it names.
            let arms = variants.iter().map(|(variant, object)| {
                let wire_name = &variant.wire_name;
                let read = read_object(object);
                quote!(#wire_name => __d.decode_at(__start, |__d| #read),)
            });
            quote! {
                let (__start, __tag) = __amf::class::__private::read_tag(__d, #tag, #class)?;
                match __tag {
                    #(#arms)*
                    __other => Err(#unknown_variant(__start, #name, __other)),
                }
            }
        }
    }
}

/// An expression that reads `object` from `__d`: each member's value into a slot, then the
/// value from the slots.
fn read_object(object: &Object) -> TokenStream {
    let alias = object.class.as_ref().map_or("", |class| class.alias);
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    for member in &object.members {
        let name = member.name();
        match member {
            Member::Field { field, .. } => {
                let (slot, ty) = (Value::binding(field), field.ty);
                let value = decode_value(field);
                slots.push(quote!(let mut #slot: ::core::option::Option<#ty> = None;));
                arms.push(quote!(#name => #slot = Some(__obj.value_with(#value)?),));
            }
            Member::Content { object, .. } => {
                let read = read_object(object);
                slots.push(quote!(let mut __content: ::core::option::Option<Self> = None;));
                arms.push(quote!(#name => __content = Some(__obj.value_with(|__d| #read)?),));
            }
            // Already read to choose the variant.
            Member::Tag { .. } => {}
        }
    }
    let other = match object.dynamic_field {
        Some(field) => {
            let (map, ty) = (Value::binding(field), field.ty);
            slots.push(quote!(let mut #map: #ty = ::core::default::Default::default();));
            quote! {
                __other => __obj.value_with(|__d| {
                    __amf::class::DynamicMembers::insert_member(&mut #map, __other, __d)
                })?,
            }
        }
        None => quote!(_ => {}),
    };
    let result = construct(object);
    quote! {
        __d.read_object(#alias, |__obj| {
            #(#slots)*
            while let Some(__name) = __obj.next_member()? {
                match __name {
                    #(#arms)*
                    #other
                }
            }
            #result
        })
    }
}

/// A function that reads a field's value from a decoder: its type's `Decode`, or its `with`
/// module's `decode`.
fn decode_value(field: &Field) -> TokenStream {
    // Spanned on the user's tokens, so that a type without `Decode` is reported there.
    match &field.attrs.with {
        Some(with) => quote_spanned!(with.span()=> #with::decode),
        None => quote_spanned!(field.ty.span()=> __amf::amf3::Decode::decode),
    }
}

/// The value of `object` from its slots, as a `Result`.
fn construct(object: &Object) -> TokenStream {
    let class = &object.class_name;
    let required = quote!(__amf::class::__private::required);
    if let Some(content) = object
        .members
        .iter()
        .find(|member| matches!(member, Member::Content { .. }))
    {
        let name = content.name();
        return quote!(#required(__obj, __content, #class, #name));
    }
    let value = &object.value;
    let fields = value.fields.iter().map(|field| {
        let slot = Value::binding(field);
        let member_name = object.members.iter().find_map(|member| match member {
            Member::Field { name, field: f } if f.index == field.index => Some(*name),
            _ => None,
        });
        let expr = match (member_name, &field.attrs.default) {
            // The dynamic field.
            _ if object.dynamic_field.is_some_and(|d| d.index == field.index) => quote!(#slot),
            // A skipped field.
            (None, FieldDefault::Path(path)) => quote!(#path()),
            (None, _) => quote!(::core::default::Default::default()),
            (Some(_), FieldDefault::Trait) => quote!(#slot.unwrap_or_default()),
            (Some(_), FieldDefault::Path(path)) => quote!(#slot.unwrap_or_else(#path)),
            (Some(name), FieldDefault::None) if field.attrs.with.is_some() => {
                quote!(#required(__obj, #slot, #class, #name)?)
            }
            (Some(name), FieldDefault::None) => {
                let absent = quote_spanned!(field.ty.span()=> __amf::amf3::Decode::absent);
                quote!(#required(__obj, #slot.or_else(#absent), #class, #name)?)
            }
        };
        let member = field.member();
        quote!(#member: #expr)
    });
    let path = &value.path;
    match value.style {
        ValueStyle::Unit => quote!(Ok(#path)),
        ValueStyle::Newtype | ValueStyle::Named => quote!(Ok(#path { #(#fields,)* })),
    }
}
