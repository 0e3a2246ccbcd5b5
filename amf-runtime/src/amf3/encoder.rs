//! [`Encoder`]: writes AMF3 with string, trait and object references, as Flash Player does.

use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::Arc;

use hashbrown::{DefaultHashBuilder, HashMap, HashTable};

use super::class::{ClassDef, TraitsLayout};
use super::external::Externals;
use super::marker;
use super::value::{Traits, Value};
use super::{Encode, EncodeError, MAX_LENGTH};

/// Writes AMF3 values into a growing byte buffer.
///
/// The reference tables (strings, traits, objects) live as long as the encoder's current frame:
/// [`Encoder::encode`] appends to the current frame, [`Encoder::frame`] starts a new one with
/// empty tables and writes it with the 4-byte length prefix of AMF Socket. An encoder can be
/// kept and reused: [`Encoder::clear`] keeps its allocations.
///
/// ```
/// use amf_runtime::amf3::{Encoder, Value};
/// let mut enc = Encoder::new();
/// enc.encode(&Value::from("hi"))?;
/// assert_eq!(enc.as_bytes(), &[0x06, 0x05, b'h', b'i']);
/// # Ok::<(), amf_runtime::amf3::EncodeError>(())
/// ```
#[derive(Debug, Default)]
pub struct Encoder {
    buf: Vec<u8>,
    strings: StringTable,
    traits: TraitTable,
    objects: ObjectTable,
    externals: Option<Arc<Externals>>,
}

impl Encoder {
    /// An empty encoder with the built-in externalizable classes only.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty encoder that writes externalizable objects with the writers of `externals`.
    pub fn with_externals(externals: Arc<Externals>) -> Self {
        Encoder {
            externals: Some(externals),
            ..Self::default()
        }
    }

