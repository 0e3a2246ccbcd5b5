//! The AMF3 codec: [`Value`], the [`Encode`]/[`Decode`] traits, [`Encoder`] and [`Decoder`].
//!
//! Every value starts with a one-byte marker. Lengths, counts and references are U29s: one to
//! four bytes, seven bits per byte while the high bit is set, eight bits in the fourth byte.
//!
//! ```text
//! "hi"            06 05 68 69          marker string, U29 (2 << 1 | 1 = inline), bytes
//! "hi" again      06 00                U29 (0 << 1 = reference to string #0)
//! 300             04 82 2c             marker integer, U29 300
//! [1, 2]          09 05 01 04 01 04 02 marker array, U29 (2 << 1 | 1), empty assoc part, items
//! {a: 1}          0a 0b 01 03 61 04 01 01
//!                 marker object, traits U29 0b1011 (inline, dynamic, 0 sealed), class "",
//!                 dynamic member "a" = 1, empty name ends the members
//! ```
//!
//! ```
//! use amf_runtime::amf3::{self, Value};
//! let bytes = amf3::to_vec(&Value::object([("a", Value::Integer(1))]))?;
//! assert_eq!(bytes, [0x0a, 0x0b, 0x01, 0x03, 0x61, 0x04, 0x01, 0x01]);
//! let back: Value = amf3::from_slice(&bytes)?;
//! assert_eq!(back.get("a"), Some(&Value::Integer(1)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(feature = "amf-crate")]
pub mod amf_crate;
mod class;
mod codec;
mod decoder;
mod encoder;
mod error;
mod external;
mod impls;
mod limits;
mod marker;
#[cfg(feature = "serde")]
pub mod serde;
mod value;

#[cfg(feature = "serde")]
pub use self::serde::Serde;
pub use class::ClassDef;
pub use codec::{Decode, DecodeOwned, Encode, EncodeWith};
pub use decoder::{Decoder, Number, ObjectReader};
pub use encoder::Encoder;
pub use error::{DecodeError, DecodeErrorKind, EncodeError};
pub use external::{Externalizable, Externals, ARRAY_COLLECTION, OBJECT_PROXY};
pub use impls::ByteArray;
pub use limits::{AliasPolicy, DecodeLimits, DecodeOptions};
pub use marker::{INTEGER_MAX, INTEGER_MIN, MAX_LENGTH};
pub use value::{Array, Date, Dictionary, Object, ObjectVector, Traits, Value, Vector};

/// Encodes one value with fresh reference tables.
pub fn to_vec<T: Encode + ?Sized>(value: &T) -> Result<Vec<u8>, EncodeError> {
    let mut encoder = Encoder::new();
    encoder.encode(value)?;
    Ok(encoder.into_bytes())
}

/// Decodes `bytes`, which must hold exactly one value, with the default options.
pub fn from_slice<'de, T: Decode<'de>>(bytes: &'de [u8]) -> Result<T, DecodeError> {
    from_slice_with(bytes, &DecodeOptions::default())
}

/// Decodes `bytes`, which must hold exactly one value, with `options`.
pub fn from_slice_with<'de, T: Decode<'de>>(
    bytes: &'de [u8],
    options: &DecodeOptions,
) -> Result<T, DecodeError> {
    let mut decoder = Decoder::with_options(bytes, options);
    let value = T::decode(&mut decoder)?;
    decoder.finish()?;
    Ok(value)
}
