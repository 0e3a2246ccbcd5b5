//! Enum representations, variant keys and enum rules.

use crate::common::{container, container_errors, styles, variants, wire_names};
use amf_model::{EnumRepr, VariantStyle};
use syn::parse_quote;

#[test]
fn unit_enum_travels_as_names() {
    let input = parse_quote! {
        /// A color.
        #[amf(rename_all = "SCREAMING_SNAKE_CASE")]
        enum Color {
            /// Like blood.
            DarkRed,
            #[amf(rename = "green")]
            Green,
        }
    };
    container(&input, |color| {
        assert_eq!(color.attrs.repr, EnumRepr::Name);
        let variants = variants(color);
        let names: Vec<&str> = variants.iter().map(|v| v.wire_name.as_str()).collect();
        assert_eq!(names, ["DARK_RED", "green"]);
        assert_eq!(variants[0].docs, ["Like blood."]);
        assert_eq!(styles(variants), [VariantStyle::Unit; 2]);
    });
}

#[test]
fn explicit_repr_name() {
    let input = parse_quote! {
        #[amf(repr = "name", alias = "com.example.Color")]
        enum Color { Red }
    };
    container(&input, |color| {
        assert_eq!(color.attrs.repr, EnumRepr::Name);
        assert_eq!(color.attrs.alias.as_deref(), Some("com.example.Color"));
    });
}

#[test]
fn integer_repr_numbers_like_rust() {
    let input = parse_quote! {
        #[amf(repr = "integer")]
        enum Level { Low = 1, Mid, Off = -5, Deep }
    };
    container(&input, |level| {
        assert_eq!(level.attrs.repr, EnumRepr::Integer);
        let variants = variants(level);
        let literal: Vec<Option<i64>> = variants.iter().map(|v| v.discriminant).collect();
        let integer: Vec<i64> = variants.iter().map(|v| v.integer).collect();
        assert_eq!(literal, [Some(1), None, Some(-5), None]);
        assert_eq!(integer, [1, 2, -5, -4]);
    });
}

#[test]
fn integer_repr_without_discriminants_is_the_index() {
    let input = parse_quote! {
        #[amf(repr = "integer")]
        enum Level { Low, Mid, High }
    };
    container(&input, |level| {
        let integer: Vec<i64> = variants(level).iter().map(|v| v.integer).collect();
        assert_eq!(integer, [0, 1, 2]);
    });
}

