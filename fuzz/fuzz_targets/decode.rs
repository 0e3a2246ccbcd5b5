//! Fuzz target `decode`: arbitrary bytes into `Value` and into a few typed targets.
//!
//! Properties checked:
//! - decoding never panics, whatever the bytes (into `Value` and into typed targets);
//! - when decoding into `Value` succeeds, the value re-encodes, the encoding decodes again into an
//!   equal value (doubles compared by their bits, so NaN and -0.0 count) and re-encodes into the
//!   very same bytes.

#![no_main]

use std::collections::{BTreeMap, HashMap};

use amf_runtime::amf3::{
    self, ByteArray, Date, DecodeError, DecodeLimits, DecodeOptions, Decoder, Value,
};
use libfuzzer_sys::fuzz_target;

/// A typed object read member by member, as derived code does.
#[allow(dead_code)]
#[derive(Debug)]
struct User {
    name: String,
    age: i32,
    tags: Vec<String>,
    extra: Option<Value>,
}

impl<'de> amf3::Decode<'de> for User {
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        d.read_object("com.example.User", |obj| {
            let (mut name, mut age, mut tags, mut extra) = (None, None, None, None);
            while let Some(key) = obj.next_member()? {
                match key {
                    "name" => name = Some(obj.value()?),
                    "age" => age = Some(obj.value()?),
                    "tags" => tags = Some(obj.value()?),
                    "extra" => extra = Some(obj.value()?),
                    _ => {}
                }
            }
            let missing = |m: &str| obj.decoder().missing_member("com.example.User", m);
            Ok(User {
                name: name.ok_or_else(|| missing("name"))?,
                age: age.ok_or_else(|| missing("age"))?,
                tags: tags.unwrap_or_default(),
                extra: extra.flatten(),
            })
        })
    }
}

/// A recursive typed target: arrays of arrays of ... (depth is bounded by `max_depth`).
#[allow(dead_code)]
#[derive(Debug)]
struct Tree(Vec<Tree>);

impl<'de> amf3::Decode<'de> for Tree {
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        Vec::<Tree>::decode(d).map(Tree)
    }
}

/// Decodes `data` into `T`; only the absence of a panic matters.
fn typed<'de, T: amf3::Decode<'de>>(data: &'de [u8], options: &DecodeOptions) {
    let _ = amf3::from_slice_with::<T>(data, options);
}

/// Structural equality with doubles compared by their bits (NaN equals itself, -0.0 differs from
/// 0.0). Sharing is compared through the encodings.
fn same(a: &Value, b: &Value) -> bool {
    use Value::{Array, Date, Dictionary, Double, Object, VectorDouble, VectorObject};
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
        (Double(x), Double(y)) => bits(*x, *y),
        (Date(x), Date(y)) => bits(x.millis, y.millis),
        (VectorDouble(x), VectorDouble(y)) => {
            x.fixed == y.fixed
                && x.items.len() == y.items.len()
                && x.items.iter().zip(&y.items).all(|(x, y)| bits(*x, *y))
        }
        (Array(x), Array(y)) => all(&x.dense, &y.dense) && named(&x.assoc, &y.assoc),
        (Object(x), Object(y)) => {
            x.traits == y.traits
                && all(&x.sealed, &y.sealed)
                && named(&x.dynamic, &y.dynamic)
                && match (&x.external, &y.external) {
                    (Some(x), Some(y)) => same(x, y),
                    (None, None) => true,
                    _ => false,
                }
        }
        (VectorObject(x), VectorObject(y)) => {
            x.fixed == y.fixed && x.type_name == y.type_name && all(&x.items, &y.items)
        }
        (Dictionary(x), Dictionary(y)) => {
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

fuzz_target!(|data: &[u8]| {
    // Small limits keep every execution fast: a reference bomb fails on `max_alloc` at 1 MiB.
    let small = DecodeOptions::default().limits(DecodeLimits::default().max_alloc(1 << 20));

    if let Ok(value) = amf3::from_slice::<Value>(data) {
        let bytes = amf3::to_vec(&value).expect("a decoded Value re-encodes");
        let again: Value = match amf3::from_slice(&bytes) {
            Ok(v) => v,
            Err(e) => panic!(
                "re-encoded value does not decode: {e}\nvalue: {value:?}\nbytes: {bytes:02x?}"
            ),
        };
        assert!(
            same(&value, &again),
            "round trip changed the value\nfirst:  {value:?}\nsecond: {again:?}"
        );
        let bytes2 = amf3::to_vec(&again).expect("re-encodes twice");
        assert_eq!(
            bytes, bytes2,
            "the encoding of a decoded value is not stable"
        );
    }
    // The same bytes under small limits must fail or succeed without panicking.
    typed::<Value>(data, &small);

    typed::<Vec<Vec<i32>>>(data, &small);
    typed::<HashMap<String, Value>>(data, &small);
    typed::<BTreeMap<String, Vec<String>>>(data, &small);
    typed::<HashMap<String, HashMap<String, i32>>>(data, &small);
    typed::<Vec<Option<f64>>>(data, &small);
    typed::<Vec<u8>>(data, &small);
    typed::<Vec<u32>>(data, &small);
    typed::<ByteArray>(data, &small);
    typed::<Date>(data, &small);
    typed::<Option<&str>>(data, &small);
    typed::<u8>(data, &small);
    typed::<i64>(data, &small);
    typed::<User>(data, &small);
    typed::<Vec<User>>(data, &small);
    typed::<Tree>(data, &small);
});
