//! The one-byte type markers of AMF3 (Adobe's AMF 3 specification, section 3.1).

pub(crate) const UNDEFINED: u8 = 0x00;
pub(crate) const NULL: u8 = 0x01;
pub(crate) const FALSE: u8 = 0x02;
pub(crate) const TRUE: u8 = 0x03;
pub(crate) const INTEGER: u8 = 0x04;
pub(crate) const DOUBLE: u8 = 0x05;
pub(crate) const STRING: u8 = 0x06;
pub(crate) const XML_DOC: u8 = 0x07;
pub(crate) const DATE: u8 = 0x08;
pub(crate) const ARRAY: u8 = 0x09;
pub(crate) const OBJECT: u8 = 0x0A;
pub(crate) const XML: u8 = 0x0B;
pub(crate) const BYTE_ARRAY: u8 = 0x0C;
pub(crate) const VECTOR_INT: u8 = 0x0D;
pub(crate) const VECTOR_UINT: u8 = 0x0E;
pub(crate) const VECTOR_DOUBLE: u8 = 0x0F;
pub(crate) const VECTOR_OBJECT: u8 = 0x10;
pub(crate) const DICTIONARY: u8 = 0x11;

/// The smallest and largest values an AMF3 integer (a signed 29-bit number) can hold.
pub const INTEGER_MIN: i32 = -(1 << 28);
/// See [`INTEGER_MIN`].
pub const INTEGER_MAX: i32 = (1 << 28) - 1;
/// The largest length or count a U29 header can carry (28 bits: one bit flags inline/reference).
pub const MAX_LENGTH: usize = (1 << 28) - 1;

/// A human name of a marker, for error messages.
pub(crate) fn name(marker: u8) -> &'static str {
    match marker {
        UNDEFINED => "undefined",
        NULL => "null",
        FALSE | TRUE => "boolean",
        INTEGER => "integer",
        DOUBLE => "double",
        STRING => "string",
        XML_DOC => "XMLDocument",
        DATE => "date",
        ARRAY => "array",
        OBJECT => "object",
        XML => "XML",
        BYTE_ARRAY => "ByteArray",
        VECTOR_INT => "Vector.<int>",
        VECTOR_UINT => "Vector.<uint>",
        VECTOR_DOUBLE => "Vector.<Number>",
        VECTOR_OBJECT => "Vector.<Object>",
        DICTIONARY => "Dictionary",
        _ => "unknown marker",
    }
}