    /// Appends `value` to the current frame (reference tables carry over from earlier values).
    pub fn encode<T: Encode + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        value.encode(self)
    }

    /// Appends one AMF Socket frame: a 4-byte big-endian length, then `value` encoded with fresh
    /// reference tables. On error nothing of the frame stays in the buffer.
    pub fn frame<T: Encode + ?Sized>(&mut self, value: &T) -> Result<(), EncodeError> {
        let start = self.buf.len();
        self.reset_tables();
        self.buf.extend_from_slice(&[0; 4]);
        let result = value.encode(self).and_then(|()| {
            let len = self.buf.len() - start - 4;
            let len =
                u32::try_from(len).map_err(|_| EncodeError::TooLong { what: "frame", len })?;
            self.buf[start..start + 4].copy_from_slice(&len.to_be_bytes());
            Ok(())
        });
        if result.is_err() {
            self.buf.truncate(start);
        }
        self.reset_tables();
        result
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    /// The number of bytes written so far.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Whether nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The bytes written, consuming the encoder.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Forgets the bytes and reference tables, keeping the allocations for reuse.
    pub fn clear(&mut self) {
        self.buf.clear();
        self.reset_tables();
    }

    /// Moves the bytes written out, leaving the encoder empty (its tables cleared).
    pub fn take_bytes(&mut self) -> Vec<u8> {
        self.reset_tables();
        std::mem::take(&mut self.buf)
    }

    fn reset_tables(&mut self) {
        self.strings.clear();
        self.traits.clear();
        self.objects.clear();
    }

    // ---- scalars -------------------------------------------------------------------------

    /// Writes `undefined`.
    pub fn write_undefined(&mut self) {
        self.buf.push(marker::UNDEFINED);
    }

    /// Writes `null`.
    pub fn write_null(&mut self) {
        self.buf.push(marker::NULL);
    }

    /// Writes a boolean.
    pub fn write_bool(&mut self, v: bool) {
        self.buf.push(if v { marker::TRUE } else { marker::FALSE });
    }

    /// Writes an integer: as an AMF3 integer inside the 29-bit range, else as a double.
    pub fn write_i32(&mut self, v: i32) {
        if (super::INTEGER_MIN..=super::INTEGER_MAX).contains(&v) {
            self.buf.push(marker::INTEGER);
            self.write_u29((v as u32) & 0x1FFF_FFFF);
        } else {
            self.write_f64(f64::from(v));
        }
    }

    /// Writes a wide integer: an AMF3 integer when it fits 29 bits, a double when a double holds
    /// it exactly (|v| ≤ 2^53), else an error (a double would silently change it).
    pub fn write_i128(&mut self, v: i128) -> Result<(), EncodeError> {
        const EXACT: i128 = 1 << 53;
        if let Ok(small) = i32::try_from(v) {
            self.write_i32(small);
            Ok(())
        } else if (-EXACT..=EXACT).contains(&v) {
            self.write_f64(v as f64);
            Ok(())
        } else {
            Err(EncodeError::IntegerPrecision(v))
        }
    }

    /// Writes a double.
    pub fn write_f64(&mut self, v: f64) {
        self.buf.push(marker::DOUBLE);
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    /// Writes a string (a reference when the same text was written earlier in the frame).
    pub fn write_str(&mut self, s: &str) -> Result<(), EncodeError> {
        self.buf.push(marker::STRING);
        self.write_string_body(s)
    }

    /// Writes a date (milliseconds since the Unix epoch, UTC). Dates are never written as
    /// references: a Rust value has no identity to share.
    pub fn write_date(&mut self, millis: f64) {
        self.buf.push(marker::DATE);
        self.objects.push(marker::DATE);
        self.write_u29(1);
        self.buf.extend_from_slice(&millis.to_be_bytes());
    }

    /// Writes a `ByteArray`.
    pub fn write_byte_array(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.buf.push(marker::BYTE_ARRAY);
        self.objects.push(marker::BYTE_ARRAY);
        self.write_inline_bytes(bytes, "ByteArray")
    }

    // ---- composites ----------------------------------------------------------------------

    /// Writes the header of a dense `Array` of `len` items; the caller then writes the items.
    pub fn write_array_header(&mut self, len: usize) -> Result<(), EncodeError> {
        let len = check_len(len, "array")?;
        self.buf.push(marker::ARRAY);
        self.objects.push(marker::ARRAY);
        self.write_u29(len << 1 | 1);
        self.buf.push(0x01); // empty associative part
        Ok(())
    }

    /// Writes the marker and traits of an object of class `class`; the caller then writes one
    /// value per sealed member in the order of `class.sealed`, and, if `class.dynamic`, any
    /// dynamic members with [`Encoder::write_dynamic_member`] and then
    /// [`Encoder::end_dynamic_members`].
    pub fn write_object_header(&mut self, class: &'static ClassDef) -> Result<(), EncodeError> {
        self.buf.push(marker::OBJECT);
        self.objects.push(marker::OBJECT);
        let ptr = class as *const ClassDef as usize;
        match self.traits.find(ptr, class, None) {
            Some(index) => self.write_u29(index << 2 | 0b01),
            None => {
                self.write_inline_traits(class)?;
                self.traits.insert(ptr, class, StoredTraits::Static(class));
            }
        }
        Ok(())
    }

    /// Writes one dynamic member of an object whose header declared it dynamic.
    pub fn write_dynamic_member<T: Encode + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.write_member_name(name)?;
        value.encode(self)
    }

    /// Writes the name of a dynamic member; its value must follow. For values written by hand
    /// (nested objects built member by member).
    pub fn write_member_name(&mut self, name: &str) -> Result<(), EncodeError> {
        if name.is_empty() {
            return Err(EncodeError::Custom(
                "a dynamic member cannot have an empty name in AMF3".into(),
            ));
        }
        self.write_string_body(name)
    }

    /// Cuts the buffer back to `len` bytes and empties the reference tables (for a caller that
    /// rewrites the frame it just wrote).
    pub(crate) fn truncate(&mut self, len: usize) {
        self.buf.truncate(len);
        self.reset_tables();
    }

    /// Removes the `null` or `undefined` just written at `at` (the last byte), to write
    /// something else in its place.
    pub(crate) fn truncate_null(&mut self, at: usize) {
        debug_assert!(at + 1 == self.buf.len() && self.buf[at] <= 0x01);
        self.buf.truncate(at);
    }

    /// Ends the dynamic members of an object (writes the empty name).
    pub fn end_dynamic_members(&mut self) {
        self.buf.push(0x01);
    }

    /// Writes a [`Value`] (the same as `encode(&value)`).
    pub fn write_value(&mut self, value: &Value) -> Result<(), EncodeError> {
        match value {
            Value::Undefined => self.write_undefined(),
            Value::Null => self.write_null(),
            Value::Bool(b) => self.write_bool(*b),
            Value::Integer(i) => self.write_i32(*i),
            Value::Double(d) => self.write_f64(*d),
            Value::String(s) => self.write_str(s)?,
            Value::Date(d) => self.write_date(d.millis),
            Value::ObjectRef(index) => {
                // A reference is written with the referenced value's own marker, as Flash does
                // (and as the AMF3 grammar has it: `array-marker U29O-ref` for an array).
                let Some(&mark) = self.objects.markers.get(*index as usize) else {
                    return Err(EncodeError::BadObjectRef {
                        index: *index,
                        written: self.objects.len(),
                    });
                };
                self.buf.push(mark);
                self.write_u29(index << 1);
            }
            shared => self.write_shared(shared)?,
        }
        Ok(())
    }

    /// Writes a value that lives in the object table, as a reference if this very node (the same
    /// `Arc`) was written earlier in the frame.
    fn write_shared(&mut self, value: &Value) -> Result<(), EncodeError> {
        let (mark, ptr) = match value {
            Value::XmlDocument(s) => (marker::XML_DOC, Arc::as_ptr(s) as *const u8 as usize),
            Value::Xml(s) => (marker::XML, Arc::as_ptr(s) as *const u8 as usize),
            Value::ByteArray(b) => (marker::BYTE_ARRAY, Arc::as_ptr(b) as *const u8 as usize),
            Value::Array(a) => (marker::ARRAY, Arc::as_ptr(a) as usize),
            Value::Object(o) => (marker::OBJECT, Arc::as_ptr(o) as usize),
            Value::VectorInt(v) => (marker::VECTOR_INT, Arc::as_ptr(v) as usize),
            Value::VectorUint(v) => (marker::VECTOR_UINT, Arc::as_ptr(v) as usize),
            Value::VectorDouble(v) => (marker::VECTOR_DOUBLE, Arc::as_ptr(v) as usize),
            Value::VectorObject(v) => (marker::VECTOR_OBJECT, Arc::as_ptr(v) as usize),
            Value::Dictionary(d) => (marker::DICTIONARY, Arc::as_ptr(d) as usize),
            _ => unreachable!("write_value handles every value outside the object table"),
        };
        self.buf.push(mark);
        if let Some(index) = self.objects.find(ptr, mark) {
            self.write_u29(index << 1);
            return Ok(());
        }
        self.objects.insert(ptr, mark, value.clone());
        match value {
            Value::XmlDocument(s) | Value::Xml(s) => self.write_inline_bytes(s.as_bytes(), "XML"),
            Value::ByteArray(b) => self.write_inline_bytes(b, "ByteArray"),
            Value::Array(a) => {
                self.write_u29(check_len(a.dense.len(), "array")? << 1 | 1);
                for (key, item) in &a.assoc {
                    self.write_dynamic_member(key, item)?;
                }
                self.end_dynamic_members();
                a.dense.iter().try_for_each(|item| self.write_value(item))
            }
            Value::Object(o) => self.write_object_body(o),
            Value::VectorInt(v) => {
                self.write_vector_numbers(v.fixed, &v.items, |n| n.to_be_bytes())
            }
            Value::VectorUint(v) => {
                self.write_vector_numbers(v.fixed, &v.items, |n| n.to_be_bytes())
            }
            Value::VectorDouble(v) => {
                self.write_vector_numbers(v.fixed, &v.items, |n| n.to_be_bytes())
            }
            Value::VectorObject(v) => {
                self.write_u29(check_len(v.items.len(), "vector")? << 1 | 1);
                self.buf.push(u8::from(v.fixed));
                self.write_string_body(&v.type_name)?;
                v.items.iter().try_for_each(|item| self.write_value(item))
            }
            Value::Dictionary(d) => {
                self.write_u29(check_len(d.entries.len(), "dictionary")? << 1 | 1);
                self.buf.push(u8::from(d.weak));
                d.entries.iter().try_for_each(|(k, v)| {
                    self.write_value(k)?;
                    self.write_value(v)
                })
            }
            _ => unreachable!("matched above"),
        }
    }

    fn write_object_body(&mut self, object: &super::value::Object) -> Result<(), EncodeError> {
        let traits = &object.traits;
        let ptr = Arc::as_ptr(traits) as usize;
        match self.traits.find(ptr, traits.as_ref(), Some(traits)) {
            Some(index) => self.write_u29(index << 2 | 0b01),
            None => {
                self.write_inline_traits(traits.as_ref())?;
                self.traits
                    .insert(ptr, traits.as_ref(), StoredTraits::Shared(traits.clone()));
            }
        }
        if traits.externalizable {
            return super::external::write_external(self, object);
        }
        if object.sealed.len() != traits.sealed.len() {
            return Err(EncodeError::Custom(format!(
                "object of class `{}` has {} sealed values for {} sealed members",
                traits.class_name,
                object.sealed.len(),
                traits.sealed.len()
            )));
        }
        object.sealed.iter().try_for_each(|v| self.write_value(v))?;
        if traits.dynamic {
            for (key, value) in &object.dynamic {
                self.write_dynamic_member(key, value)?;
            }
            self.end_dynamic_members();
        }
        Ok(())
    }

    fn write_vector_numbers<T: Copy, const N: usize>(
        &mut self,
        fixed: bool,
        items: &[T],
        to_bytes: impl Fn(T) -> [u8; N],
    ) -> Result<(), EncodeError> {
        self.write_u29(check_len(items.len(), "vector")? << 1 | 1);
        self.buf.push(u8::from(fixed));
        self.buf.reserve(items.len() * N);
        for &item in items {
            self.buf.extend_from_slice(&to_bytes(item));
        }
        Ok(())
    }

    // ---- raw access, for externalizable writers ------------------------------------------

    /// Writes raw bytes with no marker (for `IExternalizable` writers: `writeBytes`).
    pub fn write_raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Writes a UTF-8 string with a 16-bit length and no marker (`writeUTF`).
    pub fn write_raw_utf(&mut self, s: &str) -> Result<(), EncodeError> {
        let len = u16::try_from(s.len()).map_err(|_| EncodeError::TooLong {
            what: "writeUTF string",
            len: s.len(),
        })?;
        self.buf.extend_from_slice(&len.to_be_bytes());
        self.buf.extend_from_slice(s.as_bytes());
        Ok(())
    }

    /// The writers of externalizable classes this encoder knows, beside the built-in ones.
    pub(crate) fn externals(&self) -> Option<&Externals> {
        self.externals.as_deref()
    }

    // ---- wire primitives -----------------------------------------------------------------

    pub(crate) fn write_u29(&mut self, v: u32) {
        debug_assert!(v < 1 << 29, "U29 out of range: {v}");
        match v {
            0..=0x7F => self.buf.push(v as u8),
            0x80..=0x3FFF => self
                .buf
                .extend_from_slice(&[(v >> 7) as u8 | 0x80, v as u8 & 0x7F]),
            0x4000..=0x1F_FFFF => self.buf.extend_from_slice(&[
                (v >> 14) as u8 | 0x80,
                (v >> 7) as u8 | 0x80,
                v as u8 & 0x7F,
            ]),
            _ => self.buf.extend_from_slice(&[
                (v >> 22) as u8 | 0x80,
                (v >> 15) as u8 | 0x80,
                (v >> 8) as u8 | 0x80,
                v as u8,
            ]),
        }
    }

    /// Writes a UTF-8-vr: a string reference, or the string inline (and remembered).
    pub(crate) fn write_string_body(&mut self, s: &str) -> Result<(), EncodeError> {
        if s.is_empty() {
            self.buf.push(0x01);
            return Ok(());
        }
        match self.strings.find(&self.buf, s) {
            Ok(index) => self.write_u29(index << 1),
            Err(hash) => {
                self.write_u29(check_len(s.len(), "string")? << 1 | 1);
                let offset = self.buf.len();
                self.buf.extend_from_slice(s.as_bytes());
                self.strings.insert(&self.buf, offset, s.len(), hash);
            }
        }
        Ok(())
    }

    fn write_inline_bytes(&mut self, bytes: &[u8], what: &'static str) -> Result<(), EncodeError> {
        self.write_u29(check_len(bytes.len(), what)? << 1 | 1);
        self.buf.extend_from_slice(bytes);
        Ok(())
    }

    fn write_inline_traits(&mut self, traits: &impl TraitsLayout) -> Result<(), EncodeError> {
        let names = traits.sealed_names();
        let count = check_len(names.len(), "sealed member list")?;
        if count >= 1 << 25 {
            return Err(EncodeError::TooLong {
                what: "sealed member list",
                len: names.len(),
            });
        }
        let flags =
            u32::from(traits.is_dynamic()) << 3 | u32::from(traits.is_externalizable()) << 2;
        self.write_u29(count << 4 | flags | 0b011);
        self.write_string_body(traits.class_name())?;
        for name in traits.sealed_names() {
            self.write_string_body(name)?;
        }
        Ok(())
    }
}

