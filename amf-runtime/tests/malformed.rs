//! Malformed and hostile AMF3 input: every case must give an `Err` (never a panic, never a hang,
//! never an allocation the input does not pay for), and the error must say what went wrong and
//! where (`DecodeError::kind` and `DecodeError::offset`) wherever that is meaningful.
//!
//! Byte offsets in the comments count from the first byte of the input.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use amf_runtime::amf3::{
    self, Array, ByteArray, ClassDef, Date, Decode, DecodeError, DecodeErrorKind, DecodeLimits,
    DecodeOptions, Decoder, Dictionary, Encode, EncodeError, Encoder, Object, ObjectVector, Traits,
    Value, Vector, ARRAY_COLLECTION, INTEGER_MAX, INTEGER_MIN,
};
use proptest::prelude::*;

// ---- helpers -----------------------------------------------------------------------------------

/// A U29 as AMF3 writes it (canonical: the shortest form).
fn u29(v: u32) -> Vec<u8> {
    assert!(v < 1 << 29, "U29 out of range: {v}");
    match v {
        0..=0x7F => vec![v as u8],
        0x80..=0x3FFF => vec![(v >> 7) as u8 | 0x80, v as u8 & 0x7F],
        0x4000..=0x1F_FFFF => vec![
            (v >> 14) as u8 | 0x80,
            (v >> 7) as u8 | 0x80,
            v as u8 & 0x7F,
        ],
        _ => vec![
            (v >> 22) as u8 | 0x80,
            (v >> 15) as u8 | 0x80,
            (v >> 8) as u8 | 0x80,
            v as u8,
        ],
    }
}

/// The concatenation of byte pieces.
fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// The error of decoding `bytes` as `T` with the default options; panics if it decodes.
#[track_caller]
fn err<'de, T: Decode<'de> + std::fmt::Debug>(bytes: &'de [u8]) -> DecodeError {
    err_with::<T>(bytes, &DecodeOptions::default())
}

/// The error of decoding `bytes` as `T` with `options`; panics if it decodes.
#[track_caller]
fn err_with<'de, T: Decode<'de> + std::fmt::Debug>(
    bytes: &'de [u8],
    options: &DecodeOptions,
) -> DecodeError {
    match amf3::from_slice_with::<T>(bytes, options) {
        Ok(v) => panic!(
            "{bytes:02x?} decoded as {} into {v:?}, expected an error",
            std::any::type_name::<T>()
        ),
        Err(e) => e,
    }
}

fn with_limits(limits: DecodeLimits) -> DecodeOptions {
    DecodeOptions::default().limits(limits)
}

#[track_caller]
fn assert_eof(e: &DecodeError, offset: usize) {
    assert!(
        matches!(e.kind(), DecodeErrorKind::UnexpectedEof { .. }),
        "{e:?}"
    );
    assert_eq!(e.offset(), offset, "{e:?}");
}

#[track_caller]
fn assert_beyond(e: &DecodeError, declared: usize, remaining: usize, offset: usize) {
    assert!(
        matches!(e.kind(), DecodeErrorKind::LengthBeyondInput { declared: d, remaining: r, .. } if *d == declared && *r == remaining),
        "{e:?}"
    );
    assert_eq!(e.offset(), offset, "{e:?}");
}

#[track_caller]
fn assert_limit(e: &DecodeError, limit: &str) {
    assert!(
        matches!(e.kind(), DecodeErrorKind::LimitExceeded { limit: l, max, requested, .. } if *l == limit && requested > max),
        "expected {limit} to be exceeded: {e:?}"
    );
}

#[track_caller]
fn assert_bad_ref(e: &DecodeError, table: &str, index: usize, len: usize, offset: usize) {
    assert!(
        matches!(e.kind(), DecodeErrorKind::BadReference { table: t, index: i, len: l, .. } if *t == table && *i == index && *l == len),
        "expected a {table} reference #{index} into a table of {len}: {e:?}"
    );
    assert_eq!(e.offset(), offset, "{e:?}");
}

#[track_caller]
fn assert_out_of_range(e: &DecodeError, target: &str, value: f64, offset: usize) {
    assert!(
        matches!(e.kind(), DecodeErrorKind::NumberOutOfRange { target: t, value: v, .. }
            if *t == target && (v.to_bits() == value.to_bits() || (v.is_nan() && value.is_nan()))),
        "expected {value} not to fit {target}: {e:?}"
    );
    assert_eq!(e.offset(), offset, "{e:?}");
}

/// Structural equality with doubles compared by their bits (NaN equals itself, -0.0 is not 0.0).
fn same(a: &Value, b: &Value) -> bool {
    let bits = |x: f64, y: f64| x.to_bits() == y.to_bits();
    let all =
        |x: &[Value], y: &[Value]| x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y));
    let named = |x: &[(String, Value)], y: &[(String, Value)]| {
        x.len() == y.len()
            && x.iter()
                .zip(y)
                .all(|((kx, x), (ky, y))| kx == ky && same(x, y))
    };
    match (a, b) {
        (Value::Double(x), Value::Double(y)) => bits(*x, *y),
        (Value::Date(x), Value::Date(y)) => bits(x.millis, y.millis),
        (Value::VectorDouble(x), Value::VectorDouble(y)) => {
            x.fixed == y.fixed
                && x.items.len() == y.items.len()
                && x.items.iter().zip(&y.items).all(|(x, y)| bits(*x, *y))
        }
        (Value::Array(x), Value::Array(y)) => all(&x.dense, &y.dense) && named(&x.assoc, &y.assoc),
        (Value::Object(x), Value::Object(y)) => {
            x.traits == y.traits
                && all(&x.sealed, &y.sealed)
                && named(&x.dynamic, &y.dynamic)
                && match (&x.external, &y.external) {
                    (Some(x), Some(y)) => same(x, y),
                    (None, None) => true,
                    _ => false,
                }
        }
        (Value::VectorObject(x), Value::VectorObject(y)) => {
            x.fixed == y.fixed && x.type_name == y.type_name && all(&x.items, &y.items)
        }
        (Value::Dictionary(x), Value::Dictionary(y)) => {
            x.weak == y.weak
                && x.entries.len() == y.entries.len()
                && x.entries
                    .iter()
                    .zip(&y.entries)
                    .all(|((kx, vx), (ky, vy))| same(kx, ky) && same(vx, vy))
        }
        _ => a == b,
    }
}

// ---- typed targets -----------------------------------------------------------------------------

/// A typed class with one member of each typed kind, written and read by hand as derived code
/// would.
#[derive(Debug, Clone, PartialEq)]
struct Record {
    name: String,
    ids: Vec<i32>,
    scores: BTreeMap<String, f64>,
    nick: Option<String>,
    blob: ByteArray,
    when: Date,
    ok: bool,
    nested: Vec<Vec<u32>>,
    extra: Value,
}

static RECORD: ClassDef = ClassDef::new(
    "com.example.Record",
    &[
        "name", "ids", "scores", "nick", "blob", "when", "ok", "nested", "extra",
    ],
    false,
);

impl Encode for Record {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_object_header(&RECORD)?;
        self.name.encode(e)?;
        self.ids.encode(e)?;
        self.scores.encode(e)?;
        self.nick.encode(e)?;
        self.blob.encode(e)?;
        self.when.encode(e)?;
        self.ok.encode(e)?;
        self.nested.encode(e)?;
        self.extra.encode(e)
    }
}

