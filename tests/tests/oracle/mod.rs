//! The two oracles behind one interface each: how to make them encode and decode one AMF3 value,
//! and (for flash-lso) conversions between its `Value` and ours. The `amf` crate's conversions
//! live in `amf_runtime::amf3::amf_crate`.

#![allow(dead_code)] // each test binary uses a part

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use amf_runtime::amf3::{
    Array, Date, Dictionary, Object, ObjectVector, Traits, Value, Vector, ARRAY_COLLECTION,
    INTEGER_MAX, INTEGER_MIN, OBJECT_PROXY,
};
use amf_tests::{any_node, node_id, NodeId};
use flash_lso::amf3::read::AMF3Decoder;
use flash_lso::packet::{Message, Packet};
use flash_lso::types::{
    AMFVersion, Attribute, ClassDefinition, CustomObjectValue, DictionaryEntry,
    DictionaryObjectValue, ECMAArrayObjectValue, Element, Lso, ObjectId, ObjectValue,
    Value as LsoValue, VectorObjectValue, VectorPrimitiveValue,
};

// ---- amf 1.0 -----------------------------------------------------------------------------------

/// Decodes one value with the `amf` crate; the whole input must be used.
pub(crate) fn amf_decode(bytes: &[u8]) -> Result<amf::amf3::Value, String> {
    let mut reader = bytes;
    let value = amf::amf3::Value::read_from(&mut reader).map_err(|e| format!("{e:?}"))?;
    if !reader.is_empty() {
        return Err(format!("{} bytes left over", reader.len()));
    }
    Ok(value)
}

/// Encodes one value with the `amf` crate.
pub(crate) fn amf_encode(value: &amf::amf3::Value) -> Vec<u8> {
    let mut out = Vec::new();
    value
        .write_to(&mut out)
        .expect("writing to a Vec cannot fail");
    out
}

// ---- flash-lso 0.7: encoding and decoding one value --------------------------------------------

/// Encodes one AMF3 value with flash-lso. It has no public call for that, so this writes a Local
/// Shared Object in AMF3 format whose body is one element with an empty name, through the
/// `Writer` whose `AMF3Encoder` is public (so that the flex writers of `ArrayCollection` and
/// `ObjectProxy` can be registered), and cuts out the value: the LSO header (22 bytes with an
/// empty name), the element name (`01`, the empty string, which enters no table) before it and
/// the padding byte (`00`) after it.
pub(crate) fn lso_encode(value: &LsoValue) -> Vec<u8> {
    let mut writer = flash_lso::write::Writer::default();
    flash_lso::extra::flex::write::register_encoders(&mut writer.amf3_encoder);
    let mut lso = Lso::new(vec![Element::new("", value.clone())], "", AMFVersion::AMF3);
    let mut out = Vec::new();
    writer
        .write_full(&mut out, &mut lso)
        .expect("writing to a Vec cannot fail");
    // `header_length` leaves out the 2-byte version and the 4-byte length.
    let header = 2 + 4 + flash_lso::write::header_length(&lso.header);
    assert_eq!(header, 22);
    assert_eq!(out[header], 0x01, "the empty element name");
    assert_eq!(out.last(), Some(&0x00), "the padding after the element");
    out[header + 1..out.len() - 1].to_vec()
}

