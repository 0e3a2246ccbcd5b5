//! Errors of the AMF3 codec. Every decode error carries the byte offset where it was found.

use std::fmt;

/// Why a decode failed. The enclosing [`DecodeError`] says where.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input ended in the middle of a value.
    #[non_exhaustive]
    UnexpectedEof {
        /// Bytes the value needed.
        needed: usize,
        /// Bytes that were left.
        remaining: usize,
    },
    /// A byte that is no AMF3 type marker.
    UnknownMarker(u8),
    /// A value of one type where another was expected (typed decoding).
    #[non_exhaustive]
    UnexpectedType {
        /// What the Rust type accepts.
        expected: &'static str,
        /// What the input holds.
        found: &'static str,
    },
    /// A declared length or count larger than the bytes that remain could hold.
    #[non_exhaustive]
    LengthBeyondInput {
        /// The declared length (bytes) or count (elements).
        declared: usize,
        /// Bytes left in the input.
        remaining: usize,
    },
    /// A configured limit was exceeded ([`DecodeLimits`](crate::amf3::DecodeLimits)).
    #[non_exhaustive]
    LimitExceeded {
        /// Which limit: `max_depth`, `max_string_len`, `max_bytes_len`, `max_elements` or `max_alloc`.
        limit: &'static str,
        /// The configured value of that limit.
        max: usize,
        /// What the input asked for.
        requested: usize,
    },
    /// A string, trait or object reference to an index the table does not hold.
    #[non_exhaustive]
    BadReference {
        /// `string`, `trait` or `object`.
        table: &'static str,
        /// The referenced index.
        index: usize,
        /// The size of the table at that point.
        len: usize,
    },
    /// A reference to an object still being decoded (a cycle), which a typed value cannot hold.
    CyclicReference(usize),
    /// A string that is not valid UTF-8.
    InvalidUtf8,
    /// A number that the target integer type cannot hold exactly.
    #[non_exhaustive]
    NumberOutOfRange {
        /// The Rust type.
        target: &'static str,
        /// The number found.
        value: f64,
    },
    /// An externalizable class with no registered reader.
    UnknownExternalizable(String),
    /// An object whose class alias differs from the one the Rust type maps.
    #[non_exhaustive]
    AliasMismatch {
        /// The alias the Rust type is registered under.
        expected: String,
        /// The alias in the input (empty: anonymous object).
        found: String,
    },
    /// An object of a class that the decoder's allow-list
    /// ([`DecodeOptions::allowed_aliases`](crate::amf3::DecodeOptions::allowed_aliases)) does
    /// not hold.
    UnregisteredAlias(String),
    /// A sealed member that the Rust type requires is absent.
    #[non_exhaustive]
    MissingMember {
        /// The class alias, or the Rust type name for anonymous objects.
        class: String,
        /// The member name.
        member: String,
    },
    /// Bytes left over after the one value of a frame.
    TrailingBytes(usize),
    /// An error raised by hand-written decoding code (custom field codecs, hooks).
    Custom(String),
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DecodeErrorKind::*;
        match self {
            UnexpectedEof { needed, remaining } => write!(
                f,
                "input ends too early: {needed} more bytes needed, {remaining} left"
            ),
            UnknownMarker(m) => write!(f, "unknown AMF3 marker 0x{m:02x}"),
            UnexpectedType { expected, found } => write!(f, "expected {expected}, found {found}"),
            LengthBeyondInput {
                declared,
                remaining,
            } => write!(
                f,
                "declared length {declared} is beyond the {remaining} bytes left"
            ),
            LimitExceeded {
                limit,
                max,
                requested,
            } => write!(f, "limit {limit} = {max} exceeded (asked for {requested})"),
            BadReference { table, index, len } => write!(
                f,
                "{table} reference #{index} is out of range (table holds {len})"
            ),
            CyclicReference(i) => write!(
                f,
                "object reference #{i} points to an object still being decoded (a cycle); decode into Value to keep it"
            ),
            InvalidUtf8 => f.write_str("string is not valid UTF-8"),
            NumberOutOfRange { target, value } => {
                write!(f, "number {value} does not fit {target} exactly")
            }
            UnknownExternalizable(c) => write!(
                f,
                "externalizable class `{c}` has no registered reader"
            ),
            AliasMismatch { expected, found } if found.is_empty() => write!(
                f,
                "expected an object of class `{expected}`, found an anonymous object (strict alias policy)"
            ),
            AliasMismatch { expected, found } => write!(
                f,
                "expected an object of class `{expected}`, found class `{found}`"
            ),
            UnregisteredAlias(alias) => write!(
                f,
                "class `{alias}` is not registered: this decoder accepts registered classes only"
            ),
            MissingMember { class, member } => {
                write!(f, "object of class `{class}` lacks member `{member}`")
            }
            TrailingBytes(n) => write!(f, "{n} bytes left over after the value"),
            Custom(msg) => f.write_str(msg),
        }
    }
}

/// A decode failure: what went wrong ([`kind`](Self::kind)) and at which byte offset of the input.
///
/// Boxed so that `Result<T, DecodeError>` stays one pointer wide on the hot path.
#[derive(Clone, PartialEq)]
pub struct DecodeError(Box<(DecodeErrorKind, usize)>);

impl DecodeError {
    /// An error of `kind` found at byte `offset`.
    pub fn new(kind: DecodeErrorKind, offset: usize) -> Self {
        Self(Box::new((kind, offset)))
    }

    /// What went wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.0 .0
    }

    /// The byte offset in the input where it went wrong.
    pub fn offset(&self) -> usize {
        self.0 .1
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "AMF3 decode error at byte {}: {}",
            self.offset(),
            self.kind()
        )
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("kind", self.kind())
            .field("offset", &self.offset())
            .finish()
    }
}

impl std::error::Error for DecodeError {}

/// An encode failure.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// A string, byte array or collection longer than a U29 header can announce.
    #[error("{what} of length {len} is longer than AMF3 allows ({max})", max = crate::amf3::MAX_LENGTH)]
    TooLong {
        /// What was too long.
        what: &'static str,
        /// Its length.
        len: usize,
    },
    /// An integer that a double cannot carry exactly (beyond ±2^53).
    #[error("integer {0} cannot travel as an AMF3 number without losing precision (beyond ±2^53)")]
    IntegerPrecision(i128),
    /// A [`Value::ObjectRef`](crate::amf3::Value::ObjectRef) to an object not yet written.
    #[error("object reference #{index} is out of range ({written} objects written so far)")]
    BadObjectRef {
        /// The index.
        index: u32,
        /// How many objects the frame holds so far.
        written: u32,
    },
    /// An externalizable object with no payload and no registered writer.
    #[error("externalizable class `{0}` has no registered writer")]
    UnknownExternalizable(String),
    /// An error raised by hand-written encoding code (custom field codecs, hooks).
    #[error("{0}")]
    Custom(String),
}
