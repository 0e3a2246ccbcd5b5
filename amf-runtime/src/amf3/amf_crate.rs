//! Conversions between [`Value`] and the [`amf`] crate's [`amf::amf3::Value`] (feature
//! `amf-crate`).
//!
//! The `amf` crate has a smaller model of AMF3 than ours; converting *to* it can fail
//! ([`AmfConversionError`]), converting *from* it cannot. What does not carry over:
//!
//! | our [`Value`] | `amf::amf3::Value` |
//! |---|---|
//! | [`Value::ObjectRef`] (a cycle) | not expressible: error [`AmfConversionError::Cycle`] (its decoder also rejects cycles) |
//! | externalizable object (`ArrayCollection`, `ObjectProxy`, …) | not expressible: error [`AmfConversionError::Externalizable`] (its decoder rejects them too) |
//! | [`Date`] before 1970, `-0`, fractional, `NaN`/infinite, or beyond `u64` ms | not expressible (`Duration` since the epoch, whole milliseconds on the wire): error [`AmfConversionError::Date`] |
//! | shared nodes (the same `Arc` twice) | copied: the `amf` crate has no identity and never writes object references |
//! | [`Traits::dynamic`] of an object with no dynamic members | lost: `amf` writes the dynamic flag only when dynamic members exist; converting back, an anonymous object is dynamic, a typed one is not |
//! | an [`Value::Integer`] outside the 29-bit range | becomes `Double`, as our encoder writes it |
//! | dynamic members of a non-dynamic class | dropped, as our encoder drops them |
//! | an empty member name (dynamic member or associative-array key) | error [`AmfConversionError::EmptyName`]: AMF3 cannot write it (our encoder refuses it too) |
//! | sealed values that do not match the sealed names | error [`AmfConversionError::SealedCount`] |
//! | `Vector.<T>` type name `"*"` | `class_name: None` (and back) |
//! | class name `""` (anonymous) | `class_name: None` (and back) |
//!
//! From `amf`: a `Date` loses its sub-millisecond part (as the `amf` encoder does), an `Integer`
//! outside the 29-bit range becomes a [`Value::Double`] (the `amf` encoder would corrupt it), and
//! an `Object` whose `sealed_count` exceeds its entries is read with all entries sealed (the `amf`
//! encoder panics on it).
//!
//! ```
//! use amf_runtime::amf3::Value;
//! let ours = Value::object([("a", Value::Integer(1))]);
//! let theirs = amf::amf3::Value::try_from(&ours)?;
//! assert_eq!(Value::from(&theirs), ours);
//! # Ok::<(), amf_runtime::amf3::amf_crate::AmfConversionError>(())
//! ```

use std::sync::Arc;
use std::time::Duration;

use amf::amf3::Value as AmfValue;
use amf::Pair;

use super::value::{Array, Date, Dictionary, Object, ObjectVector, Traits, Value, Vector};
use super::{INTEGER_MAX, INTEGER_MIN};

/// Why a [`Value`] cannot become an `amf::amf3::Value`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AmfConversionError {
    /// A [`Value::ObjectRef`]: the `amf` crate cannot hold a cycle (its decoder rejects them).
    #[error("object reference #{index} (a cycle) cannot be expressed by the amf crate")]
    Cycle {
        /// The referenced object number.
        index: u32,
    },
    /// An externalizable object: the `amf` crate can neither write nor read one.
    #[error("externalizable object of class `{class_name}` cannot be expressed by the amf crate")]
    Externalizable {
        /// The class alias.
        class_name: String,
    },
    /// A date the `amf` crate cannot hold: it keeps a `Duration` since the epoch and whole
    /// milliseconds, so only integral, non-negative (not `-0`), finite values below 2^64 ms.
    #[error("date {millis} ms cannot be expressed by the amf crate (whole, non-negative milliseconds only)")]
    Date {
        /// The date's milliseconds since the epoch.
        millis: f64,
    },
    /// An object whose sealed values do not match its class's sealed member names.
    #[error(
        "object of class `{class_name}` has {values} sealed values for {members} sealed members"
    )]
    SealedCount {
        /// The class alias.
        class_name: String,
        /// How many sealed values the object holds.
        values: usize,
        /// How many sealed member names its traits declare.
        members: usize,
    },
    /// An empty dynamic member name or associative-array key, which AMF3 cannot write (the empty
    /// name ends the member list).
    #[error("an empty member name or array key cannot be written in AMF3")]
    EmptyName,
}