/// Encodes one AMF3 value with flash-lso's AMF0 packet writer (the way FACTS.md describes): a
/// packet with one message whose contents is `Value::AMF3(value)`, i.e. the AMF0 marker `11`
/// ("switch to AMF3") and the value. The fixed prefix is 15 bytes: version `00 03`, no headers
/// `00 00`, one message `00 01`, empty target and response URIs `00 00 00 00`, the 4-byte
/// contents length, and the marker `11`. The packet writer uses a fresh `AMF3Encoder` with no
/// externalizable writers: an externalizable value makes it panic (`unimplemented!()`).
pub(crate) fn lso_encode_packet(value: &LsoValue) -> Vec<u8> {
    let packet = Packet {
        version: AMFVersion::AMF3,
        headers: Vec::new(),
        messages: vec![Message {
            target_uri: String::new(),
            response_uri: String::new(),
            contents: LsoValue::AMF3(Box::new(value.clone())),
        }],
    };
    let bytes = flash_lso::packet::write::write_to_bytes(&packet, true).expect("a small packet");
    assert_eq!(&bytes[..10], &[0, 3, 0, 0, 0, 1, 0, 0, 0, 0]);
    let len = u32::from_be_bytes(bytes[10..14].try_into().unwrap()) as usize;
    assert_eq!(len, bytes.len() - 14);
    assert_eq!(bytes[14], 0x11, "AMF0 avmplus-object marker");
    bytes[15..].to_vec()
}

/// Decodes one AMF3 value with flash-lso (with the flex readers registered); the whole input
/// must be used. References come back as `Amf3ObjectReference`s, resolved by [`from_lso`].
pub(crate) fn lso_decode(bytes: &[u8]) -> Result<LsoValue, String> {
    let mut decoder = AMF3Decoder::default();
    flash_lso::extra::flex::read::register_decoders(&mut decoder);
    match decoder.parse_single_element(bytes) {
        Ok(([], value)) => Ok(value),
        Ok((rest, _)) => Err(format!("{} bytes left over", rest.len())),
        Err(e) => Err(format!("{e:?}")),
    }
}

// ---- flash-lso → ours --------------------------------------------------------------------------

/// Converts a value flash-lso decoded into ours, resolving its `Amf3ObjectReference`s: a
/// reference to an object read completely becomes that value (the same `Arc`); a reference to an
/// object still being read (a cycle) becomes [`Value::ObjectRef`], as our decoder does. The
/// object-table indices are counted in the order flash-lso read the values (which is the order on
/// the wire), and checked against the `ObjectId`s it assigned.
pub(crate) fn from_lso(value: &LsoValue) -> Result<Value, String> {
    FromLso::default().convert(value)
}

#[derive(Default)]
struct FromLso {
    /// The object table: `None` while the value is being read.
    table: Vec<Option<Value>>,
}

impl FromLso {
    /// Takes the next object-table slot; checks flash-lso's id for it when it has one.
    fn slot(&mut self, id: Option<ObjectId>) -> Result<usize, String> {
        let index = self.table.len();
        if let Some(id) = id {
            if id.0 != index as i64 {
                return Err(format!("flash-lso gave object #{index} the id {}", id.0));
            }
        }
        self.table.push(None);
        Ok(index)
    }

    /// Fills a slot taken by [`FromLso::slot`].
    fn fill(&mut self, index: usize, value: Value) -> Value {
        self.table[index] = Some(value.clone());
        value
    }

    fn leaf(&mut self, value: Value) -> Value {
        self.table.push(Some(value.clone()));
        value
    }

    fn elements(&mut self, elements: &[Element]) -> Result<Vec<(String, Value)>, String> {
        elements
            .iter()
            .map(|e| Ok((e.name.clone(), self.convert(&e.value)?)))
            .collect()
    }

