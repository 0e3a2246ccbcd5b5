//! `#[serde(...)]` fills the keys that `#[amf(...)]` leaves out.

use crate::common::{container, container_errors, fields, variants, wire_names};
use amf_model::case::RenameRule;
use amf_model::FieldDefault;
use syn::parse_quote;

#[test]
fn serde_keys_are_honoured() {
    let input = parse_quote! {
        #[derive(Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct User {
            user_name: String,
            #[serde(rename = "id")]
            user_id: u32,
            #[serde(skip)]
            cache: Cache,
            #[serde(default)]
            away: bool,
            #[serde(default = "defaults::level")]
            level: u8,
        }
    };
    container(&input, |user| {
        assert_eq!(user.attrs.rename_all, RenameRule::CamelCase);
        let fields = fields(user);
        assert_eq!(
            wire_names(fields),
            ["userName", "id", "cache", "away", "level"]
        );
        assert!(fields[2].attrs.skip);
        assert_eq!(fields[2].attrs.default, FieldDefault::Trait);
        assert_eq!(fields[3].attrs.default, FieldDefault::Trait);
        assert_eq!(
            fields[4].attrs.default,
            FieldDefault::Path(parse_quote!(defaults::level))
        );
    });
}

#[test]
fn amf_wins_key_by_key() {
    let input = parse_quote! {
        #[serde(rename_all = "kebab-case")]
        #[amf(rename_all = "camelCase")]
        struct User {
            #[serde(rename = "serde_name", default)]
            #[amf(rename = "amfName")]
            user_name: String,
            #[serde(default = "serde_default")]
            #[amf(default = "amf_default")]
            level: u8,
        }
    };
    container(&input, |user| {
        assert_eq!(user.attrs.rename_all, RenameRule::CamelCase);
        let fields = fields(user);
        assert_eq!(fields[0].wire_name, "amfName");
        // `default` was not given to #[amf], so serde's counts.
        assert_eq!(fields[0].attrs.default, FieldDefault::Trait);
        assert_eq!(
            fields[1].attrs.default,
            FieldDefault::Path(parse_quote!(amf_default))
        );
    });
}

#[test]
fn serde_variant_rename() {
    let input = parse_quote! {
        #[serde(rename_all = "snake_case")]
        enum Color { DarkRed, #[serde(rename = "verdant")] Green, #[amf(rename = "b")] #[serde(rename = "x")] Blue }
    };
    container(&input, |color| {
        let names: Vec<&str> = variants(color)
            .iter()
            .map(|v| v.wire_name.as_str())
            .collect();
        assert_eq!(names, ["dark_red", "verdant", "b"]);
    });
}

#[test]
fn serde_skip_with_default_function() {
    let input = parse_quote! {
        struct User {
            #[serde(skip, default = "fresh_cache")]
            cache: Cache,
        }
    };
    container(&input, |user| {
        let cache = &fields(user)[0];
        assert!(cache.attrs.skip);
        assert_eq!(
            cache.attrs.default,
            FieldDefault::Path(parse_quote!(fresh_cache))
        );
    });
}

#[test]
fn rename_both_ways_when_equal() {
    let input = parse_quote! {
        #[serde(rename_all(serialize = "UPPERCASE", deserialize = "UPPERCASE"))]
        struct User {
            #[serde(rename(serialize = "a", deserialize = "a"))]
            first: u8,
            #[serde(rename(serialize = "b", deserialize = "c"))]
            second: u8,
            #[serde(rename(serialize = "d"))]
            third: u8,
        }
    };
    container(&input, |user| {
        assert_eq!(wire_names(fields(user)), ["a", "SECOND", "THIRD"]);
    });
}

#[test]
fn other_serde_keys_are_ignored_silently() {
    let input = parse_quote! {
        #[serde(deny_unknown_fields, bound(serialize = "T: Serialize"), tag = "t")]
        #[serde(rename_all = "camelCase", from = "Raw")]
        struct User<T> {
            #[serde(skip_serializing_if = "Option::is_none", rename = "userName")]
            user_name: Option<T>,
            #[serde(flatten)]
            #[serde(with = "serde_bytes")]
            rest: Rest,
        }
    };
    container(&input, |user| {
        assert_eq!(user.attrs.rename_all, RenameRule::CamelCase);
        assert_eq!(wire_names(fields(user)), ["userName", "rest"]);
        assert!(fields(user)[1].attrs.with.is_none());
    });
}

#[test]
fn malformed_serde_is_left_to_serde() {
    let input = parse_quote! {
        #[serde(rename_all = "no such case")]
        struct User {
            #[serde(rename = 5)]
            name: String,
        }
    };
    assert!(container_errors(&input).is_empty());
    container(&input, |user| {
        assert_eq!(user.attrs.rename_all, RenameRule::None);
        assert_eq!(wire_names(fields(user)), ["name"]);
    });
}
