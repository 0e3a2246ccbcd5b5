//! [`Decoder`]: reads AMF3 from a byte slice, resolving string, trait and object references,
//! within the limits of [`DecodeLimits`].

use std::ops::Range;
use std::sync::Arc;

use super::error::{DecodeError, DecodeErrorKind};
use super::external::{self, Externals};
use super::limits::{AliasPolicy, DecodeLimits, DecodeOptions};
use super::marker;
use super::value::{Array, Date, Dictionary, Object, ObjectVector, Traits, Value, Vector};
use super::Decode;
use crate::ClassRegistry;

/// A number as AMF3 carries it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// An AMF3 integer (29-bit), or an item of a `Vector.<int>`/`Vector.<uint>` that fits `i32`.
    Integer(i32),
    /// A double, or a `Vector.<uint>` item beyond `i32`.
    Double(f64),
}

impl Number {
    /// The number as a double (exact for every integer AMF3 carries).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Integer(i) => f64::from(i),
            Number::Double(d) => d,
        }
    }

    /// The number as an `i64`, if it is integral and within ±2^63.
    pub fn as_i64(self) -> Option<i64> {
        match self {
            Number::Integer(i) => Some(i64::from(i)),
            Number::Double(d)
                if d.fract() == 0.0
                    && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&d) =>
            {
                Some(d as i64)
            }
            Number::Double(_) => None,
        }
    }
}

/// Reads AMF3 values from a byte slice.
///
/// Strings are borrowed from the input where the target type allows it (`&str`), reference
/// tables hold offsets rather than copies, and a typed value is read straight from the bytes
/// with no [`Value`] in between.
///
/// ```
/// use amf_runtime::amf3::{Decoder, Value};
/// let mut dec = Decoder::new(&[0x06, 0x05, b'h', b'i']);
/// let s: &str = dec.decode()?;
/// assert_eq!(s, "hi");
/// dec.finish()?;
/// # Ok::<(), amf_runtime::amf3::DecodeError>(())
/// ```
#[derive(Debug)]
pub struct Decoder<'de> {
    input: &'de [u8],
    pos: usize,
    strings: Vec<&'de str>,
    traits: Vec<TraitsEntry<'de>>,
    sealed_names: Vec<&'de str>,
    objects: Vec<Slot>,
    depth: usize,
    /// Bytes that may still be reserved (see [`DecodeLimits::max_alloc`]).
    budget: usize,
    /// How many references are being read again (see [`Decoder::replay`]); while above zero,
    /// nothing is added to the reference tables: they already hold what the bytes define.
    replaying: u32,
    /// Dates read into a [`Value`] through a reference. A `Value` holds a date by value, so the
    /// encoder writes each of these again, inline, and gives it an object number of its own:
    /// [`Slot::number`] counts them, so that a [`Value::ObjectRef`] names its target as the
    /// encoder numbers it.
    date_copies: u32,
    limits: DecodeLimits,
    alias_policy: AliasPolicy,
    externals: Option<Arc<Externals>>,
    allowed_aliases: Option<ClassRegistry>,
}

/// The allocations of a decoder's reference tables, kept from one frame to the next so that
/// decoding a frame allocates nothing for them: see [`Decoder::pooled`].
#[derive(Debug, Default)]
struct DecoderTables {
    strings: Vec<&'static str>,
    traits: Vec<TraitsEntry<'static>>,
    sealed_names: Vec<&'static str>,
    objects: Vec<Slot>,
}

/// Empties `items` and gives back its allocation as a `Vec` of another type of the same size
/// and alignment (the standard library collects a `Vec` in place), or a new `Vec` if it grew
/// past `keep` items.
fn recycle<T, U>(mut items: Vec<T>, keep: usize) -> Vec<U> {
    if items.capacity() > keep {
        return Vec::new();
    }
    items.clear();
    items
        .into_iter()
        .map(|_| unreachable!("the vector is empty"))
        .collect()
}

/// Tables larger than this many entries are not kept between frames.
const KEEP_TABLE_ENTRIES: usize = 1024;

thread_local! {
    /// The tables given back by the last decoder of this thread (see [`Decoder::recycle`]).
    static POOL: std::cell::Cell<DecoderTables> = std::cell::Cell::new(DecoderTables::default());
}

/// Traits read from the input.
#[derive(Debug)]
struct TraitsEntry<'de> {
    /// Where its inline definition starts (the object's U29 header) and ends.
    defined_at: Range<usize>,
    class_name: &'de str,
    sealed: Range<usize>,
    dynamic: bool,
    externalizable: bool,
    /// The same traits as a shared [`Traits`], built when the first [`Value`] object needs them.
    shared: Option<Arc<Traits>>,
}

/// One entry of the object table.
#[derive(Debug)]
struct Slot {
    /// Where the value's marker is, and where the value ends (`end == 0`: still being read).
    start: usize,
    end: usize,
    /// The value, if it was read as a [`Value`].
    value: Option<Value>,
    /// Its number as a [`Value::ObjectRef`]: its index plus the date copies read before it.
    number: u32,
}

/// The U29 header of an object-table value.
enum Header {
    /// A reference to entry `n` of the object table.
    Reference(usize),
    /// An inline value: the header with its low bit dropped, and its slot in the object table
    /// (none while replaying).
    Inline(u32, Option<usize>),
}

impl<'de> Decoder<'de> {
    /// A decoder with the default options.
    pub fn new(input: &'de [u8]) -> Self {
        Self::with_options(input, &DecodeOptions::default())
    }

