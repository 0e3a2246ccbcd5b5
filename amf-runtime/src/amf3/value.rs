//! [`Value`]: any AMF3 value, as a dynamic tree.
//!
//! Everything AMF3 keeps in its object table (arrays, objects, XML, byte arrays, vectors,
//! dictionaries) is held behind an [`Arc`]: a reference in the input becomes a second handle to
//! the same node, never a copy, and the encoder writes a node met twice as an object reference,
//! as Flash Player does. A reference to an object that is still being decoded (a cycle) cannot be
//! an `Arc` and becomes [`Value::ObjectRef`], which the encoder writes back unchanged.

use std::sync::Arc;

/// Any AMF3 value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// ActionScript `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A signed 29-bit integer (AMF3 `integer`).
    Integer(i32),
    /// A double (AMF3 `double`; ActionScript `Number`).
    Double(f64),
    /// A string.
    String(String),
    /// A legacy `flash.xml.XMLDocument`, as its text.
    XmlDocument(Arc<str>),
    /// A `Date`.
    Date(Date),
    /// An `Array`, with dense and associative parts.
    Array(Arc<Array>),
    /// An object: typed (class alias), anonymous, dynamic or externalizable.
    Object(Arc<Object>),
    /// An E4X `XML` value, as its text.
    Xml(Arc<str>),
    /// A `flash.utils.ByteArray`.
    ByteArray(Arc<[u8]>),
    /// A `Vector.<int>`.
    VectorInt(Arc<Vector<i32>>),
    /// A `Vector.<uint>`.
    VectorUint(Arc<Vector<u32>>),
    /// A `Vector.<Number>`.
    VectorDouble(Arc<Vector<f64>>),
    /// A `Vector.<T>` of objects.
    VectorObject(Arc<ObjectVector>),
    /// A `flash.utils.Dictionary`.
    Dictionary(Arc<Dictionary>),
    /// A reference to the frame's object number `n` (in order of appearance), met while that
    /// object was still being decoded: a cycle. Written back as the same reference. Numbers
    /// count as the encoder writes the tree: a date met again through a reference counts again,
    /// since a `Value` holds a copy of it.
    ObjectRef(u32),
}

/// A date: milliseconds since the Unix epoch, UTC (AMF3 carries it as a double).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Date {
    /// Milliseconds since 1970-01-01T00:00:00Z; may be negative or fractional.
    pub millis: f64,
}

/// An ActionScript `Array`: a dense part indexed from 0 and an associative part of named entries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Array {
    /// The dense part, `array[0]` to `array[n - 1]`.
    pub dense: Vec<Value>,
    /// The associative part, in wire order.
    pub assoc: Vec<(String, Value)>,
}

/// The traits of an object: its class, its sealed member names and its flags. Shared by every
/// object of the same class in a decoded tree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Traits {
    /// The class alias (as registered with `registerClassAlias`); empty for anonymous objects.
    pub class_name: String,
    /// The sealed member names, in wire order.
    pub sealed: Vec<String>,
    /// Whether the object carries dynamic members after its sealed ones.
    pub dynamic: bool,
    /// Whether the object writes itself (`IExternalizable`); then it has no members, only a payload.
    pub externalizable: bool,
}

impl Traits {
    /// The traits of an anonymous dynamic object (`{}` in ActionScript).
    pub fn anonymous() -> Arc<Traits> {
        Arc::new(Traits {
            dynamic: true,
            ..Traits::default()
        })
    }

    /// The traits of a typed object with these sealed members and no dynamic ones.
    pub fn sealed<S: Into<String>>(
        class_name: impl Into<String>,
        members: impl IntoIterator<Item = S>,
    ) -> Arc<Traits> {
        Arc::new(Traits {
            class_name: class_name.into(),
            sealed: members.into_iter().map(Into::into).collect(),
            dynamic: false,
            externalizable: false,
        })
    }

    /// The traits of an externalizable class.
    pub fn externalizable(class_name: impl Into<String>) -> Arc<Traits> {
        Arc::new(Traits {
            class_name: class_name.into(),
            externalizable: true,
            ..Traits::default()
        })
    }
}

/// An object. `sealed[i]` is the value of member `traits.sealed[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    /// Its class and member layout.
    pub traits: Arc<Traits>,
    /// The sealed member values, aligned with `traits.sealed`.
    pub sealed: Vec<Value>,
    /// The dynamic members, in wire order (only when `traits.dynamic`).
    pub dynamic: Vec<(String, Value)>,
    /// The payload of an externalizable object, as its registered reader produced it.
    pub external: Option<Value>,
}

