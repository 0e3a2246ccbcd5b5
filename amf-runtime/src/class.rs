//! Class aliases: [`AmfClass`], which `#[derive(AmfClass)]` implements for every type mapped to
//! a class alias, and [`ClassRegistry`], the twin of ActionScript's `registerClassAlias` and
//! `getClassByAlias`.
//!
//! ```
//! use amf_runtime::amf3::{Object, Traits, Value};
//! use amf_runtime::{AmfClass, ClassRegistry};
//!
//! #[derive(AmfClass, Debug, PartialEq)]
//! #[amf(alias = "com.example.User")]
//! struct User {
//!     name: String,
//! }
//!
//! let mut registry = ClassRegistry::new();
//! registry.register::<User>()?;
//! let info = registry.class_by_alias("com.example.User").unwrap();
//! assert!(info.type_name.ends_with("::User"));
//!
//! // A typed object inside an untyped `params` object, as a Flash client sends it.
//! let user = Object::typed(Traits::sealed("com.example.User", ["name"]), vec!["ann".into()]);
//! let params = Value::object([("user", Value::from(user))]);
//! let any = registry.decode_any(params.get("user").unwrap())?;
//! assert_eq!(any.downcast_ref::<User>(), Some(&User { name: "ann".into() }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Strict decoding
//!
//! AMF deserializers have a history of security advisories: a peer names a class and the
//! reader instantiates it. Nothing here ever instantiates anything but a Rust type you derived,
//! yet a server may want to decode only the classes it expects. Give a registry to
//! [`DecodeOptions::allowed_aliases`](crate::amf3::DecodeOptions::allowed_aliases) and the
//! decoder rejects every object whose class alias is not registered
//! ([`DecodeErrorKind::UnregisteredAlias`]),
//! as soon as it reads the object's traits, whatever the target type (a [`Value`] too).
//! Anonymous objects and the built-in externalizable classes (`ArrayCollection`,
//! `ObjectProxy`) are always allowed. [`ClassRegistry::decode`] and
//! [`ClassRegistry::decode_any`] always decode this way.

use std::any::{type_name, Any, TypeId};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::sync::Arc;

use crate::amf3::{
    self, ClassDef, Decode, DecodeError, DecodeErrorKind, DecodeOptions, DecodeOwned, Decoder,
    Encode, Value, ARRAY_COLLECTION, OBJECT_PROXY,
};

/// A Rust type mapped to one or more AMF3 class aliases: what [`ClassRegistry`] registers.
///
/// `#[derive(AmfClass)]` implements it for every struct with an `alias` and every tagged enum
/// with at least one alias, unless the type borrows from the input (has a lifetime).
pub trait AmfClass: Encode + DecodeOwned + 'static {
    /// The classes the type travels as: one for a struct; for a tagged enum, one per variant
    /// whose object carries an alias (several variants may share one alias).
    fn classes() -> &'static [&'static ClassDef];
}

/// The field that receives the dynamic members of a struct with `#[amf(dynamic = "field")]`:
/// every member that is not a field is read into it.
///
/// Implemented for `HashMap` and `BTreeMap` with keys made from `&str` (`String`, `Box<str>`,
/// `Arc<str>`, `&str`...). On encode, the field is iterated as `(key, value)` pairs, with
/// `key: AsRef<str>` and `value: Encode`.
pub trait DynamicMembers<'de>: Default {
    /// Reads the value of member `name` into the map.
    fn insert_member(
        &mut self,
        name: &'de str,
        decoder: &mut Decoder<'de>,
    ) -> Result<(), DecodeError>;
}

impl<'de, K, V, S> DynamicMembers<'de> for HashMap<K, V, S>
where
    K: From<&'de str> + Eq + Hash,
    V: Decode<'de>,
    S: BuildHasher + Default,
{
    fn insert_member(
        &mut self,
        name: &'de str,
        decoder: &mut Decoder<'de>,
    ) -> Result<(), DecodeError> {
        decoder.charge(name.len() + std::mem::size_of::<(K, V)>())?;
        let value = V::decode(decoder)?;
        self.insert(K::from(name), value);
        Ok(())
    }
}