/// 2^64: the first millisecond count a `u64` (and so a `Duration` of milliseconds) cannot hold.
const U64_LIMIT: f64 = 18_446_744_073_709_551_616.0;

fn date_to_amf(date: Date) -> Result<AmfValue, AmfConversionError> {
    let millis = date.millis;
    let valid = millis.is_finite()
        && millis.is_sign_positive()
        && millis.fract() == 0.0
        && millis < U64_LIMIT;
    if !valid {
        return Err(AmfConversionError::Date { millis });
    }
    Ok(AmfValue::Date {
        unix_time: Duration::from_millis(millis as u64),
    })
}

fn pairs_to_amf(
    pairs: &[(String, Value)],
) -> Result<Vec<Pair<String, AmfValue>>, AmfConversionError> {
    pairs
        .iter()
        .map(|(key, value)| {
            if key.is_empty() {
                return Err(AmfConversionError::EmptyName);
            }
            Ok(Pair {
                key: key.clone(),
                value: AmfValue::try_from(value)?,
            })
        })
        .collect()
}

fn object_to_amf(object: &Object) -> Result<AmfValue, AmfConversionError> {
    let traits = &object.traits;
    if traits.externalizable {
        return Err(AmfConversionError::Externalizable {
            class_name: traits.class_name.clone(),
        });
    }
    if object.sealed.len() != traits.sealed.len() {
        return Err(AmfConversionError::SealedCount {
            class_name: traits.class_name.clone(),
            values: object.sealed.len(),
            members: traits.sealed.len(),
        });
    }
    let mut entries = Vec::with_capacity(object.sealed.len() + object.dynamic.len());
    for (name, value) in traits.sealed.iter().zip(&object.sealed) {
        entries.push(Pair {
            key: name.clone(),
            value: AmfValue::try_from(value)?,
        });
    }
    if traits.dynamic {
        entries.extend(pairs_to_amf(&object.dynamic)?);
    }
    Ok(AmfValue::Object {
        class_name: (!traits.class_name.is_empty()).then(|| traits.class_name.clone()),
        sealed_count: traits.sealed.len(),
        entries,
    })
}

/// Converts our value to the `amf` crate's (see the [module docs](crate::amf3::amf_crate) for what is lost or
/// refused). Shared nodes are copied.
impl TryFrom<&Value> for AmfValue {
    type Error = AmfConversionError;

    fn try_from(value: &Value) -> Result<Self, Self::Error> {
        Ok(match value {
            Value::Undefined => AmfValue::Undefined,
            Value::Null => AmfValue::Null,
            Value::Bool(b) => AmfValue::Boolean(*b),
            Value::Integer(i) if (INTEGER_MIN..=INTEGER_MAX).contains(i) => AmfValue::Integer(*i),
            Value::Integer(i) => AmfValue::Double(f64::from(*i)),
            Value::Double(d) => AmfValue::Double(*d),
            Value::String(s) => AmfValue::String(s.clone()),
            Value::XmlDocument(s) => AmfValue::XmlDocument(s.to_string()),
            Value::Date(d) => date_to_amf(*d)?,
            Value::Array(a) => AmfValue::Array {
                assoc_entries: pairs_to_amf(&a.assoc)?,
                dense_entries: a
                    .dense
                    .iter()
                    .map(AmfValue::try_from)
                    .collect::<Result<_, _>>()?,
            },
            Value::Object(o) => object_to_amf(o)?,
            Value::Xml(s) => AmfValue::Xml(s.to_string()),
            Value::ByteArray(b) => AmfValue::ByteArray(b.to_vec()),
            Value::VectorInt(v) => AmfValue::IntVector {
                is_fixed: v.fixed,
                entries: v.items.clone(),
            },
            Value::VectorUint(v) => AmfValue::UintVector {
                is_fixed: v.fixed,
                entries: v.items.clone(),
            },
            Value::VectorDouble(v) => AmfValue::DoubleVector {
                is_fixed: v.fixed,
                entries: v.items.clone(),
            },
            Value::VectorObject(v) => AmfValue::ObjectVector {
                class_name: (v.type_name != "*").then(|| v.type_name.clone()),
                is_fixed: v.fixed,
                entries: v
                    .items
                    .iter()
                    .map(AmfValue::try_from)
                    .collect::<Result<_, _>>()?,
            },
            Value::Dictionary(d) => AmfValue::Dictionary {
                is_weak: d.weak,
                entries: d
                    .entries
                    .iter()
                    .map(|(k, v)| {
                        Ok(Pair {
                            key: AmfValue::try_from(k)?,
                            value: AmfValue::try_from(v)?,
                        })
                    })
                    .collect::<Result<_, AmfConversionError>>()?,
            },
            Value::ObjectRef(index) => return Err(AmfConversionError::Cycle { index: *index }),
        })
    }
}

