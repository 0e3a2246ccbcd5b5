//! `#[derive(AmfClass)]`: round trips of every shape and attribute, the exact bytes written
//! (those of the equivalent `Value`), and the decoding rules with their errors.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

use amf_runtime::amf3::{
    self, AliasPolicy, ByteArray, Decode, DecodeErrorKind, DecodeOptions, DecodeOwned, Decoder,
    Encode, EncodeError, Encoder, Object, Traits, Value,
};
use amf_runtime::AmfClass;
use proptest::prelude::*;

// ---- types -------------------------------------------------------------------------------------

/// A typed object with most field kinds.
#[derive(AmfClass, Debug, Clone, PartialEq)]
#[amf(alias = "com.example.User", rename_all = "camelCase")]
struct User {
    user_id: u32,
    display_name: String,
    email: Option<String>,
    score: f64,
    admin: bool,
    tags: Vec<String>,
    avatar: ByteArray,
    #[amf(rename = "home")]
    address: Option<Address>,
}

/// A nested typed object.
#[derive(AmfClass, Debug, Clone, PartialEq)]
#[amf(alias = "com.example.Address")]
struct Address {
    city: String,
    zip: i32,
}

/// An anonymous object, generic.
#[derive(AmfClass, Debug, Clone, PartialEq)]
struct Pair<A, B> {
    first: A,
    second: B,
}

/// A typed generic object: one `ClassDef` for every `Page<T>`.
#[derive(AmfClass, Debug, Clone, PartialEq)]
#[amf(alias = "com.example.Page")]
struct Page<T> {
    items: Vec<T>,
    total: u64,
}

/// Typed, with the members that are not fields kept in a map.
#[derive(AmfClass, Debug, Clone, PartialEq)]
#[amf(alias = "com.example.Bag", dynamic = "extras")]
struct Bag {
    name: String,
    extras: BTreeMap<String, Value>,
}

/// Anonymous, with the members that are not fields kept in a map.
#[derive(AmfClass, Debug, Clone, PartialEq)]
#[amf(dynamic = "rest")]
struct Loose {
    id: i32,
    rest: HashMap<String, i32>,
}

/// Typed and dynamic; dynamic members are ignored on decode.
#[derive(AmfClass, Debug, Clone, PartialEq)]
#[amf(alias = "com.example.Open", dynamic)]
struct Open {
    id: i32,
}

/// `skip`, `default`, `default = "..."`, `with`.
#[derive(AmfClass, Debug, Clone, PartialEq)]
#[amf(alias = "com.example.Settings")]
struct Settings {
    #[amf(skip)]
    cache: Vec<u8>,
    #[amf(default)]
    volume: u8,
    #[amf(default = "default_theme")]
    theme: String,
    #[amf(with = "upper")]
    code: String,
}

fn default_theme() -> String {
    "dark".into()
}

/// A custom codec: written upper case, read lower case.
mod upper {
    use amf_runtime::amf3::{DecodeError, Decoder, EncodeError, Encoder};

    pub(crate) fn encode(value: &str, encoder: &mut Encoder) -> Result<(), EncodeError> {
        encoder.write_str(&value.to_uppercase())
    }

    pub(crate) fn decode(decoder: &mut Decoder<'_>) -> Result<String, DecodeError> {
        Ok(decoder.read_str()?.to_lowercase())
    }
}

/// Newtypes are transparent.
#[derive(AmfClass, Debug, Clone, Copy, PartialEq)]
struct UserId(u32);

#[derive(AmfClass, Debug, Clone, PartialEq)]
struct Nickname(Option<String>);

/// Unit structs are empty objects.
#[derive(AmfClass, Debug, Clone, PartialEq)]
struct Ping;

#[derive(AmfClass, Debug, Clone, PartialEq)]
#[amf(alias = "com.example.Pong")]
struct Pong;

/// Unit enums travel as names or integers.
#[derive(AmfClass, Debug, Clone, Copy, PartialEq)]
#[amf(rename_all = "lowercase")]
enum Color {
    Red,
    #[amf(rename = "verde")]
    Green,
    Blue,
}