impl Object {
    /// An anonymous dynamic object with these members.
    pub fn anonymous<K: Into<String>>(members: impl IntoIterator<Item = (K, Value)>) -> Object {
        Object {
            traits: Traits::anonymous(),
            sealed: Vec::new(),
            dynamic: members.into_iter().map(|(k, v)| (k.into(), v)).collect(),
            external: None,
        }
    }

    /// An object of class `traits` with these sealed values (in the order of `traits.sealed`).
    pub fn typed(traits: Arc<Traits>, sealed: Vec<Value>) -> Object {
        Object {
            traits,
            sealed,
            dynamic: Vec::new(),
            external: None,
        }
    }

    /// An externalizable object of class `class_name` whose payload is `payload`.
    pub fn external(class_name: impl Into<String>, payload: Value) -> Object {
        Object {
            traits: Traits::externalizable(class_name),
            sealed: Vec::new(),
            dynamic: Vec::new(),
            external: Some(payload),
        }
    }

    /// The class alias; empty for an anonymous object.
    pub fn class_name(&self) -> &str {
        &self.traits.class_name
    }

    /// The value of member `name`, sealed or dynamic.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.members().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// Every member, sealed first, then dynamic, in wire order.
    pub fn members(&self) -> impl Iterator<Item = (&str, &Value)> {
        let sealed = self
            .traits
            .sealed
            .iter()
            .map(String::as_str)
            .zip(&self.sealed);
        let dynamic = self.dynamic.iter().map(|(k, v)| (k.as_str(), v));
        sealed.chain(dynamic)
    }
}

/// A `Vector.<int>`, `Vector.<uint>` or `Vector.<Number>`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vector<T> {
    /// Whether the vector has a fixed length.
    pub fixed: bool,
    /// Its items.
    pub items: Vec<T>,
}

/// A `Vector.<T>` whose items are objects (any AMF3 values).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObjectVector {
    /// Whether the vector has a fixed length.
    pub fixed: bool,
    /// The item class name (`""` or `"*"` for untyped, else a class alias).
    pub type_name: String,
    /// Its items.
    pub items: Vec<Value>,
}

/// A `flash.utils.Dictionary`: keys of any type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dictionary {
    /// Whether its keys are weak references.
    pub weak: bool,
    /// The entries, in wire order.
    pub entries: Vec<(Value, Value)>,
}

impl Value {
    /// An anonymous object with these members: the shape of every AMF Socket envelope.
    pub fn object<K: Into<String>>(members: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Object(Arc::new(Object::anonymous(members)))
    }

    /// A dense array.
    pub fn array(items: impl IntoIterator<Item = Value>) -> Value {
        Value::Array(Arc::new(Array {
            dense: items.into_iter().collect(),
            assoc: Vec::new(),
        }))
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is an integer or a double.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Integer(i) => Some(f64::from(i)),
            Value::Double(d) => Some(d),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// Member `name` of an object (sealed or dynamic), or entry `name` of an associative array.
    pub fn get(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object(o) => o.get(name),
            Value::Array(a) => a.assoc.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Whether this is `null` or `undefined`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null | Value::Undefined)
    }

    /// The name of this value's AMF3 type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Integer(_) => "integer",
            Value::Double(_) => "double",
            Value::String(_) => "string",
            Value::XmlDocument(_) => "XMLDocument",
            Value::Date(_) => "date",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Xml(_) => "XML",
            Value::ByteArray(_) => "ByteArray",
            Value::VectorInt(_) => "Vector.<int>",
            Value::VectorUint(_) => "Vector.<uint>",
            Value::VectorDouble(_) => "Vector.<Number>",
            Value::VectorObject(_) => "Vector.<Object>",
            Value::Dictionary(_) => "Dictionary",
            Value::ObjectRef(_) => "object reference",
        }
    }
}

macro_rules! value_from {
    ($($t:ty => |$v:ident| $e:expr;)*) => {$(
        impl From<$t> for Value {
            fn from($v: $t) -> Value { $e }
        }
    )*};
}

value_from! {
    bool => |v| Value::Bool(v);
    i32 => |v| if (super::INTEGER_MIN..=super::INTEGER_MAX).contains(&v) { Value::Integer(v) } else { Value::Double(f64::from(v)) };
    f64 => |v| Value::Double(v);
    String => |v| Value::String(v);
    &str => |v| Value::String(v.to_owned());
    Date => |v| Value::Date(v);
    Object => |v| Value::Object(Arc::new(v));
    Array => |v| Value::Array(Arc::new(v));
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}
