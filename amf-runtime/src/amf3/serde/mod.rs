//! The serde bridge (feature `serde`, on by default): any `Serialize`/`Deserialize` type travels
//! in AMF3 through the [`Serde`] newtype, as an anonymous object when it is a struct or a map.
//!
//! Values are written straight into the [`Encoder`] and read straight from the [`Decoder`], with
//! no [`Value`](super::Value) in between; the encoder and decoder keep the string, trait and
//! object reference tables, so the bytes are those of the equivalent `Value`. Strings and byte
//! arrays borrow from the input (`&'de str`, `Cow<'de, str>` with `#[serde(borrow)]`,
//! `&'de [u8]` with `serde_bytes`).
//!
//! ```
//! use amf_runtime::amf3::{self, Serde, Value};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! struct Point {
//!     x: i32,
//!     y: i32,
//! }
//!
//! let bytes = amf3::to_vec(&Serde(Point { x: 1, y: 2 }))?;
//! let same = Value::object([("x", Value::Integer(1)), ("y", Value::Integer(2))]);
//! assert_eq!(bytes, amf3::to_vec(&same)?);
//! let Serde(back) = amf3::from_slice::<Serde<Point>>(&bytes)?;
//! assert_eq!(back, Point { x: 1, y: 2 });
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Mapping
//!
//! | serde data model | AMF3 written | AMF3 read |
//! |---|---|---|
//! | `bool` | boolean | boolean |
//! | `i8`–`i128`, `u8`–`u128` | integer inside the 29-bit range, else double; beyond ±2^53 an error ([`EncodeError::IntegerPrecision`]) | integer or double that the type holds exactly (`3.0` reads as `3u8`; `3.5` or `300` into a `u8` is [`NumberOutOfRange`](super::DecodeErrorKind::NumberOutOfRange)); a date as its milliseconds |
//! | `f32`, `f64` | double | integer, double, or a date as its milliseconds |
//! | `char`, `str`, `String` | string | string, or XML as its text |
//! | bytes (`serde_bytes`) | `ByteArray` | `ByteArray`, or an `Array` of numbers |
//! | `None`, `()`, unit struct | null | null or undefined |
//! | `Some(x)` | `x` | anything but null and undefined |
//! | newtype struct | its field | its field |
//! | seq, tuple, tuple struct | dense `Array` | dense `Array`, any `Vector`, `ArrayCollection`, `ByteArray` (items are bytes) |
//! | map | anonymous dynamic object; keys that are strings or chars are member names, integers and bools their text (as ActionScript does with `Object` keys), unit variants their names; any other key, and the empty string, is an error | object of any class (sealed, then dynamic members), or an `Array` with associative entries only; integer and bool keys are parsed back from the names |
//! | struct | anonymous dynamic object, one dynamic member per field in order (skipped fields are left out) | as map; members the struct does not know are ignored, or an error with `#[serde(deny_unknown_fields)]` |
//! | unit variant | string: the variant name | string, or `{Name: null}` |
//! | newtype, tuple, struct variant | `{Name: payload}`, an anonymous object with one member (serde's external tagging) | the same |
//!
//! A type that asks for any value (`deserialize_any`, as untagged and internally tagged enums
//! and `#[serde(flatten)]` do) gets: null and undefined as unit, booleans, integers as `i32`,
//! doubles as `f64`, strings and XML as strings, dates as `f64` milliseconds, `ByteArray`s as
//! bytes, dense arrays and vectors as sequences, objects as maps.
//!
//! Not supported: a `Dictionary` (its keys may be any value; decode it into
//! [`Value`](super::Value)), an `Array` with both dense and associative parts, references that make
//! a cycle, and serializing a sequence whose length is unknown up front (AMF3 writes an array's
//! length before its items). The serializer and deserializer say they are human-readable (serde's
//! default), so that types such as addresses and UUIDs travel as strings an ActionScript client
//! can read. Values nest at most 128 deep.
//!
//! Errors are the codec's own: [`EncodeError`] (a `Serialize` impl's message
//! becomes `EncodeError::Custom`) and [`DecodeError`], whose offset is where
//! the value at fault starts.

mod de;
mod error;
mod ser;

use ::serde::{Deserialize, Serialize};

use super::{Decode, DecodeError, Decoder, Encode, EncodeError, Encoder};

/// A `Serialize`/`Deserialize` type that travels in AMF3 through serde: see the
/// [module docs](self) for what each serde type becomes.
///
/// `to_vec(&Serde(&value))` writes a value, `from_slice::<Serde<T>>(bytes)?.0` reads one, and a
/// field or parameter of type `Serde<T>` works wherever an [`Encode`]/[`Decode`] type does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Serde<T>(pub T);

impl<T: Serialize> Encode for Serde<T> {
    fn encode(&self, encoder: &mut Encoder) -> Result<(), EncodeError> {
        self.0.serialize(ser::Serializer(encoder))
    }
}

impl<'de, T: Deserialize<'de>> Decode<'de> for Serde<T> {
    fn decode(decoder: &mut Decoder<'de>) -> Result<Self, DecodeError> {
        let at = decoder.position();
        T::deserialize(de::Deserializer::new(decoder))
            .map(Serde)
            .map_err(|e| error::place(e, at))
    }
}