#[derive(AmfClass, Debug, Clone, Copy, PartialEq)]
#[amf(repr = "integer")]
enum Level {
    Low = -1,
    Mid,
    High = 10,
}

/// Internally tagged, with per-variant aliases.
#[derive(AmfClass, Debug, Clone, PartialEq)]
#[amf(alias = "com.example.Shape", tag = "kind")]
enum Shape {
    Circle {
        radius: f64,
    },
    #[amf(alias = "com.example.Square")]
    Square {
        side: f64,
        #[amf(default)]
        filled: bool,
    },
    Point,
}

/// Adjacently tagged, anonymous.
#[derive(AmfClass, Debug, Clone, PartialEq)]
#[amf(tag = "type", content = "data", rename_all = "snake_case")]
enum Event {
    Joined(String),
    Moved { x: i32, y: i32 },
    Left(#[amf(default)] Option<u32>),
    Quit,
}

/// Borrowed from the input.
#[derive(AmfClass, Debug, PartialEq)]
#[amf(alias = "com.example.Chat")]
struct Chat<'a> {
    room: &'a str,
    text: std::borrow::Cow<'a, str>,
}

// ---- helpers -----------------------------------------------------------------------------------

fn round_trip<T: Encode + DecodeOwned + Debug + PartialEq>(value: &T) -> Vec<u8> {
    let bytes = amf3::to_vec(value).expect("encodes");
    let back: T = amf3::from_slice(&bytes).expect("decodes");
    assert_eq!(&back, value);
    bytes
}

fn bytes_of(value: &Value) -> Vec<u8> {
    amf3::to_vec(value).expect("the value encodes")
}

fn decode_err<T: DecodeOwned + Debug>(bytes: &[u8], options: &DecodeOptions) -> DecodeErrorKind {
    amf3::from_slice_with::<T>(bytes, options)
        .expect_err("must fail")
        .kind()
        .clone()
}

fn typed(alias: &str, members: &[(&str, Value)]) -> Value {
    let traits = Traits::sealed(alias, members.iter().map(|(name, _)| *name));
    Value::from(Object::typed(
        traits,
        members.iter().map(|(_, v)| v.clone()).collect(),
    ))
}

fn user() -> User {
    User {
        user_id: 7,
        display_name: "Ann".into(),
        email: None,
        score: 2.5,
        admin: true,
        tags: vec!["a".into(), "b".into()],
        avatar: ByteArray(vec![1, 2, 3]),
        address: Some(Address {
            city: "Oslo".into(),
            zip: 150,
        }),
    }
}

// ---- round trips -------------------------------------------------------------------------------

prop_compose! {
    fn any_user()(
        user_id: u32,
        display_name in ".{0,12}",
        email in proptest::option::of("[a-z]{1,8}@x"),
        score in -1e9f64..1e9,
        admin: bool,
        tags in proptest::collection::vec("[a-z]{0,5}", 0..4),
        avatar in proptest::collection::vec(any::<u8>(), 0..16),
        address in proptest::option::of(("[A-Z][a-z]{0,8}", any::<i32>())),
    ) -> User {
        User {
            user_id, display_name, email, score, admin, tags, avatar: ByteArray(avatar),
            address: address.map(|(city, zip)| Address { city, zip }),
        }
    }
}

proptest! {
    #[test]
    fn users_round_trip(users in proptest::collection::vec(any_user(), 0..5)) {
        round_trip(&users);
    }

    #[test]
    fn generic_types_round_trip(a: i64, b in ".{0,8}", items in proptest::collection::vec(any::<i16>(), 0..6)) {
        let a = a >> 11; // within ±2^53
        round_trip(&Pair { first: a, second: b });
        round_trip(&Page { items: items.clone(), total: items.len() as u64 });
        round_trip(&Pair { first: Page { items, total: 0 }, second: Some(UserId(3)) });
    }

    #[test]
    fn dynamic_maps_round_trip(
        name in "[a-z]{0,6}",
        extras in proptest::collection::btree_map("[a-z]{1,6}", any::<i32>(), 0..5),
    ) {
        let extras = extras.into_iter()
            .filter(|(key, _)| key != "name")
            .map(|(key, value)| (key, Value::from(value)))
            .collect();
        round_trip(&Bag { name, extras });
    }

    #[test]
    fn enums_round_trip(radius in -1e6f64..1e6, x: i32, y: i32, text in ".{0,8}", left: Option<u32>) {
        round_trip(&vec![Shape::Circle { radius }, Shape::Square { side: radius, filled: x > 0 }, Shape::Point]);
        round_trip(&vec![Event::Joined(text), Event::Moved { x, y }, Event::Left(left), Event::Quit]);
    }
}