#[test]
fn internal_tagging() {
    let input = parse_quote! {
        #[amf(tag = "kind", rename_all = "camelCase", alias = "com.example.Event")]
        enum Event<T> {
            #[amf(alias = "com.example.Joined")]
            UserJoined { user_name: String, #[amf(rename = "at")] time: T },
            Closed,
        }
    };
    container(&input, |event| {
        assert_eq!(event.attrs.repr, EnumRepr::Internal { tag: "kind".into() });
        let variants = variants(event);
        assert_eq!(variants[0].wire_name, "userJoined");
        assert_eq!(variants[0].alias.as_deref(), Some("com.example.Joined"));
        // rename_all renames variants, not their fields (as in serde).
        assert_eq!(wire_names(&variants[0].fields), ["user_name", "at"]);
        assert_eq!(styles(variants), [VariantStyle::Struct, VariantStyle::Unit]);
    });
}

#[test]
fn adjacent_tagging() {
    let input = parse_quote! {
        #[amf(tag = "kind", content = "value")]
        enum Reply {
            Text(String),
            Move { x: i32, y: i32 },
            Nothing,
        }
    };
    container(&input, |reply| {
        assert_eq!(
            reply.attrs.repr,
            EnumRepr::Adjacent {
                tag: "kind".into(),
                content: "value".into()
            }
        );
        assert_eq!(
            styles(variants(reply)),
            [
                VariantStyle::Newtype,
                VariantStyle::Struct,
                VariantStyle::Unit
            ]
        );
    });
}

#[test]
fn data_without_tagging() {
    let input = parse_quote! {
        enum Event { Closed, Joined(String), Left { user: String } }
    };
    assert_eq!(
        container_errors(&input),
        [
            "enum `Event` has variants with data: choose a tagging with #[amf(tag = \"...\")] \
          (optionally content = \"...\")"
        ]
    );
}

#[test]
fn integer_repr_with_data() {
    let input = parse_quote! {
        #[amf(repr = "integer")]
        enum Event { Closed, Joined(String) }
    };
    assert_eq!(
        container_errors(&input),
        ["`repr = \"integer\"` needs unit variants, but enum `Event` has variants with data"]
    );
}

#[test]
fn repr_with_tag() {
    let input = parse_quote! {
        #[amf(repr = "name", tag = "kind")]
        enum Event { Closed }
    };
    assert_eq!(
        container_errors(&input),
        ["`repr` conflicts with `tag`: a tagged enum travels as objects"]
    );
}

#[test]
fn content_without_tag() {
    let input = parse_quote! {
        #[amf(content = "value")]
        enum Event { Closed }
    };
    assert_eq!(container_errors(&input), ["`content` needs `tag`"]);
}

#[test]
fn tag_and_content_alike() {
    let input = parse_quote! {
        #[amf(tag = "kind", content = "kind")]
        enum Event { Closed }
    };
    assert_eq!(
        container_errors(&input),
        ["`tag` and `content` must name different members"]
    );
}

#[test]
fn unknown_repr() {
    let input = parse_quote! {
        #[amf(repr = "int")]
        enum Level { Low }
    };
    assert_eq!(
        container_errors(&input),
        ["unknown repr \"int\": expected \"name\" or \"integer\""]
    );
}

#[test]
fn empty_tag_and_content() {
    let input = parse_quote! {
        #[amf(tag = "")]
        #[amf(content = "")]
        enum Event { Closed }
    };
    assert_eq!(
        container_errors(&input),
        ["empty tag name", "empty content name"]
    );
}

#[test]
fn unnamed_fields_under_internal_tagging() {
    let input = parse_quote! {
        #[amf(tag = "kind")]
        enum Event { Joined(User), Moved(i32, i32) }
    };
    assert_eq!(
        container_errors(&input),
        [
            "variant `Joined` has unnamed fields, which internal tagging (`tag = \"kind\"`) \
             cannot carry: name the fields, or add `content = \"...\"` for adjacent tagging",
            "variant `Moved` has unnamed fields, which internal tagging (`tag = \"kind\"`) \
             cannot carry: name the fields, or add `content = \"...\"` for adjacent tagging",
        ]
    );
}

#[test]
fn tuple_variant_under_adjacent_tagging() {
    let input = parse_quote! {
        #[amf(tag = "kind", content = "value")]
        enum Event { Moved(i32, i32) }
    };
    assert_eq!(
        container_errors(&input),
        [
            "variant `Moved` has 2 unnamed fields, but adjacent tagging carries one value as \
          content: name the fields or wrap them in a struct"
        ]
    );
}

#[test]
fn field_named_like_the_tag() {
    let input = parse_quote! {
        #[amf(tag = "kind")]
        enum Event { Joined { kind: u8 } }
    };
    assert_eq!(
        container_errors(&input),
        ["field `kind` of variant `Joined` has the wire name `kind`, which is the tag"]
    );
}

#[test]
fn variant_alias_without_tag() {
    let input = parse_quote! {
        enum Color { #[amf(alias = "com.example.Red")] Red }
    };
    assert_eq!(
        container_errors(&input),
        [
            "variant `Red` has a class alias, but enum `Color` is not tagged: only a tagged enum \
          (`tag = \"...\"`) writes its variants as objects"
        ]
    );
}

#[test]
fn same_variant_wire_name() {
    let input = parse_quote! {
        #[amf(rename_all = "lowercase")]
        enum Color { Red, #[amf(rename = "red")] Crimson }
    };
    assert_eq!(
        container_errors(&input),
        ["variants `Red` and `Crimson` both have the wire name `red`"]
    );
}

#[test]
fn same_field_wire_name_in_a_variant() {
    let input = parse_quote! {
        #[amf(tag = "kind")]
        enum Event { Joined { a: u8, #[amf(rename = "a")] b: u8 } }
    };
    assert_eq!(
        container_errors(&input),
        ["fields `a` and `b` both have the wire name `a`"]
    );
}

#[test]
fn integer_repr_needs_literal_discriminants() {
    let input = parse_quote! {
        #[amf(repr = "integer")]
        enum Level { Low = BASE, High }
    };
    assert_eq!(
        container_errors(&input),
        ["`repr = \"integer\"` needs discriminants written as integer literals"]
    );
}

#[test]
fn unknown_variant_key() {
    let input = parse_quote! {
        enum Color { #[amf(skip)] Red }
    };
    assert_eq!(
        container_errors(&input),
        ["unknown variant key `skip`: expected one of `rename`, `alias`"]
    );
}