fn check_len(len: usize, what: &'static str) -> Result<u32, EncodeError> {
    if len > MAX_LENGTH {
        Err(EncodeError::TooLong { what, len })
    } else {
        Ok(len as u32)
    }
}

/// Strings written in the current frame: their place in the output buffer, found by content.
#[derive(Default)]
struct StringTable {
    /// (offset, length) of each string in the output buffer, by reference index.
    spans: Vec<(usize, usize)>,
    index: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl std::fmt::Debug for StringTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StringTable")
            .field("len", &self.spans.len())
            .finish()
    }
}

/// Up to this many strings in a frame, a string is found by a linear scan (lengths first, then
/// bytes), which costs less than hashing it; past it, the hash index is built and used.
const LINEAR_STRINGS: usize = 16;

impl StringTable {
    fn clear(&mut self) {
        self.spans.clear();
        self.index.clear();
    }

    /// The index of `s`, or (if it was not written yet) what [`StringTable::insert`] needs: its
    /// hash once the table is indexed, 0 before.
    fn find(&mut self, buf: &[u8], s: &str) -> Result<u32, u64> {
        if self.spans.len() < LINEAR_STRINGS {
            let s = s.as_bytes();
            let found = self
                .spans
                .iter()
                .position(|&(o, l)| l == s.len() && &buf[o..o + l] == s);
            return found.map(|i| i as u32).ok_or(0); // no hash: `insert` does not index yet
        }
        if self.index.is_empty() {
            self.index_all(buf);
        }
        let hash = self.hasher.hash_one(s.as_bytes());
        let spans = &self.spans;
        self.index
            .find(hash, |&i| {
                let (offset, len) = spans[i as usize];
                &buf[offset..offset + len] == s.as_bytes()
            })
            .copied()
            .ok_or(hash)
    }