    /// A decoder with these options.
    pub fn with_options(input: &'de [u8], options: &DecodeOptions) -> Self {
        Decoder {
            input,
            pos: 0,
            strings: Vec::new(),
            traits: Vec::new(),
            sealed_names: Vec::new(),
            objects: Vec::new(),
            depth: 0,
            budget: options.limits.max_alloc,
            replaying: 0,
            date_copies: 0,
            limits: options.limits,
            alias_policy: options.alias_policy,
            externals: options.externals.clone(),
            allowed_aliases: options.allowed_aliases.clone(),
        }
    }

    /// A decoder with these options whose reference tables reuse the allocations given back by
    /// the last [`recycle`](Self::recycle) on this thread: a connection decodes frame after
    /// frame without allocating tables for each.
    pub(crate) fn pooled(input: &'de [u8], options: &DecodeOptions) -> Self {
        Self::with_tables(input, options, POOL.take())
    }

    /// Gives the allocations of the reference tables back to this thread's pool.
    pub(crate) fn recycle(self) {
        POOL.set(self.into_tables());
    }

    /// A decoder with these options that reuses the allocations of `tables`.
    fn with_tables(input: &'de [u8], options: &DecodeOptions, tables: DecoderTables) -> Self {
        // Empty tables of `'static` entries are tables of `'de` entries as they are.
        let mut decoder = Self::with_options(input, options);
        decoder.strings = tables.strings;
        decoder.traits = tables.traits;
        decoder.sealed_names = tables.sealed_names;
        decoder.objects = tables.objects;
        decoder
    }

    /// Gives back the allocations of the reference tables, emptied, for the next frame.
    fn into_tables(self) -> DecoderTables {
        DecoderTables {
            strings: recycle(self.strings, KEEP_TABLE_ENTRIES),
            traits: recycle(self.traits, KEEP_TABLE_ENTRIES),
            sealed_names: recycle(self.sealed_names, KEEP_TABLE_ENTRIES),
            objects: if self.objects.capacity() > KEEP_TABLE_ENTRIES {
                Vec::new()
            } else {
                let mut objects = self.objects;
                objects.clear();
                objects
            },
        }
    }