impl<'de, K, V> DynamicMembers<'de> for BTreeMap<K, V>
where
    K: From<&'de str> + Ord,
    V: Decode<'de>,
{
    fn insert_member(
        &mut self,
        name: &'de str,
        decoder: &mut Decoder<'de>,
    ) -> Result<(), DecodeError> {
        decoder.charge(name.len() + std::mem::size_of::<(K, V)>())?;
        let value = V::decode(decoder)?;
        self.insert(K::from(name), value);
        Ok(())
    }
}

/// What a [`ClassRegistry`] knows of one class alias.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ClassInfo {
    /// The class alias.
    pub alias: &'static str,
    /// The Rust type registered under it, as [`std::any::type_name`] spells it.
    pub type_name: &'static str,
    /// The Rust type registered under it.
    pub type_id: TypeId,
    /// Every class of the type, aliases other than this one included.
    classes: &'static [&'static ClassDef],
}

impl ClassInfo {
    /// The class definitions of the type under this alias: one for a struct, one per variant
    /// of a tagged enum that travels under it.
    pub fn class_defs(&self) -> impl Iterator<Item = &'static ClassDef> + '_ {
        self.classes
            .iter()
            .copied()
            .filter(|class| class.alias == self.alias)
    }
}

/// Reads a registered type from the bytes of one value and boxes it.
type DecodeBoxed = fn(&[u8], &DecodeOptions) -> Result<Box<dyn Any + Send>, DecodeError>;

fn decode_boxed<T: AmfClass + Send>(
    bytes: &[u8],
    options: &DecodeOptions,
) -> Result<Box<dyn Any + Send>, DecodeError> {
    let value: T = amf3::from_slice_with(bytes, options)?;
    Ok(Box::new(value))
}

#[derive(Clone, Copy)]
struct Registered {
    info: ClassInfo,
    decode: DecodeBoxed,
}

/// Class aliases mapped to Rust types: ActionScript's `registerClassAlias` and
/// `getClassByAlias`, and the allow-list of a strict decoder (see the [module docs](self)).
///
/// Cloning is cheap (the table is shared); registering into a clone leaves the others as they
/// were.
#[derive(Clone, Default)]
pub struct ClassRegistry {
    by_alias: Arc<HashMap<&'static str, Registered>>,
}

impl fmt::Debug for ClassRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut aliases: Vec<_> = self.by_alias.keys().collect();
        aliases.sort();
        f.debug_struct("ClassRegistry")
            .field("aliases", &aliases)
            .finish()
    }
}

/// Two Rust types registered under one class alias.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("class alias `{alias}` is registered to `{registered}`: `{rejected}` cannot take it too")]
#[non_exhaustive]
pub struct DuplicateAlias {
    /// The alias.
    pub alias: &'static str,
    /// The type that has it.
    pub registered: &'static str,
    /// The type that was refused.
    pub rejected: &'static str,
}