#[test]
fn every_shape_round_trips() {
    round_trip(&user());
    round_trip(&User {
        email: Some("a@b".into()),
        address: None,
        ..user()
    });
    round_trip(&Loose {
        id: 1,
        rest: HashMap::from([("a".into(), 1), ("b".into(), 2)]),
    });
    round_trip(&Open { id: 4 });
    round_trip(&UserId(9));
    round_trip(&Nickname(Some("x".into())));
    round_trip(&Nickname(None));
    round_trip(&Ping);
    round_trip(&Pong);
    round_trip(&[Color::Red, Color::Green, Color::Blue]);
    round_trip(&[Level::Low, Level::Mid, Level::High]);
    let settings = Settings {
        cache: Vec::new(),
        volume: 3,
        theme: "light".into(),
        code: "abc".into(),
    };
    round_trip(&settings);
}

#[test]
fn borrowed_fields_borrow_from_the_input() {
    let bytes = amf3::to_vec(&Chat {
        room: "lobby",
        text: "hi".into(),
    })
    .unwrap();
    let chat: Chat<'_> = amf3::from_slice(&bytes).unwrap();
    assert_eq!(chat.room, "lobby");
    assert!(matches!(chat.text, std::borrow::Cow::Borrowed("hi")));
}

// ---- bytes -------------------------------------------------------------------------------------

/// The `Value` that `user()` stands for.
fn user_value(user: &User) -> Value {
    let address = user.address.as_ref().unwrap();
    typed(
        "com.example.User",
        &[
            ("userId", Value::from(user.user_id as i32)),
            ("displayName", Value::from(user.display_name.as_str())),
            ("email", Value::Null),
            ("score", Value::from(user.score)),
            ("admin", Value::from(user.admin)),
            (
                "tags",
                Value::array(user.tags.iter().map(|t| Value::from(t.as_str()))),
            ),
            ("avatar", Value::ByteArray(user.avatar.0.clone().into())),
            (
                "home",
                typed(
                    "com.example.Address",
                    &[
                        ("city", address.city.as_str().into()),
                        ("zip", address.zip.into()),
                    ],
                ),
            ),
        ],
    )
}

#[test]
fn a_typed_struct_writes_the_bytes_of_its_value() {
    let user = user();
    assert_eq!(amf3::to_vec(&user).unwrap(), bytes_of(&user_value(&user)));
}

#[test]
fn traits_are_written_once_then_referenced() {
    let users = vec![user(), user(), user()];
    let bytes = amf3::to_vec(&users).unwrap();
    assert_eq!(bytes, bytes_of(&Value::array(users.iter().map(user_value))));
    let alias = b"com.example.User";
    let count = bytes.windows(alias.len()).filter(|w| w == alias).count();
    assert_eq!(count, 1, "the alias is written once");
    // The second user: object marker, then trait reference #0 (U29 0b0001).
    let second = amf3::to_vec(&user()).unwrap().len();
    assert_eq!(&bytes[3 + second..3 + second + 2], &[0x0a, 0x01]);
}

#[test]
fn anonymous_structs_are_dynamic_objects() {
    let pair = Pair {
        first: 1,
        second: "two".to_owned(),
    };
    let value = Value::object([("first", Value::from(1)), ("second", Value::from("two"))]);
    let bytes = amf3::to_vec(&pair).unwrap();
    assert_eq!(bytes, bytes_of(&value));
    // marker, traits U29 0b1011 (inline, dynamic, no sealed member), class "", members, end.
    assert_eq!(&bytes[..3], &[0x0a, 0x0b, 0x01]);
    assert_eq!(bytes.last(), Some(&0x01));
}

