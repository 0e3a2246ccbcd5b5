//! The serde bridge: `Serialize`/`Deserialize` types through `amf3::Serde`.
#![cfg(feature = "serde")]

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;
use std::sync::Arc;

use amf_runtime::amf3::{
    self, Array, DecodeErrorKind, Encode, EncodeError, Object, ObjectVector, Serde, Traits, Value,
    Vector, ARRAY_COLLECTION,
};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The AMF3 of an `Encode` value (a `Value`, a number...), to compare with.
fn amf<T: Encode + ?Sized>(value: &T) -> Vec<u8> {
    amf3::to_vec(value).expect("encodes")
}

/// Encodes `value` through serde.
fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    amf3::to_vec(&Serde(value)).expect("encodes")
}

/// Decodes one value through serde.
fn decode<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, amf3::DecodeError> {
    amf3::from_slice::<Serde<T>>(bytes).map(|Serde(value)| value)
}

/// Encodes `value` through serde and decodes it back.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
    let bytes = encode(value);
    assert_eq!(
        &decode::<T>(&bytes).expect("decodes"),
        value,
        "bytes: {bytes:02x?}"
    );
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Point {
    x: i32,
    y: i32,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Player {
    name: String,
    level: u16,
    score: f64,
    position: Point,
    path: Vec<Point>,
    tags: Vec<String>,
    guild: Option<String>,
}

fn player() -> Player {
    Player {
        name: "ana".into(),
        level: 7,
        score: 1.5,
        position: Point { x: 1, y: -2 },
        path: vec![Point { x: 0, y: 0 }, Point { x: 3, y: 4 }],
        tags: vec!["ana".into(), "pro".into()],
        guild: None,
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
enum Shape {
    Empty,
    Circle(i32),
    Segment(i32, i32),
    Rect { w: u32, h: u32 },
}

#[test]
fn structs_round_trip() {
    round_trip(&Point { x: 1, y: 2 });
    round_trip(&player());
    round_trip(&Player {
        guild: Some("knights".into()),
        path: vec![],
        ..player()
    });
}

#[test]
fn collections_options_and_tuples_round_trip() {
    round_trip(&vec![1u8, 2, 255]);
    round_trip(&vec![vec![1i64, -1], vec![], vec![1 << 40]]);
    round_trip(&HashMap::from([
        ("a".to_string(), 1u32),
        ("b".to_string(), 2),
    ]));
    round_trip(&BTreeMap::from([
        ("x".to_string(), Some(Point { x: 1, y: 1 })),
        ("y".to_string(), None),
    ]));
    round_trip(&(1u8, "two".to_string(), 3.5f64, true));
    round_trip(&Some(5i32));
    round_trip(&None::<i32>);
    round_trip(&());
    round_trip(&'é');

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Meters(f64);
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Pair(i32, String);
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Unit;
    round_trip(&Meters(2.5));
    round_trip(&Pair(1, "a".into()));
    round_trip(&Unit);
    assert_eq!(encode(&Meters(2.5)), amf(&2.5f64));
    assert_eq!(
        encode(&Pair(1, "a".into())),
        amf(&Value::array([1.into(), "a".into()]))
    );
    assert_eq!(encode(&Unit), [0x01]);
}

#[test]
fn enums_of_every_shape_round_trip() {
    for shape in [
        Shape::Empty,
        Shape::Circle(3),
        Shape::Segment(1, 2),
        Shape::Rect { w: 4, h: 5 },
    ] {
        round_trip(&shape);
    }
    round_trip(&vec![
        Shape::Circle(1),
        Shape::Empty,
        Shape::Rect { w: 1, h: 2 },
    ]);

    assert_eq!(encode(&Shape::Empty), amf("Empty"));
    assert_eq!(
        encode(&Shape::Circle(3)),
        amf(&Value::object([("Circle", 3.into())]))
    );
    assert_eq!(
        encode(&Shape::Segment(1, 2)),
        amf(&Value::object([(
            "Segment",
            Value::array([1.into(), 2.into()])
        )]))
    );
    assert_eq!(
        encode(&Shape::Rect { w: 4, h: 5 }),
        amf(&Value::object([(
            "Rect",
            Value::object([("w", 4.into()), ("h", 5.into())])
        )]))
    );
    // A unit variant also reads from `{Name: null}`.
    assert_eq!(
        decode::<Shape>(&amf(&Value::object([("Empty", Value::Null)]))).unwrap(),
        Shape::Empty
    );
}

#[test]
fn enum_errors() {
    let err = decode::<Shape>(&amf("Square")).unwrap_err();
    assert!(
        err.to_string().contains("unknown variant `Square`"),
        "{err}"
    );
    let err = decode::<Shape>(&amf(&Value::object::<&str>([]))).unwrap_err();
    assert!(err.to_string().contains("found none"), "{err}");
    let two = Value::object([("Circle", 1.into()), ("Empty", Value::Null)]);
    let err = decode::<Shape>(&amf(&two)).unwrap_err();
    assert!(err.to_string().contains("found another, `Empty`"), "{err}");
    let err = decode::<Shape>(&amf(&Value::Integer(1))).unwrap_err();
    assert_eq!(err.offset(), 0);
    assert!(
        matches!(
            err.kind(),
            DecodeErrorKind::UnexpectedType {
                found: "integer",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn struct_writes_the_bytes_of_the_equivalent_value() {
    let value = Value::object([
        ("name", "ana".into()),
        ("level", 7.into()),
        ("score", 1.5.into()),
        (
            "position",
            Value::object([("x", 1.into()), ("y", (-2).into())]),
        ),
        (
            "path",
            Value::array([
                Value::object([("x", 0.into()), ("y", 0.into())]),
                Value::object([("x", 3.into()), ("y", 4.into())]),
            ]),
        ),
        ("tags", Value::array(["ana".into(), "pro".into()])),
        ("guild", Value::Null),
    ]);
    let bytes = encode(&player());
    assert_eq!(bytes, amf(&value));
    // The second "ana" and every object after the first are references (strings, traits).
    assert_eq!(amf3::from_slice::<Value>(&bytes).unwrap(), value);
}

#[test]
fn value_encoded_objects_decode_into_serde_types() {
    let anonymous = Value::object([
        ("y", 2.into()),
        ("extra", "ignored".into()),
        ("x", 1.into()),
    ]);
    let bytes = amf(&anonymous);
    assert_eq!(decode::<Point>(&bytes).unwrap(), Point { x: 1, y: 2 });

    // A typed object: its alias is ignored, its sealed members read like dynamic ones.
    let traits = Traits::sealed("com.example.Point", ["x", "y"]);
    let typed = Value::Object(Arc::new(Object::typed(
        traits,
        vec![5.into(), Value::Double(6.0)],
    )));
    let bytes = amf(&typed);
    assert_eq!(decode::<Point>(&bytes).unwrap(), Point { x: 5, y: 6 });
    assert_eq!(
        decode::<BTreeMap<String, i32>>(&bytes).unwrap(),
        BTreeMap::from([("x".into(), 5), ("y".into(), 6)])
    );

    // The same object twice: the second is an object reference.
    let point = Value::object([("x", 1.into()), ("y", 2.into())]);
    let bytes = amf(&Value::array([point.clone(), point]));
    assert_eq!(
        decode::<Vec<Point>>(&bytes).unwrap(),
        vec![Point { x: 1, y: 2 }; 2]
    );
}

#[test]
fn other_sequences_and_maps_read_too() {
    let ints = Value::VectorInt(Arc::new(Vector {
        fixed: false,
        items: vec![1, -2, 3],
    }));
    assert_eq!(decode::<Vec<i32>>(&amf(&ints.clone())).unwrap(), [1, -2, 3]);
    assert_eq!(decode::<Vec<f64>>(&amf(&ints)).unwrap(), [1.0, -2.0, 3.0]);
    let doubles = Value::VectorDouble(Arc::new(Vector {
        fixed: true,
        items: vec![1.0, 2.5],
    }));
    assert_eq!(
        decode::<Vec<f64>>(&amf(&doubles.clone())).unwrap(),
        [1.0, 2.5]
    );
    assert!(matches!(
        decode::<Vec<i32>>(&amf(&doubles)).unwrap_err().kind(),
        DecodeErrorKind::NumberOutOfRange { target: "i32", .. }
    ));
    let objects = Value::VectorObject(Arc::new(ObjectVector {
        fixed: false,
        type_name: String::new(),
        items: vec![Value::object([("x", 1.into()), ("y", 2.into())])],
    }));
    assert_eq!(
        decode::<Vec<Point>>(&amf(&objects)).unwrap(),
        [Point { x: 1, y: 2 }]
    );

    let collection = Value::from(Object::external(
        ARRAY_COLLECTION,
        Value::array(["a".into(), "b".into()]),
    ));
    assert_eq!(
        decode::<Vec<String>>(&amf(&collection)).unwrap(),
        ["a", "b"]
    );

    let assoc = Value::from(Array {
        dense: vec![],
        assoc: vec![("x".into(), 1.into()), ("y".into(), 2.into())],
    });
    assert_eq!(
        decode::<Point>(&amf(&assoc.clone())).unwrap(),
        Point { x: 1, y: 2 }
    );
    assert_eq!(
        decode::<HashMap<String, i32>>(&amf(&assoc)).unwrap(),
        HashMap::from([("x".into(), 1), ("y".into(), 2)])
    );
}

/// A type that takes any value, as untagged enums do (`deserialize_any`).
#[derive(Deserialize, Debug, PartialEq)]
#[serde(untagged)]
enum Any {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    #[serde(with = "serde_bytes")]
    Bytes(Vec<u8>),
    List(Vec<Any>),
    Map(BTreeMap<String, Any>),
}

#[test]
fn any_value_maps_each_marker() {
    let value = Value::object([
        ("undefined", Value::Undefined),
        ("null", Value::Null),
        ("bool", true.into()),
        ("int", 7.into()),
        ("double", 0.5.into()),
        ("string", "s".into()),
        ("xml", Value::Xml("<a/>".into())),
        ("date", Value::Date(amf3::Date { millis: 1e12 })),
        // Not UTF-8, or `Text` would take it.
        ("bytes", Value::ByteArray(Arc::from(&[0xffu8, 0][..]))),
        ("array", Value::array([1.into(), "two".into()])),
    ]);
    let any = decode::<Any>(&amf(&value)).unwrap();
    let expected = Any::Map(BTreeMap::from([
        ("undefined".into(), Any::Null),
        ("null".into(), Any::Null),
        ("bool".into(), Any::Bool(true)),
        ("int".into(), Any::Int(7)),
        ("double".into(), Any::Float(0.5)),
        ("string".into(), Any::Text("s".into())),
        ("xml".into(), Any::Text("<a/>".into())),
        ("date".into(), Any::Float(1e12)),
        ("bytes".into(), Any::Bytes(vec![0xff, 0])),
        (
            "array".into(),
            Any::List(vec![Any::Int(1), Any::Text("two".into())]),
        ),
    ]));
    assert_eq!(any, expected);
}

#[test]
fn bytes_travel_as_byte_arrays() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Blob {
        #[serde(with = "serde_bytes")]
        data: Vec<u8>,
        buf: serde_bytes::ByteBuf,
    }
    let blob = Blob {
        data: vec![1, 2, 3],
        buf: serde_bytes::ByteBuf::from(vec![]),
    };
    round_trip(&blob);
    let bytes = encode(&blob);
    let value = Value::object([
        ("data", Value::ByteArray(Arc::from(&[1u8, 2, 3][..]))),
        ("buf", Value::ByteArray(Arc::from(&[][..]))),
    ]);
    assert_eq!(bytes, amf(&value));

    // A plain Vec<u8> is an Array of integers, and reads from a ByteArray too.
    assert_eq!(
        encode(&vec![1u8, 2]),
        amf(&Value::array([1.into(), 2.into()]))
    );
    let byte_array = amf(&Value::ByteArray(Arc::from(&[9u8, 8][..])));
    assert_eq!(decode::<Vec<u8>>(&byte_array).unwrap(), [9, 8]);
    assert_eq!(decode::<[u8; 2]>(&byte_array).unwrap(), [9, 8]);
}

#[test]
fn borrowed_strings_and_bytes_are_zero_copy() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Borrowed<'a> {
        name: &'a str,
        #[serde(borrow)]
        title: Cow<'a, str>,
        #[serde(with = "serde_bytes")]
        data: &'a [u8],
        names: Vec<&'a str>,
    }
    let value = Borrowed {
        name: "ana",
        title: Cow::Borrowed("captain"),
        data: b"xyz",
        names: vec!["bob", "ana"],
    };
    let bytes = encode(&value);
    let back: Borrowed<'_> = decode(&bytes).unwrap();
    assert_eq!(back, value);
    let input = bytes.as_ptr_range();
    assert!(input.contains(&back.name.as_ptr()));
    assert!(matches!(back.title, Cow::Borrowed(s) if input.contains(&s.as_ptr())));
    assert!(input.contains(&back.data.as_ptr()));
    assert!(back.names.iter().all(|s| input.contains(&s.as_ptr())));
}

#[test]
fn rename_all_default_and_skip() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Settings {
        player_name: String,
        #[serde(default)]
        sound_volume: u8,
        #[serde(skip_serializing_if = "Option::is_none")]
        last_seen: Option<f64>,
        #[serde(skip)]
        cache: Vec<u8>,
    }
    let settings = Settings {
        player_name: "ana".into(),
        sound_volume: 3,
        last_seen: None,
        cache: vec![1],
    };
    let bytes = encode(&settings);
    let value = Value::object([("playerName", "ana".into()), ("soundVolume", 3.into())]);
    assert_eq!(bytes, amf(&value));
    let back: Settings = decode(&bytes).unwrap();
    assert_eq!(
        back,
        Settings {
            cache: vec![],
            ..settings
        }
    );

    let only_name = amf(&Value::object([("playerName", "bob".into())]));
    let back: Settings = decode(&only_name).unwrap();
    assert_eq!(
        (back.player_name.as_str(), back.sound_volume, back.last_seen),
        ("bob", 0, None)
    );
}

#[test]
fn deny_unknown_fields_rejects_extra_members() {
    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Strict {
        a: i32,
    }
    // 0a 0b 01 | 03 61 04 01 | 03 62 04 02 | 01: the value of `b` starts at byte 9.
    let bytes = amf(&Value::object([("a", 1.into()), ("b", 2.into())]));
    let err = decode::<Strict>(&bytes).unwrap_err();
    assert!(err.to_string().contains("unknown field `b`"), "{err}");
    assert_eq!(err.offset(), 9);
}

#[test]
fn wrong_types_are_errors_at_the_value() {
    // 0a 0b 01 | 03 78 04 01 | 03 79 06 03 32 | 01: the value of `y` starts at byte 9.
    let bytes = amf(&Value::object([("x", 1.into()), ("y", "2".into())]));
    let err = decode::<Point>(&bytes).unwrap_err();
    assert_eq!(err.offset(), 9);
    assert!(
        matches!(
            err.kind(),
            DecodeErrorKind::UnexpectedType {
                expected: "number",
                found: "string",
                ..
            }
        ),
        "{err}"
    );

    // Deeper: in the second item of an array inside an object.
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Route {
        start: Point,
        path: Vec<Point>,
    }
    let origin = Value::object([("x", 0.into()), ("y", 0.into())]);
    let bad = Value::object([("x", 1.into()), ("y", "bad".into())]);
    let bytes = amf3::to_vec(&Value::object([
        ("start", origin.clone()),
        ("path", Value::array([origin, bad])),
    ]))
    .unwrap();
    let at = bytes
        .windows(3)
        .position(|w| w == [0x06, 0x07, b'b'])
        .unwrap();
    let err = decode::<Route>(&bytes).unwrap_err();
    assert_eq!(err.offset(), at);

    // 0a 0b 01 | 09 6e 61 6d 65 | 04 01 ...: the value of `name` starts at byte 8.
    let err = decode::<Player>(&amf(&Value::object([("name", 1.into())]))).unwrap_err();
    assert_eq!(err.offset(), 8);
    assert!(err.to_string().contains("expected a string"), "{err}");

    let err = decode::<Player>(&amf(&Value::object([("name", "n".into())]))).unwrap_err();
    assert_eq!(err.offset(), 0);
    assert!(err.to_string().contains("missing field `level`"), "{err}");

    let err = decode::<Vec<i32>>(&amf(&Value::array([1.into(), true.into()]))).unwrap_err();
    assert_eq!(err.offset(), 5);
    assert!(
        matches!(
            err.kind(),
            DecodeErrorKind::UnexpectedType {
                found: "boolean",
                ..
            }
        ),
        "{err}"
    );

    let err =
        decode::<(i32, i32)>(&amf(&Value::array([1.into(), 2.into(), 3.into()]))).unwrap_err();
    assert_eq!(err.offset(), 0);
    assert!(err.to_string().contains("1 more array items"), "{err}");
}

#[test]
fn integers_out_of_range() {
    // Writing: beyond ±2^53 a double would change the number.
    assert_eq!(encode(&(1i64 << 53)), amf(&((1u64 << 53) as f64)));
    let err = amf3::to_vec(&Serde((1u64 << 53) + 1)).unwrap_err();
    assert_eq!(err, EncodeError::IntegerPrecision((1 << 53) + 1));
    assert!(amf3::to_vec(&Serde(u128::MAX))
        .unwrap_err()
        .to_string()
        .contains("2^53"));
    assert_eq!(encode(&300u32), [0x04, 0x82, 0x2c]);
    assert_eq!(encode(&(1i32 << 28)), amf(&f64::from(1 << 28)));

    // Reading: an integer type takes a number it holds exactly.
    assert_eq!(decode::<u8>(&amf(&3.0f64)).unwrap(), 3);
    assert_eq!(
        decode::<i64>(&amf(&9e15f64)).unwrap(),
        9_000_000_000_000_000
    );
    for (bytes, target) in [
        (amf(&300), "u8"),
        (amf(&3.5f64), "u8"),
        (amf(&(-1)), "u8"),
        (amf(&f64::NAN), "u8"),
    ] {
        let err = decode::<u8>(&bytes).unwrap_err();
        assert!(
            matches!(err.kind(), DecodeErrorKind::NumberOutOfRange { target: t, .. } if *t == target),
            "{err}"
        );
    }
    // In a struct, at the member's value: 0a 0b 01 | 03 78 04 82 2c ...
    let bytes = amf(&Value::object([("x", 300.into())]));
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Small {
        x: u8,
    }
    let err = decode::<Small>(&bytes).unwrap_err();
    assert_eq!(err.offset(), 5);
}

#[test]
fn map_keys_are_member_names() {
    round_trip(&BTreeMap::from([
        (1u32, "one".to_string()),
        (20, "twenty".into()),
    ]));
    round_trip(&HashMap::from([(-5i64, true)]));
    round_trip(&BTreeMap::from([(true, 1), (false, 0)]));
    round_trip(&BTreeMap::from([('k', 1)]));
    assert_eq!(
        encode(&BTreeMap::from([(1u32, 2u32)])),
        amf(&Value::object([("1", 2.into())]))
    );

    #[derive(Serialize, Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord)]
    enum Slot {
        Head,
        Feet,
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord)]
    struct Id(u16);
    round_trip(&BTreeMap::from([(Slot::Head, 1), (Slot::Feet, 2)]));
    round_trip(&BTreeMap::from([(Id(4), "four".to_string())]));

    let err = amf3::to_vec(&Serde(HashMap::from([((1, 2), 3)]))).unwrap_err();
    assert!(err.to_string().contains("a map key must be"), "{err}");
    let err = amf3::to_vec(&Serde(HashMap::from([(String::new(), 3)]))).unwrap_err();
    assert!(err.to_string().contains("empty name"), "{err}");
    let err = decode::<HashMap<u8, i32>>(&amf(&Value::object([("x", 1.into())]))).unwrap_err();
    assert!(
        err.to_string()
            .contains("invalid type: string \"x\", expected u8"),
        "{err}"
    );
}

#[test]
fn sequences_of_unknown_length_are_an_error() {
    struct Odd(Vec<i32>);
    impl Serialize for Odd {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(self.0.iter().filter(|n| *n % 2 == 1))
        }
    }
    let err = amf3::to_vec(&Serde(Odd(vec![1, 2, 3]))).unwrap_err();
    assert!(err.to_string().contains("unknown length"), "{err}");
    let mut encoder = amf3::Encoder::new();
    assert!(encoder.frame(&Serde(Odd(vec![1]))).is_err());
    assert!(encoder.is_empty());
}

#[test]
fn a_cycle_is_an_error_not_a_stack_overflow() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Nest(Vec<Nest>);
    // An array whose only item is a reference to itself.
    let err = decode::<Nest>(&[0x09, 0x03, 0x01, 0x09, 0x00]).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            DecodeErrorKind::LimitExceeded {
                limit: "max_depth",
                ..
            }
        ),
        "{err}"
    );
    // An object that holds itself.
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Node {
        next: Option<Box<Node>>,
    }
    let err = decode::<Node>(&[
        0x0a, 0x0b, 0x01, 0x09, b'n', b'e', b'x', b't', 0x0a, 0x00, 0x01,
    ])
    .unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::CyclicReference(0)),
        "{err}"
    );
}