impl ClassRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `T` under each of its aliases. Registering a type again does nothing;
    /// an alias that another type has is an error, and then nothing of `T` is registered.
    pub fn register<T: AmfClass + Send>(&mut self) -> Result<&mut Self, DuplicateAlias> {
        let classes = T::classes();
        for class in classes {
            match self.by_alias.get(class.alias) {
                Some(found) if found.info.type_id != TypeId::of::<T>() => {
                    return Err(DuplicateAlias {
                        alias: class.alias,
                        registered: found.info.type_name,
                        rejected: type_name::<T>(),
                    })
                }
                _ => {}
            }
        }
        let by_alias = Arc::make_mut(&mut self.by_alias);
        for class in classes {
            by_alias.entry(class.alias).or_insert(Registered {
                info: ClassInfo {
                    alias: class.alias,
                    type_name: type_name::<T>(),
                    type_id: TypeId::of::<T>(),
                    classes,
                },
                decode: decode_boxed::<T>,
            });
        }
        Ok(self)
    }

    /// The type registered under `alias`, like `getClassByAlias`.
    pub fn class_by_alias(&self, alias: &str) -> Option<ClassInfo> {
        self.by_alias.get(alias).map(|registered| registered.info)
    }

    /// Whether a strict decoder accepts an object of class `alias`: it is registered, anonymous
    /// (empty) or a built-in externalizable class.
    pub fn allows(&self, alias: &str) -> bool {
        alias.is_empty()
            || alias == ARRAY_COLLECTION
            || alias == OBJECT_PROXY
            || self.by_alias.contains_key(alias)
    }

    /// Decodes a value holding a `T` (a typed object, usually found in a decoded [`Value`]),
    /// accepting only registered classes inside it.
    pub fn decode<T: AmfClass>(&self, value: &Value) -> Result<T, DecodeError> {
        amf3::from_slice_with(&reencode(value)?, &self.strict_options())
    }

    /// Decodes a typed object into the type registered under its alias, accepting only
    /// registered classes inside it. Downcast the result with [`Box::downcast`].
    pub fn decode_any(&self, value: &Value) -> Result<Box<dyn Any + Send>, DecodeError> {
        let kind = match value {
            Value::Object(object) => match self.by_alias.get(object.class_name()) {
                Some(registered) => {
                    return (registered.decode)(&reencode(value)?, &self.strict_options())
                }
                None if object.class_name().is_empty() => DecodeErrorKind::UnexpectedType {
                    expected: "typed object",
                    found: "anonymous object",
                },
                None => DecodeErrorKind::UnregisteredAlias(object.class_name().to_owned()),
            },
            other => DecodeErrorKind::UnexpectedType {
                expected: "typed object",
                found: other.type_name(),
            },
        };
        Err(DecodeError::new(kind, 0))
    }

    fn strict_options(&self) -> DecodeOptions {
        DecodeOptions::default().allowed_aliases(self.clone())
    }
}

/// The bytes of a value, to read it again as a typed one.
fn reencode(value: &Value) -> Result<Vec<u8>, DecodeError> {
    amf3::to_vec(value).map_err(|err| {
        let message = format!("the value cannot be read as a typed one: {err}");
        DecodeError::new(DecodeErrorKind::Custom(message), 0)
    })
}

/// What the code of `#[derive(AmfClass)]` calls. Not a public API.
#[doc(hidden)]
pub mod __private {
    use std::fmt::Debug;

    use crate::amf3::{DecodeError, DecodeErrorKind, Decoder, ObjectReader};

    /// The value of a member of class `class`, or the error for a missing one.
    pub fn required<T>(
        obj: &ObjectReader<'_, '_>,
        value: Option<T>,
        class: &str,
        member: &str,
    ) -> Result<T, DecodeError> {
        value.ok_or_else(|| obj.decoder().missing_member(class, member))
    }

    /// Reads the object that comes next to find the value of its member `tag`, and returns it
    /// with the object's position, to read the object again as the variant it names (peers
    /// may write the tag after the other members: PyAMF sorts them).
    pub fn read_tag<'de>(
        decoder: &mut Decoder<'de>,
        tag: &str,
        class: &str,
    ) -> Result<(usize, &'de str), DecodeError> {
        let start = decoder.position();
        decoder.read_object("", |obj| {
            while let Some(name) = obj.next_member()? {
                if name == tag {
                    return Ok((start, obj.value()?));
                }
            }
            Err(obj.decoder().missing_member(class, tag))
        })
    }

    /// The error for a value (found at byte `at`) that names no variant of enum `name`.
    pub fn unknown_variant(at: usize, name: &str, value: impl Debug) -> DecodeError {
        let message = format!("enum `{name}` has no variant {value:?}");
        DecodeError::new(DecodeErrorKind::Custom(message), at)
    }
}
