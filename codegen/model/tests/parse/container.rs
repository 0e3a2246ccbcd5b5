//! Containers: struct shapes and the container keys.

use crate::common::{container, container_errors, fields, wire_names};
use amf_model::case::RenameRule;
use amf_model::{Data, Dynamic, EnumRepr, StructStyle};
use quote::quote;
use syn::parse_quote;

#[test]
fn defaults() {
    let input = parse_quote! {
        struct User { name: String }
    };
    container(&input, |user| {
        assert_eq!(user.ident, "User");
        assert_eq!(user.attrs.alias, None);
        assert_eq!(user.attrs.rename_all, RenameRule::None);
        assert_eq!(user.attrs.dynamic, Dynamic::None);
        assert_eq!(user.attrs.repr, EnumRepr::Name);
        let crate_path = &user.attrs.crate_path;
        assert_eq!(quote!(#crate_path).to_string(), ":: amf_runtime");
        assert!(user.docs.is_empty());
        assert!(std::ptr::eq(user.original, &input));
    });
}

#[test]
fn every_container_key() {
    let input = parse_quote! {
        /// A user.
        ///
        ///   Indented line.
        #[amf(alias = "com.example.User", rename_all = "camelCase")]
        #[amf(dynamic = "extras", crate = "my::runtime")]
        struct User<'a, T: Clone> {
            user_name: &'a str,
            home_page: T,
            extras: std::collections::HashMap<String, String>,
        }
    };
    container(&input, |user| {
        assert_eq!(user.attrs.alias.as_deref(), Some("com.example.User"));
        assert_eq!(user.attrs.rename_all, RenameRule::CamelCase);
        assert_eq!(user.attrs.dynamic, Dynamic::Field("extras".into()));
        let crate_path = &user.attrs.crate_path;
        assert_eq!(quote!(#crate_path).to_string(), "my :: runtime");
        assert_eq!(user.docs, ["A user.", "", "  Indented line."]);
        assert_eq!(user.generics.params.len(), 2);
        assert_eq!(wire_names(fields(user)), ["userName", "homePage", "extras"]);
    });
}

#[test]
fn dynamic_flag() {
    let input = parse_quote! {
        #[amf(dynamic)]
        struct Bag { id: u32 }
    };
    container(&input, |bag| assert_eq!(bag.attrs.dynamic, Dynamic::Flag));
}

#[test]
fn dynamic_on_a_unit_struct_and_a_tagged_enum() {
    let unit = parse_quote! {
        #[amf(dynamic)]
        struct Empty;
    };
    container(&unit, |empty| {
        assert_eq!(empty.attrs.dynamic, Dynamic::Flag)
    });
    let tagged = parse_quote! {
        #[amf(tag = "kind", dynamic)]
        enum Event { Joined { user: String } }
    };
    container(&tagged, |event| {
        assert_eq!(event.attrs.dynamic, Dynamic::Flag)
    });
}

#[test]
fn struct_shapes() {
    let named = parse_quote!(
        struct A {
            x: u8,
        }
    );
    let newtype = parse_quote!(
        struct Id(u32);
    );
    let unit = parse_quote!(
        struct Empty;
    );
    for (input, style) in [
        (&named, StructStyle::Named),
        (&newtype, StructStyle::Newtype),
        (&unit, StructStyle::Unit),
    ] {
        container(input, |cont| match &cont.data {
            Data::Struct { style: found, .. } => assert_eq!(*found, style),
            Data::Enum(_) => panic!("a struct"),
        });
    }
}

#[test]
fn newtype_field_is_unnamed() {
    let input = parse_quote!(
        struct Id(pub u32);
    );
    container(&input, |id| {
        let field = &fields(id)[0];
        assert_eq!(field.ident, None);
        assert_eq!(field.rust_name, "0");
        assert_eq!(field.member(), syn::Member::from(0));
    });
}

#[test]
fn generics_are_fine() {
    let input = parse_quote! {
        struct Page<'a, T, const N: usize> where T: Clone { items: &'a [T; N] }
    };
    container(&input, |page| assert_eq!(page.generics.params.len(), 3));
}

#[test]
fn empty_alias() {
    let input = parse_quote! {
        #[amf(alias = "")]
        struct User;
    };
    assert_eq!(container_errors(&input), ["empty class alias"]);
}

#[test]
fn unknown_container_key() {
    let input = parse_quote! {
        #[amf(alais = "com.example.User")]
        struct User;
    };
    assert_eq!(
        container_errors(&input),
        [
            "unknown container key `alais`: expected one of `alias`, `rename_all`, `dynamic`, \
          `crate`, `repr`, `tag`, `content`"
        ]
    );
}

#[test]
fn duplicate_key_across_attributes() {
    let input = parse_quote! {
        #[amf(alias = "a.A")]
        #[amf(alias = "b.B")]
        struct User;
    };
    assert_eq!(container_errors(&input), ["duplicate key `alias`"]);
}

#[test]
fn unknown_rename_rule() {
    let input = parse_quote! {
        #[amf(rename_all = "camel")]
        struct User;
    };
    assert_eq!(
        container_errors(&input),
        [
            "unknown rename rule \"camel\": expected one of \"lowercase\", \"UPPERCASE\", \
          \"PascalCase\", \"camelCase\", \"snake_case\", \"SCREAMING_SNAKE_CASE\", \
          \"kebab-case\", \"SCREAMING-KEBAB-CASE\""
        ]
    );
}

#[test]
fn values_of_the_wrong_kind() {
    let not_a_string = parse_quote! {
        #[amf(alias = 1)]
        struct User;
    };
    assert_eq!(
        container_errors(&not_a_string),
        ["expected a string: `alias = \"...\"`"]
    );
    let not_a_path = parse_quote! {
        #[amf(crate = "not a path")]
        struct User;
    };
    assert_eq!(
        container_errors(&not_a_path),
        ["expected a path: `crate = \"path::to::item\"`"]
    );
    let not_a_flag = parse_quote! {
        #[amf(dynamic(x))]
        struct User;
    };
    assert_eq!(
        container_errors(&not_a_flag),
        ["expected `dynamic` or `dynamic = \"...\"`"]
    );
}

#[test]
fn tuple_struct_with_several_fields() {
    let input = parse_quote!(
        struct Point(f64, f64);
    );
    assert_eq!(
        container_errors(&input),
        ["tuple struct with 2 fields: give the fields names"]
    );
}

#[test]
fn union() {
    let input = parse_quote!(union Bits { i: u32, f: f32 });
    assert_eq!(container_errors(&input), ["unions cannot travel as AMF"]);
}

#[test]
fn enum_keys_on_a_struct() {
    let input = parse_quote! {
        #[amf(repr = "integer", tag = "kind", content = "value")]
        struct User;
    };
    assert_eq!(
        container_errors(&input),
        [
            "`repr` applies only to enums",
            "`tag` applies only to enums",
            "`content` applies only to enums",
        ]
    );
}

#[test]
fn dynamic_on_a_unit_enum() {
    let input = parse_quote! {
        #[amf(dynamic)]
        enum Color { Red, Green }
    };
    assert_eq!(
        container_errors(&input),
        ["`dynamic` on a unit enum: it travels as a name or an integer, not as an object"]
    );
}

#[test]
fn dynamic_field_on_an_enum() {
    let input = parse_quote! {
        #[amf(tag = "kind", dynamic = "extras")]
        enum Event { Joined { extras: Extras } }
    };
    assert_eq!(
        container_errors(&input),
        [
            "`dynamic = \"extras\"` on enum `Event`: only a struct can name a field for the \
          dynamic members"
        ]
    );
}

#[test]
fn dynamic_on_a_newtype() {
    let input = parse_quote! {
        #[amf(dynamic)]
        struct Id(u32);
    };
    assert_eq!(
        container_errors(&input),
        ["`dynamic` on a newtype struct: it is transparent and travels as its inner value"]
    );
}

#[test]
fn dynamic_names_a_missing_field() {
    let input = parse_quote! {
        #[amf(dynamic = "extra")]
        struct Bag { extras: Map }
    };
    assert_eq!(
        container_errors(&input),
        ["`dynamic = \"extra\"`: struct `Bag` has no field `extra`"]
    );
}

#[test]
fn dynamic_field_is_not_a_sealed_member() {
    let input = parse_quote! {
        #[amf(dynamic = "extras")]
        struct Bag {
            #[amf(rename = "extras")]
            id: u32,
            extras: Map,
        }
    };
    container(&input, |bag| assert_eq!(fields(bag).len(), 2));
}

#[test]
fn alias_on_a_newtype() {
    let input = parse_quote! {
        #[amf(alias = "com.example.Id")]
        struct Id(u32);
    };
    assert_eq!(
        container_errors(&input),
        ["`alias` on a newtype struct: it is transparent and travels as its inner value"]
    );
}

#[test]
fn all_errors_at_once() {
    let input = parse_quote! {
        #[amf(alias = "")]
        struct User {
            #[amf(renam = "a")]
            a: u8,
            #[amf(skip, default)]
            b: u8,
        }
    };
    assert_eq!(container_errors(&input).len(), 3);
}

#[test]
fn amf_needs_parentheses() {
    let input = parse_quote! {
        #[amf]
        struct User;
    };
    assert_eq!(
        container_errors(&input),
        ["expected attribute arguments in parentheses: #[amf(...)]"]
    );
}