#[test]
fn dynamic_fields_follow_the_sealed_members() {
    let bag = Bag {
        name: "b".into(),
        extras: BTreeMap::from([("x".into(), Value::from(1)), ("y".into(), Value::Null)]),
    };
    let mut value = Object::typed(
        std::sync::Arc::new(Traits {
            class_name: "com.example.Bag".into(),
            sealed: vec!["name".into()],
            dynamic: true,
            externalizable: false,
        }),
        vec!["b".into()],
    );
    value.dynamic = vec![("x".into(), Value::from(1)), ("y".into(), Value::Null)];
    assert_eq!(amf3::to_vec(&bag).unwrap(), bytes_of(&Value::from(value)));
}

#[test]
fn newtypes_and_unit_structs() {
    assert_eq!(
        amf3::to_vec(&UserId(300)).unwrap(),
        amf3::to_vec(&300u32).unwrap()
    );
    assert_eq!(amf3::to_vec(&Ping).unwrap(), [0x0a, 0x0b, 0x01, 0x01]);
    let pong = [
        0x0a, 0x03, 0x21, b'c', b'o', b'm', b'.', b'e', b'x', b'a', b'm', b'p', b'l', b'e', b'.',
        b'P', b'o', b'n', b'g',
    ];
    assert_eq!(amf3::to_vec(&Pong).unwrap(), pong);
}

#[test]
fn enums_travel_as_names_integers_and_tagged_objects() {
    assert_eq!(
        amf3::to_vec(&Color::Green).unwrap(),
        bytes_of(&"verde".into())
    );
    assert_eq!(amf3::to_vec(&Color::Red).unwrap(), bytes_of(&"red".into()));
    assert_eq!(
        amf3::to_vec(&Level::Low).unwrap(),
        bytes_of(&Value::from(-1))
    );
    assert_eq!(
        amf3::to_vec(&Level::High).unwrap(),
        bytes_of(&Value::from(10))
    );

    let circle = Shape::Circle { radius: 1.5 };
    let expected = typed(
        "com.example.Shape",
        &[("kind", "Circle".into()), ("radius", 1.5.into())],
    );
    assert_eq!(amf3::to_vec(&circle).unwrap(), bytes_of(&expected));
    let square = Shape::Square {
        side: 2.0,
        filled: true,
    };
    let expected = typed(
        "com.example.Square",
        &[
            ("kind", "Square".into()),
            ("side", 2.0.into()),
            ("filled", true.into()),
        ],
    );
    assert_eq!(amf3::to_vec(&square).unwrap(), bytes_of(&expected));

    let moved = Event::Moved { x: 1, y: 2 };
    let expected = Value::object([
        ("type", Value::from("moved")),
        ("data", Value::object([("x", 1.into()), ("y", 2.into())])),
    ]);
    assert_eq!(amf3::to_vec(&moved).unwrap(), bytes_of(&expected));
    let joined = Value::object([("type", Value::from("joined")), ("data", "ann".into())]);
    assert_eq!(
        amf3::to_vec(&Event::Joined("ann".into())).unwrap(),
        bytes_of(&joined)
    );
    let quit = Value::object([("type", Value::from("quit"))]);
    assert_eq!(amf3::to_vec(&Event::Quit).unwrap(), bytes_of(&quit));
}

// ---- decoding rules ----------------------------------------------------------------------------

#[test]
fn members_in_any_order_and_unknown_members_are_fine() {
    let value = typed(
        "com.example.Address",
        &[
            ("unknown", Value::array([1.into()])),
            ("zip", 9.into()),
            ("city", "Rome".into()),
        ],
    );
    let address: Address = amf3::from_slice(&bytes_of(&value)).unwrap();
    assert_eq!(
        address,
        Address {
            city: "Rome".into(),
            zip: 9
        }
    );
}

