//! [`Encode`] and [`Decode`] for the standard types, [`Value`], [`ByteArray`] and dates.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::class::ClassDef;
use super::decoder::Number;
use super::value::{Date, Value};
use super::{Decode, DecodeError, DecodeErrorKind, Decoder, Encode, EncodeError, Encoder};

impl Encode for bool {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_bool(*self);
        Ok(())
    }
}

impl Decode<'_> for bool {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.read_bool()
    }
}

/// The number as an `i128` if it is integral (every integer of every Rust type up to 64 bits
/// that a double can hold).
fn integral(n: Number) -> Option<i128> {
    match n {
        Number::Integer(i) => Some(i128::from(i)),
        Number::Double(d) if d.is_finite() && d.fract() == 0.0 && d.abs() < 1.7e38 => {
            Some(d as i128)
        }
        Number::Double(_) => None,
    }
}

macro_rules! integers {
    ($($t:ty => $write:ident;)*) => {$(
        impl Encode for $t {
            #[allow(clippy::cast_lossless, clippy::unnecessary_cast)]
            fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
                integers!(@write $write, e, *self)
            }
        }

        impl Decode<'_> for $t {
            fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
                let at = d.position();
                let n = d.read_number()?;
                Self::from_number(n).ok_or_else(|| DecodeError::new(
                    DecodeErrorKind::NumberOutOfRange { target: stringify!($t), value: n.as_f64() },
                    at,
                ))
            }

            fn from_number(n: Number) -> Option<Self> {
                integral(n).and_then(|i| <$t>::try_from(i).ok())
            }
        }
    )*};
    (@write small, $e:ident, $v:expr) => {{ $e.write_i32($v as i32); Ok(()) }};
    (@write wide, $e:ident, $v:expr) => {
        match i128::try_from($v) {
            Ok(v) => $e.write_i128(v),
            // Only u128 beyond i128::MAX lands here: far beyond what a double holds exactly.
            Err(_) => Err(EncodeError::IntegerPrecision(i128::MAX)),
        }
    };
}

integers! {
    i8 => small; i16 => small; i32 => small; u16 => small;
    u32 => wide; i64 => wide; u64 => wide; isize => wide; usize => wide; i128 => wide; u128 => wide;
}

// u8 is apart: a slice or Vec of bytes travels as a ByteArray, never as an Array of numbers.
impl Encode for u8 {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_i32(i32::from(*self));
        Ok(())
    }

    fn encode_slice(items: &[Self], e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_byte_array(items)
    }
}

impl Decode<'_> for u8 {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let at = d.position();
        let n = d.read_number()?;
        Self::from_number(n).ok_or_else(|| {
            DecodeError::new(
                DecodeErrorKind::NumberOutOfRange {
                    target: "u8",
                    value: n.as_f64(),
                },
                at,
            )
        })
    }

    fn from_number(n: Number) -> Option<Self> {
        integral(n).and_then(|i| u8::try_from(i).ok())
    }

    /// A `ByteArray`, or (for lenient peers) an `Array` of numbers from 0 to 255.
    fn decode_vec(d: &mut Decoder<'_>) -> Result<Vec<Self>, DecodeError> {
        if d.peek_marker()? == super::marker::BYTE_ARRAY {
            let bytes = d.read_byte_array()?;
            d.charge(bytes.len())?;
            Ok(bytes.to_vec())
        } else {
            d.read_vec()
        }
    }
}

impl Encode for f64 {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_f64(*self);
        Ok(())
    }
}

impl Decode<'_> for f64 {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.read_number().map(Number::as_f64)
    }
    fn from_number(n: Number) -> Option<Self> {
        Some(n.as_f64())
    }
}

impl Encode for f32 {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_f64(f64::from(*self));
        Ok(())
    }
}

/// Rounds to the nearest `f32`, as ActionScript's `Number` → `float` would.
impl Decode<'_> for f32 {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.read_number().map(|n| n.as_f64() as f32)
    }
    fn from_number(n: Number) -> Option<Self> {
        Some(n.as_f64() as f32)
    }
}

