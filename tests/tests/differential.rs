//! Differential tests of our AMF3 codec against two independent implementations: the `amf` crate
//! (1.0) and flash-lso (0.7, Ruffle's), in both directions, on the same generated values
//! (`amf_tests::arb_value` and its subsets), plus byte-for-byte comparisons where both sides
//! should write the same bytes. How each oracle is driven is in `oracle/mod.rs`.
//!
//! # Disagreements found
//!
//! Each was settled against Adobe's AMF 3 specification (/work/shared/PROTOCOL.md, "AMF3
//! essentials") and the oracle's source (~/.cargo/registry/src/*/amf-1.0.0, flash-lso-0.7.0).
//!
//! Ours (fixed in amf-runtime/src/amf3/encoder.rs):
//!
//! - **O1. Marker of a cyclic reference.** We wrote every `Value::ObjectRef` with the object
//!   marker `0a`; flash-lso (and Flash Player) write the referenced value's own marker: an array
//!   holding itself is `09 03 01 09 00`, we wrote `09 03 01 0a 00`. The spec's grammar gives each
//!   type its own reference form (`array-type = array-marker (U29O-ref | …)`), so flash-lso was
//!   right. Every reader we know (ours, flash-lso, the amf crate) resolves the index whatever the
//!   marker, so nothing failed to decode; only the bytes differed (found by
//!   `flash_lso_cycles`). Fix: the encoder's object table remembers each entry's marker and a
//!   reference repeats it. Test: `cyclic_references_carry_the_referenced_values_marker`.
//! - **O2. Empty `Arc::default()` nodes.** Found while checking a case of
//!   `amf_bytes_equal_ours_without_references` (not an oracle disagreement): `Arc::<str>::default()`
//!   and `Arc::<[u8]>::default()` share one static address, and our encoder found object-table
//!   nodes by address alone, so `[Xml(default), ByteArray(default)]` was written with the
//!   ByteArray as a reference to the XML and read back as XML. Fix: nodes are found by address
//!   and marker. Test: `empty_default_arcs_keep_their_types`.
//!
//! The `amf` crate (we are right in each case; none is a bug of ours):
//!
//! - **A1. Dynamic flag.** The amf crate has no dynamic flag: it writes one when an object has
//!   entries beyond its sealed ones. So `{}` travels as `0a 03 01` (anonymous, *sealed*, no
//!   members) where Flash Player and we write `0a 0b 01 01` (the class `Object` is dynamic; the
//!   spec puts the flag in the traits, not in the member count), and a typed dynamic object with
//!   no dynamic members loses the flag. Both sides read both forms as an empty object.
//!   `we_decode_what_amf_encodes` compares against that wire form; the conversion documents it.
//! - **A2. Dates.** The amf crate holds a `Duration` since the epoch: its decoder rejects
//!   negative (pre-1970), `-0`, `NaN` (Flash's invalid `Date`) and infinite dates with
//!   `InvalidDate` and truncates fractional milliseconds. The spec's date is any double of
//!   milliseconds. `amf_dates_are_whole_non_negative_milliseconds`; the conversion refuses them.
//! - **A3. Cycles.** The spec allows a reference to an object still being read; the amf crate
//!   fails with `CircularReference` (it copies every referenced value, so it cannot hold one). We
//!   read cycles into `Value::ObjectRef` without looping. `amf_rejects_cycles_we_keep`.
//! - **A4. Externalizable objects.** The amf crate fails with `ExternalizableType` on every
//!   externalizable class, Flex's `ArrayCollection` and `ObjectProxy` included, and cannot write
//!   one. `amf_rejects_externalizable_objects`.
//! - Not disagreements: it never writes string, trait or object references (valid AMF3, only
//!   longer: `amf_bytes_equal_ours_without_references` compares bytes exactly when we write
//!   none either) and reads references by copying (shared nodes come back as copies). Its
//!   encoder would also corrupt an `Integer` outside 29 bits (it writes `(1 << 29) + i`
//!   unchecked) and panic on `sealed_count > entries.len()`; our conversion never produces
//!   either.
//!
//! flash-lso (we are right in each case):
//!
//! - **L1. Object-table indices it writes.** Its encoder keeps in its object table only objects
//!   (externalizable ones included), arrays, `Vector.<Object>`s and dictionaries, not dates,
//!   XML, XMLDocuments, ByteArrays or number vectors (the spec, and flash-lso's own reader,
//!   count them all), and it finds entries by value equality, so two equal entries take one
//!   index. A reference written after one of those points too low: `[ByteArray, o, o]` comes out
//!   as `[ByteArray, o, ByteArray]`, for us and for flash-lso's own reader.
//!   `flash_lso_miscounts_its_object_table`; the property tests skip values with both references
//!   and such entries (`ToLso::reliable`), and `flash_lso_references_both_ways` covers
//!   references on values without them.
//! - **L2. `NaN` breaks its references.** Its encoder finds the objects it wrote with `==` on its
//!   `Value`, and `NaN != NaN`: a reference (shared or cyclic) to an object that holds a NaN
//!   anywhere inside panics with "Invalid reference". Doubles are bit patterns in the spec; we
//!   write and read these. `flash_lso_cannot_reference_an_object_holding_nan`.
//! - **L3. Objects without a class definition** (known, FACTS.md): it writes them as a sealed
//!   instance of class `Object` with no members, silently dropping them; with an explicit empty,
//!   dynamic definition it writes `{…}` exactly as we do. `to_lso` always gives one.
//!   `flash_lso_needs_an_explicit_class_definition`.
//! - Limits of its model, not disagreements: it cannot reference a shared ByteArray, XML, number
//!   vector or externalizable object (no identity in its `Value`; it writes a copy, we a
//!   reference: decoded values agree, bytes differ, so `flash_lso_bytes_equal_ours` skips
//!   them); a cycle through an externalizable object cannot be given to its encoder (`Custom`
//!   has no `ObjectId`), though its reader reads one; it picks sealed values by name, so a
//!   dynamic member named like a sealed one cannot be expressed (ActionScript cannot produce
//!   one either); its AMF0 packet writer has no externalizable writers (`unimplemented!()`
//!   panic), so `lso_encode` goes through the LSO writer with the flex writers registered.
//!   It reads cycles as `Amf3ObjectReference`s to the object being read (no looping), which
//!   `from_lso` resolves to the same `Value::ObjectRef`s we read.
//!
//! Everything else agreed in both directions and, where comparable, byte for byte: every
//! scalar (U29 boundaries, NaN payloads, `-0`), strings and their references, traits and trait
//! references, typed, dynamic and anonymous objects, arrays with associative parts, XML, dates,
//! ByteArrays, all four vector types, dictionaries, ArrayCollection/ObjectProxy (flash-lso), and
//! shared subtrees.