    /// Reads one value of type `T`.
    pub fn decode<T: Decode<'de>>(&mut self) -> Result<T, DecodeError> {
        T::decode(self)
    }

    /// Checks that the whole input was read.
    pub fn finish(&self) -> Result<(), DecodeError> {
        match self.remaining() {
            0 => Ok(()),
            n => Err(self.error(DecodeErrorKind::TrailingBytes(n))),
        }
    }

    /// The offset of the next byte to read.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The number of bytes not yet read.
    pub fn remaining(&self) -> usize {
        self.input.len() - self.pos
    }

    /// The alias policy in force.
    pub fn alias_policy(&self) -> AliasPolicy {
        self.alias_policy
    }

    // ---- errors --------------------------------------------------------------------------

    /// An error of `kind` at the current position.
    pub fn error(&self, kind: DecodeErrorKind) -> DecodeError {
        DecodeError::new(kind, self.pos)
    }

    /// An error for a custom message at the current position.
    pub fn custom_error(&self, message: impl Into<String>) -> DecodeError {
        self.error(DecodeErrorKind::Custom(message.into()))
    }

    /// The error for a value of the wrong type: `expected` names what the Rust type accepts.
    /// Call it with the position still at the value's marker.
    pub fn unexpected(&self, expected: &'static str) -> DecodeError {
        let found = self
            .input
            .get(self.pos)
            .map_or("end of input", |&m| marker::name(m));
        self.error(DecodeErrorKind::UnexpectedType { expected, found })
    }

    /// The error for a sealed member that `class` requires and the input lacks.
    pub fn missing_member(&self, class: &str, member: &str) -> DecodeError {
        self.error(DecodeErrorKind::MissingMember {
            class: class.to_owned(),
            member: member.to_owned(),
        })
    }

    fn limit(&self, limit: &'static str, max: usize, requested: usize) -> DecodeError {
        self.error(DecodeErrorKind::LimitExceeded {
            limit,
            max,
            requested,
        })
    }

    /// Counts `bytes` against [`DecodeLimits::max_alloc`]; call it before reserving them.
    pub fn charge(&mut self, bytes: usize) -> Result<(), DecodeError> {
        match self.budget.checked_sub(bytes) {
            Some(left) => {
                self.budget = left;
                Ok(())
            }
            None => Err(self.limit(
                "max_alloc",
                self.limits.max_alloc,
                self.limits.max_alloc - self.budget + bytes.min(usize::MAX / 2),
            )),
        }
    }

    /// Checks a declared count of elements, each at least `min_size` bytes long in the input,
    /// against the input and `max_elements`, and charges `count * item_size` bytes.
    fn check_count(
        &mut self,
        count: usize,
        min_size: usize,
        item_size: usize,
    ) -> Result<(), DecodeError> {
        if count > self.limits.max_elements {
            return Err(self.limit("max_elements", self.limits.max_elements, count));
        }
        if count.saturating_mul(min_size) > self.remaining() {
            return Err(self.error(DecodeErrorKind::LengthBeyondInput {
                declared: count,
                remaining: self.remaining(),
            }));
        }
        self.charge(count.saturating_mul(item_size))
    }

    fn enter(&mut self) -> Result<(), DecodeError> {
        if self.depth >= self.limits.max_depth {
            return Err(self.limit("max_depth", self.limits.max_depth, self.depth + 1));
        }
        self.depth += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    // ---- raw reads -----------------------------------------------------------------------

    /// Reads `n` raw bytes (for `IExternalizable` readers: `readBytes`).
    pub fn read_raw(&mut self, n: usize) -> Result<&'de [u8], DecodeError> {
        if n > self.remaining() {
            return Err(self.error(DecodeErrorKind::UnexpectedEof {
                needed: n,
                remaining: self.remaining(),
            }));
        }
        let bytes = &self.input[self.pos..self.pos + n];
        self.pos += n;
        Ok(bytes)
    }

    fn read_array_of<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let bytes = self.read_raw(N)?;
        let mut out = [0; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    /// Reads one raw byte.
    pub fn read_raw_u8(&mut self) -> Result<u8, DecodeError> {
        match self.input.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => Err(self.error(DecodeErrorKind::UnexpectedEof {
                needed: 1,
                remaining: 0,
            })),
        }
    }

    /// Reads a raw big-endian `u16` (`readUnsignedShort`).
    pub fn read_raw_u16(&mut self) -> Result<u16, DecodeError> {
        self.read_array_of().map(u16::from_be_bytes)
    }

    /// Reads a raw big-endian `u32` (`readUnsignedInt`).
    pub fn read_raw_u32(&mut self) -> Result<u32, DecodeError> {
        self.read_array_of().map(u32::from_be_bytes)
    }

    /// Reads a raw big-endian double (`readDouble`).
    pub fn read_raw_f64(&mut self) -> Result<f64, DecodeError> {
        self.read_array_of().map(f64::from_be_bytes)
    }

    /// Reads a UTF-8 string with a 16-bit length (`readUTF`).
    pub fn read_raw_utf(&mut self) -> Result<&'de str, DecodeError> {
        let len = usize::from(self.read_raw_u16()?);
        self.read_utf8(len)
    }

    fn read_utf8(&mut self, len: usize) -> Result<&'de str, DecodeError> {
        let at = self.pos;
        let bytes = self.read_raw(len)?;
        std::str::from_utf8(bytes).map_err(|_| DecodeError::new(DecodeErrorKind::InvalidUtf8, at))
    }

    pub(crate) fn read_u29(&mut self) -> Result<u32, DecodeError> {
        let mut value = 0u32;
        for _ in 0..3 {
            let b = self.read_raw_u8()?;
            if b & 0x80 == 0 {
                return Ok(value << 7 | u32::from(b));
            }
            value = value << 7 | u32::from(b & 0x7F);
        }
        Ok(value << 8 | u32::from(self.read_raw_u8()?))
    }

    /// The marker of the next value, without reading it.
    pub fn peek_marker(&self) -> Result<u8, DecodeError> {
        self.input.get(self.pos).copied().ok_or_else(|| {
            self.error(DecodeErrorKind::UnexpectedEof {
                needed: 1,
                remaining: 0,
            })
        })
    }

    // ---- reference tables ----------------------------------------------------------------

    /// Reads a UTF-8-vr: a string reference or an inline string (remembered if non-empty).
    pub(crate) fn read_string_body(&mut self) -> Result<&'de str, DecodeError> {
        let at = self.pos;
        let header = self.read_u29()?;
        if header & 1 == 0 {
            let index = (header >> 1) as usize;
            return self
                .strings
                .get(index)
                .copied()
                .ok_or_else(|| bad_reference("string", index, self.strings.len(), at));
        }
        let len = (header >> 1) as usize;
        if len > self.limits.max_string_len {
            return Err(self.limit("max_string_len", self.limits.max_string_len, len));
        }
        if len > self.remaining() {
            return Err(self.error(DecodeErrorKind::LengthBeyondInput {
                declared: len,
                remaining: self.remaining(),
            }));
        }
        let s = self.read_utf8(len)?;
        if !s.is_empty() && self.replaying == 0 {
            self.charge(std::mem::size_of::<&str>())?;
            if self.strings.capacity() == 0 {
                // A frame with one string usually has a dozen: skip growing through 4 and 8.
                self.strings.reserve(16);
            }
            self.strings.push(s);
        }
        Ok(s)
    }

    /// Reads the traits of an object whose U29 header (at `header_at`) is `header`.
    fn read_traits(&mut self, header: u32, header_at: usize) -> Result<usize, DecodeError> {
        if header & 0b10 == 0 {
            let index = (header >> 2) as usize;
            if index >= self.traits.len() {
                return Err(bad_reference("trait", index, self.traits.len(), header_at));
            }
            return Ok(index);
        }
        if self.replaying > 0 {
            // Already in the table: find it by where it was defined and skip its bytes.
            let found = self
                .traits
                .binary_search_by_key(&header_at, |t| t.defined_at.start);
            let index = found.map_err(|_| {
                bad_reference("trait", self.traits.len(), self.traits.len(), header_at)
            })?;
            self.pos = self.traits[index].defined_at.end;
            return Ok(index);
        }
        let count = (header >> 4) as usize;
        let class_name = self.read_string_body()?;
        if self
            .allowed_aliases
            .as_ref()
            .is_some_and(|allowed| !allowed.allows(class_name))
        {
            let kind = DecodeErrorKind::UnregisteredAlias(class_name.to_owned());
            return Err(DecodeError::new(kind, header_at));
        }
        self.check_count(count, 1, std::mem::size_of::<&str>())?;
        self.charge(std::mem::size_of::<TraitsEntry<'_>>())?;
        let first = self.sealed_names.len();
        for _ in 0..count {
            let name = self.read_string_body()?;
            self.sealed_names.push(name);
        }
        self.traits.push(TraitsEntry {
            defined_at: header_at..self.pos,
            class_name,
            sealed: first..self.sealed_names.len(),
            dynamic: header & 0b1000 != 0,
            externalizable: header & 0b100 != 0,
            shared: None,
        });
        Ok(self.traits.len() - 1)
    }

    /// Reads the U29 header after the marker (at `marker_at`) of an object-table value.
    fn object_header(&mut self, marker_at: usize) -> Result<Header, DecodeError> {
        let at = self.pos;
        let header = self.read_u29()?;
        if header & 1 == 0 {
            let index = (header >> 1) as usize;
            if index >= self.objects.len() {
                return Err(bad_reference("object", index, self.objects.len(), at));
            }
            return Ok(Header::Reference(index));
        }
        let slot = if self.replaying == 0 {
            self.charge(std::mem::size_of::<Slot>())?;
            self.objects.push(Slot {
                start: marker_at,
                end: 0,
                value: None,
                number: self.objects.len() as u32 + self.date_copies,
            });
            Some(self.objects.len() - 1)
        } else {
            None
        };
        Ok(Header::Inline(header >> 1, slot))
    }

    fn end_slot(&mut self, slot: Option<usize>, value: Option<&Value>) {
        if let Some(i) = slot {
            self.objects[i].end = self.pos;
            self.objects[i].value = value.cloned();
        }
    }

    /// Reads again, with `read`, the object-table value number `index`, which was read earlier
    /// into another type. The bytes are charged against `max_alloc`: a typed value has no
    /// sharing, so each reference is a copy.
    fn replay<T>(
        &mut self,
        index: usize,
        read: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        let Slot { start, end, .. } = self.objects[index];
        if end == 0 {
            return Err(self.error(DecodeErrorKind::CyclicReference(index)));
        }
        self.charge(end - start)?;
        let resume = self.pos;
        self.pos = start;
        self.replaying += 1;
        let result = read(self);
        self.replaying -= 1;
        self.pos = resume;
        result
    }

    // ---- typed reads ---------------------------------------------------------------------

    /// Consumes a `null` or `undefined` if one comes next; tells whether it did.
    pub fn read_null(&mut self) -> Result<bool, DecodeError> {
        match self.peek_marker()? {
            marker::NULL | marker::UNDEFINED => {
                self.pos += 1;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Reads a boolean.
    pub fn read_bool(&mut self) -> Result<bool, DecodeError> {
        match self.peek_marker()? {
            marker::FALSE => {
                self.pos += 1;
                Ok(false)
            }
            marker::TRUE => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(self.unexpected("boolean")),
        }
    }

    /// Reads an integer or a double.
    pub fn read_number(&mut self) -> Result<Number, DecodeError> {
        match self.peek_marker()? {
            marker::INTEGER => {
                self.pos += 1;
                let raw = self.read_u29()?;
                Ok(Number::Integer(((raw << 3) as i32) >> 3))
            }
            marker::DOUBLE => {
                self.pos += 1;
                Ok(Number::Double(self.read_raw_f64()?))
            }
            _ => Err(self.unexpected("number")),
        }
    }

    /// Reads a string, borrowed from the input.
    pub fn read_str(&mut self) -> Result<&'de str, DecodeError> {
        if self.peek_marker()? != marker::STRING {
            return Err(self.unexpected("string"));
        }
        self.pos += 1;
        self.read_string_body()
    }

    /// Reads a `ByteArray`, borrowed from the input.
    pub fn read_byte_array(&mut self) -> Result<&'de [u8], DecodeError> {
        let at = self.pos;
        if self.peek_marker()? != marker::BYTE_ARRAY {
            return Err(self.unexpected("ByteArray"));
        }
        self.pos += 1;
        match self.object_header(at)? {
            Header::Reference(index) => self.replay(index, Self::read_byte_array),
            Header::Inline(len, slot) => {
                let bytes =
                    self.read_sized(len as usize, "max_bytes_len", self.limits.max_bytes_len)?;
                self.end_slot(slot, None);
                Ok(bytes)
            }
        }
    }

    /// Reads a date: milliseconds since the Unix epoch.
    pub fn read_date(&mut self) -> Result<f64, DecodeError> {
        let at = self.pos;
        if self.peek_marker()? != marker::DATE {
            return Err(self.unexpected("date"));
        }
        self.pos += 1;
        match self.object_header(at)? {
            Header::Reference(index) => self.replay(index, Self::read_date),
            Header::Inline(_, slot) => {
                let millis = self.read_raw_f64()?;
                self.end_slot(slot, None);
                Ok(millis)
            }
        }
    }

    fn read_sized(
        &mut self,
        len: usize,
        limit: &'static str,
        max: usize,
    ) -> Result<&'de [u8], DecodeError> {
        if len > max {
            return Err(self.limit(limit, max, len));
        }
        if len > self.remaining() {
            return Err(self.error(DecodeErrorKind::LengthBeyondInput {
                declared: len,
                remaining: self.remaining(),
            }));
        }
        self.read_raw(len)
    }

    /// Reads an object member by member: `read` gets an [`ObjectReader`] that yields each
    /// member's name and then reads or skips its value. `alias` is the class the Rust type maps
    /// (empty: any class is accepted); a different class is an error, and so is an anonymous
    /// object under [`AliasPolicy::Strict`]. A `flex.messaging.io.ObjectProxy` is unwrapped.
    /// Members that `read` leaves are skipped.
    pub fn read_object<T>(
        &mut self,
        alias: &str,
        read: impl FnOnce(&mut ObjectReader<'_, 'de>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        let at = self.pos;
        if self.peek_marker()? != marker::OBJECT {
            return Err(self.unexpected("object"));
        }
        self.pos += 1;
        let header_at = self.pos;
        let (header, slot) = match self.object_header(at)? {
            Header::Reference(index) => return self.replay(index, |d| d.read_object(alias, read)),
            Header::Inline(header, slot) => (header << 1 | 1, slot),
        };
        self.enter()?;
        let traits = self.read_traits(header, header_at)?;
        let entry = &self.traits[traits];
        let class_name = entry.class_name;
        if entry.externalizable {
            if class_name != external::OBJECT_PROXY {
                return Err(DecodeError::new(
                    DecodeErrorKind::UnexpectedType {
                        expected: "object",
                        found: "externalizable object",
                    },
                    at,
                ));
            }
            let result = self.read_object(alias, read)?;
            self.leave();
            self.end_slot(slot, None);
            return Ok(result);
        }
        let alias_ok = alias.is_empty()
            || class_name == alias
            || (class_name.is_empty() && self.alias_policy == AliasPolicy::Lenient);
        if !alias_ok {
            return Err(DecodeError::new(
                DecodeErrorKind::AliasMismatch {
                    expected: alias.to_owned(),
                    found: class_name.to_owned(),
                },
                at,
            ));
        }
        let mut reader = ObjectReader {
            sealed: entry.sealed.clone(),
            dynamic: entry.dynamic,
            class_name,
            value_pending: false,
            done: false,
            decoder: self,
        };
        let result = read(&mut reader)?;
        while reader.next_member()?.is_some() {}
        self.leave();
        self.end_slot(slot, None);
        Ok(result)
    }

    /// Reads a sequence into a `Vec`: a dense `Array`, any `Vector`, or a
    /// `flex.messaging.io.ArrayCollection`.
    pub fn read_vec<T: Decode<'de>>(&mut self) -> Result<Vec<T>, DecodeError> {
        let at = self.pos;
        let mark = self.peek_marker()?;
        if !matches!(
            mark,
            marker::ARRAY
                | marker::OBJECT
                | marker::VECTOR_INT
                | marker::VECTOR_UINT
                | marker::VECTOR_DOUBLE
                | marker::VECTOR_OBJECT
        ) {
            return Err(self.unexpected("array"));
        }
        if mark == marker::OBJECT {
            return self.read_collection(|d| d.read_vec());
        }
        self.pos += 1;
        let (count, slot) = match self.object_header(at)? {
            Header::Reference(index) => return self.replay(index, Self::read_vec),
            Header::Inline(count, slot) => (count as usize, slot),
        };
        self.enter()?;
        if mark == marker::ARRAY && !self.read_string_body()?.is_empty() {
            return Err(DecodeError::new(
                DecodeErrorKind::UnexpectedType {
                    expected: "dense array",
                    found: "array with associative members",
                },
                at,
            ));
        }
        if mark != marker::ARRAY {
            self.read_raw_u8()?; // fixed flag
        }
        let (min_size, item): (usize, ReadItem<'de>) = match mark {
            marker::VECTOR_INT => (4, |d| d.read_raw_u32().map(|n| Number::Integer(n as i32))),
            marker::VECTOR_UINT => (4, |d| d.read_raw_u32().map(uint_number)),
            marker::VECTOR_DOUBLE => (8, |d| d.read_raw_f64().map(Number::Double)),
            _ => (1, |_| unreachable!("values are read with T::decode")),
        };
        if mark == marker::VECTOR_OBJECT {
            self.read_string_body()?; // item type name
        }
        self.check_count(count, min_size, std::mem::size_of::<T>())?;
        let mut items = Vec::with_capacity(count);
        for _ in 0..count {
            let value = match mark {
                marker::ARRAY | marker::VECTOR_OBJECT => T::decode(self)?,
                _ => {
                    let n = item(self)?;
                    T::from_number(n).ok_or_else(|| {
                        self.error(DecodeErrorKind::NumberOutOfRange {
                            target: std::any::type_name::<T>(),
                            value: n.as_f64(),
                        })
                    })?
                }
            };
            items.push(value);
        }
        self.leave();
        self.end_slot(slot, None);
        Ok(items)
    }

    /// Reads the payload of a `flex.messaging.io.ArrayCollection` with `read`.
    fn read_collection<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        let at = self.pos;
        self.pos += 1;
        let header_at = self.pos;
        let (header, slot) = match self.object_header(at)? {
            Header::Reference(index) => return self.replay(index, |d| d.read_collection(read)),
            Header::Inline(header, slot) => (header << 1 | 1, slot),
        };
        self.enter()?;
        let traits = self.read_traits(header, header_at)?;
        let entry = &self.traits[traits];
        if !(entry.externalizable && entry.class_name == external::ARRAY_COLLECTION) {
            self.pos = at;
            return Err(self.unexpected("array"));
        }
        let result = read(self)?;
        self.leave();
        self.end_slot(slot, None);
        Ok(result)
    }

    /// Reads the members of an object (any class; sealed, then dynamic) or the associative part
    /// of an `Array` with no dense part, handing each name to `entry`, which must read the value.
    pub fn read_map_entries(
        &mut self,
        mut entry: impl FnMut(&'de str, &mut Self) -> Result<(), DecodeError>,
    ) -> Result<(), DecodeError> {
        match self.peek_marker()? {
            marker::OBJECT => self.read_object("", |obj| {
                while let Some(key) = obj.next_member()? {
                    obj.value_with(|d| entry(key, d))?;
                }
                Ok(())
            }),
            marker::ARRAY => {
                let at = self.pos;
                self.pos += 1;
                match self.object_header(at)? {
                    Header::Reference(index) => self.replay(index, |d| d.read_map_entries(entry)),
                    Header::Inline(dense, slot) => {
                        self.enter()?;
                        loop {
                            let key = self.read_string_body()?;
                            if key.is_empty() {
                                break;
                            }
                            entry(key, self)?;
                        }
                        if dense != 0 {
                            return Err(DecodeError::new(
                                DecodeErrorKind::UnexpectedType {
                                    expected: "object or associative array",
                                    found: "array with dense items",
                                },
                                at,
                            ));
                        }
                        self.leave();
                        self.end_slot(slot, None);
                        Ok(())
                    }
                }
            }
            _ => Err(self.unexpected("object")),
        }
    }

    // ---- dynamic reads -------------------------------------------------------------------

    /// Reads any value into a [`Value`] tree. A reference to a value read earlier shares it
    /// (`Arc`); a reference to an object still being read becomes [`Value::ObjectRef`].
    pub fn read_value(&mut self) -> Result<Value, DecodeError> {
        let at = self.pos;
        let mark = self.peek_marker()?;
        Ok(match mark {
            marker::UNDEFINED | marker::NULL | marker::FALSE | marker::TRUE => {
                self.pos += 1;
                match mark {
                    marker::UNDEFINED => Value::Undefined,
                    marker::NULL => Value::Null,
                    _ => Value::Bool(mark == marker::TRUE),
                }
            }
            marker::INTEGER | marker::DOUBLE => match self.read_number()? {
                Number::Integer(i) => Value::Integer(i),
                Number::Double(d) => Value::Double(d),
            },
            marker::STRING => {
                let s = self.read_str()?;
                self.charge(s.len())?;
                Value::String(s.to_owned())
            }
            marker::XML_DOC..=marker::DICTIONARY => {
                self.pos += 1;
                match self.object_header(at)? {
                    Header::Reference(index) => self.resolve_reference(index)?,
                    Header::Inline(bits, slot) => {
                        self.enter()?;
                        let value = self.read_inline_value(mark, bits, at)?;
                        self.leave();
                        self.end_slot(slot, Some(&value));
                        value
                    }
                }
            }
            other => return Err(self.error(DecodeErrorKind::UnknownMarker(other))),
        })
    }

    /// Reads and drops one value (a member the Rust type does not know). Its strings, traits and
    /// objects still enter the reference tables, as later references may point to them.
    pub fn skip_value(&mut self) -> Result<(), DecodeError> {
        let at = self.pos;
        let mark = self.peek_marker()?;
        match mark {
            marker::UNDEFINED | marker::NULL | marker::FALSE | marker::TRUE => self.pos += 1,
            marker::INTEGER | marker::DOUBLE => {
                self.read_number()?;
            }
            marker::STRING => {
                self.read_str()?;
            }
            marker::XML_DOC..=marker::DICTIONARY => {
                self.pos += 1;
                if let Header::Inline(bits, slot) = self.object_header(at)? {
                    self.enter()?;
                    self.skip_inline_value(mark, bits as usize, at)?;
                    self.leave();
                    self.end_slot(slot, None);
                }
            }
            other => return Err(self.error(DecodeErrorKind::UnknownMarker(other))),
        }
        Ok(())
    }

    /// Skips the body of an inline object-table value, building nothing.
    fn skip_inline_value(&mut self, mark: u8, len: usize, at: usize) -> Result<(), DecodeError> {
        match mark {
            marker::XML_DOC | marker::XML => {
                let text = self.read_sized(len, "max_string_len", self.limits.max_string_len)?;
                std::str::from_utf8(text)
                    .map_err(|_| DecodeError::new(DecodeErrorKind::InvalidUtf8, at))?;
            }
            marker::BYTE_ARRAY => {
                self.read_sized(len, "max_bytes_len", self.limits.max_bytes_len)?;
            }
            marker::DATE => {
                self.read_raw(8)?;
            }
            marker::ARRAY => {
                while !self.read_string_body()?.is_empty() {
                    self.skip_value()?;
                }
                self.check_count(len, 1, 0)?;
                for _ in 0..len {
                    self.skip_value()?;
                }
            }
            marker::OBJECT => {
                let index = self.read_traits((len as u32) << 1 | 1, at + 1)?;
                let entry = &self.traits[index];
                if entry.externalizable {
                    let class_name = entry.class_name;
                    external::read_external(self, class_name)?;
                    return Ok(());
                }
                let (sealed, dynamic) = (entry.sealed.len(), entry.dynamic);
                for _ in 0..sealed {
                    self.skip_value()?;
                }
                while dynamic && !self.read_string_body()?.is_empty() {
                    self.skip_value()?;
                }
            }
            marker::VECTOR_INT | marker::VECTOR_UINT | marker::VECTOR_DOUBLE => {
                let size = if mark == marker::VECTOR_DOUBLE { 8 } else { 4 };
                self.read_raw_u8()?;
                self.check_count(len, size, 0)?;
                self.read_raw(len * size)?;
            }
            marker::VECTOR_OBJECT => {
                self.read_raw_u8()?;
                self.read_string_body()?;
                self.check_count(len, 1, 0)?;
                for _ in 0..len {
                    self.skip_value()?;
                }
            }
            marker::DICTIONARY => {
                self.read_raw_u8()?;
                self.check_count(len, 2, 0)?;
                for _ in 0..len * 2 {
                    self.skip_value()?;
                }
            }
            _ => unreachable!("skip_value passes object-table markers only"),
        }
        Ok(())
    }

    /// Reads, with `read`, the value at byte `position` again: a value read or skipped earlier
    /// in this input, with the reference tables as they are now (which hold everything that
    /// value refers to). Then resumes where it was. This is how a member met before the one
    /// that says how to read it (an envelope's `params` before its `command`) is read later.
    pub fn decode_at<T>(
        &mut self,
        position: usize,
        read: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        if position >= self.pos {
            return Err(self.custom_error(format!(
                "decode_at({position}) must go back to a value already read"
            )));
        }
        let resume = self.pos;
        self.pos = position;
        self.replaying += 1;
        let result = read(self);
        self.replaying -= 1;
        self.pos = resume;
        result
    }

    fn resolve_reference(&mut self, index: usize) -> Result<Value, DecodeError> {
        let slot = &self.objects[index];
        let value = match &slot.value {
            Some(value) => value.clone(),
            None if slot.end == 0 => return Ok(Value::ObjectRef(slot.number)),
            None => {
                let value = self.replay(index, Self::read_value)?;
                self.objects[index].value = Some(value.clone());
                value
            }
        };
        if let Value::Date(_) = value {
            self.date_copies += 1; // see `date_copies`
        }
        Ok(value)
    }

    fn read_inline_value(&mut self, mark: u8, bits: u32, at: usize) -> Result<Value, DecodeError> {
        let len = bits as usize;
        Ok(match mark {
            marker::XML_DOC | marker::XML => {
                let text = self.read_sized(len, "max_string_len", self.limits.max_string_len)?;
                let text = std::str::from_utf8(text)
                    .map_err(|_| DecodeError::new(DecodeErrorKind::InvalidUtf8, at))?;
                self.charge(len)?;
                if mark == marker::XML {
                    Value::Xml(Arc::from(text))
                } else {
                    Value::XmlDocument(Arc::from(text))
                }
            }
            marker::DATE => Value::Date(Date {
                millis: self.read_raw_f64()?,
            }),
            marker::BYTE_ARRAY => {
                let bytes = self.read_sized(len, "max_bytes_len", self.limits.max_bytes_len)?;
                self.charge(len)?;
                Value::ByteArray(Arc::from(bytes))
            }
            marker::ARRAY => {
                let mut assoc = Vec::new();
                loop {
                    let key = self.read_string_body()?;
                    if key.is_empty() {
                        break;
                    }
                    self.charge(key.len() + std::mem::size_of::<(String, Value)>())?;
                    let value = self.read_value()?;
                    assoc.push((key.to_owned(), value));
                }
                self.check_count(len, 1, std::mem::size_of::<Value>())?;
                let mut dense = Vec::with_capacity(len);
                for _ in 0..len {
                    dense.push(self.read_value()?);
                }
                Value::Array(Arc::new(Array { dense, assoc }))
            }
            marker::OBJECT => {
                Value::Object(Arc::new(self.read_object_value(bits << 1 | 1, at + 1)?))
            }
            marker::VECTOR_INT => {
                Value::VectorInt(Arc::new(self.read_number_vector(len, i32::from_be_bytes)?))
            }
            marker::VECTOR_UINT => {
                Value::VectorUint(Arc::new(self.read_number_vector(len, u32::from_be_bytes)?))
            }
            marker::VECTOR_DOUBLE => {
                Value::VectorDouble(Arc::new(self.read_number_vector(len, f64::from_be_bytes)?))
            }
            marker::VECTOR_OBJECT => {
                let fixed = self.read_raw_u8()? != 0;
                let type_name = self.read_string_body()?;
                self.charge(type_name.len())?;
                self.check_count(len, 1, std::mem::size_of::<Value>())?;
                let mut items = Vec::with_capacity(len);
                for _ in 0..len {
                    items.push(self.read_value()?);
                }
                Value::VectorObject(Arc::new(ObjectVector {
                    fixed,
                    type_name: type_name.to_owned(),
                    items,
                }))
            }
            marker::DICTIONARY => {
                let weak = self.read_raw_u8()? != 0;
                self.check_count(len, 2, std::mem::size_of::<(Value, Value)>())?;
                let mut entries = Vec::with_capacity(len);
                for _ in 0..len {
                    let key = self.read_value()?;
                    entries.push((key, self.read_value()?));
                }
                Value::Dictionary(Arc::new(Dictionary { weak, entries }))
            }
            _ => unreachable!("read_value passes object-table markers only"),
        })
    }

    fn read_number_vector<T, const N: usize>(
        &mut self,
        len: usize,
        from: impl Fn([u8; N]) -> T,
    ) -> Result<Vector<T>, DecodeError> {
        let fixed = self.read_raw_u8()? != 0;
        self.check_count(len, N, std::mem::size_of::<T>())?;
        let bytes = self.read_raw(len * N)?;
        let items = bytes
            .chunks_exact(N)
            .map(|chunk| {
                let mut b = [0; N];
                b.copy_from_slice(chunk);
                from(b)
            })
            .collect();
        Ok(Vector { fixed, items })
    }

    fn read_object_value(&mut self, header: u32, header_at: usize) -> Result<Object, DecodeError> {
        let index = self.read_traits(header, header_at)?;
        let traits = self.shared_traits(index)?;
        if traits.externalizable {
            let payload = external::read_external(self, &traits.class_name)?;
            return Ok(Object {
                traits,
                sealed: Vec::new(),
                dynamic: Vec::new(),
                external: Some(payload),
            });
        }
        let count = traits.sealed.len();
        self.check_count(count, 1, std::mem::size_of::<Value>())?;
        let mut sealed = Vec::with_capacity(count);
        for _ in 0..count {
            sealed.push(self.read_value()?);
        }
        let mut dynamic = Vec::new();
        if traits.dynamic {
            loop {
                let key = self.read_string_body()?;
                if key.is_empty() {
                    break;
                }
                self.charge(key.len() + std::mem::size_of::<(String, Value)>())?;
                let value = self.read_value()?;
                dynamic.push((key.to_owned(), value));
            }
        }
        Ok(Object {
            traits,
            sealed,
            dynamic,
            external: None,
        })
    }

    /// The traits of table entry `index` as a shared [`Traits`], built once per frame.
    fn shared_traits(&mut self, index: usize) -> Result<Arc<Traits>, DecodeError> {
        if let Some(traits) = &self.traits[index].shared {
            return Ok(traits.clone());
        }
        let entry = &self.traits[index];
        let names = &self.sealed_names[entry.sealed.clone()];
        let cost = entry.class_name.len()
            + names
                .iter()
                .map(|n| n.len() + std::mem::size_of::<String>())
                .sum::<usize>();
        let traits = Arc::new(Traits {
            class_name: entry.class_name.to_owned(),
            sealed: names.iter().map(|n| (*n).to_owned()).collect(),
            dynamic: entry.dynamic,
            externalizable: entry.externalizable,
        });
        self.charge(cost)?;
        self.traits[index].shared = Some(traits.clone());
        Ok(traits)
    }

    /// The externalizable readers this decoder knows beside the built-in ones.
    pub(crate) fn externals(&self) -> Option<&Externals> {
        self.externals.as_deref()
    }
}