    fn convert(&mut self, value: &LsoValue) -> Result<Value, String> {
        Ok(match value {
            LsoValue::Undefined => Value::Undefined,
            LsoValue::Null => Value::Null,
            LsoValue::Bool(b) => Value::Bool(*b),
            LsoValue::Integer(i) => Value::Integer(*i),
            LsoValue::Number(d) => Value::Double(*d),
            LsoValue::String(s) => Value::String(s.clone()),
            LsoValue::Date { time, .. } => self.leaf(Value::Date(Date { millis: *time })),
            LsoValue::XML { value, is_string } => {
                let text: Arc<str> = Arc::from(value.as_str());
                self.leaf(if *is_string {
                    Value::Xml(text)
                } else {
                    Value::XmlDocument(text)
                })
            }
            LsoValue::ByteArray(b) => self.leaf(Value::ByteArray(Arc::from(b.as_slice()))),
            LsoValue::VectorInt(v) => self.leaf(Value::VectorInt(Arc::new(Vector {
                fixed: v.fixed_length,
                items: v.values.clone(),
            }))),
            LsoValue::VectorUInt(v) => self.leaf(Value::VectorUint(Arc::new(Vector {
                fixed: v.fixed_length,
                items: v.values.clone(),
            }))),
            LsoValue::VectorDouble(v) => self.leaf(Value::VectorDouble(Arc::new(Vector {
                fixed: v.fixed_length,
                items: v.values.clone(),
            }))),
            LsoValue::StrictArray { id, values } => {
                let index = self.slot(Some(*id))?;
                let dense = values
                    .iter()
                    .map(|v| self.convert(v))
                    .collect::<Result<_, _>>()?;
                self.fill(
                    index,
                    Value::Array(Arc::new(Array {
                        dense,
                        assoc: Vec::new(),
                    })),
                )
            }
            LsoValue::ECMAArray { id, data } => {
                let index = self.slot(Some(*id))?;
                // On the wire the associative part comes first.
                let assoc = self.elements(&data.elements)?;
                let dense = data
                    .dense
                    .iter()
                    .map(|v| self.convert(v))
                    .collect::<Result<_, _>>()?;
                self.fill(index, Value::Array(Arc::new(Array { dense, assoc })))
            }
            LsoValue::Object { id, data } => {
                let index = self.slot(Some(*id))?;
                let def = data
                    .class_definition
                    .as_ref()
                    .ok_or("a decoded object without class definition")?;
                let n = def.static_properties.len();
                if data.elements.len() < n {
                    return Err("fewer elements than sealed members".into());
                }
                let members = self.elements(&data.elements)?;
                let (sealed, dynamic) = members.split_at(n);
                let traits = Arc::new(Traits {
                    class_name: def.name.clone(),
                    sealed: def.static_properties.clone(),
                    dynamic: def.attributes.contains(Attribute::Dynamic),
                    externalizable: false,
                });
                let object = Object {
                    traits,
                    sealed: sealed.iter().map(|(_, v)| v.clone()).collect(),
                    dynamic: dynamic.to_vec(),
                    external: None,
                };
                self.fill(index, Value::Object(Arc::new(object)))
            }
            LsoValue::Custom(custom) => {
                let index = self.slot(None)?;
                let def = &custom.class_definition;
                let payload_name = match def.name.as_str() {
                    ARRAY_COLLECTION => "data",
                    OBJECT_PROXY => "object",
                    other => return Err(format!("externalizable class {other} not handled here")),
                };
                let [element] = custom.elements.as_slice() else {
                    return Err("an externalizable payload of several elements".into());
                };
                if element.name != payload_name || !custom.dynamic_elements.is_empty() {
                    return Err(format!("unexpected externalizable payload {custom:?}"));
                }
                let payload = self.convert(&element.value)?;
                let object = Object {
                    traits: Arc::new(Traits {
                        class_name: def.name.clone(),
                        sealed: def.static_properties.clone(),
                        dynamic: def.attributes.contains(Attribute::Dynamic),
                        externalizable: true,
                    }),
                    sealed: Vec::new(),
                    dynamic: Vec::new(),
                    external: Some(payload),
                };
                self.fill(index, Value::Object(Arc::new(object)))
            }
            LsoValue::VectorObject { id, data } => {
                let index = self.slot(Some(*id))?;
                let items = data
                    .values
                    .iter()
                    .map(|v| self.convert(v))
                    .collect::<Result<_, _>>()?;
                let vector = ObjectVector {
                    fixed: data.fixed_length,
                    type_name: data.object_type_name.clone(),
                    items,
                };
                self.fill(index, Value::VectorObject(Arc::new(vector)))
            }
            LsoValue::Dictionary { id, data } => {
                let index = self.slot(Some(*id))?;
                let entries = data
                    .elements
                    .iter()
                    .map(|e| Ok((self.convert(&e.key)?, self.convert(&e.value)?)))
                    .collect::<Result<_, String>>()?;
                let dictionary = Dictionary {
                    weak: data.weak_keys,
                    entries,
                };
                self.fill(index, Value::Dictionary(Arc::new(dictionary)))
            }
            LsoValue::Amf3ObjectReference(id) => {
                match usize::try_from(id.0).ok().and_then(|i| self.table.get(i)) {
                    Some(Some(value)) => value.clone(),
                    Some(None) => Value::ObjectRef(id.0 as u32),
                    None => {
                        return Err(format!(
                            "reference to object #{} of {}",
                            id.0,
                            self.table.len()
                        ))
                    }
                }
            }
            LsoValue::AMF3(inner) => self.convert(inner)?,
            other @ (LsoValue::Unsupported | LsoValue::Reference(_)) => {
                return Err(format!("not AMF3: {other:?}"))
            }
        })
    }
}