mod oracle;

use std::sync::Arc;

use amf_runtime::amf3::{self, Date, Object, Traits, Value, ARRAY_COLLECTION};
use amf_tests::{
    any_node, arb_amf_value, arb_cyclic_value, arb_value, arb_value_with, check_same, compare,
    encoder_references, map_objects, ValueConfig,
};
use oracle::{amf_decode, amf_encode, from_lso, lso_decode, lso_encode, lso_encode_packet, to_lso};
use proptest::prelude::*;

type AmfValue = amf::amf3::Value;

/// Our encoder's bytes for `v` (every generated value is encodable).
fn ours(v: &Value) -> Vec<u8> {
    amf3::to_vec(v).expect("generated values are encodable")
}

/// Our decoder's value for `bytes`.
fn decode(bytes: &[u8]) -> Result<Value, TestCaseError> {
    amf3::from_slice(bytes).map_err(|e| TestCaseError::fail(format!("our decoder: {e}")))
}

/// What the `amf` crate puts on the wire for `v`: it writes an object's dynamic flag only when the
/// object has dynamic members (see disagreement A1), so an object whose traits say dynamic but
/// which has none travels as a sealed one.
fn amf_wire_form(v: &Value) -> Value {
    map_objects(v, &mut |mut o: Object| {
        if o.traits.dynamic && o.dynamic.is_empty() && !o.traits.externalizable {
            o.traits = Arc::new(Traits {
                dynamic: false,
                ..(*o.traits).clone()
            });
        }
        o
    })
}