#[test]
fn a_missing_member_names_the_class_and_the_member() {
    let value = typed("com.example.Address", &[("city", "Rome".into())]);
    let kind = decode_err::<Address>(&bytes_of(&value), &DecodeOptions::default());
    assert_eq!(
        kind.to_string(),
        "object of class `com.example.Address` lacks member `zip`"
    );
    let anonymous = Value::object([("first", Value::from(1))]);
    let kind = decode_err::<Pair<i32, i32>>(&bytes_of(&anonymous), &DecodeOptions::default());
    assert_eq!(
        kind.to_string(),
        "object of class `Pair` lacks member `second`"
    );
}

#[test]
fn missing_options_and_defaults() {
    let value = typed("com.example.Settings", &[("code", "XY".into())]);
    let settings: Settings = amf3::from_slice(&bytes_of(&value)).unwrap();
    assert_eq!(
        settings,
        Settings {
            cache: Vec::new(),
            volume: 0,
            theme: "dark".into(),
            code: "xy".into()
        }
    );
    // `with` fields are required unless they have a default.
    let kind = decode_err::<Settings>(
        &bytes_of(&typed("com.example.Settings", &[])),
        &DecodeOptions::default(),
    );
    assert_eq!(
        kind.to_string(),
        "object of class `com.example.Settings` lacks member `code`"
    );
    // A skipped field is never written, and never read even if present.
    let bytes = amf3::to_vec(&Settings {
        cache: vec![1],
        ..settings.clone()
    })
    .unwrap();
    assert_eq!(bytes, amf3::to_vec(&settings).unwrap());
    let with_cache = typed(
        "com.example.Settings",
        &[("cache", Value::from(1)), ("code", "A".into())],
    );
    let read: Settings = amf3::from_slice(&bytes_of(&with_cache)).unwrap();
    assert!(read.cache.is_empty());

    let value = typed(
        "com.example.User",
        &[
            ("userId", 1.into()),
            ("displayName", "x".into()),
            ("score", 0.5.into()),
            ("admin", false.into()),
            ("tags", Value::array([])),
            ("avatar", Value::ByteArray(vec![].into())),
        ],
    );
    let user: User = amf3::from_slice(&bytes_of(&value)).unwrap();
    assert_eq!((user.email, user.address), (None, None));
    let left: Event =
        amf3::from_slice(&bytes_of(&Value::object([("type", Value::from("left"))]))).unwrap();
    assert_eq!(left, Event::Left(None));
}

#[test]
fn an_alias_mismatch_names_both_aliases() {
    let value = typed(
        "com.example.Other",
        &[("city", "Rome".into()), ("zip", 1.into())],
    );
    let kind = decode_err::<Address>(&bytes_of(&value), &DecodeOptions::default());
    assert_eq!(
        kind.to_string(),
        "expected an object of class `com.example.Address`, found class `com.example.Other`"
    );
}

#[test]
fn anonymous_objects_decode_into_typed_structs_unless_strict() {
    let value = Value::object([("city", Value::from("Rome")), ("zip", 1.into())]);
    let bytes = bytes_of(&value);
    let lenient: Address = amf3::from_slice(&bytes).unwrap();
    assert_eq!(lenient.zip, 1);
    let strict = DecodeOptions::default().alias_policy(AliasPolicy::Strict);
    let kind = decode_err::<Address>(&bytes, &strict);
    assert_eq!(
        kind.to_string(),
        "expected an object of class `com.example.Address`, found an anonymous object (strict alias policy)"
    );
    // An anonymous struct accepts any class.
    let typed_pair = typed(
        "com.example.Pair",
        &[("first", 1.into()), ("second", 2.into())],
    );
    let pair: Pair<i32, i32> = amf3::from_slice_with(&bytes_of(&typed_pair), &strict).unwrap();
    assert_eq!(
        pair,
        Pair {
            first: 1,
            second: 2
        }
    );
}

