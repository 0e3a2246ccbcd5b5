//! Payload formats: AMF3 (the default), and JSON or MessagePack, which the original ActionScript
//! client allowed by replacing its encoder and decoder (the length prefix stays).
//!
//! Everything inside the runtime is AMF3; a connection in another format transcodes each frame
//! at its edge, through [`Value`]. In JSON and MessagePack a class alias travels as the member
//! `_explicitType`, the convention of other AMF stacks, so typed objects stay typed.

#[cfg(feature = "json")]
use std::sync::Arc;

#[cfg(feature = "json")]
use crate::amf3::{self, Array, Object, Traits, Value};

/// The encoding of frame payloads on one connection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum PayloadFormat {
    /// AMF3, as `ByteArray.writeObject` writes it. The default.
    #[default]
    Amf3,
    /// JSON text (UTF-8).
    #[cfg(feature = "json")]
    Json,
    /// MessagePack.
    #[cfg(feature = "msgpack")]
    MessagePack,
}

/// The member that carries a class alias in JSON and MessagePack.
pub const EXPLICIT_TYPE: &str = "_explicitType";

impl PayloadFormat {
    /// Turns a payload of this format into AMF3 (a no-op for AMF3).
    pub fn to_amf3(self, payload: &[u8]) -> Result<Vec<u8>, String> {
        match self {
            PayloadFormat::Amf3 => Ok(payload.to_vec()),
            #[cfg(feature = "json")]
            PayloadFormat::Json => {
                let json: serde_json::Value =
                    serde_json::from_slice(payload).map_err(|e| format!("invalid JSON: {e}"))?;
                amf3::to_vec(&from_json(json)).map_err(|e| e.to_string())
            }
            #[cfg(feature = "msgpack")]
            PayloadFormat::MessagePack => {
                let json: serde_json::Value = rmp_serde::from_slice(payload)
                    .map_err(|e| format!("invalid MessagePack: {e}"))?;
                amf3::to_vec(&from_json(json)).map_err(|e| e.to_string())
            }
        }
    }

    /// Turns an AMF3 payload into this format (a no-op for AMF3).
    pub fn from_amf3(self, payload: &[u8]) -> Result<Vec<u8>, String> {
        match self {
            PayloadFormat::Amf3 => Ok(payload.to_vec()),
            #[cfg(feature = "json")]
            PayloadFormat::Json => {
                let value: Value = amf3::from_slice(payload).map_err(|e| e.to_string())?;
                serde_json::to_vec(&to_json(&value)).map_err(|e| e.to_string())
            }
            #[cfg(feature = "msgpack")]
            PayloadFormat::MessagePack => {
                let value: Value = amf3::from_slice(payload).map_err(|e| e.to_string())?;
                rmp_serde::to_vec_named(&to_json(&value)).map_err(|e| e.to_string())
            }
        }
    }
}

/// A JSON value as AMF3: integral numbers in the 29-bit range become integers; an object with
/// `_explicitType` becomes a typed object whose other members are sealed, in order.
#[cfg(feature = "json")]
pub fn from_json(json: serde_json::Value) -> Value {
    use serde_json::Value as J;
    match json {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(b),
        J::Number(n) => match n.as_i64().and_then(|i| i32::try_from(i).ok()) {
            Some(i) => Value::from(i),
            None => Value::Double(n.as_f64().unwrap_or(f64::NAN)),
        },
        J::String(s) => Value::String(s),
        J::Array(items) => Value::array(items.into_iter().map(from_json)),
        J::Object(mut members) => match members.shift_remove(EXPLICIT_TYPE) {
            Some(J::String(alias)) => {
                let (names, values): (Vec<String>, Vec<Value>) =
                    members.into_iter().map(|(k, v)| (k, from_json(v))).unzip();
                Value::Object(Arc::new(Object::typed(
                    Traits::sealed(alias, names),
                    values,
                )))
            }
            _ => Value::object(members.into_iter().map(|(k, v)| (k, from_json(v)))),
        },
    }
}