impl<'de> Decode<'de> for Record {
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        d.read_object(RECORD.alias, |obj| {
            let mut name = None;
            let mut ids = None;
            let mut scores = None;
            let mut nick = None;
            let mut blob = None;
            let mut when = None;
            let mut ok = None;
            let mut nested = None;
            let mut extra = None;
            while let Some(key) = obj.next_member()? {
                match key {
                    "name" => name = Some(obj.value()?),
                    "ids" => ids = Some(obj.value()?),
                    "scores" => scores = Some(obj.value()?),
                    "nick" => nick = Some(obj.value()?),
                    "blob" => blob = Some(obj.value()?),
                    "when" => when = Some(obj.value()?),
                    "ok" => ok = Some(obj.value()?),
                    "nested" => nested = Some(obj.value()?),
                    "extra" => extra = Some(obj.value()?),
                    _ => {} // skipped by the reader
                }
            }
            let missing = |m: &str| obj.decoder().missing_member(RECORD.alias, m);
            Ok(Record {
                name: name.ok_or_else(|| missing("name"))?,
                ids: ids.ok_or_else(|| missing("ids"))?,
                scores: scores.ok_or_else(|| missing("scores"))?,
                nick: nick.unwrap_or(None),
                blob: blob.ok_or_else(|| missing("blob"))?,
                when: when.ok_or_else(|| missing("when"))?,
                ok: ok.ok_or_else(|| missing("ok"))?,
                nested: nested.ok_or_else(|| missing("nested"))?,
                extra: extra.ok_or_else(|| missing("extra"))?,
            })
        })
    }
}

/// A recursive typed target: an array of arrays of arrays ... (no sharing, so every reference is
/// read again).
#[derive(Debug, Clone, PartialEq)]
struct Tree(Vec<Tree>);

impl<'de> Decode<'de> for Tree {
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        Vec::<Tree>::decode(d).map(Tree)
    }
}

impl Tree {
    fn nodes(&self) -> usize {
        1 + self.0.iter().map(Tree::nodes).sum::<usize>()
    }
}

/// A typed object that reads member `a` and ignores (skips) every other member.
#[derive(Debug)]
struct OnlyA(i32);

impl<'de> Decode<'de> for OnlyA {
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        d.read_object("", |obj| {
            let mut a = None;
            while let Some(key) = obj.next_member()? {
                if key == "a" {
                    a = Some(obj.value()?);
                }
            }
            a.map(OnlyA)
                .ok_or_else(|| obj.decoder().missing_member("OnlyA", "a"))
        })
    }
}

// ---- the rich value ----------------------------------------------------------------------------

/// One value that uses every AMF3 type, every U29 width, and every kind of reference (string,
/// trait, object, and a cycle back to the root).
fn rich_value() -> Value {
    let user = Traits::sealed("com.example.User", ["name", "age"]);
    let alice = Value::Object(Arc::new(Object::typed(
        user.clone(),
        vec!["alice".into(), Value::Integer(30)],
    )));
    let bob = Value::Object(Arc::new(Object::typed(
        user,
        vec!["bob".into(), Value::Integer(40)],
    )));
    let shared = Value::array([Value::Integer(1), "shared".into()]);
    let bytes = Value::ByteArray(Arc::from(&[0u8, 1, 2, 0x78, 0x9c, 255][..]));
    let mixed = Value::Array(Arc::new(Array {
        dense: vec![Value::Null, Value::Undefined],
        assoc: vec![
            ("key".into(), "value".into()),
            ("n".into(), Value::Double(2.5)),
        ],
    }));
    let typed_dynamic = Value::Object(Arc::new(Object {
        traits: Arc::new(Traits {
            class_name: "com.example.Open".into(),
            sealed: vec!["id".into()],
            dynamic: true,
            externalizable: false,
        }),
        sealed: vec![Value::Integer(7)],
        dynamic: vec![("more".into(), Value::Bool(true))],
        external: None,
    }));
    let dictionary = Value::Dictionary(Arc::new(Dictionary {
        weak: true,
        entries: vec![
            (Value::Integer(1), "one".into()),
            ("two".into(), Value::Integer(2)),
            (alice.clone(), Value::Null),
        ],
    }));
    let integers = [
        0,
        1,
        -1,
        127,
        128,
        16_383,
        16_384,
        2_097_151,
        2_097_152,
        INTEGER_MAX,
        INTEGER_MIN,
    ];
    Value::object([
        ("undefined", Value::Undefined),
        ("null", Value::Null),
        ("yes", Value::Bool(true)),
        ("no", Value::Bool(false)),
        ("integers", Value::array(integers.map(Value::Integer))),
        (
            "doubles",
            Value::array(
                [
                    1.5,
                    -0.0,
                    1e300,
                    f64::INFINITY,
                    f64::MIN_POSITIVE,
                    268_435_456.0,
                ]
                .map(Value::Double),
            ),
        ),
        (
            "strings",
            Value::array(
                ["", "hello", "hello", "héllo ✓ 😀", &"long".repeat(5000)].map(Value::from),
            ),
        ),
        (
            "xml_document",
            Value::XmlDocument(Arc::from("<doc><a>1</a></doc>")),
        ),
        ("xml", Value::Xml(Arc::from("<x y=\"1\"/>"))),
        ("date", Value::Date(Date { millis: 1.5e12 })),
        ("mixed", mixed),
        ("users", Value::array([alice, bob])),
        ("open", typed_dynamic),
        ("bytes", bytes.clone()),
        ("bytes_again", bytes),
        ("shared", shared.clone()),
        ("shared_again", shared),
        (
            "vector_int",
            Value::VectorInt(Arc::new(Vector {
                fixed: true,
                items: vec![0, -1, i32::MAX, i32::MIN],
            })),
        ),
        (
            "vector_uint",
            Value::VectorUint(Arc::new(Vector {
                fixed: false,
                items: vec![0, u32::MAX],
            })),
        ),
        (
            "vector_double",
            Value::VectorDouble(Arc::new(Vector {
                fixed: false,
                items: vec![0.5, -1e-300],
            })),
        ),
        (
            "vector_object",
            Value::VectorObject(Arc::new(ObjectVector {
                fixed: false,
                type_name: "com.example.User".into(),
                items: vec![Value::Null, Value::object([("k", Value::Integer(1))])],
            })),
        ),
        ("dictionary", dictionary),
        (
            "collection",
            Value::Object(Arc::new(Object::external(
                ARRAY_COLLECTION,
                Value::array([Value::Integer(5)]),
            ))),
        ),
        ("empty", Value::object(Vec::<(String, Value)>::new())),
        ("self", Value::ObjectRef(0)),
    ])
}

fn rich_record() -> Record {
    Record {
        name: "record ✓".into(),
        ids: vec![1, -2, 300, INTEGER_MAX, i32::MAX],
        scores: BTreeMap::from([("a".into(), 1.5), ("b".into(), -2.0)]),
        nick: Some("nick".into()),
        blob: ByteArray(vec![9, 8, 7, 6]),
        when: Date { millis: -1234.5 },
        ok: true,
        nested: vec![vec![1, 2], vec![], vec![u32::MAX]],
        extra: Value::array([Value::from("record ✓"), Value::Double(0.25)]),
    }
}