#[test]
fn unknown_variants_name_the_enum_and_the_value() {
    let kind = decode_err::<Color>(&bytes_of(&"purple".into()), &DecodeOptions::default());
    assert_eq!(kind.to_string(), "enum `Color` has no variant \"purple\"");
    let kind = decode_err::<Level>(&bytes_of(&7.into()), &DecodeOptions::default());
    assert_eq!(kind.to_string(), "enum `Level` has no variant 7");
    let hexagon = typed("com.example.Shape", &[("kind", "Hexagon".into())]);
    let kind = decode_err::<Shape>(&bytes_of(&hexagon), &DecodeOptions::default());
    assert_eq!(kind.to_string(), "enum `Shape` has no variant \"Hexagon\"");
    let untagged = typed("com.example.Shape", &[("radius", 1.into())]);
    let kind = decode_err::<Shape>(&bytes_of(&untagged), &DecodeOptions::default());
    assert_eq!(
        kind.to_string(),
        "object of class `com.example.Shape` lacks member `kind`"
    );
}

#[test]
fn the_tag_may_come_last() {
    // PyAMF writes sealed members in alphabetical order.
    let value = typed(
        "com.example.Square",
        &[
            ("filled", true.into()),
            ("kind", "Square".into()),
            ("side", 3.into()),
        ],
    );
    let shapes: Vec<Shape> =
        amf3::from_slice(&bytes_of(&Value::array([value.clone(), value]))).unwrap();
    assert_eq!(
        shapes,
        [
            Shape::Square {
                side: 3.0,
                filled: true
            },
            Shape::Square {
                side: 3.0,
                filled: true
            }
        ]
    );
    let event = Value::object([
        ("data", Value::object([("y", 2.into()), ("x", 1.into())])),
        ("type", "moved".into()),
    ]);
    let event: Event = amf3::from_slice(&bytes_of(&event)).unwrap();
    assert_eq!(event, Event::Moved { x: 1, y: 2 });
}

#[test]
fn a_variant_checks_its_own_alias() {
    let value = typed(
        "com.example.Shape",
        &[("kind", "Square".into()), ("side", 1.into())],
    );
    let kind = decode_err::<Shape>(&bytes_of(&value), &DecodeOptions::default());
    assert_eq!(
        kind.to_string(),
        "expected an object of class `com.example.Square`, found class `com.example.Shape`"
    );
}

#[test]
fn dynamic_members_are_collected_or_ignored() {
    let value = {
        let mut open = Object::typed(
            std::sync::Arc::new(Traits {
                class_name: "com.example.Bag".into(),
                sealed: vec!["name".into(), "level".into()],
                dynamic: true,
                externalizable: false,
            }),
            vec!["n".into(), 3.into()],
        );
        open.dynamic = vec![("color".into(), "red".into())];
        Value::from(open)
    };
    let bag: Bag = amf3::from_slice(&bytes_of(&value)).unwrap();
    assert_eq!(bag.name, "n");
    // Unknown sealed members go to the map too: it holds everything that is not a field.
    assert_eq!(
        bag.extras,
        BTreeMap::from([("level".into(), 3.into()), ("color".into(), "red".into())])
    );

    let open = Value::object([("id", Value::from(2)), ("other", true.into())]);
    let open: Open = amf3::from_slice(&bytes_of(&open)).unwrap();
    assert_eq!(open, Open { id: 2 });
}

#[test]
fn custom_codecs_plug_into_the_decoder() {
    let mut encoder = Encoder::new();
    encoder
        .encode(&Settings {
            cache: vec![],
            volume: 1,
            theme: "t".into(),
            code: "ok".into(),
        })
        .unwrap();
    let bytes = encoder.into_bytes();
    let mut decoder = Decoder::new(&bytes);
    let value = Value::decode(&mut decoder).unwrap();
    assert_eq!(value.get("code"), Some(&Value::from("OK")));
}

#[test]
fn encode_errors_pass_through() {
    let too_big = Page {
        items: vec![u64::MAX],
        total: 0,
    };
    assert!(matches!(
        amf3::to_vec(&too_big),
        Err(EncodeError::IntegerPrecision(_))
    ));
    let empty_key = Loose {
        id: 1,
        rest: HashMap::from([(String::new(), 1)]),
    };
    assert!(matches!(
        amf3::to_vec(&empty_key),
        Err(EncodeError::Custom(_))
    ));
}
