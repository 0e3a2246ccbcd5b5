//! Field keys and field rules.

use crate::common::{container, container_errors, fields, wire_names};
use amf_model::FieldDefault;
use quote::quote;
use syn::parse_quote;

#[test]
fn every_field_key() {
    let input = parse_quote! {
        struct User {
            /// The login.
            #[amf(rename = "login")]
            name: String,
            #[amf(skip)]
            cache: Cache,
            #[amf(default)]
            away: bool,
            #[amf(default = "defaults::level")]
            level: u8,
            #[amf(with = "codecs::date")]
            joined: SystemTime,
        }
    };
    container(&input, |user| {
        let [name, cache, away, level, joined] = fields(user) else {
            panic!("five fields")
        };
        assert_eq!(name.wire_name, "login");
        assert_eq!(name.rust_name, "name");
        assert_eq!(name.attrs.rename.as_deref(), Some("login"));
        assert_eq!(name.docs, ["The login."]);
        assert!(cache.attrs.skip);
        assert_eq!(cache.attrs.default, FieldDefault::Trait);
        assert!(!away.attrs.skip);
        assert_eq!(away.attrs.default, FieldDefault::Trait);
        assert_eq!(
            level.attrs.default,
            FieldDefault::Path(parse_quote!(defaults::level))
        );
        let with = joined.attrs.with.as_ref().expect("with");
        assert_eq!(quote!(#with).to_string(), "codecs :: date");
        assert_eq!(joined.attrs.default, FieldDefault::None);
        assert_eq!(joined.index, 4);
    });
}

#[test]
fn rename_beats_rename_all() {
    let input = parse_quote! {
        #[amf(rename_all = "SCREAMING_SNAKE_CASE")]
        struct User {
            user_name: String,
            #[amf(rename = "id")]
            user_id: u32,
        }
    };
    container(&input, |user| {
        assert_eq!(wire_names(fields(user)), ["USER_NAME", "id"]);
    });
}

#[test]
fn raw_identifiers() {
    let input = parse_quote! {
        #[amf(rename_all = "PascalCase")]
        struct Item { r#type: String }
    };
    container(&input, |item| {
        let field = &fields(item)[0];
        assert_eq!(field.rust_name, "type");
        assert_eq!(field.wire_name, "Type");
        assert_eq!(field.member(), syn::Member::Named(parse_quote!(r#type)));
    });
}

#[test]
fn option_fields() {
    let input = parse_quote! {
        struct User {
            a: Option<String>,
            b: std::option::Option<u8>,
            c: Vec<Option<u8>>,
            d: Option,
        }
    };
    container(&input, |user| {
        let options: Vec<bool> = fields(user).iter().map(|f| f.is_option).collect();
        assert_eq!(options, [true, true, false, false]);
    });
}

#[test]
fn skip_conflicts() {
    let input = parse_quote! {
        struct User {
            #[amf(skip, default)]
            a: u8,
            #[amf(skip, with = "codec")]
            b: u8,
            #[amf(skip, rename = "c")]
            c: u8,
        }
    };
    assert_eq!(
        container_errors(&input),
        [
            "`skip` conflicts with `default`: a skipped field is always decoded as \
             `Default::default()`",
            "`skip` conflicts with `with`: a skipped field is never encoded or decoded",
            "`skip` conflicts with `rename`: a skipped field has no wire name",
        ]
    );
}

#[test]
fn same_wire_name() {
    let input = parse_quote! {
        #[amf(rename_all = "lowercase")]
        struct User {
            #[amf(rename = "name")]
            login: String,
            name: String,
        }
    };
    assert_eq!(
        container_errors(&input),
        ["fields `login` and `name` both have the wire name `name`"]
    );
}

#[test]
fn skipped_fields_do_not_collide() {
    let input = parse_quote! {
        struct User {
            name: String,
            #[serde(rename = "name", skip)]
            cached_name: String,
        }
    };
    container(&input, |user| assert!(fields(user)[1].attrs.skip));
}

#[test]
fn unknown_field_key() {
    let input = parse_quote! {
        struct User {
            #[amf(skip_serializing)]
            a: u8,
        }
    };
    assert_eq!(
        container_errors(&input),
        ["unknown field key `skip_serializing`: expected one of `rename`, `skip`, `default`, `with`"]
    );
}

#[test]
fn duplicate_field_key() {
    let input = parse_quote! {
        struct User {
            #[amf(default, default = "f")]
            a: u8,
        }
    };
    assert_eq!(container_errors(&input), ["duplicate key `default`"]);
}

#[test]
fn flag_with_a_value() {
    let input = parse_quote! {
        struct User {
            #[amf(skip = true)]
            a: u8,
        }
    };
    assert_eq!(container_errors(&input), ["`skip` takes no value"]);
}

#[test]
fn empty_rename() {
    let input = parse_quote! {
        struct User {
            #[amf(rename = "")]
            a: u8,
        }
    };
    assert_eq!(container_errors(&input), ["empty wire name"]);
}

#[test]
fn a_newtype_field_is_no_member() {
    let cases: [(syn::DeriveInput, &str); 4] = [
        (
            parse_quote!(struct Id(#[amf(rename = "id")] u32);),
            "`rename` on the field of newtype struct `Id`: it travels as the field's value, not as a member",
        ),
        (
            parse_quote!(struct Id(#[amf(skip)] u32);),
            "`skip` on the field of newtype struct `Id`: it travels as the field's value, not as a member",
        ),
        (
            parse_quote!(struct Id(#[amf(default)] u32);),
            "`default` on the field of newtype struct `Id`: it travels as the field's value, not as a member",
        ),
        (
            parse_quote!(#[amf(tag = "kind", content = "value")] enum E { A(#[amf(skip)] u32) }),
            "`skip` on the field of newtype variant `A`: it travels as the field's value, not as a member",
        ),
    ];
    for (input, message) in cases {
        assert_eq!(container_errors(&input), [message]);
    }
}

#[test]
fn a_newtype_variant_field_may_have_a_default() {
    let input = parse_quote! {
        #[amf(tag = "kind", content = "value")]
        enum E { A(#[amf(default)] u32) }
    };
    assert_eq!(container_errors(&input), Vec::<String>::new());
}

#[test]
fn the_dynamic_field_takes_no_key() {
    for key in [
        quote!(rename = "x"),
        quote!(skip),
        quote!(default),
        quote!(with = "m"),
    ] {
        let input = parse_quote! {
            #[amf(dynamic = "extras")]
            struct Bag { #[amf(#key)] extras: Map }
        };
        let key = key.to_string();
        let key = key.split(' ').next().unwrap();
        assert_eq!(
            container_errors(&input),
            [format!("`{key}` on field `extras`, which holds the dynamic members: it takes no field keys")]
        );
    }
}