    /// Remembers the string at `buf[offset..offset + len]`, whose hash `find` returned.
    fn insert(&mut self, buf: &[u8], offset: usize, len: usize, hash: u64) {
        let index = self.spans.len() as u32;
        self.spans.push((offset, len));
        if !self.index.is_empty() {
            let (spans, hasher) = (&self.spans, &self.hasher);
            self.index.insert_unique(hash, index, |&i| {
                let (o, l) = spans[i as usize];
                hasher.hash_one(&buf[o..o + l])
            });
        }
    }

    /// Builds the hash index of the strings found by linear scan so far.
    fn index_all(&mut self, buf: &[u8]) {
        let StringTable {
            spans,
            index,
            hasher,
        } = self;
        let hash = |&(o, l): &(usize, usize)| hasher.hash_one(&buf[o..o + l]);
        for (i, span) in spans.iter().enumerate() {
            index.insert_unique(hash(span), i as u32, |&j| hash(&spans[j as usize]));
        }
    }
}

/// Where the encoder keeps the traits it has written: a `'static` class definition of a derived
/// type, or the shared traits of a [`Value`] object.
enum StoredTraits {
    Static(&'static ClassDef),
    Shared(Arc<Traits>),
}

impl StoredTraits {
    fn same_as(&self, other: &impl TraitsLayout) -> bool {
        fn eq(a: &impl TraitsLayout, b: &impl TraitsLayout) -> bool {
            a.class_name() == b.class_name()
                && a.is_dynamic() == b.is_dynamic()
                && a.is_externalizable() == b.is_externalizable()
                && a.sealed_names().eq(b.sealed_names())
        }
        match self {
            StoredTraits::Static(def) => eq(*def, other),
            StoredTraits::Shared(traits) => eq(traits.as_ref(), other),
        }
    }
}

/// Traits written in the current frame, found by address (fast) or by content.
#[derive(Default)]
struct TraitTable {
    stored: Vec<StoredTraits>,
    by_address: HashMap<usize, u32>,
    by_content: HashTable<u32>,
    /// Keeps every `Arc<Traits>` whose address is in `by_address` alive, so that no address is
    /// reused by another allocation while the frame lasts.
    keep_alive: Vec<Arc<Traits>>,
    /// The index of the anonymous dynamic traits (`{}`: every map and envelope), once written.
    /// They are kept here only, not in `by_address` or `by_content`: found without hashing.
    anonymous: Option<u32>,
    hasher: DefaultHashBuilder,
}

impl std::fmt::Debug for TraitTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TraitTable")
            .field("len", &self.stored.len())
            .finish()
    }
}

