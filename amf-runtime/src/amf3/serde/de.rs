//! The `serde::Deserializer` that reads AMF3 straight from a [`Decoder`].
//!
//! Objects are read in one pass, member by member ([`Decoder::read_object`]). The decoder reads
//! arrays in one call ([`Decoder::read_vec`]), not item by item as a serde visitor asks for them,
//! so an array is read twice: once to find where its items are (and to enter their strings,
//! traits and objects in the reference tables), then each item where the visitor asks for it
//! ([`Decoder::decode_at`]).

use ::serde::de::value::{BorrowedStrDeserializer, SeqDeserializer};
use ::serde::de::{self, DeserializeSeed, Visitor};
use ::serde::forward_to_deserialize_any;

use super::error::{place, unplaced};
use crate::amf3::{
    marker, Decode, DecodeError, DecodeErrorKind, Decoder, Number, ObjectReader, Value,
};

/// How deep arrays, objects and enum variants may nest. The decoder bounds the depth of what it
/// reads, but an array's items are read after the array (see the module docs), outside that
/// count; and an array that holds a reference to itself would be read again and again. This
/// bound stops both.
const MAX_DEPTH: usize = 128;

/// What an enum variant with data is, for errors.
const ONE_MEMBER: &str = "an enum variant is an object with one member";

/// Reads one value for a serde visitor.
pub(super) struct Deserializer<'a, 'de> {
    decoder: &'a mut Decoder<'de>,
    /// How many arrays, objects and variants enclose the value.
    depth: usize,
}

impl<'a, 'de> Deserializer<'a, 'de> {
    /// A deserializer of the next value of `decoder`, at the top level.
    pub(super) fn new(decoder: &'a mut Decoder<'de>) -> Self {
        Deserializer { decoder, depth: 0 }
    }

    /// The depth of the values inside the array, object or variant that starts here.
    fn enter(&self) -> Result<usize, DecodeError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.decoder.error(DecodeErrorKind::LimitExceeded {
                limit: "max_depth",
                max: MAX_DEPTH,
                requested: self.depth + 1,
            }));
        }
        Ok(self.depth + 1)
    }

    /// Reads an integer or a double; a date reads as its milliseconds.
    fn read_number(&mut self) -> Result<Number, DecodeError> {
        if self.decoder.peek_marker()? == marker::DATE {
            self.decoder.read_date().map(Number::Double)
        } else {
            self.decoder.read_number()
        }
    }

    /// Reads a dense `Array`, a `Vector` or an `ArrayCollection` as a sequence.
    fn seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let depth = self.enter()?;
        let at = self.decoder.position();
        let items: Vec<Item> = self.decoder.read_vec()?;
        let mut access = Items {
            decoder: self.decoder,
            items: items.into_iter(),
            depth,
        };
        let value = visitor.visit_seq(&mut access)?;
        match access.items.len() {
            0 => Ok(value),
            left => Err(DecodeError::new(
                DecodeErrorKind::Custom(format!("{left} more array items than the type takes")),
                at,
            )),
        }
    }

    /// Reads an object (its sealed, then dynamic members; any class) or the associative part of
    /// an `Array` as a map.
    fn map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let depth = self.enter()?;
        if self.decoder.peek_marker()? == marker::OBJECT {
            return self
                .decoder
                .read_object("", |reader| visitor.visit_map(Members { reader, depth }));
        }
        let mut entries = Vec::new();
        self.decoder.read_map_entries(|key, decoder| {
            entries.push((key, decoder.position()));
            decoder.skip_value()
        })?;
        visitor.visit_map(Entries {
            decoder: self.decoder,
            entries: entries.into_iter(),
            value_at: 0,
            depth,
        })
    }
}