/// Whether a truncated input failed the way a truncated input should: the input ended, or a
/// declared length runs past its end; at an offset inside the input.
#[track_caller]
fn assert_truncated(e: &DecodeError, len: usize) {
    assert!(
        matches!(
            e.kind(),
            DecodeErrorKind::UnexpectedEof { .. } | DecodeErrorKind::LengthBeyondInput { .. }
        ),
        "prefix of {len} bytes: {e:?}"
    );
    assert!(
        e.offset() <= len,
        "prefix of {len} bytes: error offset beyond the input: {e:?}"
    );
}

// ---- truncation --------------------------------------------------------------------------------

#[test]
fn every_prefix_of_a_rich_value_fails_as_truncated() {
    let value = rich_value();
    let bytes = amf3::to_vec(&value).unwrap();
    let back: Value = amf3::from_slice(&bytes).unwrap();
    assert!(
        same(&back, &value),
        "the full encoding must decode to the value"
    );
    for len in 0..bytes.len() {
        let prefix = &bytes[..len];
        assert_truncated(&err::<Value>(prefix), len);
        assert_truncated(&err::<HashMap<String, Value>>(prefix), len);
    }
}

#[test]
fn every_prefix_of_a_typed_record_fails_as_truncated() {
    let record = rich_record();
    let bytes = amf3::to_vec(&record).unwrap();
    assert_eq!(amf3::from_slice::<Record>(&bytes).unwrap(), record);
    for len in 0..bytes.len() {
        let prefix = &bytes[..len];
        assert_truncated(&err::<Record>(prefix), len);
        assert_truncated(&err::<Value>(prefix), len);
    }

    let nested: Vec<Vec<i32>> = vec![vec![1, 2, 3], vec![], vec![INTEGER_MIN, -1]];
    let bytes = amf3::to_vec(&nested).unwrap();
    assert_eq!(amf3::from_slice::<Vec<Vec<i32>>>(&bytes).unwrap(), nested);
    for len in 0..bytes.len() {
        assert_truncated(&err::<Vec<Vec<i32>>>(&bytes[..len]), len);
    }
}

#[test]
fn empty_input_is_unexpected_eof_at_zero() {
    assert_eof(&err::<Value>(&[]), 0);
    assert_eof(&err::<i32>(&[]), 0);
    assert_eof(&err::<Option<String>>(&[]), 0);
    assert_eof(&err::<Record>(&[]), 0);
}

// ---- references --------------------------------------------------------------------------------

#[test]
fn string_reference_out_of_range() {
    // 06 02: a string, U29 2 = reference #1 (at byte 1); the table is empty.
    assert_bad_ref(&err::<Value>(&[0x06, 0x02]), "string", 1, 0, 1);
    assert_bad_ref(&err::<String>(&[0x06, 0x02]), "string", 1, 0, 1);
    assert_bad_ref(&err::<&str>(&[0x06, 0x00]), "string", 0, 0, 1);
    // [ "a", ref #1 ]: the table holds one string; the reference is at byte 7.
    let bytes = [0x09, 0x05, 0x01, 0x06, 0x03, b'a', 0x06, 0x02];
    assert_bad_ref(&err::<Value>(&bytes), "string", 1, 1, 7);
    assert_bad_ref(&err::<Vec<String>>(&bytes), "string", 1, 1, 7);
    // A dynamic member name that is a reference (byte 3) into an empty table.
    let bytes = [0x0a, 0x0b, 0x01, 0x02, 0x01, 0x01];
    assert_bad_ref(&err::<Value>(&bytes), "string", 1, 0, 3);
    assert_bad_ref(&err::<HashMap<String, Value>>(&bytes), "string", 1, 0, 3);
    // The largest reference a U29 carries.
    let bytes = [0x06, 0xff, 0xff, 0xff, 0xfe];
    assert_bad_ref(&err::<Value>(&bytes), "string", (1 << 28) - 1, 0, 1);
}

#[test]
fn trait_reference_out_of_range() {
    // 0a 05: an object whose traits are reference #1 (header at byte 1); no traits yet.
    assert_bad_ref(&err::<Value>(&[0x0a, 0x05]), "trait", 1, 0, 1);
    assert_bad_ref(&err::<Value>(&[0x0a, 0x01]), "trait", 0, 0, 1);
    assert_bad_ref(
        &err::<HashMap<String, i32>>(&[0x0a, 0x01]),
        "trait",
        0,
        0,
        1,
    );
    assert_bad_ref(&err::<Record>(&[0x0a, 0x05]), "trait", 1, 0, 1);
    // [ {}, object with traits #1 ]: one traits entry; the second header is at byte 8.
    let bytes = [0x09, 0x05, 0x01, 0x0a, 0x0b, 0x01, 0x01, 0x0a, 0x05];
    assert_bad_ref(&err::<Value>(&bytes), "trait", 1, 1, 8);
    assert_bad_ref(&err::<Vec<HashMap<String, i32>>>(&bytes), "trait", 1, 1, 8);
}

#[test]
fn object_reference_out_of_range() {
    // 0a 02: object reference #1 (header at byte 1) into an empty table.
    assert_bad_ref(&err::<Value>(&[0x0a, 0x02]), "object", 1, 0, 1);
    assert_bad_ref(&err::<Value>(&[0x09, 0x00]), "object", 0, 0, 1);
    assert_bad_ref(&err::<Vec<i32>>(&[0x09, 0x00]), "object", 0, 0, 1);
    assert_bad_ref(&err::<ByteArray>(&[0x0c, 0x00]), "object", 0, 0, 1);
    assert_bad_ref(&err::<Date>(&[0x08, 0x04]), "object", 2, 0, 1);
    assert_bad_ref(&err::<Record>(&[0x0a, 0x00]), "object", 0, 0, 1);
    // [ ref #2 ]: the table holds the outer array only; the reference is at byte 4.
    let bytes = [0x09, 0x03, 0x01, 0x09, 0x04];
    assert_bad_ref(&err::<Value>(&bytes), "object", 2, 1, 4);
    assert_bad_ref(&err::<Vec<Vec<i32>>>(&bytes), "object", 2, 1, 4);
    // Every object-table marker resolves references the same way.
    for marker in [
        0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11,
    ] {
        assert_bad_ref(
            &err::<Value>(&[marker, 0xff, 0xff, 0xff, 0xfe]),
            "object",
            (1 << 28) - 1,
            0,
            1,
        );
    }
}

// ---- markers -----------------------------------------------------------------------------------