/// Converts our value to the `amf` crate's; see the implementation for `&Value`.
impl TryFrom<Value> for AmfValue {
    type Error = AmfConversionError;

    fn try_from(value: Value) -> Result<Self, Self::Error> {
        AmfValue::try_from(&value)
    }
}

fn pairs_from_amf(pairs: &[Pair<String, AmfValue>]) -> Vec<(String, Value)> {
    pairs
        .iter()
        .map(|p| (p.key.clone(), Value::from(&p.value)))
        .collect()
}

/// Converts the `amf` crate's value to ours (see the [module docs](crate::amf3::amf_crate)): an anonymous object is
/// dynamic, a typed one is dynamic when it has entries beyond its sealed ones.
impl From<&AmfValue> for Value {
    fn from(value: &AmfValue) -> Self {
        match value {
            AmfValue::Undefined => Value::Undefined,
            AmfValue::Null => Value::Null,
            AmfValue::Boolean(b) => Value::Bool(*b),
            AmfValue::Integer(i) => Value::from(*i),
            AmfValue::Double(d) => Value::Double(*d),
            AmfValue::String(s) => Value::String(s.clone()),
            AmfValue::XmlDocument(s) => Value::XmlDocument(Arc::from(s.as_str())),
            AmfValue::Date { unix_time } => {
                // Whole milliseconds, as the amf encoder writes them.
                let millis =
                    u128::from(unix_time.as_secs()) * 1000 + u128::from(unix_time.subsec_millis());
                Value::Date(Date {
                    millis: millis as f64,
                })
            }
            AmfValue::Array {
                assoc_entries,
                dense_entries,
            } => Value::Array(Arc::new(Array {
                dense: dense_entries.iter().map(Value::from).collect(),
                assoc: pairs_from_amf(assoc_entries),
            })),
            AmfValue::Object {
                class_name,
                sealed_count,
                entries,
            } => {
                let sealed_count = (*sealed_count).min(entries.len());
                let (sealed, dynamic) = entries.split_at(sealed_count);
                let traits = Arc::new(Traits {
                    class_name: class_name.clone().unwrap_or_default(),
                    sealed: sealed.iter().map(|p| p.key.clone()).collect(),
                    dynamic: !dynamic.is_empty() || class_name.is_none(),
                    externalizable: false,
                });
                Value::Object(Arc::new(Object {
                    traits,
                    sealed: sealed.iter().map(|p| Value::from(&p.value)).collect(),
                    dynamic: pairs_from_amf(dynamic),
                    external: None,
                }))
            }
            AmfValue::Xml(s) => Value::Xml(Arc::from(s.as_str())),
            AmfValue::ByteArray(b) => Value::ByteArray(Arc::from(b.as_slice())),
            AmfValue::IntVector { is_fixed, entries } => Value::VectorInt(Arc::new(Vector {
                fixed: *is_fixed,
                items: entries.clone(),
            })),
            AmfValue::UintVector { is_fixed, entries } => Value::VectorUint(Arc::new(Vector {
                fixed: *is_fixed,
                items: entries.clone(),
            })),
            AmfValue::DoubleVector { is_fixed, entries } => Value::VectorDouble(Arc::new(Vector {
                fixed: *is_fixed,
                items: entries.clone(),
            })),
            AmfValue::ObjectVector {
                class_name,
                is_fixed,
                entries,
            } => Value::VectorObject(Arc::new(ObjectVector {
                fixed: *is_fixed,
                type_name: class_name.clone().unwrap_or_else(|| "*".to_owned()),
                items: entries.iter().map(Value::from).collect(),
            })),
            AmfValue::Dictionary { is_weak, entries } => Value::Dictionary(Arc::new(Dictionary {
                weak: *is_weak,
                entries: entries
                    .iter()
                    .map(|p| (Value::from(&p.key), Value::from(&p.value)))
                    .collect(),
            })),
        }
    }
}