/// An AMF3 value as JSON: a typed object carries its alias in `_explicitType`; dates become
/// milliseconds, XML its text, byte arrays and vectors arrays of numbers, dictionaries objects
/// with their keys as text; `undefined` and cycles become `null`.
#[cfg(feature = "json")]
pub fn to_json(value: &Value) -> serde_json::Value {
    use serde_json::{Map, Value as J};
    let number = |n: f64| serde_json::Number::from_f64(n).map_or(J::Null, J::Number);
    match value {
        Value::Undefined | Value::Null | Value::ObjectRef(_) => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Integer(i) => J::from(*i),
        Value::Double(d) if d.fract() == 0.0 && d.abs() < 9.0e15 => J::from(*d as i64),
        Value::Double(d) => number(*d),
        Value::String(s) => J::String(s.clone()),
        Value::XmlDocument(s) | Value::Xml(s) => J::String(s.to_string()),
        Value::Date(d) => number(d.millis),
        Value::ByteArray(b) => J::Array(b.iter().map(|&x| J::from(x)).collect()),
        Value::Array(a) => array_to_json(a),
        Value::Object(o) => {
            let mut map = Map::new();
            if !o.class_name().is_empty() {
                map.insert(
                    EXPLICIT_TYPE.to_owned(),
                    J::String(o.class_name().to_owned()),
                );
            }
            if let Some(payload) = &o.external {
                return match to_json(payload) {
                    J::Object(members) if map.is_empty() => J::Object(members),
                    other if map.is_empty() => other,
                    other => {
                        map.insert("source".to_owned(), other);
                        J::Object(map)
                    }
                };
            }
            for (k, v) in o.members() {
                map.insert(k.to_owned(), to_json(v));
            }
            J::Object(map)
        }
        Value::VectorInt(v) => J::Array(v.items.iter().map(|&x| J::from(x)).collect()),
        Value::VectorUint(v) => J::Array(v.items.iter().map(|&x| J::from(x)).collect()),
        Value::VectorDouble(v) => J::Array(v.items.iter().map(|&x| number(x)).collect()),
        Value::VectorObject(v) => J::Array(v.items.iter().map(to_json).collect()),
        Value::Dictionary(d) => J::Object(
            d.entries
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        Value::String(s) => s.clone(),
                        other => to_json(other).to_string(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
    }
}

#[cfg(feature = "json")]
fn array_to_json(a: &Array) -> serde_json::Value {
    use serde_json::Value as J;
    if a.assoc.is_empty() {
        return J::Array(a.dense.iter().map(to_json).collect());
    }
    let dense = a
        .dense
        .iter()
        .enumerate()
        .map(|(i, v)| (i.to_string(), to_json(v)));
    let assoc = a.assoc.iter().map(|(k, v)| (k.clone(), to_json(v)));
    J::Object(dense.chain(assoc).collect())
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;

    #[test]
    fn typed_objects_keep_their_alias_through_json() {
        let point = Value::Object(Arc::new(Object::typed(
            Traits::sealed("com.example.Point", ["x", "y"]),
            vec![Value::Integer(1), Value::Double(2.5)],
        )));
        let envelope = Value::object([("type", Value::from("rpcRequest")), ("p", point)]);
        let amf = amf3::to_vec(&envelope).unwrap();
        let json = PayloadFormat::Json.from_amf3(&amf).unwrap();
        let text = String::from_utf8(json.clone()).unwrap();
        assert!(
            text.contains(r#""_explicitType":"com.example.Point""#),
            "{text}"
        );
        let back: Value = amf3::from_slice(&PayloadFormat::Json.to_amf3(&json).unwrap()).unwrap();
        assert_eq!(back, envelope);
    }

    #[cfg(feature = "msgpack")]
    #[test]
    fn message_pack_round_trip() {
        let value = Value::object([(
            "a",
            Value::array([Value::Integer(1), Value::from("x"), Value::Null]),
        )]);
        let amf = amf3::to_vec(&value).unwrap();
        let packed = PayloadFormat::MessagePack.from_amf3(&amf).unwrap();
        let back: Value =
            amf3::from_slice(&PayloadFormat::MessagePack.to_amf3(&packed).unwrap()).unwrap();
        assert_eq!(back, value);
    }
}