#[test]
fn unknown_markers_are_rejected() {
    // {a: 1, b: null} read by a reader that skips `b`: the shape the cases below break.
    let valid = [
        0x0a, 0x0b, 0x01, 0x03, b'a', 0x04, 0x01, 0x03, b'b', 0x01, 0x01,
    ];
    assert_eq!(amf3::from_slice::<OnlyA>(&valid).unwrap().0, 1);
    for marker in 0x12..=0xffu8 {
        let e = err::<Value>(&[marker]);
        assert_eq!(e.kind(), &DecodeErrorKind::UnknownMarker(marker));
        assert_eq!(e.offset(), 0);
        // Inside an array: the item's marker is at byte 3.
        let e = err::<Value>(&[0x09, 0x03, 0x01, marker]);
        assert_eq!(e.kind(), &DecodeErrorKind::UnknownMarker(marker));
        assert_eq!(e.offset(), 3);
        // As a dynamic member skipped by a typed reader: still read, still rejected (byte 9).
        let bytes = [
            0x0a, 0x0b, 0x01, 0x03, b'a', 0x04, 0x01, 0x03, b'b', marker, 0x01,
        ];
        let e = err::<OnlyA>(&bytes);
        assert_eq!(e.kind(), &DecodeErrorKind::UnknownMarker(marker));
        assert_eq!(e.offset(), 9);
        // Typed targets report the type they expected.
        for e in [
            err::<i32>(&[marker]),
            err::<String>(&[marker]),
            err::<Vec<i32>>(&[marker]),
            err::<Record>(&[marker]),
        ] {
            assert!(
                matches!(
                    e.kind(),
                    DecodeErrorKind::UnexpectedType {
                        found: "unknown marker",
                        ..
                    }
                ),
                "{e:?}"
            );
            assert_eq!(e.offset(), 0);
        }
    }
}

// ---- U29 ---------------------------------------------------------------------------------------

#[test]
fn u29_edge_cases_decode_exactly() {
    let cases: [(&[u8], i32); 10] = [
        (&[0x7f], 127),
        (&[0x81, 0x00], 128),
        (&[0xff, 0x7f], 16_383),
        (&[0x81, 0x80, 0x00], 16_384),
        (&[0xff, 0xff, 0x7f], 2_097_151),
        (&[0x80, 0xc0, 0x80, 0x00], 2_097_152),
        (&[0xbf, 0xff, 0xff, 0xff], INTEGER_MAX), // the 4-byte maximum positive value
        (&[0xc0, 0x80, 0x80, 0x00], INTEGER_MIN),
        (&[0xff, 0xff, 0xff, 0xff], -1), // all 29 bits set
        (&[0x80, 0x80, 0x80, 0x01], 1),  // not the shortest form: read leniently, as Flash does
    ];
    for (u29_bytes, expected) in cases {
        let bytes = cat(&[&[0x04], u29_bytes]);
        assert_eq!(
            amf3::from_slice::<Value>(&bytes).unwrap(),
            Value::Integer(expected),
            "{bytes:02x?}"
        );
        assert_eq!(
            amf3::from_slice::<i32>(&bytes).unwrap(),
            expected,
            "{bytes:02x?}"
        );
        if expected != 1 {
            assert_eq!(
                amf3::to_vec(&expected).unwrap(),
                bytes,
                "the encoder writes the same bytes"
            );
        }
    }
}

#[test]
fn truncated_u29_is_unexpected_eof() {
    assert_eof(&err::<Value>(&[0x04]), 1);
    assert_eof(&err::<Value>(&[0x04, 0x80]), 2);
    assert_eof(&err::<Value>(&[0x04, 0xff, 0xff]), 3);
    assert_eof(&err::<Value>(&[0x04, 0xff, 0xff, 0xff]), 4);
    assert_eof(&err::<i32>(&[0x04, 0xff, 0xff, 0xff]), 4);
    assert_eof(&err::<Value>(&[0x06, 0x80]), 2);
    assert_eof(&err::<String>(&[0x06, 0x80]), 2);
    assert_eof(&err::<Value>(&[0x0a]), 1);
    assert_eof(&err::<Value>(&[0x09, 0xff, 0xff]), 3);
    assert_eof(&err::<Vec<i32>>(&[0x09, 0xff, 0xff]), 3);
    // A truncated U29 inside traits (sealed member count) and a member name.
    assert_eof(&err::<Value>(&[0x0a, 0x83]), 2);
    assert_eof(&err::<Value>(&[0x0a, 0x0b, 0x01, 0x81]), 4);
}

#[test]
fn the_largest_u29_length_hits_limits_or_the_input_end() {
    // U29 1fffffff: inline, length 2^28 - 1; the header ends at byte 5.
    let max = [0xff, 0xff, 0xff, 0xff];
    let huge = (1 << 28) - 1;
    assert_limit(&err::<Value>(&cat(&[&[0x06], &max])), "max_string_len");
    assert_limit(&err::<Value>(&cat(&[&[0x0c], &max])), "max_bytes_len");
    assert_limit(&err::<Value>(&cat(&[&[0x0b], &max])), "max_string_len");
    assert_limit(
        &err::<Value>(&cat(&[&[0x09], &max, &[0x01]])),
        "max_elements",
    );
    assert_limit(
        &err::<Value>(&cat(&[&[0x0d], &max, &[0x00]])),
        "max_elements",
    );
    assert_limit(
        &err::<Value>(&cat(&[&[0x11], &max, &[0x00]])),
        "max_elements",
    );
    // Without those limits, the input's end stops them before anything is reserved.
    let unlimited = with_limits(
        DecodeLimits::default()
            .max_string_len(usize::MAX)
            .max_bytes_len(usize::MAX)
            .max_elements(usize::MAX),
    );
    assert_beyond(
        &err_with::<Value>(&cat(&[&[0x06], &max]), &unlimited),
        huge,
        0,
        5,
    );
    assert_beyond(
        &err_with::<String>(&cat(&[&[0x06], &max]), &unlimited),
        huge,
        0,
        5,
    );
    assert_beyond(
        &err_with::<Value>(&cat(&[&[0x0c], &max]), &unlimited),
        huge,
        0,
        5,
    );
    assert_beyond(
        &err_with::<Vec<u8>>(&cat(&[&[0x0c], &max]), &unlimited),
        huge,
        0,
        5,
    );
    assert_beyond(
        &err_with::<Value>(&cat(&[&[0x09], &max, &[0x01]]), &unlimited),
        huge,
        0,
        6,
    );
    assert_beyond(
        &err_with::<Vec<Value>>(&cat(&[&[0x09], &max, &[0x01]]), &unlimited),
        huge,
        0,
        6,
    );
    assert_beyond(
        &err_with::<Value>(&cat(&[&[0x0e], &max, &[0x00]]), &unlimited),
        huge,
        0,
        6,
    );
    // A sealed member count of 2^25 - 1 (traits header 1fffffe3... has its low bits fixed).
    let traits = u29(((1 << 25) - 1) << 4 | 0b0011);
    assert_limit(
        &err::<Value>(&cat(&[&[0x0a], &traits, &[0x01]])),
        "max_elements",
    );
    assert_beyond(
        &err_with::<Value>(&cat(&[&[0x0a], &traits, &[0x01]]), &unlimited),
        (1 << 25) - 1,
        0,
        6,
    );
}

// ---- declared lengths beyond the input ---------------------------------------------------------