/// Converts the `amf` crate's value to ours; see the implementation for `&amf::amf3::Value`.
impl From<AmfValue> for Value {
    fn from(value: AmfValue) -> Self {
        Value::from(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amf3::{from_slice, to_vec, ARRAY_COLLECTION};

    fn round_trip(v: &Value) -> Value {
        Value::from(AmfValue::try_from(v).expect("convertible"))
    }

    fn typed(class: &str, sealed: &[(&str, Value)], dynamic: &[(&str, Value)]) -> Value {
        let traits = Arc::new(Traits {
            class_name: class.to_owned(),
            sealed: sealed.iter().map(|(k, _)| (*k).to_owned()).collect(),
            dynamic: !dynamic.is_empty(),
            externalizable: false,
        });
        Value::Object(Arc::new(Object {
            traits,
            sealed: sealed.iter().map(|(_, v)| v.clone()).collect(),
            dynamic: dynamic
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            external: None,
        }))
    }

    #[test]
    fn scalars_convert_both_ways() {
        let values = [
            Value::Undefined,
            Value::Null,
            Value::Bool(true),
            Value::Integer(INTEGER_MIN),
            Value::Integer(INTEGER_MAX),
            Value::Double(-0.5),
            Value::String("héllo".into()),
            Value::XmlDocument(Arc::from("<a/>")),
            Value::Xml(Arc::from("<b/>")),
            Value::Date(Date {
                millis: 1_700_000_000_123.0,
            }),
            Value::ByteArray(Arc::from(&[1u8, 2, 3][..])),
        ];
        for v in &values {
            assert_eq!(&round_trip(v), v);
        }
        assert_eq!(
            AmfValue::try_from(&Value::Bool(false)),
            Ok(AmfValue::Boolean(false))
        );
        assert_eq!(
            AmfValue::try_from(Value::from("x")),
            Ok(AmfValue::String("x".into()))
        );
    }

    #[test]
    fn integers_outside_29_bits_become_doubles() {
        assert_eq!(
            AmfValue::try_from(&Value::Integer(1 << 28)),
            Ok(AmfValue::Double(268_435_456.0))
        );
        assert_eq!(
            Value::from(AmfValue::Integer(-(1 << 28) - 1)),
            Value::Double(-268_435_457.0)
        );
        assert_eq!(Value::from(AmfValue::Integer(7)), Value::Integer(7));
    }

    #[test]
    fn composites_convert_both_ways() {
        let shared = Value::array([Value::Integer(1)]);
        let values = [
            Value::object([("a", Value::Integer(1)), ("b", Value::Null)]),
            Value::object::<&str>([]),
            typed(
                "com.example.User",
                &[("id", Value::Integer(7)), ("name", "x".into())],
                &[],
            ),
            typed(
                "com.example.Dyn",
                &[("id", Value::Integer(7))],
                &[("extra", Value::Bool(true))],
            ),
            Value::Array(Arc::new(Array {
                dense: vec![shared.clone(), shared.clone()],
                assoc: vec![("k".into(), Value::Null)],
            })),
            Value::VectorInt(Arc::new(Vector {
                fixed: true,
                items: vec![-1, 2],
            })),
            Value::VectorUint(Arc::new(Vector {
                fixed: false,
                items: vec![u32::MAX],
            })),
            Value::VectorDouble(Arc::new(Vector {
                fixed: false,
                items: vec![1.5],
            })),
            Value::VectorObject(Arc::new(ObjectVector {
                fixed: false,
                type_name: "*".into(),
                items: vec![Value::Null],
            })),
            Value::VectorObject(Arc::new(ObjectVector {
                fixed: true,
                type_name: String::new(),
                items: vec![],
            })),
            Value::Dictionary(Arc::new(Dictionary {
                weak: true,
                entries: vec![(Value::Integer(1), shared)],
            })),
        ];
        for v in &values {
            assert_eq!(&round_trip(v), v);
        }
    }

    #[test]
    fn names_map_to_none() {
        let anonymous = AmfValue::try_from(&Value::object([("a", Value::Null)])).unwrap();
        assert!(matches!(
            anonymous,
            AmfValue::Object {
                class_name: None,
                sealed_count: 0,
                ..
            }
        ));
        let any = Value::VectorObject(Arc::new(ObjectVector {
            type_name: "*".into(),
            ..ObjectVector::default()
        }));
        assert!(matches!(
            AmfValue::try_from(&any).unwrap(),
            AmfValue::ObjectVector {
                class_name: None,
                ..
            }
        ));
    }

    #[test]
    fn dynamic_flag_without_dynamic_members_is_lost_for_typed_objects() {
        let traits = Arc::new(Traits {
            class_name: "Dyn".into(),
            sealed: vec!["a".into()],
            dynamic: true,
            externalizable: false,
        });
        let v = Value::Object(Arc::new(Object::typed(traits, vec![Value::Null])));
        let back = round_trip(&v);
        assert!(!back.as_object().unwrap().traits.dynamic);
        // An anonymous object stays dynamic even when empty.
        assert!(
            round_trip(&Value::object::<&str>([]))
                .as_object()
                .unwrap()
                .traits
                .dynamic
        );
    }

    #[test]
    fn dynamic_members_of_a_sealed_class_are_dropped() {
        let mut object = Object::typed(Traits::sealed("S", ["a"]), vec![Value::Null]);
        object.dynamic.push(("b".into(), Value::Null));
        let converted = AmfValue::try_from(&Value::from(object)).unwrap();
        assert!(matches!(converted, AmfValue::Object { ref entries, .. } if entries.len() == 1));
    }

    #[test]
    fn inexpressible_values_are_errors() {
        assert_eq!(
            AmfValue::try_from(&Value::ObjectRef(3)),
            Err(AmfConversionError::Cycle { index: 3 })
        );
        let external = Value::from(Object::external(ARRAY_COLLECTION, Value::array([])));
        assert_eq!(
            AmfValue::try_from(&external),
            Err(AmfConversionError::Externalizable {
                class_name: ARRAY_COLLECTION.into()
            })
        );
        for millis in [-1.0, -0.0, 0.5, f64::NAN, f64::INFINITY, 1e20] {
            let err = AmfValue::try_from(&Value::Date(Date { millis })).unwrap_err();
            assert!(matches!(err, AmfConversionError::Date { .. }), "{millis}");
        }
        let bad = Value::from(Object::typed(
            Traits::sealed("S", ["a", "b"]),
            vec![Value::Null],
        ));
        assert!(matches!(
            AmfValue::try_from(&bad),
            Err(AmfConversionError::SealedCount {
                values: 1,
                members: 2,
                ..
            })
        ));
        assert_eq!(
            AmfValue::try_from(&Value::object([("", Value::Null)])),
            Err(AmfConversionError::EmptyName)
        );
        // Errors deep in the tree surface too.
        assert!(AmfValue::try_from(&Value::array([Value::array([Value::ObjectRef(0)])])).is_err());
    }

    #[test]
    fn dates_from_amf_drop_sub_millisecond_parts() {
        let v = Value::from(AmfValue::Date {
            unix_time: Duration::new(1, 234_567_890),
        });
        assert_eq!(v, Value::Date(Date { millis: 1234.0 }));
    }

    #[test]
    fn sealed_count_beyond_entries_is_clamped() {
        let v = Value::from(AmfValue::Object {
            class_name: Some("C".into()),
            sealed_count: 5,
            entries: vec![Pair {
                key: "a".into(),
                value: AmfValue::Null,
            }],
        });
        let o = v.as_object().unwrap();
        assert_eq!(o.traits.sealed, ["a"]);
        assert_eq!(o.sealed, [Value::Null]);
        assert!(!o.traits.dynamic);
    }

    #[test]
    fn converted_values_encode_alike() {
        // Our bytes of a converted value read back through the amf crate, and the other way.
        let v = Value::Array(Arc::new(Array {
            dense: vec![Value::Integer(5), Value::from("s")],
            assoc: vec![("k".into(), Value::Double(2.5))],
        }));
        let ours = to_vec(&v).unwrap();
        let theirs = AmfValue::read_from(&ours[..]).unwrap();
        assert_eq!(Value::from(&theirs), v);
        let mut bytes = Vec::new();
        theirs.write_to(&mut bytes).unwrap();
        assert_eq!(bytes, ours);
        assert_eq!(from_slice::<Value>(&bytes).unwrap(), v);
    }
}