impl Encode for str {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_str(self)
    }
}

impl Encode for String {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_str(self)
    }
}

impl Decode<'_> for String {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let s = d.read_str()?;
        d.charge(s.len())?;
        Ok(s.to_owned())
    }
}

impl<'de> Decode<'de> for &'de str {
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        d.read_str()
    }
}

impl Encode for Cow<'_, str> {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_str(self)
    }
}

impl<'de> Decode<'de> for Cow<'de, str> {
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        d.read_str().map(Cow::Borrowed)
    }
}

impl Encode for char {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_str(self.encode_utf8(&mut [0; 4]))
    }
}

impl Decode<'_> for char {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let at = d.position();
        let s = d.read_str()?;
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(DecodeError::new(
                DecodeErrorKind::Custom(format!(
                    "expected a one-character string, found {} characters",
                    s.chars().count()
                )),
                at,
            )),
        }
    }
}

/// `()` travels as `null` and reads (and drops) any value: the result of a request that
/// returns nothing.
impl Encode for () {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_null();
        Ok(())
    }
}

impl Decode<'_> for () {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.skip_value()
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        match self {
            Some(v) => v.encode(e),
            None => {
                e.write_null();
                Ok(())
            }
        }
    }
}

/// `null` and `undefined` read as `None`; an absent member too.
impl<'de, T: Decode<'de>> Decode<'de> for Option<T> {
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        if d.read_null()? {
            Ok(None)
        } else {
            T::decode(d).map(Some)
        }
    }
    fn absent() -> Option<Self> {
        Some(None)
    }
    fn from_number(n: Number) -> Option<Self> {
        T::from_number(n).map(Some)
    }
}

impl<T: Encode> Encode for [T] {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        T::encode_slice(self, e)
    }
}

impl<T: Encode, const N: usize> Encode for [T; N] {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        T::encode_slice(self, e)
    }
}

impl<'de, T: Decode<'de>, const N: usize> Decode<'de> for [T; N] {
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        let at = d.position();
        T::decode_vec(d)?.try_into().map_err(|v: Vec<T>| {
            DecodeError::new(
                DecodeErrorKind::Custom(format!("expected {N} items, found {}", v.len())),
                at,
            )
        })
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        T::encode_slice(self, e)
    }
}

impl<'de, T: Decode<'de>> Decode<'de> for Vec<T> {
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        T::decode_vec(d)
    }
}

macro_rules! pointers {
    ($($p:ident),*) => {$(
        impl<T: Encode + ?Sized> Encode for $p<T> {
            fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
                (**self).encode(e)
            }
        }
        impl<'de, T: Decode<'de>> Decode<'de> for $p<T> {
            fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
                T::decode(d).map($p::new)
            }
            fn absent() -> Option<Self> {
                T::absent().map($p::new)
            }
        }
    )*};
}

pointers!(Box, Rc, Arc);

impl<T: Encode + ?Sized> Encode for &T {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        (**self).encode(e)
    }
}

/// Writes a map with string keys as an anonymous dynamic object. An empty key cannot be written
/// (AMF3 ends the dynamic members with the empty name) and is an error.
fn encode_map<'a, K: AsRef<str> + 'a, V: Encode + 'a>(
    entries: impl Iterator<Item = (&'a K, &'a V)>,
    e: &mut Encoder,
) -> Result<(), EncodeError> {
    e.write_object_header(&ClassDef::ANONYMOUS)?;
    for (k, v) in entries {
        e.write_dynamic_member(k.as_ref(), v)?;
    }
    e.end_dynamic_members();
    Ok(())
}

impl<K: AsRef<str>, V: Encode, S> Encode for HashMap<K, V, S> {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        encode_map(self.iter(), e)
    }
}