#[test]
fn declared_lengths_beyond_the_input() {
    let len1000 = u29(1000 << 1 | 1); // two bytes: headers end at byte 3
                                      // A string of 1000 bytes with 3 present.
    let bytes = cat(&[&[0x06], &len1000, b"abc"]);
    assert_beyond(&err::<Value>(&bytes), 1000, 3, 3);
    assert_beyond(&err::<String>(&bytes), 1000, 3, 3);
    assert_beyond(&err::<&str>(&bytes), 1000, 3, 3);
    // XML and XMLDocument.
    assert_beyond(
        &err::<Value>(&cat(&[&[0x0b], &len1000, b"<a/>"])),
        1000,
        4,
        3,
    );
    assert_beyond(
        &err::<Value>(&cat(&[&[0x07], &len1000, b"<a/>"])),
        1000,
        4,
        3,
    );
    // A ByteArray.
    let bytes = cat(&[&[0x0c], &len1000, &[1, 2, 3]]);
    assert_beyond(&err::<Value>(&bytes), 1000, 3, 3);
    assert_beyond(&err::<ByteArray>(&bytes), 1000, 3, 3);
    assert_beyond(&err::<Vec<u8>>(&bytes), 1000, 3, 3);
    assert_beyond(&err::<&[u8]>(&bytes), 1000, 3, 3);
    // An array of 1000 items with 2 present (the empty associative part ends at byte 4).
    let bytes = cat(&[&[0x09], &len1000, &[0x01, 0x04, 0x01, 0x04, 0x02]]);
    assert_beyond(&err::<Value>(&bytes), 1000, 4, 4);
    assert_beyond(&err::<Vec<i32>>(&bytes), 1000, 4, 4);
    assert_beyond(&err::<Vec<Value>>(&bytes), 1000, 4, 4);
    // Vectors: the fixed flag ends at byte 4; each item needs 4 or 8 bytes.
    let eight = [0u8; 8];
    assert_beyond(
        &err::<Value>(&cat(&[&[0x0d], &len1000, &[0x00], &eight])),
        1000,
        8,
        4,
    );
    assert_beyond(
        &err::<Vec<i32>>(&cat(&[&[0x0d], &len1000, &[0x00], &eight])),
        1000,
        8,
        4,
    );
    assert_beyond(
        &err::<Value>(&cat(&[&[0x0e], &len1000, &[0x00], &eight])),
        1000,
        8,
        4,
    );
    assert_beyond(
        &err::<Value>(&cat(&[&[0x0f], &len1000, &[0x00], &eight])),
        1000,
        8,
        4,
    );
    assert_beyond(
        &err::<Vec<f64>>(&cat(&[&[0x0f], &len1000, &[0x00], &eight])),
        1000,
        8,
        4,
    );
    // Vector.<Object>: then the item type name (empty) ends at byte 5.
    let bytes = cat(&[&[0x10], &len1000, &[0x00, 0x01, 0x01, 0x01]]);
    assert_beyond(&err::<Value>(&bytes), 1000, 2, 5);
    assert_beyond(&err::<Vec<Value>>(&bytes), 1000, 2, 5);
    // A Dictionary of 1000 entries (at least 2 bytes each) with 4 bytes left.
    let bytes = cat(&[&[0x11], &len1000, &[0x00, 0x04, 0x01, 0x04, 0x02]]);
    assert_beyond(&err::<Value>(&bytes), 1000, 4, 4);
    // Traits with 1000 sealed members: the class name ends at byte 4, 2 bytes are left.
    let traits = u29(1000 << 4 | 0b0011);
    let bytes = cat(&[&[0x0a], &traits, &[0x01, 0x03, b'a']]);
    assert_beyond(&err::<Value>(&bytes), 1000, 2, 4);
    assert_beyond(&err::<HashMap<String, i32>>(&bytes), 1000, 2, 4);
    assert_beyond(&err::<Record>(&bytes), 1000, 2, 4);
}

#[test]
fn declared_lengths_within_limits_but_over_them_by_configuration() {
    let small = with_limits(
        DecodeLimits::default()
            .max_string_len(4)
            .max_bytes_len(4)
            .max_elements(4),
    );
    assert_limit(
        &err_with::<Value>(&cat(&[&[0x06, 0x0b], b"hello"]), &small),
        "max_string_len",
    );
    assert_limit(
        &err_with::<String>(&cat(&[&[0x06, 0x0b], b"hello"]), &small),
        "max_string_len",
    );
    assert_limit(
        &err_with::<Value>(&[0x0c, 0x0b, 1, 2, 3, 4, 5], &small),
        "max_bytes_len",
    );
    let five = [0x09, 0x0b, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01];
    assert_limit(&err_with::<Value>(&five, &small), "max_elements");
    assert_limit(&err_with::<Vec<Option<i32>>>(&five, &small), "max_elements");
    assert_eq!(
        amf3::from_slice::<Vec<Option<i32>>>(&five).unwrap(),
        vec![None; 5]
    );
}

// ---- nesting bombs -----------------------------------------------------------------------------

