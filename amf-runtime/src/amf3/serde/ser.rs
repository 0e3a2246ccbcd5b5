//! The `serde::Serializer` that writes AMF3 straight into an [`Encoder`].

use ::serde::ser::{self, Impossible, Serialize};

use crate::amf3::{ClassDef, EncodeError, Encoder};

/// Writes one value into the encoder. It is also the state of the sequence, map or struct it
/// starts: the encoder holds all a compound value needs, and only `end` differs between them.
pub(super) struct Serializer<'a>(pub(super) &'a mut Encoder);

impl Serializer<'_> {
    /// Writes a value nested in the one being written.
    fn write<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        value.serialize(Serializer(&mut *self.0))
    }

    /// Opens `{variant: ...}`, the anonymous object that carries a variant with data.
    fn open_variant(&mut self, variant: &str) -> Result<(), EncodeError> {
        self.0.write_object_header(&ClassDef::ANONYMOUS)?;
        self.0.write_member_name(variant)
    }
}

impl<'a> ser::Serializer for Serializer<'a> {
    type Ok = ();
    type Error = EncodeError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), EncodeError> {
        self.0.write_bool(v);
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), EncodeError> {
        self.serialize_i32(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<(), EncodeError> {
        self.serialize_i32(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<(), EncodeError> {
        self.0.write_i32(v);
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result<(), EncodeError> {
        self.0.write_i128(v.into())
    }

    fn serialize_i128(self, v: i128) -> Result<(), EncodeError> {
        self.0.write_i128(v)
    }

    fn serialize_u8(self, v: u8) -> Result<(), EncodeError> {
        self.serialize_i32(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<(), EncodeError> {
        self.serialize_i32(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<(), EncodeError> {
        self.0.write_i128(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result<(), EncodeError> {
        self.0.write_i128(v.into())
    }

    fn serialize_u128(self, v: u128) -> Result<(), EncodeError> {
        match i128::try_from(v) {
            Ok(v) => self.0.write_i128(v),
            Err(_) => Err(EncodeError::Custom(format!(
                "integer {v} cannot travel as an AMF3 number without losing precision (beyond ±2^53)"
            ))),
        }
    }

    fn serialize_f32(self, v: f32) -> Result<(), EncodeError> {
        self.serialize_f64(v.into())
    }

    fn serialize_f64(self, v: f64) -> Result<(), EncodeError> {
        self.0.write_f64(v);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), EncodeError> {
        self.0.write_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), EncodeError> {
        self.0.write_str(v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), EncodeError> {
        self.0.write_byte_array(v)
    }

    fn serialize_none(self) -> Result<(), EncodeError> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), EncodeError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), EncodeError> {
        self.0.write_null();
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), EncodeError> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), EncodeError> {
        self.0.write_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.open_variant(variant)?;
        self.write(value)?;
        self.0.end_dynamic_members();
        Ok(())
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self, EncodeError> {
        let len = len.ok_or_else(|| {
            let why = "an AMF3 array starts with its length: a sequence of unknown length cannot be written";
            EncodeError::Custom(why.into())
        })?;
        self.serialize_tuple(len)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self, EncodeError> {
        self.0.write_array_header(len)?;
        Ok(self)
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, EncodeError> {
        self.serialize_tuple(len)
    }

    fn serialize_tuple_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, EncodeError> {
        self.open_variant(variant)?;
        self.serialize_tuple(len)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self, EncodeError> {
        self.0.write_object_header(&ClassDef::ANONYMOUS)?;
        Ok(self)
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, EncodeError> {
        self.serialize_map(None)
    }

    fn serialize_struct_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, EncodeError> {
        self.open_variant(variant)?;
        self.serialize_map(None)
    }
}

impl ser::SerializeSeq for Serializer<'_> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.write(value)
    }

    fn end(self) -> Result<(), EncodeError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Serializer<'_> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.write(value)
    }

    fn end(self) -> Result<(), EncodeError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Serializer<'_> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.write(value)
    }

    fn end(self) -> Result<(), EncodeError> {
        Ok(())
    }
}

/// The array of a tuple variant, inside `{variant: [...]}`.
impl ser::SerializeTupleVariant for Serializer<'_> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.write(value)
    }

    fn end(self) -> Result<(), EncodeError> {
        self.0.end_dynamic_members();
        Ok(())
    }
}

impl ser::SerializeMap for Serializer<'_> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), EncodeError> {
        key.serialize(MemberName(&mut *self.0))
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        self.write(value)
    }

    fn end(self) -> Result<(), EncodeError> {
        self.0.end_dynamic_members();
        Ok(())
    }
}

impl ser::SerializeStruct for Serializer<'_> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.0.write_member_name(key)?;
        self.write(value)
    }

    fn end(self) -> Result<(), EncodeError> {
        self.0.end_dynamic_members();
        Ok(())
    }
}

/// The object of a struct variant, inside `{variant: {...}}`: `end` closes both.
impl ser::SerializeStructVariant for Serializer<'_> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.0.write_member_name(key)?;
        self.write(value)
    }

    fn end(self) -> Result<(), EncodeError> {
        self.0.end_dynamic_members();
        self.0.end_dynamic_members();
        Ok(())
    }
}

/// Writes a map key as the name of a dynamic member. AMF3 names are strings: numbers and
/// booleans are written as their text, as ActionScript does with the keys of an `Object`.
struct MemberName<'a>(&'a mut Encoder);