impl TraitTable {
    fn clear(&mut self) {
        self.stored.clear();
        self.by_address.clear();
        self.by_content.clear();
        self.keep_alive.clear();
        self.anonymous = None;
    }

    fn content_hash(&self, traits: &impl TraitsLayout) -> u64 {
        let mut h = self.hasher.build_hasher();
        hash_layout(traits, &mut h);
        h.finish()
    }

    /// The index of traits written earlier in the frame with this address or this layout.
    /// `owner` is the `Arc` that lives at `address`, if it is not `'static`.
    fn find(
        &mut self,
        address: usize,
        traits: &impl TraitsLayout,
        owner: Option<&Arc<Traits>>,
    ) -> Option<u32> {
        if is_anonymous(traits) {
            return self.anonymous;
        }
        if let Some(&index) = self.by_address.get(&address) {
            return Some(index);
        }
        let hash = self.content_hash(traits);
        let stored = &self.stored;
        let index = *self
            .by_content
            .find(hash, |&i| stored[i as usize].same_as(traits))?;
        self.by_address.insert(address, index);
        self.keep_alive.extend(owner.cloned());
        Some(index)
    }

    fn insert(&mut self, address: usize, traits: &impl TraitsLayout, stored: StoredTraits) {
        let index = self.stored.len() as u32;
        if is_anonymous(traits) {
            self.anonymous = Some(index);
            self.stored.push(stored);
            return;
        }
        let hash = self.content_hash(traits);
        if let StoredTraits::Shared(arc) = &stored {
            self.keep_alive.push(arc.clone());
        }
        self.stored.push(stored);
        self.by_address.insert(address, index);
        let (stored, table) = (&self.stored, &mut self.by_content);
        let hasher = &self.hasher;
        table.insert_unique(hash, index, |&i| {
            let mut h = hasher.build_hasher();
            match &stored[i as usize] {
                StoredTraits::Static(def) => hash_layout(*def, &mut h),
                StoredTraits::Shared(t) => hash_layout(t.as_ref(), &mut h),
            }
            h.finish()
        });
    }
}