impl<K: AsRef<str>, V: Encode> Encode for BTreeMap<K, V> {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        encode_map(self.iter(), e)
    }
}

/// Any object (its sealed and dynamic members) or an associative array reads as a map.
impl<'de, K, V, S> Decode<'de> for HashMap<K, V, S>
where
    K: From<&'de str> + Eq + Hash,
    V: Decode<'de>,
    S: BuildHasher + Default,
{
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        let mut map = HashMap::default();
        d.read_map_entries(|key, d| {
            d.charge(key.len() + std::mem::size_of::<(K, V)>())?;
            let value = V::decode(d)?;
            map.insert(K::from(key), value);
            Ok(())
        })?;
        Ok(map)
    }
}

/// Any object (its sealed and dynamic members) or an associative array reads as a map.
impl<'de, K, V> Decode<'de> for BTreeMap<K, V>
where
    K: From<&'de str> + Ord,
    V: Decode<'de>,
{
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        let mut map = BTreeMap::new();
        d.read_map_entries(|key, d| {
            d.charge(key.len() + std::mem::size_of::<(K, V)>())?;
            let value = V::decode(d)?;
            map.insert(K::from(key), value);
            Ok(())
        })?;
        Ok(map)
    }
}

/// Bytes that travel as a `flash.utils.ByteArray`. `Vec<u8>`, `[u8]` and `[u8; N]` do too; this
/// newtype says so in a signature.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ByteArray(pub Vec<u8>);

impl std::ops::Deref for ByteArray {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl From<Vec<u8>> for ByteArray {
    fn from(v: Vec<u8>) -> Self {
        ByteArray(v)
    }
}

impl Encode for ByteArray {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_byte_array(&self.0)
    }
}

impl Decode<'_> for ByteArray {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let bytes = d.read_byte_array()?;
        d.charge(bytes.len())?;
        Ok(ByteArray(bytes.to_vec()))
    }
}

impl<'de> Decode<'de> for &'de [u8] {
    fn decode(d: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        d.read_byte_array()
    }
}

impl Encode for Date {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_date(self.millis);
        Ok(())
    }
}

impl Decode<'_> for Date {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.read_date().map(|millis| Date { millis })
    }
}

impl From<SystemTime> for Date {
    /// Milliseconds since the epoch; sub-millisecond precision is kept as a fraction.
    fn from(t: SystemTime) -> Self {
        let millis = match t.duration_since(UNIX_EPOCH) {
            Ok(after) => after.as_secs_f64() * 1000.0,
            Err(before) => -before.duration().as_secs_f64() * 1000.0,
        };
        Date { millis }
    }
}

impl Date {
    /// The date as a `SystemTime`, if it is finite and within the range `SystemTime` holds.
    pub fn to_system_time(self) -> Option<SystemTime> {
        if !self.millis.is_finite() {
            return None;
        }
        let offset = Duration::try_from_secs_f64(self.millis.abs() / 1000.0).ok()?;
        if self.millis >= 0.0 {
            UNIX_EPOCH.checked_add(offset)
        } else {
            UNIX_EPOCH.checked_sub(offset)
        }
    }
}

impl Encode for SystemTime {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        Date::from(*self).encode(e)
    }
}

impl Decode<'_> for SystemTime {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let at = d.position();
        let date = Date::decode(d)?;
        date.to_system_time().ok_or_else(|| {
            DecodeError::new(
                DecodeErrorKind::Custom(format!(
                    "date {} ms is outside what SystemTime holds",
                    date.millis
                )),
                at,
            )
        })
    }
}

impl Encode for Value {
    fn encode(&self, e: &mut Encoder) -> Result<(), EncodeError> {
        e.write_value(self)
    }
}

impl Decode<'_> for Value {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        d.read_value()
    }
    fn from_number(n: Number) -> Option<Self> {
        Some(match n {
            Number::Integer(i) => Value::Integer(i),
            Number::Double(f) => Value::Double(f),
        })
    }
}