fn has_object_ref(v: &Value) -> bool {
    any_node(v, &mut |n| matches!(n, Value::ObjectRef(_)))
}

// ---- the amf crate -------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// (1) We encode, the amf crate decodes (resolving our string, trait and object references
    /// by copying): the result, converted back, is the value we wrote. The conversion alone is
    /// lossless on this subset too.
    #[test]
    fn amf_decodes_what_we_encode(v in arb_amf_value()) {
        let theirs = amf_decode(&ours(&v)).map_err(TestCaseError::fail)?;
        check_same(&Value::from(&theirs), &v)?;
        let converted = AmfValue::try_from(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_same(&Value::from(&converted), &v)?;
    }

    /// (2) The amf crate encodes (the conversion of the value), we decode: we read what it
    /// wrote, i.e. the value with the dynamic flag as the amf crate writes it.
    #[test]
    fn we_decode_what_amf_encodes(v in arb_amf_value()) {
        let theirs = AmfValue::try_from(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = decode(&amf_encode(&theirs))?;
        check_same(&back, &amf_wire_form(&v))?;
    }

    /// (3) Byte for byte: the amf crate never writes references, so its bytes equal ours
    /// exactly when our encoder writes none either (no repeated non-empty string, class or
    /// node); for the others, its bytes are longer and still decode to the same value (2).
    #[test]
    fn amf_bytes_equal_ours_without_references(v in arb_amf_value()) {
        let wire = amf_wire_form(&v);
        let theirs = amf_encode(&AmfValue::try_from(&v).map_err(|e| TestCaseError::fail(e.to_string()))?);
        if encoder_references(&wire).any() {
            prop_assert!(theirs.len() >= ours(&wire).len());
        } else {
            prop_assert_eq!(theirs, ours(&wire));
        }
    }

    /// Cycles: we write and read them; the amf crate cannot hold one (its decoder fails with
    /// CircularReference, the conversion with `Cycle`). Acyclic values still agree.
    #[test]
    fn amf_rejects_cycles_we_keep(v in arb_cyclic_value(ValueConfig::AMF_CRATE)) {
        let bytes = ours(&v);
        check_same(&decode(&bytes)?, &v)?;
        if has_object_ref(&v) {
            let err = amf_decode(&bytes).expect_err("the amf crate reads no cycle");
            prop_assert!(err.starts_with("CircularReference"), "{}", err);
            prop_assert!(AmfValue::try_from(&v).is_err());
        } else {
            check_same(&Value::from(&amf_decode(&bytes).map_err(TestCaseError::fail)?), &v)?;
        }
    }
}

/// The amf crate writes `{}` with sealed traits (`0a 03 01`: inline, not dynamic, 0 members, class
/// ""); Flash Player and we write dynamic traits and the end of the dynamic members
/// (`0a 0b 01 01`). Each side reads the other's form as an empty anonymous object.
#[test]
fn amf_writes_empty_anonymous_objects_as_sealed() {
    let empty = Value::object::<&str>([]);
    assert_eq!(ours(&empty), [0x0a, 0x0b, 0x01, 0x01]);
    let theirs = amf_encode(&AmfValue::try_from(&empty).unwrap());
    assert_eq!(theirs, [0x0a, 0x03, 0x01]);
    let back: Value = amf3::from_slice(&theirs).unwrap();
    let o = back.as_object().unwrap();
    assert!(o.class_name().is_empty() && !o.traits.dynamic && o.members().next().is_none());
    assert_eq!(Value::from(amf_decode(&ours(&empty)).unwrap()), empty);
}

/// The amf crate refuses externalizable objects (it has no reader for any class, ArrayCollection
/// included) and so does the conversion; we read them.
#[test]
fn amf_rejects_externalizable_objects() {
    let collection = Value::from(Object::external(
        ARRAY_COLLECTION,
        Value::array([Value::Integer(1)]),
    ));
    let bytes = ours(&collection);
    assert_eq!(amf3::from_slice::<Value>(&bytes).unwrap(), collection);
    let err = amf_decode(&bytes).unwrap_err();
    assert!(err.contains("ExternalizableType"), "{err}");
    assert!(AmfValue::try_from(&collection).is_err());
}

/// Dates: the amf crate holds a `Duration` since the epoch. It rejects negative (pre-1970), `-0`
/// and non-finite dates and drops the fraction of a fractional one; we keep the double.
#[test]
fn amf_dates_are_whole_non_negative_milliseconds() {
    for millis in [-1.0, -0.0, f64::NAN, f64::INFINITY] {
        let bytes = ours(&Value::Date(Date { millis }));
        assert!(
            amf_decode(&bytes).unwrap_err().starts_with("InvalidDate"),
            "{millis}"
        );
        assert_eq!(
            amf3::from_slice::<Value>(&bytes).unwrap().type_name(),
            "date"
        );
    }
    let fractional = ours(&Value::Date(Date { millis: 1.75 }));
    assert_eq!(
        Value::from(amf_decode(&fractional).unwrap()),
        Value::Date(Date { millis: 1.0 })
    );
}

// ---- flash-lso -----------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// (1) We encode, flash-lso decodes (its flex readers unwrap ArrayCollection and
    /// ObjectProxy); its value, with its object references resolved, is the value we wrote.
    #[test]
    fn flash_lso_decodes_what_we_encode(v in arb_value()) {
        let theirs = lso_decode(&ours(&v)).map_err(TestCaseError::fail)?;
        check_same(&from_lso(&theirs).map_err(TestCaseError::fail)?, &v)?;
    }

    /// (2) flash-lso encodes (with string, trait and object references of its own), we decode:
    /// we read the value it was given. Skipped only where flash-lso writes wrong object
    /// reference indices or panics (disagreements L1, L2).
    #[test]
    fn we_decode_what_flash_lso_encodes(v in arb_value()) {
        let conv = to_lso(&v).map_err(TestCaseError::fail)?;
        if conv.reliable() {
            check_same(&decode(&lso_encode(&conv.value))?, &v)?;
        }
    }

    /// (3) Byte for byte: flash-lso finds strings and traits by content as we do, and writes
    /// object references for the nodes it was told are shared, so its bytes equal ours, except
    /// where it cannot reference a shared node (ByteArray, XML, number vectors, externalizable
    /// objects: it writes a copy, we write a reference) or writes a wrong index (L1, L2).
    #[test]
    fn flash_lso_bytes_equal_ours(v in arb_value()) {
        let conv = to_lso(&v).map_err(TestCaseError::fail)?;
        if conv.byte_comparable() {
            prop_assert_eq!(lso_encode(&conv.value), ours(&v));
        }
    }

    /// Cycles, both directions: flash-lso reads our cyclic references (as references to an
    /// object still being read), we read its own; the bytes are equal where comparable. A cycle
    /// through an externalizable object cannot be given to flash-lso (its `Custom` value has no
    /// `ObjectId`): only the first direction runs then.
    #[test]
    fn flash_lso_cycles(v in arb_cyclic_value(ValueConfig::ALL)) {
        let bytes = ours(&v);
        check_same(&decode(&bytes)?, &v)?;
        let theirs = lso_decode(&bytes).map_err(TestCaseError::fail)?;
        check_same(&from_lso(&theirs).map_err(TestCaseError::fail)?, &v)?;
        let Ok(conv) = to_lso(&v) else { return Ok(()) };
        if conv.reliable() {
            let lso_bytes = lso_encode(&conv.value);
            check_same(&decode(&lso_bytes)?, &v)?;
            if conv.byte_comparable() {
                prop_assert_eq!(lso_bytes, bytes);
            }
        }
    }

    /// flash-lso's two ways to write one value — the LSO body (`lso_encode`) and the AMF0 packet
    /// (`lso_encode_packet`) — give the same AMF3 bytes (the packet writer has no externalizable
    /// writers, so none are generated here).
    #[test]
    fn flash_lso_writers_agree(v in arb_value_with(ValueConfig { externalizable: false, ..ValueConfig::ALL })) {
        let conv = to_lso(&v).map_err(TestCaseError::fail)?;
        // Both writers panic on a reference to a node that holds a NaN (L2).
        if !conv.nan_refs {
            prop_assert_eq!(lso_encode(&conv.value), lso_encode_packet(&conv.value));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// References both ways where flash-lso writes them correctly (no value it leaves out of its
    /// object table, see L1): shared nodes and cycles. Its bytes equal ours; we read its string,
    /// trait and object references back to the same value, with the same sharing (our bytes for
    /// what we read are its bytes again); it reads ours.
    #[test]
    fn flash_lso_references_both_ways(v in arb_cyclic_value(ValueConfig::FLASH_LSO_REFERENCES)) {
        let conv = to_lso(&v).map_err(TestCaseError::fail)?;
        if conv.nan_refs {
            // L2: flash-lso cannot write a reference to a node that holds a NaN.
            let value = conv.value.clone();
            prop_assert!(std::panic::catch_unwind(move || lso_encode(&value)).is_err());
            return Ok(());
        }
        prop_assert!(conv.byte_comparable());
        let lso_bytes = lso_encode(&conv.value);
        prop_assert_eq!(&lso_bytes, &ours(&v));
        let back = decode(&lso_bytes)?;
        check_same(&back, &v)?;
        prop_assert_eq!(ours(&back), lso_bytes);
        let theirs = lso_decode(&ours(&v)).map_err(TestCaseError::fail)?;
        check_same(&from_lso(&theirs).map_err(TestCaseError::fail)?, &v)?;
    }
}

/// A value with a string, a trait and an object reference, written by flash-lso and read by us:
/// the references resolve, and the shared object is one node (the same `Arc`) in our value.
#[test]
fn flash_lso_references_resolve_to_shared_nodes() {
    let user = |id| {
        Value::from(Object::typed(
            Traits::sealed("com.example.User", ["id", "name"]),
            vec![Value::Integer(id), "ann".into()],
        ))
    };
    let shared = Value::object([("name", Value::from("ann"))]);
    let v = Value::array([user(1), user(2), shared.clone(), shared]);
    let refs = encoder_references(&v);
    assert!(
        refs.strings > 0 && refs.traits > 0 && refs.objects > 0,
        "{refs:?}"
    );
    let lso_bytes = lso_encode(&to_lso(&v).unwrap().value);
    assert_eq!(lso_bytes, ours(&v));
    let back: Value = amf3::from_slice(&lso_bytes).unwrap();
    assert_eq!(back, v);
    let Value::Array(items) = &back else {
        panic!("{back:?}")
    };
    let (Value::Object(a), Value::Object(b)) = (&items.dense[2], &items.dense[3]) else {
        panic!()
    };
    assert!(Arc::ptr_eq(a, b));
    // The two users share one `Traits` too.
    let (Value::Object(u1), Value::Object(u2)) = (&items.dense[0], &items.dense[1]) else {
        panic!()
    };
    assert!(Arc::ptr_eq(&u1.traits, &u2.traits));
}

/// O1: a cyclic reference travels with the referenced value's own marker, as Flash Player and
/// flash-lso write it: an array that holds itself is `09 03 01 09 00`, not `… 0a 00`.
#[test]
fn cyclic_references_carry_the_referenced_values_marker() {
    let array = Value::array([Value::ObjectRef(0)]);
    assert_eq!(ours(&array), [0x09, 0x03, 0x01, 0x09, 0x00]);
    let dictionary = Value::Dictionary(Arc::new(amf3::Dictionary {
        weak: false,
        entries: vec![(Value::from("self"), Value::ObjectRef(0))],
    }));
    let object = Value::object([("self", Value::ObjectRef(0))]);
    for v in [array, dictionary, object] {
        let bytes = ours(&v);
        assert_eq!(lso_encode(&to_lso(&v).unwrap().value), bytes);
        assert_eq!(amf3::from_slice::<Value>(&bytes).unwrap(), v);
        assert_eq!(from_lso(&lso_decode(&bytes).unwrap()).unwrap(), v);
    }
}

/// O2: empty `Arc<str>` and `Arc<[u8]>` made by `Arc::default()` share one static address; our
/// encoder must not write the second of these as a reference to the first (another type).
#[test]
fn empty_default_arcs_keep_their_types() {
    let v = Value::array([
        Value::Xml(Arc::default()),
        Value::XmlDocument(Arc::default()),
        Value::ByteArray(Arc::default()),
        Value::Xml(Arc::default()),
    ]);
    let bytes = ours(&v);
    // The fourth is the same node as the first (same address, same type): a reference.
    assert_eq!(
        bytes,
        [0x09, 0x09, 0x01, 0x0b, 0x01, 0x07, 0x01, 0x0c, 0x01, 0x0b, 0x02]
    );
    assert_eq!(amf3::from_slice::<Value>(&bytes).unwrap(), v);
}

/// L1: flash-lso's encoder leaves dates, XML, ByteArrays and number vectors out of its object
/// table (its reader counts them), so a reference written after one points one entry too low:
/// here at the ByteArray instead of the object. Neither we nor flash-lso itself read back the
/// value it was given. It also merges equal entries: two ArrayCollections whose payload is a
/// reference to the same array take one index.
#[test]
fn flash_lso_miscounts_its_object_table() {
    let shared = Value::object::<&str>([]);
    let v = Value::array([
        Value::ByteArray(Arc::from(&[1u8][..])),
        shared.clone(),
        shared,
    ]);
    // root #0, ByteArray #1, object #2: the reference is `0a 04`.
    assert_eq!(ours(&v)[10..], [0x0a, 0x04]);
    let conv = to_lso(&v).unwrap();
    assert!(!conv.reliable());
    let lso_bytes = lso_encode(&conv.value);
    assert_eq!(lso_bytes[10..], [0x0a, 0x02]);
    let ours_read: Value = amf3::from_slice(&lso_bytes).unwrap();
    let theirs_read = from_lso(&lso_decode(&lso_bytes).unwrap()).unwrap();
    for read in [ours_read, theirs_read] {
        let Value::Array(a) = &read else {
            panic!("{read:?}")
        };
        assert_eq!(a.dense[2].type_name(), "ByteArray");
    }

    let payload = Value::array([Value::Integer(1)]);
    let collection = || Value::from(Object::external(ARRAY_COLLECTION, payload.clone()));
    let shared = Value::object::<&str>([]);
    let v = Value::array([
        payload.clone(),
        collection(),
        collection(),
        shared.clone(),
        shared,
    ]);
    let conv = to_lso(&v).unwrap();
    assert!(!conv.reliable());
    let read: Value = amf3::from_slice(&lso_encode(&conv.value)).unwrap();
    assert!(compare(&read, &v).is_err());
    let Value::Array(a) = &read else {
        panic!("{read:?}")
    };
    assert_eq!(
        a.dense[4].as_object().unwrap().class_name(),
        ARRAY_COLLECTION
    );
}

/// L3 (FACTS.md): given no class definition, flash-lso writes an object as a sealed instance of
/// class "Object" with no members, dropping them; given an explicit empty, dynamic one, it
/// writes an anonymous object as Flash does (and as `to_lso` always does).
#[test]
fn flash_lso_needs_an_explicit_class_definition() {
    use flash_lso::types::{Element, ObjectId, ObjectValue, Value as LsoValue};
    let object = |class_definition| LsoValue::Object {
        id: ObjectId(0),
        data: ObjectValue {
            elements: vec![Element::new("a", LsoValue::Integer(1))],
            class_definition,
        },
    };
    let bytes = lso_encode(&object(None));
    assert_eq!(bytes, b"\x0a\x03\x0dObject");
    let read: Value = amf3::from_slice(&bytes).unwrap();
    assert_eq!(read.as_object().unwrap().class_name(), "Object");
    assert_eq!(read.as_object().unwrap().members().count(), 0);

    let anonymous = Value::object([("a", Value::Integer(1))]);
    assert_eq!(
        lso_encode(&to_lso(&anonymous).unwrap().value),
        ours(&anonymous)
    );
}

/// Typed objects from flash-lso: sealed members in class order, a dynamic class's extra members,
/// a trait reference for the second instance, and externalizable Flex classes.
#[test]
fn flash_lso_typed_and_externalizable_objects() {
    let traits = Arc::new(Traits {
        class_name: "com.example.Dyn".into(),
        sealed: vec!["id".into()],
        dynamic: true,
        externalizable: false,
    });
    let dynamic = |id| {
        let mut o = Object::typed(traits.clone(), vec![Value::Integer(id)]);
        o.dynamic.push(("extra".into(), Value::Bool(true)));
        Value::from(o)
    };
    let v = Value::array([
        dynamic(1),
        dynamic(2),
        Value::from(Object::external(
            ARRAY_COLLECTION,
            Value::array([Value::from("x")]),
        )),
        Value::from(Object::external(
            amf3::OBJECT_PROXY,
            Value::object([("x", Value::Null)]),
        )),
    ]);
    let lso_bytes = lso_encode(&to_lso(&v).unwrap().value);
    assert_eq!(lso_bytes, ours(&v));
    assert_eq!(amf3::from_slice::<Value>(&lso_bytes).unwrap(), v);
    assert_eq!(from_lso(&lso_decode(&ours(&v)).unwrap()).unwrap(), v);
}

/// L2: flash-lso's encoder finds the objects it wrote by `==` on its `Value`, and `NaN != NaN`:
/// an object that holds a NaN is never found, so a reference to it (shared or cyclic) panics
/// with "Invalid reference". We write and read such references.
#[test]
fn flash_lso_cannot_reference_an_object_holding_nan() {
    let shared = Value::object([("x", Value::Double(f64::NAN))]);
    let v = Value::array([shared.clone(), shared]);
    assert_eq!(
        amf3::from_slice::<Value>(&ours(&v)).map(|back| compare(&back, &v)),
        Ok(Ok(()))
    );
    let conv = to_lso(&v).unwrap();
    assert!(conv.nan_refs && !conv.reliable());
    let value = conv.value;
    let panic = std::panic::catch_unwind(move || lso_encode(&value)).unwrap_err();
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or(panic.downcast_ref::<&str>().copied());
    assert_eq!(message, Some("Invalid reference"));
    // Without the NaN, the same shape is written with a reference, as we write it.
    let shared = Value::object([("x", Value::Double(1.5))]);
    let v = Value::array([shared.clone(), shared]);
    assert_eq!(lso_encode(&to_lso(&v).unwrap().value), ours(&v));
}