// ---- ours → flash-lso --------------------------------------------------------------------------

/// A value converted for flash-lso, and what its encoder will make of it.
#[derive(Debug)]
pub(crate) struct ToLso {
    /// The converted value.
    pub(crate) value: LsoValue,
    /// Whether it holds `Amf3ObjectReference`s (a shared array, object, object vector or
    /// dictionary met again, or a cycle).
    pub(crate) refs: bool,
    /// Whether it holds a value flash-lso's encoder leaves out of its object table (date, XML,
    /// XMLDocument, ByteArray, number vector) or may merge with an equal one (externalizable
    /// objects, which have no `ObjectId`): then the indices of the references it writes are
    /// wrong (disagreement L1 in differential.rs).
    pub(crate) hazard: bool,
    /// Whether a shared node that flash-lso cannot reference (the kinds above) was written as a
    /// copy, where our encoder writes a reference: the bytes then differ by design.
    pub(crate) copies: bool,
    /// Whether it holds a reference to a node that holds a `NaN` (in a double, a date or a
    /// `Vector.<Number>`): flash-lso's encoder finds the nodes it wrote by `==`, `NaN != NaN`, so it
    /// never finds that one and panics with "Invalid reference" (disagreement L2).
    pub(crate) nan_refs: bool,
}

impl ToLso {
    /// Whether flash-lso writes this value correctly (its reference indices are right).
    pub(crate) fn reliable(&self) -> bool {
        !(self.nan_refs || self.refs && self.hazard)
    }

    /// Whether flash-lso's bytes for this value should equal ours exactly.
    pub(crate) fn byte_comparable(&self) -> bool {
        self.reliable() && !self.copies
    }
}

/// Converts our value for flash-lso: every object gets an explicit class definition (with none,
/// flash-lso writes class `Object` with no members), a node met again becomes an
/// `Amf3ObjectReference` to the `ObjectId` (= our object-table index) of its first occurrence
/// when flash-lso can reference its kind, a copy otherwise. Fails for what flash-lso cannot
/// express: a cycle through an externalizable object (its `Custom` value has no `ObjectId`),
/// externalizable classes other than `ArrayCollection`/`ObjectProxy`, a dynamic member named like
/// a sealed one (flash-lso picks sealed values by name).
pub(crate) fn to_lso(value: &Value) -> Result<ToLso, String> {
    let mut c = ToLsoConverter::default();
    let value = c.convert(value)?;
    Ok(ToLso {
        value,
        refs: c.refs,
        hazard: c.hazard,
        copies: c.copies,
        nan_refs: c.nan_refs,
    })
}