#[test]
fn nesting_beyond_max_depth_fails_without_overflowing_the_stack() {
    // 10,000 arrays, each holding the next: 09 03 01 (one dense item, empty associative part).
    let mut bytes = [0x09, 0x03, 0x01].repeat(10_000);
    bytes.push(0x01);
    // Array number 128 (0-based) starts at byte 384; its header ends at 386, where entering it
    // would make depth 129.
    for e in [
        err::<Value>(&bytes),
        err::<Tree>(&bytes),
        err::<Vec<Value>>(&bytes),
    ] {
        assert!(
            matches!(
                e.kind(),
                DecodeErrorKind::LimitExceeded {
                    limit: "max_depth",
                    max: 128,
                    requested: 129,
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(e.offset(), 386);
    }

    // Objects: {a: {a: {a: ...}}} with the traits and the name "a" sent once, then referenced.
    let mut bytes = vec![0x0a, 0x0b, 0x01, 0x03, b'a'];
    bytes.extend([0x0a, 0x01, 0x00].repeat(10_000));
    // Object number 128 starts at byte 5 + 3 * 127 = 386, its header ends at 388.
    for e in [err::<Value>(&bytes), err::<HashMap<String, Value>>(&bytes)] {
        assert!(
            matches!(
                e.kind(),
                DecodeErrorKind::LimitExceeded {
                    limit: "max_depth",
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(e.offset(), 388);
    }

    // Vector.<Object> of Vector.<Object> of ...: 10 03 00 01 each.
    let mut bytes = [0x10, 0x03, 0x00, 0x01].repeat(10_000);
    bytes.push(0x01);
    let e = err::<Value>(&bytes);
    assert!(
        matches!(
            e.kind(),
            DecodeErrorKind::LimitExceeded {
                limit: "max_depth",
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.offset(), 4 * 128 + 2);

    // Dictionaries whose values nest: 11 03 00 01 (key null) then the value.
    let mut bytes = [0x11, 0x03, 0x00, 0x01].repeat(10_000);
    bytes.push(0x01);
    let e = err::<Value>(&bytes);
    assert!(
        matches!(
            e.kind(),
            DecodeErrorKind::LimitExceeded {
                limit: "max_depth",
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn a_custom_max_depth_is_exact() {
    let nested = |depth: usize| {
        let mut bytes = [0x09, 0x03, 0x01].repeat(depth);
        bytes.push(0x01);
        bytes
    };
    let options = with_limits(DecodeLimits::default().max_depth(4));
    assert!(amf3::from_slice_with::<Value>(&nested(4), &options).is_ok());
    assert_eq!(
        amf3::from_slice_with::<Tree>(&[0x09, 0x01, 0x01], &options).unwrap(),
        Tree(vec![])
    );
    for e in [
        err_with::<Value>(&nested(5), &options),
        err_with::<Tree>(&nested(5), &options),
    ] {
        assert!(
            matches!(
                e.kind(),
                DecodeErrorKind::LimitExceeded {
                    limit: "max_depth",
                    max: 4,
                    requested: 5,
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(e.offset(), 3 * 4 + 2);
    }
}

// ---- reference bombs ---------------------------------------------------------------------------

/// An array of `n` items: one inline array of `m` integers, then `n - 1` references to it.
fn fan_out(n: u32, m: u32) -> Vec<u8> {
    let mut bytes = vec![0x09];
    bytes.extend(u29(n << 1 | 1));
    bytes.push(0x01);
    bytes.push(0x09);
    bytes.extend(u29(m << 1 | 1));
    bytes.push(0x01);
    bytes.extend([0x04, 0x01].repeat(m as usize));
    bytes.extend([0x09, 0x02].repeat(n as usize - 1)); // object #1: the inner array
    bytes
}

#[test]
fn a_reference_bomb_shares_in_value_and_hits_max_alloc_in_typed_targets() {
    let bytes = fan_out(1000, 1000); // about 4 KB that stands for a million integers
    assert!(bytes.len() < 5000);
    let small = with_limits(DecodeLimits::default().max_alloc(256 << 10));

    // Into Value: one inner array, shared by every item (no copy), within the small budget.
    let value: Value = amf3::from_slice_with(&bytes, &small).unwrap();
    let Value::Array(outer) = &value else {
        panic!("{value:?}")
    };
    assert_eq!(outer.dense.len(), 1000);
    let Value::Array(first) = &outer.dense[0] else {
        panic!("{:?}", outer.dense[0])
    };
    assert_eq!(first.dense.len(), 1000);
    for item in &outer.dense {
        let Value::Array(inner) = item else {
            panic!("{item:?}")
        };
        assert!(
            Arc::ptr_eq(inner, first),
            "a reference must share the array, not copy it"
        );
    }

    // Into Vec<Vec<i32>> every reference is a copy: the same budget is exhausted long before
    // the million integers are materialised.
    let e = err_with::<Vec<Vec<i32>>>(&bytes, &small);
    assert_limit(&e, "max_alloc");
    assert!(e.offset() < bytes.len(), "{e:?}");
    let e = err_with::<Vec<Vec<Value>>>(&bytes, &small);
    assert_limit(&e, "max_alloc");

    // The default budget (128 MiB) allows this much: the copies are made, and are correct.
    let copies: Vec<Vec<i32>> = amf3::from_slice(&bytes).unwrap();
    assert_eq!(copies.len(), 1000);
    assert!(copies
        .iter()
        .all(|c| c.len() == 1000 && c.iter().all(|&i| i == 1)));
}

/// Levels of arrays: level 0 holds `fan` empty arrays; level `j` holds `fan` references to level
/// `j - 1`. A typed decode would build `fan ^ levels` nodes.
fn exponential_bomb(levels: u32, fan: u32) -> Vec<u8> {
    let mut bytes = vec![0x09];
    bytes.extend(u29(levels << 1 | 1));
    bytes.push(0x01);
    // Level 0 (object #1), whose empty arrays take objects #2 .. #fan+1.
    bytes.push(0x09);
    bytes.extend(u29(fan << 1 | 1));
    bytes.push(0x01);
    bytes.extend([0x09, 0x01, 0x01].repeat(fan as usize));
    let mut previous = 1;
    for level in 1..levels {
        bytes.push(0x09);
        bytes.extend(u29(fan << 1 | 1));
        bytes.push(0x01);
        for _ in 0..fan {
            bytes.push(0x09);
            bytes.extend(u29(previous << 1));
        }
        previous = fan + 1 + level; // this level's object number
    }
    bytes
}

#[test]
fn an_exponential_reference_bomb_is_cheap_as_value_and_bounded_as_typed() {
    let bytes = exponential_bomb(8, 10); // ~200 bytes standing for 10^8 nodes
    assert!(bytes.len() < 300, "{}", bytes.len());
    let small = with_limits(DecodeLimits::default().max_alloc(1 << 20));

    let value: Value = amf3::from_slice_with(&bytes, &small).unwrap();
    let Value::Array(levels) = &value else {
        panic!()
    };
    assert_eq!(levels.dense.len(), 8);
    for pair in levels.dense.windows(2) {
        let (Value::Array(lower), Value::Array(upper)) = (&pair[0], &pair[1]) else {
            panic!()
        };
        for item in &upper.dense {
            let Value::Array(item) = item else { panic!() };
            assert!(
                Arc::ptr_eq(item, lower),
                "level items must share the level below"
            );
        }
    }

    let started = std::time::Instant::now();
    assert_limit(&err_with::<Tree>(&bytes, &small), "max_alloc");
    assert_limit(&err::<Tree>(&bytes), "max_alloc"); // even the default 128 MiB budget
    assert!(
        started.elapsed().as_secs() < 20,
        "the budget must also bound the time"
    );

    // A small bomb within budget decodes typed, with every copy made.
    let tree: Tree = amf3::from_slice(&exponential_bomb(3, 4)).unwrap();
    assert_eq!(tree.0.len(), 3);
    assert_eq!(tree.0[0].nodes(), 1 + 4);
    assert_eq!(tree.0[2].nodes(), 1 + 4 * (1 + 4 * (1 + 4)));
}

// ---- cycles ------------------------------------------------------------------------------------

/// `o = {}; o.self = o`: the member is a reference (byte 9) to object #0, still being read.
const SELF_OBJECT: [u8; 11] = [
    0x0a, 0x0b, 0x01, 0x09, b's', b'e', b'l', b'f', 0x0a, 0x00, 0x01,
];

#[test]
fn a_cycle_decodes_to_object_ref_in_value_and_round_trips() {
    let value: Value = amf3::from_slice(&SELF_OBJECT).unwrap();
    assert_eq!(value, Value::object([("self", Value::ObjectRef(0))]));
    assert_eq!(amf3::to_vec(&value).unwrap(), SELF_OBJECT);

    // An array that holds itself.
    let bytes = [0x09, 0x03, 0x01, 0x09, 0x00];
    let value: Value = amf3::from_slice(&bytes).unwrap();
    assert_eq!(value, Value::array([Value::ObjectRef(0)]));
    assert_eq!(amf3::to_vec(&value).unwrap(), bytes);
}

#[test]
fn a_cycle_fails_cleanly_for_typed_targets() {
    // The reference's U29 ends at byte 10.
    for e in [
        err::<HashMap<String, HashMap<String, i32>>>(&SELF_OBJECT),
        err::<BTreeMap<String, Vec<i32>>>(&SELF_OBJECT),
    ] {
        assert_eq!(e.kind(), &DecodeErrorKind::CyclicReference(0), "{e:?}");
        assert_eq!(e.offset(), 10);
    }
    let e = err::<Tree>(&[0x09, 0x03, 0x01, 0x09, 0x00]);
    assert_eq!(e.kind(), &DecodeErrorKind::CyclicReference(0), "{e:?}");
    assert_eq!(e.offset(), 5);
    // A typed map of Values keeps the cycle as a Value::ObjectRef instead.
    let map: HashMap<String, Value> = amf3::from_slice(&SELF_OBJECT).unwrap();
    assert_eq!(map["self"], Value::ObjectRef(0));
}

#[test]
fn a_cycle_after_a_date_reference_round_trips() {
    // Regression (found by reasoning about the fuzz target's round-trip property, then by the
    // fuzzer): [date D, reference to D, o = {self: o}]. The outer array is object #0, D is #1,
    // and o is #2 in the input; a Value holds the date twice (a date has no identity), and the
    // encoder writes it inline twice, so `o` becomes object #3 in the encoding.
    // `Value::ObjectRef` must name o by the encoder's numbering, or the re-encoded reference
    // points to the second date.
    let mut bytes = vec![0x09, 0x07, 0x01, 0x08, 0x01];
    bytes.extend(5.0f64.to_be_bytes());
    bytes.extend([0x08, 0x02]); // the date again, by reference (#1)
    bytes.extend([
        0x0a, 0x0b, 0x01, 0x09, b's', b'e', b'l', b'f', 0x0a, 0x04, 0x01,
    ]); // self: #2
    let value: Value = amf3::from_slice(&bytes).unwrap();
    let again: Value = amf3::from_slice(&amf3::to_vec(&value).unwrap()).unwrap();
    assert!(
        same(&value, &again),
        "round trip changed the value:\n{value:?}\n{again:?}"
    );
    let Value::Array(items) = &again else {
        panic!()
    };
    let Value::Object(o) = &items.dense[2] else {
        panic!()
    };
    assert!(matches!(o.get("self"), Some(Value::ObjectRef(_))), "{o:?}");
}

/// The input on which the fuzz target `decode` found that bug (fuzz/README.md), minimized by
/// libFuzzer from a 3.5 KB crash: deep inside, `08 08 ...` date references come before a
/// reference to an enclosing object, which came back as a date after a round trip.
const FUZZ_DATE_REFERENCE_CYCLE: &str = concat!(
    "0a0b01030c0a0b030303030303030303030311111117111111001007010701003d1003030303080303030e000c580100",
    "000a730000000000000103100b01100b010007010b01000701090b0103100b0106010b0106060b01000701090b100b01",
    "060b01000701100b01010606010603610b03100b03100b01000701090b010b031001000701090b100b01000701090b08",
    "00350b01100b0103110707080808010b0b0b0b0b01090a0b01037b104900000a010101070110010101030a01037b1049",
    "090a0b01000701090101010101010109010101000a010100100101010101010808000a010a0b60010101000000000000",
    "01010101010101010000000001010100000000000000000000000101000000000000010100010101000000000101",
);

#[test]
fn fuzz_regression_date_references_before_a_cycle() {
    let bytes = hex(FUZZ_DATE_REFERENCE_CYCLE);
    assert_eq!(bytes.len(), 286);
    let value: Value = amf3::from_slice(&bytes).unwrap();
    let encoded = amf3::to_vec(&value).unwrap();
    let again: Value = amf3::from_slice(&encoded).unwrap();
    assert!(
        same(&value, &again),
        "round trip changed the value:\n{value:?}\n{again:?}"
    );
    assert_eq!(amf3::to_vec(&again).unwrap(), encoded);
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

// ---- UTF-8 -------------------------------------------------------------------------------------

#[test]
fn invalid_utf8_is_rejected_where_it_starts() {
    let invalid: [&[u8]; 5] = [
        &[0xff, 0xfe],       // bytes that never occur in UTF-8
        &[0xc0, 0x80],       // an overlong encoding of NUL
        &[0xed, 0xa0, 0x80], // a UTF-16 surrogate
        &[0xe2, 0x82],       // a truncated sequence
        &[b'a', 0x80],       // a lone continuation byte
    ];
    for bad in invalid {
        let len = u29((bad.len() as u32) << 1 | 1);
        let string = cat(&[&[0x06], &len, bad]);
        for e in [
            err::<Value>(&string),
            err::<String>(&string),
            err::<&str>(&string),
        ] {
            assert_eq!(e.kind(), &DecodeErrorKind::InvalidUtf8, "{e:?}");
            assert_eq!(e.offset(), 2, "the offset of the string's bytes");
        }
        // A class name (bytes at 3) and a dynamic member name (bytes at 4).
        let class = cat(&[&[0x0a, 0x03], &len, bad]);
        let e = err::<Value>(&class);
        assert_eq!(
            (e.kind(), e.offset()),
            (&DecodeErrorKind::InvalidUtf8, 3),
            "{e:?}"
        );
        let member = cat(&[&[0x0a, 0x0b, 0x01], &len, bad, &[0x01, 0x01]]);
        for e in [
            err::<Value>(&member),
            err::<HashMap<String, Value>>(&member),
        ] {
            assert_eq!(
                (e.kind(), e.offset()),
                (&DecodeErrorKind::InvalidUtf8, 4),
                "{e:?}"
            );
        }
        // XML text: the error points at the XML value (its marker, byte 0) rather than its bytes.
        for marker in [0x07, 0x0b] {
            let e = err::<Value>(&cat(&[&[marker], &len, bad]));
            assert_eq!(e.kind(), &DecodeErrorKind::InvalidUtf8, "{e:?}");
            assert!(e.offset() <= 2, "{e:?}");
        }
    }
}

// ---- trailing bytes ----------------------------------------------------------------------------

#[test]
fn trailing_bytes_are_rejected() {
    let e = err::<Value>(&[0x01, 0x01]);
    assert_eq!(
        (e.kind(), e.offset()),
        (&DecodeErrorKind::TrailingBytes(1), 1)
    );
    let e = err::<i32>(&[0x04, 0x01, 0x00, 0x00]);
    assert_eq!(
        (e.kind(), e.offset()),
        (&DecodeErrorKind::TrailingBytes(2), 2)
    );
    let mut bytes = amf3::to_vec(&rich_record()).unwrap();
    let len = bytes.len();
    bytes.push(0x01);
    let e = err::<Record>(&bytes);
    assert_eq!(
        (e.kind(), e.offset()),
        (&DecodeErrorKind::TrailingBytes(1), len)
    );
    // A second complete value is trailing bytes too.
    let e = err::<Value>(&SELF_OBJECT.repeat(2));
    assert_eq!(
        (e.kind(), e.offset()),
        (&DecodeErrorKind::TrailingBytes(11), 11)
    );
}

// ---- numbers into integer types ----------------------------------------------------------------

fn double(v: f64) -> Vec<u8> {
    cat(&[&[0x05], &v.to_be_bytes()])
}

#[test]
fn numbers_that_integer_types_cannot_hold() {
    assert_out_of_range(&err::<i32>(&double(3.5)), "i32", 3.5, 0);
    assert_out_of_range(&err::<i64>(&double(-0.5)), "i64", -0.5, 0);
    assert_out_of_range(&err::<u8>(&[0x04, 0x82, 0x2c]), "u8", 300.0, 0); // integer 300
    assert_out_of_range(&err::<u8>(&double(300.0)), "u8", 300.0, 0);
    assert_out_of_range(&err::<u8>(&[0x04, 0xff, 0xff, 0xff, 0xff]), "u8", -1.0, 0);
    assert_out_of_range(&err::<i8>(&[0x04, 0x81, 0x00]), "i8", 128.0, 0);
    assert_out_of_range(
        &err::<i32>(&double(1_152_921_504_606_846_976.0)),
        "i32",
        2f64.powi(60),
        0,
    );
    assert_out_of_range(
        &err::<i32>(&double(2_147_483_648.0)),
        "i32",
        2_147_483_648.0,
        0,
    );
    assert_out_of_range(
        &err::<u32>(&double(4_294_967_296.0)),
        "u32",
        4_294_967_296.0,
        0,
    );
    assert_out_of_range(&err::<u32>(&[0x04, 0xff, 0xff, 0xff, 0xff]), "u32", -1.0, 0);
    assert_out_of_range(
        &err::<u64>(&double(18_446_744_073_709_551_616.0)),
        "u64",
        2f64.powi(64),
        0,
    );
    assert_out_of_range(&err::<i32>(&double(f64::NAN)), "i32", f64::NAN, 0);
    assert_out_of_range(&err::<i64>(&double(f64::INFINITY)), "i64", f64::INFINITY, 0);
    assert_out_of_range(
        &err::<u16>(&double(f64::NEG_INFINITY)),
        "u16",
        f64::NEG_INFINITY,
        0,
    );
    // Inside collections: the item's own offset (byte 3 of the array).
    assert_out_of_range(
        &err::<Vec<u8>>(&[0x09, 0x03, 0x01, 0x04, 0x82, 0x2c]),
        "u8",
        300.0,
        3,
    );
    assert_out_of_range(
        &err::<Vec<i32>>(&cat(&[&[0x09, 0x03, 0x01], &double(3.5)])),
        "i32",
        3.5,
        3,
    );
    // A Vector.<uint> item beyond i32 and a Vector.<Number> item with a fraction.
    let e = err::<Vec<i32>>(&[0x0e, 0x03, 0x00, 0xff, 0xff, 0xff, 0xff]);
    assert!(
        matches!(e.kind(), DecodeErrorKind::NumberOutOfRange { value, .. } if *value == 4_294_967_295.0),
        "{e:?}"
    );
    assert!((3..=7).contains(&e.offset()), "{e:?}");
    let e = err::<Vec<i32>>(&cat(&[&[0x0f, 0x03, 0x00], &3.5f64.to_be_bytes()]));
    assert!(
        matches!(e.kind(), DecodeErrorKind::NumberOutOfRange { value, .. } if *value == 3.5),
        "{e:?}"
    );

    // What does fit is read exactly.
    assert_eq!(
        amf3::from_slice::<i64>(&double(2f64.powi(60))).unwrap(),
        1 << 60
    );
    assert_eq!(amf3::from_slice::<u8>(&double(255.0)).unwrap(), 255);
    assert_eq!(amf3::from_slice::<i32>(&double(-0.0)).unwrap(), 0);
    assert_eq!(
        amf3::from_slice::<i32>(&double(-2_147_483_648.0)).unwrap(),
        i32::MIN
    );
    assert_eq!(
        amf3::from_slice::<Vec<u32>>(&[0x0e, 0x03, 0x00, 0xff, 0xff, 0xff, 0xff]).unwrap(),
        [u32::MAX]
    );
    // Not a number at all.
    let e = err::<i32>(&[0x06, 0x03, b'1']);
    assert!(
        matches!(
            e.kind(),
            DecodeErrorKind::UnexpectedType {
                expected: "number",
                found: "string",
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.offset(), 0);
}

// ---- properties --------------------------------------------------------------------------------

/// Decodes `bytes` into `Value` and a set of typed targets under small limits. Whatever happens,
/// it must not panic; a `Value` that decodes must re-encode into bytes that decode to the same.
fn decode_everything(bytes: &[u8]) -> Result<(), TestCaseError> {
    let small = with_limits(DecodeLimits::default().max_alloc(1 << 20));
    if let Ok(value) = amf3::from_slice_with::<Value>(bytes, &small) {
        let encoded =
            amf3::to_vec(&value).map_err(|e| TestCaseError::fail(format!("re-encode: {e}")))?;
        let again: Value = amf3::from_slice(&encoded)
            .map_err(|e| TestCaseError::fail(format!("decode of re-encoding: {e}")))?;
        prop_assert!(
            same(&value, &again),
            "round trip changed {:?} into {:?}",
            value,
            again
        );
    }
    let _ = amf3::from_slice_with::<Vec<Vec<i32>>>(bytes, &small);
    let _ = amf3::from_slice_with::<HashMap<String, Value>>(bytes, &small);
    let _ = amf3::from_slice_with::<BTreeMap<String, Vec<String>>>(bytes, &small);
    let _ = amf3::from_slice_with::<Record>(bytes, &small);
    let _ = amf3::from_slice_with::<Tree>(bytes, &small);
    let _ = amf3::from_slice_with::<Option<ByteArray>>(bytes, &small);
    let _ = amf3::from_slice_with::<Vec<Option<f64>>>(bytes, &small);
    let _ = amf3::from_slice_with::<Date>(bytes, &small);
    let _ = amf3::from_slice_with::<u8>(bytes, &small);
    Ok(())
}

/// One change to a byte string.
#[derive(Debug, Clone)]
enum Mutation {
    Set(usize, u8),
    Flip(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Truncate(usize),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        (any::<usize>(), 0..8u8).prop_map(|(i, bit)| Mutation::Flip(i, bit)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Remove),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1..32usize).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    let at = |i: usize| i % bytes.len();
    match *m {
        Mutation::Set(i, b) => {
            let i = at(i);
            bytes[i] = b;
        }
        Mutation::Flip(i, bit) => {
            let i = at(i);
            bytes[i] ^= 1 << bit;
        }
        Mutation::Insert(i, b) => {
            let i = at(i);
            bytes.insert(i, b);
        }
        Mutation::Remove(i) => {
            let i = at(i);
            bytes.remove(i);
        }
        Mutation::Truncate(i) => {
            let i = at(i);
            bytes.truncate(i);
        }
        Mutation::Duplicate(i, n) => {
            let i = at(i);
            let end = (i + n).min(bytes.len());
            let piece = bytes[i..end].to_vec();
            bytes.splice(i..i, piece);
        }
    }
}

/// Valid encodings to mutate.
fn seeds() -> Vec<Vec<u8>> {
    vec![
        amf3::to_vec(&rich_value()).unwrap(),
        amf3::to_vec(&rich_record()).unwrap(),
        amf3::to_vec(&vec![vec![1, 2], vec![3]]).unwrap(),
        SELF_OBJECT.to_vec(),
        fan_out(4, 3),
        exponential_bomb(3, 3),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        decode_everything(&bytes)?;
    }

    #[test]
    fn random_bytes_after_a_marker_never_panic(marker in 0u8..0x12, rest in proptest::collection::vec(any::<u8>(), 0..64)) {
        let bytes = cat(&[&[marker], &rest]);
        decode_everything(&bytes)?;
    }

    #[test]
    fn mutated_valid_encodings_never_panic(
        seed in proptest::sample::select(seeds()),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let mut bytes = seed;
        for m in &mutations {
            apply(&mut bytes, m);
        }
        decode_everything(&bytes)?;
    }
}