impl MemberName<'_> {
    fn text(self, key: impl ToString) -> Result<(), EncodeError> {
        self.0.write_member_name(&key.to_string())
    }
}

fn key_error() -> EncodeError {
    let why = "a map key must be a string, char, integer, bool or unit variant: AMF3 member names are strings";
    EncodeError::Custom(why.into())
}

/// The methods of [`MemberName`] that write a key as its text.
macro_rules! keys_as_text {
    ($($method:ident: $t:ty,)*) => {$(
        fn $method(self, v: $t) -> Result<(), EncodeError> {
            self.text(v)
        }
    )*};
}

impl ser::Serializer for MemberName<'_> {
    type Ok = ();
    type Error = EncodeError;
    type SerializeSeq = Impossible<(), EncodeError>;
    type SerializeTuple = Impossible<(), EncodeError>;
    type SerializeTupleStruct = Impossible<(), EncodeError>;
    type SerializeTupleVariant = Impossible<(), EncodeError>;
    type SerializeMap = Impossible<(), EncodeError>;
    type SerializeStruct = Impossible<(), EncodeError>;
    type SerializeStructVariant = Impossible<(), EncodeError>;

    keys_as_text! {
        serialize_bool: bool,
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
        serialize_u128: u128,
    }

    fn serialize_char(self, v: char) -> Result<(), EncodeError> {
        self.0.write_member_name(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), EncodeError> {
        self.0.write_member_name(v)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), EncodeError> {
        self.0.write_member_name(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        value.serialize(self)
    }

    fn serialize_f32(self, _v: f32) -> Result<(), EncodeError> {
        Err(key_error())
    }

    fn serialize_f64(self, _v: f64) -> Result<(), EncodeError> {
        Err(key_error())
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<(), EncodeError> {
        Err(key_error())
    }

    fn serialize_none(self) -> Result<(), EncodeError> {
        Err(key_error())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), EncodeError> {
        Err(key_error())
    }

    fn serialize_unit(self) -> Result<(), EncodeError> {
        Err(key_error())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), EncodeError> {
        Err(key_error())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), EncodeError> {
        Err(key_error())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, EncodeError> {
        Err(key_error())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, EncodeError> {
        Err(key_error())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, EncodeError> {
        Err(key_error())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, EncodeError> {
        Err(key_error())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, EncodeError> {
        Err(key_error())
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, EncodeError> {
        Err(key_error())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, EncodeError> {
        Err(key_error())
    }
}
