//! The [`Encode`] and [`Decode`] traits: how a Rust type is written to and read from AMF3.

use super::decoder::Number;
use super::{DecodeError, Decoder, EncodeError, Encoder};

/// A type that can be written as one AMF3 value.
///
/// Implemented for the standard types (see the table in the crate docs), for [`Value`](super::Value),
/// and by `#[derive(AmfClass)]` for your structs and enums.
pub trait Encode {
    /// Writes `self` as one AMF3 value.
    fn encode(&self, encoder: &mut Encoder) -> Result<(), EncodeError>;

    /// Writes a slice of `Self`: an `Array` by default; `u8` writes a `ByteArray`.
    #[doc(hidden)]
    fn encode_slice(items: &[Self], encoder: &mut Encoder) -> Result<(), EncodeError>
    where
        Self: Sized,
    {
        encoder.write_array_header(items.len())?;
        items.iter().try_for_each(|item| item.encode(encoder))
    }
}

/// A type that can be read from one AMF3 value, straight from the bytes.
///
/// `'de` is the lifetime of the input: `&'de str` and `&'de [u8]` borrow from it. Use
/// [`DecodeOwned`] for types that borrow nothing.
pub trait Decode<'de>: Sized {
    /// Reads one AMF3 value as `Self`.
    fn decode(decoder: &mut Decoder<'de>) -> Result<Self, DecodeError>;

    /// The value to use when an object lacks the member that holds a `Self`: `Some(None)` for
    /// `Option`, `None` (the member is required) for everything else.
    fn absent() -> Option<Self> {
        None
    }

    /// Converts an item of a `Vector.<int>`, `Vector.<uint>` or `Vector.<Number>`.
    #[doc(hidden)]
    fn from_number(number: Number) -> Option<Self> {
        let _ = number;
        None
    }

    /// Reads a `Vec<Self>`: from any sequence by default; `u8` reads a `ByteArray`.
    #[doc(hidden)]
    fn decode_vec(decoder: &mut Decoder<'de>) -> Result<Vec<Self>, DecodeError> {
        decoder.read_vec()
    }
}

/// A [`Decode`] type that borrows nothing from the input.
pub trait DecodeOwned: for<'de> Decode<'de> {}

impl<T> DecodeOwned for T where T: for<'de> Decode<'de> {}

/// Writes a value with a closure: for values assembled by hand, such as a params object built
/// member by member.
pub struct EncodeWith<F>(pub F);

impl<F> std::fmt::Debug for EncodeWith<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EncodeWith(..)")
    }
}

impl<F: Fn(&mut Encoder) -> Result<(), EncodeError>> Encode for EncodeWith<F> {
    fn encode(&self, encoder: &mut Encoder) -> Result<(), EncodeError> {
        (self.0)(encoder)
    }
}