/// Whether these are the traits of an anonymous dynamic object (`{}`).
fn is_anonymous(traits: &impl TraitsLayout) -> bool {
    traits.class_name().is_empty()
        && traits.sealed_names().len() == 0
        && traits.is_dynamic()
        && !traits.is_externalizable()
}

fn hash_layout(traits: &impl TraitsLayout, h: &mut impl Hasher) {
    traits.class_name().hash(h);
    for name in traits.sealed_names() {
        name.hash(h);
    }
    (traits.is_dynamic(), traits.is_externalizable()).hash(h);
}

/// Objects written in the current frame: the marker of each (every object-table value takes an
/// index, typed ones too) and the addresses of [`Value`] nodes, for references.
///
/// A node is found by its address *and* marker: empty `Arc<str>` and `Arc<[u8]>` made by
/// `Arc::default()` all share one static address, and an empty XML must not be written as a
/// reference to an empty `ByteArray`.
#[derive(Debug, Default)]
struct ObjectTable {
    /// The marker of each value written, by index.
    markers: Vec<u8>,
    by_address: HashMap<(usize, u8), u32>,
    /// Keeps every node in `by_address` alive while the frame lasts (see [`TraitTable`]).
    keep_alive: Vec<Value>,
}

impl ObjectTable {
    fn clear(&mut self) {
        self.markers.clear();
        self.by_address.clear();
        self.keep_alive.clear();
    }

    /// The number of values written.
    fn len(&self) -> u32 {
        self.markers.len() as u32
    }

    /// Counts a value that cannot be referenced (a date, a typed value).
    fn push(&mut self, mark: u8) {
        self.markers.push(mark);
    }

    fn find(&self, address: usize, mark: u8) -> Option<u32> {
        self.by_address.get(&(address, mark)).copied()
    }

    fn insert(&mut self, address: usize, mark: u8, value: Value) {
        self.by_address.insert((address, mark), self.len());
        self.keep_alive.push(value);
        self.markers.push(mark);
    }
}
