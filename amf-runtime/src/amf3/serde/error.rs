//! The codec's own errors serve as serde's: [`EncodeError`] is the serializer's error and
//! [`DecodeError`] the deserializer's, so that a failure inside a serde type keeps its byte offset.

use std::fmt::Display;

use crate::amf3::{DecodeError, DecodeErrorKind, EncodeError};

/// The offset of an error raised by a serde visitor, which does not know where it is; the bridge
/// replaces it with the offset of the value being read (see [`place`]).
const UNPLACED: usize = usize::MAX;

/// A message from a `Serialize` impl becomes [`EncodeError::Custom`].
impl ::serde::ser::Error for EncodeError {
    fn custom<T: Display>(msg: T) -> Self {
        EncodeError::Custom(msg.to_string())
    }
}

/// A message from a `Deserialize` impl becomes [`DecodeErrorKind::Custom`], at the offset of the
/// value it was reading.
impl ::serde::de::Error for DecodeError {
    fn custom<T: Display>(msg: T) -> Self {
        unplaced(DecodeErrorKind::Custom(msg.to_string()))
    }
}

/// An error whose offset [`place`] fills in later.
pub(super) fn unplaced(kind: DecodeErrorKind) -> DecodeError {
    DecodeError::new(kind, UNPLACED)
}

/// Gives an error raised while reading the value at `offset` that offset, unless a value nested
/// in it already gave it a more precise one.
pub(super) fn place(error: DecodeError, offset: usize) -> DecodeError {
    if error.offset() == UNPLACED {
        DecodeError::new(error.kind().clone(), offset)
    } else {
        error
    }
}