#[derive(Default)]
struct ToLsoConverter {
    /// Object-table entries written so far, as our encoder counts them.
    count: i64,
    /// First occurrences: node → object-table index.
    seen: HashMap<NodeId, i64>,
    /// Indices of the nodes flash-lso can reference (they carry an `ObjectId`).
    referable: HashSet<i64>,
    /// Indices of the nodes that hold a `NaN`.
    with_nan: HashSet<i64>,
    refs: bool,
    nan_refs: bool,
    hazard: bool,
    copies: bool,
}

/// Whether `v` or a value inside it holds a `NaN`.
fn holds_nan(v: &Value) -> bool {
    any_node(v, &mut |n| match n {
        Value::Double(d) => d.is_nan(),
        Value::Date(d) => d.millis.is_nan(),
        Value::VectorDouble(x) => x.items.iter().any(|d| d.is_nan()),
        _ => false,
    })
}

/// Whether flash-lso's encoder can write a reference to a node of this kind.
fn lso_referable(v: &Value) -> bool {
    match v {
        Value::Object(o) => !o.traits.externalizable,
        Value::Array(_) | Value::VectorObject(_) | Value::Dictionary(_) => true,
        _ => false,
    }
}

impl ToLsoConverter {
    fn convert(&mut self, v: &Value) -> Result<LsoValue, String> {
        Ok(match v {
            Value::Undefined => LsoValue::Undefined,
            Value::Null => LsoValue::Null,
            Value::Bool(b) => LsoValue::Bool(*b),
            Value::Integer(i) if (INTEGER_MIN..=INTEGER_MAX).contains(i) => LsoValue::Integer(*i),
            Value::Integer(i) => LsoValue::Number(f64::from(*i)),
            Value::Double(d) => LsoValue::Number(*d),
            Value::String(s) => LsoValue::String(s.clone()),
            Value::Date(d) => {
                self.count += 1;
                self.hazard = true;
                LsoValue::Date {
                    time: d.millis,
                    timezone_or_utc: None,
                }
            }
            Value::ObjectRef(index) => {
                let index = i64::from(*index);
                if !self.referable.contains(&index) {
                    return Err(format!(
                        "flash-lso cannot reference object #{index} (externalizable or unknown)"
                    ));
                }
                self.reference(index)
            }
            node => {
                let id = node_id(node).expect("every other value is a node");
                if let Some(&index) = self.seen.get(&id) {
                    if lso_referable(node) {
                        return Ok(self.reference(index));
                    }
                    self.copies = true;
                    return self.inline(node, -1);
                }
                let index = self.count;
                self.count += 1;
                self.seen.insert(id, index);
                if lso_referable(node) {
                    self.referable.insert(index);
                }
                if holds_nan(node) {
                    self.with_nan.insert(index);
                }
                self.inline(node, index)?
            }
        })
    }

    fn reference(&mut self, index: i64) -> LsoValue {
        self.refs = true;
        self.nan_refs |= self.with_nan.contains(&index);
        LsoValue::Amf3ObjectReference(ObjectId(index))
    }

    fn members(&mut self, members: &[(String, Value)]) -> Result<Vec<Element>, String> {
        members
            .iter()
            .map(|(k, v)| Ok(Element::new(k.clone(), self.convert(v)?)))
            .collect()
    }

