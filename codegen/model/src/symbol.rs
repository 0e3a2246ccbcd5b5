//! Every attribute name, key and keyword value, as a constant: a typo is a compile error and
//! `grep` finds every use of a key.

use std::fmt::{self, Display};
use syn::{Ident, Path};

/// A name the parser looks for in the source.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Symbol(&'static str);

// Attributes.
pub(crate) const AMF: Symbol = Symbol("amf");
pub(crate) const SERDE: Symbol = Symbol("serde");
pub(crate) const SERVICE: Symbol = Symbol("service");
pub(crate) const DOC: Symbol = Symbol("doc");

// Keys shared by several levels.
pub(crate) const CRATE: Symbol = Symbol("crate");
pub(crate) const RENAME: Symbol = Symbol("rename");
pub(crate) const RENAME_ALL: Symbol = Symbol("rename_all");
pub(crate) const ALIAS: Symbol = Symbol("alias");

// Container keys.
pub(crate) const DYNAMIC: Symbol = Symbol("dynamic");
pub(crate) const REPR: Symbol = Symbol("repr");
pub(crate) const TAG: Symbol = Symbol("tag");
pub(crate) const CONTENT: Symbol = Symbol("content");

// Field keys.
pub(crate) const SKIP: Symbol = Symbol("skip");
pub(crate) const DEFAULT: Symbol = Symbol("default");
pub(crate) const WITH: Symbol = Symbol("with");

// Service keys.
pub(crate) const NAME: Symbol = Symbol("name");
pub(crate) const COMMANDS: Symbol = Symbol("commands");
pub(crate) const ARGS_RENAME_ALL: Symbol = Symbol("args_rename_all");
pub(crate) const SERVED_BY: Symbol = Symbol("served_by");

// Method keys.
pub(crate) const COMMAND: Symbol = Symbol("command");
pub(crate) const MESSAGE: Symbol = Symbol("message");
pub(crate) const TIMEOUT_MS: Symbol = Symbol("timeout_ms");

// serde's `rename(serialize = "..", deserialize = "..")`.
pub(crate) const SERIALIZE: Symbol = Symbol("serialize");
pub(crate) const DESERIALIZE: Symbol = Symbol("deserialize");

// Keyword values.
pub(crate) const REPR_NAME: Symbol = Symbol("name");
pub(crate) const REPR_INTEGER: Symbol = Symbol("integer");
pub(crate) const COMMANDS_QUALIFIED: Symbol = Symbol("qualified");
pub(crate) const COMMANDS_BARE: Symbol = Symbol("bare");
pub(crate) const SERVED_BY_SERVER: Symbol = Symbol("server");
pub(crate) const SERVED_BY_CLIENT: Symbol = Symbol("client");

// Type names recognised by their last path segment.
pub(crate) const OPTION: Symbol = Symbol("Option");
pub(crate) const RESULT: Symbol = Symbol("Result");
pub(crate) const CONTEXT: Symbol = Symbol("Context");
pub(crate) const SELF_TYPE: Symbol = Symbol("Self");

impl PartialEq<Symbol> for Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for Ident {
    fn eq(&self, word: &Symbol) -> bool {
        self == word.0
    }
}

impl PartialEq<Symbol> for str {
    fn eq(&self, word: &Symbol) -> bool {
        self == word.0
    }
}

impl Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}
