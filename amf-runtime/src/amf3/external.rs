//! Externalizable classes (`flash.utils.IExternalizable`): objects that write their own bytes.
//!
//! AMF3 gives no length for an externalizable object's payload, so a reader must know each class.
//! Two Flex classes are built in: `flex.messaging.io.ArrayCollection` (its payload is one Array)
//! and `flex.messaging.io.ObjectProxy` (its payload is one object). Others need a reader and
//! writer registered in [`Externals`] under their alias.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use super::value::{Object, Value};
use super::{DecodeError, DecodeErrorKind, Decoder, EncodeError, Encoder};

/// The alias of Flex's `ArrayCollection`, whose payload is one `Array`.
pub const ARRAY_COLLECTION: &str = "flex.messaging.io.ArrayCollection";
/// The alias of Flex's `ObjectProxy`, whose payload is one object.
pub const OBJECT_PROXY: &str = "flex.messaging.io.ObjectProxy";

/// Reads and writes the payload of one externalizable class, as its ActionScript
/// `readExternal` and `writeExternal` do.
pub trait Externalizable: Send + Sync + 'static {
    /// Reads the payload (after the traits) into a [`Value`] of your choice.
    fn read(&self, decoder: &mut Decoder<'_>) -> Result<Value, DecodeError>;
    /// Writes the payload that [`read`](Self::read) produced.
    fn write(&self, payload: &Value, encoder: &mut Encoder) -> Result<(), EncodeError>;
}

/// The externalizable classes a decoder or encoder knows, beside the built-in ones.
#[derive(Default, Clone)]
pub struct Externals {
    by_alias: HashMap<String, Arc<dyn Externalizable>>,
}

impl fmt::Debug for Externals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut aliases: Vec<_> = self.by_alias.keys().collect();
        aliases.sort();
        f.debug_struct("Externals")
            .field("aliases", &aliases)
            .finish()
    }
}

impl Externals {
    /// No classes beside the built-in ones.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers the reader and writer of class `alias` (replacing an earlier one).
    pub fn register(&mut self, alias: impl Into<String>, codec: impl Externalizable) -> &mut Self {
        self.by_alias.insert(alias.into(), Arc::new(codec));
        self
    }

    fn get(&self, alias: &str) -> Option<Arc<dyn Externalizable>> {
        self.by_alias.get(alias).cloned()
    }
}

/// Whether the built-in readers know `alias`.
fn is_builtin(alias: &str) -> bool {
    alias == ARRAY_COLLECTION || alias == OBJECT_PROXY
}

pub(crate) fn read_external(decoder: &mut Decoder<'_>, alias: &str) -> Result<Value, DecodeError> {
    if let Some(codec) = decoder.externals().and_then(|e| e.get(alias)) {
        return codec.read(decoder);
    }
    if is_builtin(alias) {
        return decoder.read_value();
    }
    Err(decoder.error(DecodeErrorKind::UnknownExternalizable(alias.to_owned())))
}

pub(crate) fn write_external(encoder: &mut Encoder, object: &Object) -> Result<(), EncodeError> {
    let alias = object.class_name();
    let unknown = || EncodeError::UnknownExternalizable(alias.to_owned());
    let payload = object.external.as_ref().ok_or_else(unknown)?;
    if let Some(codec) = encoder.externals().and_then(|e| e.get(alias)) {
        return codec.write(payload, encoder);
    }
    if is_builtin(alias) {
        return encoder.write_value(payload);
    }
    Err(unknown())
}