/// Hands the number read to the same method of [`NumberDeserializer`].
macro_rules! number_hints {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, DecodeError> {
            NumberDeserializer(self.read_number()?).$method(visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Deserializer<'_, 'de> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let at = self.decoder.position();
        match self.decoder.peek_marker()? {
            marker::UNDEFINED | marker::NULL => {
                self.decoder.read_null()?;
                visitor.visit_unit()
            }
            marker::FALSE | marker::TRUE => visitor.visit_bool(self.decoder.read_bool()?),
            marker::INTEGER | marker::DOUBLE => {
                NumberDeserializer(self.decoder.read_number()?).deserialize_any(visitor)
            }
            marker::STRING => visitor.visit_borrowed_str(self.decoder.read_str()?),
            marker::XML_DOC | marker::XML => match self.decoder.read_value()? {
                Value::Xml(text) | Value::XmlDocument(text) => visitor.visit_str(&text),
                // A reference from an XML marker to another kind of value.
                other => Err(DecodeError::new(
                    DecodeErrorKind::UnexpectedType {
                        expected: "XML",
                        found: other.type_name(),
                    },
                    at,
                )),
            },
            marker::DATE => visitor.visit_f64(self.decoder.read_date()?),
            marker::BYTE_ARRAY => visitor.visit_borrowed_bytes(self.decoder.read_byte_array()?),
            marker::ARRAY | marker::VECTOR_INT..=marker::VECTOR_OBJECT => self.seq(visitor),
            marker::OBJECT => self.map(visitor),
            marker::DICTIONARY => Err(self
                .decoder
                .unexpected("a value with string keys (decode a Dictionary into Value)")),
            other => Err(self.decoder.error(DecodeErrorKind::UnknownMarker(other))),
        }
    }

    number_hints! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    forward_to_deserialize_any! {
        bool char str string bytes byte_buf identifier
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        if self.decoder.read_null()? {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        if self.decoder.read_null()? {
            visitor.visit_unit()
        } else {
            Err(self.decoder.unexpected("null"))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    /// A `ByteArray` reads as a sequence of bytes too, for a `Vec<u8>` without `serde_bytes`.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        if self.decoder.peek_marker()? != marker::BYTE_ARRAY {
            return self.seq(visitor);
        }
        let mut bytes = SeqDeserializer::new(self.decoder.read_byte_array()?.iter().copied());
        let value = visitor.visit_seq(&mut bytes)?;
        bytes.end()?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.map(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.map(visitor)
    }

    /// A unit variant from its name; any variant from `{name: payload}`.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        match self.decoder.peek_marker()? {
            marker::STRING => {
                visitor.visit_enum(BorrowedStrDeserializer::new(self.decoder.read_str()?))
            }
            marker::OBJECT => {
                let depth = self.enter()?;
                self.decoder.read_object("", |reader| {
                    let Some(name) = reader.next_member()? else {
                        let found = format!("{ONE_MEMBER}; found none");
                        return Err(reader.decoder().custom_error(found));
                    };
                    let value = visitor.visit_enum(Variant {
                        reader,
                        name,
                        depth,
                    })?;
                    match reader.next_member()? {
                        None => Ok(value),
                        Some(extra) => {
                            let found = format!("{ONE_MEMBER}; found another, `{extra}`");
                            Err(reader.decoder().custom_error(found))
                        }
                    }
                })
            }
            _ => Err(self.decoder.unexpected("string or object (an enum)")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.decoder.skip_value()?;
        visitor.visit_unit()
    }
}

/// An item of a sequence as the first pass over it finds it.
enum Item {
    /// A value that starts at this offset.
    At(usize),
    /// A number of a `Vector.<int>`, `Vector.<uint>` or `Vector.<Number>`.
    Number(Number),
}

impl Decode<'_> for Item {
    fn decode(decoder: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let at = decoder.position();
        decoder.skip_value()?;
        Ok(Item::At(at))
    }

    fn from_number(number: Number) -> Option<Self> {
        Some(Item::Number(number))
    }
}

/// The items of a sequence, read where the first pass found them.
struct Items<'a, 'de> {
    decoder: &'a mut Decoder<'de>,
    items: std::vec::IntoIter<Item>,
    depth: usize,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = DecodeError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, DecodeError> {
        let depth = self.depth;
        match self.items.next() {
            None => Ok(None),
            Some(Item::Number(number)) => seed.deserialize(NumberDeserializer(number)).map(Some),
            Some(Item::At(at)) => self
                .decoder
                .decode_at(at, |decoder| {
                    seed.deserialize(Deserializer { decoder, depth })
                })
                .map(Some)
                .map_err(|e| place(e, at)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The members of an object, read as they come.
struct Members<'r, 'a, 'de> {
    reader: &'r mut ObjectReader<'a, 'de>,
    depth: usize,
}

impl<'de> de::MapAccess<'de> for Members<'_, '_, 'de> {
    type Error = DecodeError;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, DecodeError> {
        let Some(name) = self.reader.next_member()? else {
            return Ok(None);
        };
        let at = self.reader.decoder().position();
        seed.deserialize(Key(name))
            .map(Some)
            .map_err(|e| place(e, at))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, DecodeError> {
        let (at, depth) = (self.reader.decoder().position(), self.depth);
        self.reader
            .value_with(|decoder| seed.deserialize(Deserializer { decoder, depth }))
            .map_err(|e| place(e, at))
    }
}

/// The associative entries of an `Array`, read where the first pass found them.
struct Entries<'a, 'de> {
    decoder: &'a mut Decoder<'de>,
    entries: std::vec::IntoIter<(&'de str, usize)>,
    /// Where the value of the last key returned starts.
    value_at: usize,
    depth: usize,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = DecodeError;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, DecodeError> {
        let Some((key, at)) = self.entries.next() else {
            return Ok(None);
        };
        self.value_at = at;
        seed.deserialize(Key(key))
            .map(Some)
            .map_err(|e| place(e, at))
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, DecodeError> {
        let (at, depth) = (self.value_at, self.depth);
        self.decoder
            .decode_at(at, |decoder| {
                seed.deserialize(Deserializer { decoder, depth })
            })
            .map_err(|e| place(e, at))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// The variant `{name: payload}` of an enum.
struct Variant<'r, 'a, 'de> {
    reader: &'r mut ObjectReader<'a, 'de>,
    name: &'de str,
    depth: usize,
}

impl<'de> Variant<'_, '_, 'de> {
    /// Reads the payload with `read`.
    fn payload<T>(
        self,
        read: impl FnOnce(Deserializer<'_, 'de>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        let (at, depth) = (self.reader.decoder().position(), self.depth);
        self.reader
            .value_with(|decoder| read(Deserializer { decoder, depth }))
            .map_err(|e| place(e, at))
    }
}

impl<'de> de::EnumAccess<'de> for Variant<'_, '_, 'de> {
    type Error = DecodeError;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self), DecodeError> {
        Ok((seed.deserialize(Key(self.name))?, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, '_, 'de> {
    type Error = DecodeError;

    /// `{name: null}`.
    fn unit_variant(self) -> Result<(), DecodeError> {
        self.payload(|d| de::Deserialize::deserialize(d))
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<S::Value, DecodeError> {
        self.payload(|d| seed.deserialize(d))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.payload(|d| de::Deserializer::deserialize_tuple(d, len, visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.payload(|d| de::Deserializer::deserialize_struct(d, "", fields, visitor))
    }
}

/// A member name, as a map key, a field or a variant name: a string, or the number or boolean it
/// spells when the key type asks for one (the serializer writes such keys as their text).
struct Key<'de>(&'de str);

/// The methods of [`Key`] that parse the name.
macro_rules! parse_key {
    ($($method:ident => $visit:ident,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
            match self.0.parse() {
                Ok(v) => visitor.$visit(v),
                Err(_) => visitor.visit_borrowed_str(self.0),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Key<'de> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_borrowed_str(self.0)
    }

    parse_key! {
        deserialize_bool => visit_bool,
        deserialize_i8 => visit_i8, deserialize_i16 => visit_i16, deserialize_i32 => visit_i32,
        deserialize_i64 => visit_i64, deserialize_i128 => visit_i128,
        deserialize_u8 => visit_u8, deserialize_u16 => visit_u16, deserialize_u32 => visit_u32,
        deserialize_u64 => visit_u64, deserialize_u128 => visit_u128,
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_enum(BorrowedStrDeserializer::new(self.0))
    }

    forward_to_deserialize_any! {
        f32 f64 char str string bytes byte_buf option unit unit_struct seq tuple tuple_struct
        map struct identifier ignored_any
    }
}

/// A number read from the input. An integer type takes it only if it holds it exactly: `3.0`
/// reads as `3u8`, `3.5` and `300` do not.
struct NumberDeserializer(Number);

/// The methods of [`NumberDeserializer`] for integer types.
macro_rules! integer_hints {
    ($($method:ident => $visit:ident: $t:ty,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
            match self.0.as_i64().and_then(|i| <$t>::try_from(i).ok()) {
                Some(v) => visitor.$visit(v),
                None => Err(unplaced(DecodeErrorKind::NumberOutOfRange {
                    target: stringify!($t),
                    value: self.0.as_f64(),
                })),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NumberDeserializer {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.0 {
            Number::Integer(i) => visitor.visit_i32(i),
            Number::Double(d) => visitor.visit_f64(d),
        }
    }

    integer_hints! {
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
    }

    /// Rounds to the nearest `f32`, as the codec does.
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_f32(self.0.as_f64() as f32)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_f64(self.0.as_f64())
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool char str string bytes byte_buf unit unit_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}