/// Reads one item of a number vector.
type ReadItem<'de> = fn(&mut Decoder<'de>) -> Result<Number, DecodeError>;

/// The error for a reference to entry `index` of a table that holds `len` entries.
fn bad_reference(table: &'static str, index: usize, len: usize, at: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::BadReference { table, index, len }, at)
}

fn uint_number(n: u32) -> Number {
    i32::try_from(n).map_or(Number::Double(f64::from(n)), Number::Integer)
}

/// Reads the members of one object; see [`Decoder::read_object`].
#[derive(Debug)]
pub struct ObjectReader<'a, 'de> {
    decoder: &'a mut Decoder<'de>,
    sealed: Range<usize>,
    dynamic: bool,
    class_name: &'de str,
    value_pending: bool,
    done: bool,
}

impl<'de> ObjectReader<'_, 'de> {
    /// The object's class alias (empty for an anonymous object).
    pub fn class_name(&self) -> &'de str {
        self.class_name
    }

    /// The next member's name (sealed members first, then dynamic ones), or `None` after the
    /// last. A value left unread by the caller is skipped.
    pub fn next_member(&mut self) -> Result<Option<&'de str>, DecodeError> {
        if self.value_pending {
            self.value_pending = false;
            self.decoder.skip_value()?;
        }
        if let Some(index) = self.sealed.next() {
            self.value_pending = true;
            return Ok(Some(self.decoder.sealed_names[index]));
        }
        if !self.dynamic || self.done {
            return Ok(None);
        }
        let key = self.decoder.read_string_body()?;
        if key.is_empty() {
            self.done = true;
            return Ok(None);
        }
        self.value_pending = true;
        Ok(Some(key))
    }

    /// Reads the current member's value.
    pub fn value<T: Decode<'de>>(&mut self) -> Result<T, DecodeError> {
        self.value_pending = false;
        T::decode(self.decoder)
    }

    /// Reads the current member's value with a hand-written reader.
    pub fn value_with<T>(
        &mut self,
        read: impl FnOnce(&mut Decoder<'de>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        self.value_pending = false;
        read(self.decoder)
    }

    /// The decoder, for errors and positions.
    pub fn decoder(&self) -> &Decoder<'de> {
        self.decoder
    }
}

#[cfg(test)]
mod table_reuse {
    use super::*;

    #[test]
    fn tables_keep_their_allocations_between_frames() {
        let options = DecodeOptions::default();
        let frame = crate::amf3::to_vec(&Value::object([
            ("a", Value::from("x")),
            ("b", Value::from("x")),
        ]))
        .unwrap();
        let mut d = Decoder::with_tables(&frame, &options, DecoderTables::default());
        let first = d.read_value().unwrap();
        let tables = d.into_tables();
        let (strings, objects) = (tables.strings.capacity(), tables.objects.capacity());
        assert!(strings >= 3 && objects >= 1, "{strings} {objects}");
        assert!(tables.strings.is_empty() && tables.objects.is_empty());
        // The next frame starts with empty tables in the same allocations.
        let mut d = Decoder::with_tables(&frame, &options, tables);
        assert_eq!(d.read_value().unwrap(), first);
        let tables = d.into_tables();
        assert_eq!(
            (tables.strings.capacity(), tables.objects.capacity()),
            (strings, objects)
        );
    }
}