    fn inline(&mut self, v: &Value, index: i64) -> Result<LsoValue, String> {
        let id = ObjectId(index);
        Ok(match v {
            Value::XmlDocument(s) | Value::Xml(s) => {
                self.hazard = true;
                LsoValue::XML {
                    value: s.to_string(),
                    is_string: matches!(v, Value::Xml(_)),
                }
            }
            Value::ByteArray(b) => {
                self.hazard = true;
                LsoValue::ByteArray(b.to_vec())
            }
            Value::VectorInt(x) => {
                self.hazard = true;
                LsoValue::VectorInt(VectorPrimitiveValue {
                    values: x.items.clone(),
                    fixed_length: x.fixed,
                })
            }
            Value::VectorUint(x) => {
                self.hazard = true;
                LsoValue::VectorUInt(VectorPrimitiveValue {
                    values: x.items.clone(),
                    fixed_length: x.fixed,
                })
            }
            Value::VectorDouble(x) => {
                self.hazard = true;
                LsoValue::VectorDouble(VectorPrimitiveValue {
                    values: x.items.clone(),
                    fixed_length: x.fixed,
                })
            }
            Value::Array(a) if a.assoc.is_empty() => LsoValue::StrictArray {
                id,
                values: a
                    .dense
                    .iter()
                    .map(|x| self.convert(x))
                    .collect::<Result<_, _>>()?,
            },
            Value::Array(a) => {
                // The associative part is written first: convert it first, to count indices in
                // writing order.
                let elements = self.members(&a.assoc)?;
                let dense = a
                    .dense
                    .iter()
                    .map(|x| self.convert(x))
                    .collect::<Result<_, _>>()?;
                LsoValue::ECMAArray {
                    id,
                    data: ECMAArrayObjectValue {
                        dense,
                        length: elements.len() as u32,
                        elements,
                    },
                }
            }
            Value::Object(o) if o.traits.externalizable => {
                self.hazard = true;
                let element = match o.traits.class_name.as_str() {
                    ARRAY_COLLECTION => "data",
                    OBJECT_PROXY => "object",
                    other => {
                        return Err(format!(
                            "flash-lso has no writer for externalizable class {other}"
                        ))
                    }
                };
                let payload = o
                    .external
                    .as_ref()
                    .ok_or("externalizable object without payload")?;
                LsoValue::Custom(CustomObjectValue {
                    elements: vec![Element::new(element, self.convert(payload)?)],
                    dynamic_elements: Vec::new(),
                    class_definition: {
                        let mut def =
                            ClassDefinition::default_with_name(o.traits.class_name.clone());
                        def.attributes.insert(Attribute::External);
                        def
                    },
                })
            }
            Value::Object(o) => {
                let t = &o.traits;
                if o.sealed.len() != t.sealed.len() {
                    return Err("sealed values do not match the sealed names".into());
                }
                if t.dynamic && o.dynamic.iter().any(|(k, _)| t.sealed.contains(k)) {
                    return Err("a dynamic member named like a sealed one".into());
                }
                let mut elements: Vec<Element> = Vec::new();
                for (name, x) in t.sealed.iter().zip(&o.sealed) {
                    elements.push(Element::new(name.clone(), self.convert(x)?));
                }
                if t.dynamic {
                    elements.extend(self.members(&o.dynamic)?);
                }
                let mut class_definition = ClassDefinition::default_with_name(t.class_name.clone());
                class_definition.static_properties = t.sealed.clone();
                if t.dynamic {
                    class_definition.attributes.insert(Attribute::Dynamic);
                }
                LsoValue::Object {
                    id,
                    data: ObjectValue {
                        elements,
                        class_definition: Some(class_definition),
                    },
                }
            }
            Value::VectorObject(vo) => LsoValue::VectorObject {
                id,
                data: VectorObjectValue {
                    values: vo
                        .items
                        .iter()
                        .map(|x| self.convert(x))
                        .collect::<Result<_, _>>()?,
                    object_type_name: vo.type_name.clone(),
                    fixed_length: vo.fixed,
                },
            },
            Value::Dictionary(d) => LsoValue::Dictionary {
                id,
                data: DictionaryObjectValue {
                    elements: d
                        .entries
                        .iter()
                        .map(|(k, x)| {
                            Ok(DictionaryEntry {
                                key: self.convert(k)?,
                                value: self.convert(x)?,
                            })
                        })
                        .collect::<Result<_, String>>()?,
                    weak_keys: d.weak,
                },
            },
            other => unreachable!("not a node: {other:?}"),
        })
    }
}