#[test]
fn a_dictionary_is_an_error() {
    let dict = Value::Dictionary(Arc::new(amf3::Dictionary {
        weak: false,
        entries: vec![(1.into(), "one".into())],
    }));
    let err = decode::<HashMap<i32, String>>(&amf(&dict)).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            DecodeErrorKind::UnexpectedType {
                found: "Dictionary",
                ..
            }
        ),
        "{err}"
    );
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Everything {
    flag: bool,
    small: i8,
    short: i16,
    int: i32,
    long: i64,
    byte: u8,
    ushort: u16,
    uint: u32,
    ulong: u64,
    single: f32,
    double: f64,
    letter: char,
    text: String,
    maybe: Option<String>,
    list: Vec<i32>,
    map: HashMap<String, u16>,
    pair: (u8, String),
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
    shape: Shape,
    shapes: Vec<Shape>,
    point: Point,
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        Just(Shape::Empty),
        any::<i32>().prop_map(Shape::Circle),
        any::<(i32, i32)>().prop_map(|(a, b)| Shape::Segment(a, b)),
        any::<(u32, u32)>().prop_map(|(w, h)| Shape::Rect { w, h }),
    ]
}

fn everything() -> impl Strategy<Value = Everything> {
    const EXACT: i64 = 1 << 53;
    let numbers = (
        any::<bool>(),
        any::<i8>(),
        any::<i16>(),
        any::<i32>(),
        -EXACT..=EXACT,
        any::<u8>(),
        any::<u16>(),
        any::<u32>(),
        0..=EXACT as u64,
        any::<f32>().prop_filter("NaN is not equal to itself", |f| !f.is_nan()),
        any::<f64>().prop_filter("NaN is not equal to itself", |f| !f.is_nan()),
    );
    let others = (
        any::<char>(),
        ".*",
        proptest::option::of(".*"),
        proptest::collection::vec(any::<i32>(), 0..8),
        proptest::collection::hash_map("[a-z]{1,6}", any::<u16>(), 0..6),
        (any::<u8>(), ".*"),
        proptest::collection::vec(any::<u8>(), 0..16),
        shape(),
        proptest::collection::vec(shape(), 0..4),
        any::<(i32, i32)>().prop_map(|(x, y)| Point { x, y }),
    );
    (numbers, others).prop_map(
        |(
            (flag, small, short, int, long, byte, ushort, uint, ulong, single, double),
            (letter, text, maybe, list, map, pair, bytes, shape, shapes, point),
        )| Everything {
            flag,
            small,
            short,
            int,
            long,
            byte,
            ushort,
            uint,
            ulong,
            single,
            double,
            letter,
            text,
            maybe,
            list,
            map,
            pair,
            bytes,
            shape,
            shapes,
            point,
        },
    )
}

proptest! {
    #[test]
    fn everything_round_trips(value in everything()) {
        let bytes = encode(&value);
        prop_assert_eq!(decode::<Everything>(&bytes).unwrap(), value);
    }
}
