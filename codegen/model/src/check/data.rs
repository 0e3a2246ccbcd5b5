//! Rules for structs and enums.

use super::duplicates;
use crate::Ctxt;
use crate::{
    Container, Data, Dynamic, EnumRepr, Field, FieldDefault, StructStyle, Variant, VariantStyle,
};

pub(crate) fn check_container(cx: &Ctxt, cont: &Container) {
    match &cont.data {
        Data::Struct { style, fields } => {
            check_field_names(cx, cont, fields);
            check_dynamic_field(cx, cont, fields);
            if *style == StructStyle::Newtype {
                let owner = format!("newtype struct `{}`", cont.ident);
                check_newtype_field(cx, &fields[0], &owner, true);
            }
        }
        Data::Enum(variants) => {
            check_variant_names(cx, variants);
            for variant in variants {
                check_field_names(cx, cont, &variant.fields);
                if variant.style == VariantStyle::Newtype {
                    let owner = format!("newtype variant `{}`", variant.ident);
                    check_newtype_field(cx, &variant.fields[0], &owner, false);
                }
                check_tagged_shape(cx, &cont.attrs.repr, variant);
                check_tag_collision(cx, &cont.attrs.repr, variant);
                check_variant_alias(cx, cont, variant);
                check_integer_discriminant(cx, &cont.attrs.repr, variant);
            }
        }
    }
}

/// A decoder could not tell two members with one name apart.
fn check_field_names(cx: &Ctxt, cont: &Container, fields: &[Field]) {
    let on_wire = fields
        .iter()
        .filter(|field| !field.attrs.skip && !is_dynamic_field(cont, field));
    duplicates(
        on_wire,
        |field| &field.wire_name,
        |first, second| {
            cx.syn_error(syn::Error::new(
                second.span,
                format!(
                    "fields `{}` and `{}` both have the wire name `{}`",
                    first.rust_name, second.rust_name, second.wire_name
                ),
            ));
        },
    );
}

/// The `dynamic = "..."` field holds the dynamic members: it is not a sealed member.
fn is_dynamic_field(cont: &Container, field: &Field) -> bool {
    matches!(&cont.attrs.dynamic, Dynamic::Field(name) if *name == field.rust_name)
}

/// The `dynamic = "..."` field is a map of the members that are not fields: it has no wire
/// name of its own, is always read and written, and starts empty.
fn check_dynamic_field(cx: &Ctxt, cont: &Container, fields: &[Field]) {
    let Some(field) = fields.iter().find(|field| is_dynamic_field(cont, field)) else {
        return;
    };
    let attrs = &field.attrs;
    let keys = [
        ("rename", attrs.rename.is_some()),
        ("skip", attrs.skip),
        ("default", attrs.default != FieldDefault::None),
        ("with", attrs.with.is_some()),
    ];
    if let Some((key, _)) = keys.iter().find(|(_, set)| *set) {
        cx.syn_error(syn::Error::new(
            field.span,
            format!(
                "`{key}` on field `{}`, which holds the dynamic members: it takes no field keys",
                field.rust_name
            ),
        ));
    }
}

/// A newtype travels as its field's value, which is no member of its own: a wire name or
/// skipping mean nothing. A newtype struct has no member that could be missing either, while
/// the field of a newtype variant is the `content` member, which may have a `default`.
fn check_newtype_field(cx: &Ctxt, field: &Field, owner: &str, forbid_default: bool) {
    let attrs = &field.attrs;
    let keys = [
        ("rename", attrs.rename.is_some()),
        ("skip", attrs.skip),
        (
            "default",
            forbid_default && attrs.default != FieldDefault::None,
        ),
    ];
    if let Some((key, _)) = keys.iter().find(|(_, set)| *set) {
        cx.syn_error(syn::Error::new(
            field.span,
            format!(
                "`{key}` on the field of {owner}: it travels as the field's value, not as a member"
            ),
        ));
    }
}

/// A decoder could not tell two variants with one name apart.
fn check_variant_names(cx: &Ctxt, variants: &[Variant]) {
    duplicates(
        variants,
        |variant| &variant.wire_name,
        |first, second| {
            cx.error_spanned_by(
                second.ident,
                format!(
                    "variants `{}` and `{}` both have the wire name `{}`",
                    first.ident, second.ident, second.wire_name
                ),
            );
        },
    );
}

/// Internal tagging puts the tag beside the variant's named fields, so unnamed fields have no
/// place; adjacent tagging carries one value as content, so it cannot carry several.
fn check_tagged_shape(cx: &Ctxt, repr: &EnumRepr, variant: &Variant) {
    let msg = match (repr, variant.style) {
        (EnumRepr::Internal { tag }, VariantStyle::Newtype | VariantStyle::Tuple) => format!(
            "variant `{}` has unnamed fields, which internal tagging (`tag = \"{tag}\"`) cannot \
             carry: name the fields, or add `content = \"...\"` for adjacent tagging",
            variant.ident
        ),
        (EnumRepr::Adjacent { .. }, VariantStyle::Tuple) => format!(
            "variant `{}` has {} unnamed fields, but adjacent tagging carries one value as \
             content: name the fields or wrap them in a struct",
            variant.ident,
            variant.fields.len()
        ),
        _ => return,
    };
    cx.error_spanned_by(variant.ident, msg);
}

/// Under internal tagging the tag is a member of the variant's object, beside its fields.
fn check_tag_collision(cx: &Ctxt, repr: &EnumRepr, variant: &Variant) {
    let EnumRepr::Internal { tag } = repr else {
        return;
    };
    for field in variant.fields.iter().filter(|field| !field.attrs.skip) {
        if field.wire_name == *tag {
            cx.syn_error(syn::Error::new(
                field.span,
                format!(
                    "field `{}` of variant `{}` has the wire name `{tag}`, which is the tag",
                    field.rust_name, variant.ident
                ),
            ));
        }
    }
}

/// Only a tagged enum writes its variants as objects, which can carry a class alias.
fn check_variant_alias(cx: &Ctxt, cont: &Container, variant: &Variant) {
    if variant.alias.is_some() && matches!(cont.attrs.repr, EnumRepr::Name | EnumRepr::Integer) {
        cx.error_spanned_by(
            variant.ident,
            format!(
                "variant `{}` has a class alias, but enum `{}` is not tagged: only a tagged \
                 enum (`tag = \"...\"`) writes its variants as objects",
                variant.ident, cont.ident
            ),
        );
    }
}

/// The generated code and the code generator must agree on each variant's integer, so it must
/// be readable from the source.
fn check_integer_discriminant(cx: &Ctxt, repr: &EnumRepr, variant: &Variant) {
    if let (EnumRepr::Integer, Some((_, expr)), None) =
        (repr, &variant.original.discriminant, variant.discriminant)
    {
        cx.error_spanned_by(
            expr,
            "`repr = \"integer\"` needs discriminants written as integer literals",
        );
    }
}
