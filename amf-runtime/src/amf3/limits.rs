//! Limits and options of the decoder: what a frame from the network may cost.

use std::sync::Arc;

use super::external::Externals;
use crate::ClassRegistry;

/// Bounds on what decoding one frame may cost. Every length and count in the input is checked
/// against these (and against the bytes that remain) before anything is reserved.
///
/// `max_alloc` counts every byte the decoder reserves for the decoded value and its reference
/// tables, plus the bytes it reads again when a reference is decoded into a typed value (which
/// has no sharing, so each reference is a copy): a small frame that references one big array
/// many times fails on this limit instead of multiplying memory or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeLimits {
    /// Deepest nesting of arrays, objects, vectors and dictionaries. Default 128.
    pub max_depth: usize,
    /// Longest string, in bytes (strings, XML). Default 16 MiB.
    pub max_string_len: usize,
    /// Longest `ByteArray`, in bytes. Default 16 MiB.
    pub max_bytes_len: usize,
    /// Most elements in one array, vector, dictionary or sealed-member list. Default 2^24.
    pub max_elements: usize,
    /// Most bytes reserved (and re-read through references) while decoding one value.
    /// Default 128 MiB.
    pub max_alloc: usize,
}

impl Default for DecodeLimits {
    fn default() -> Self {
        DecodeLimits {
            max_depth: 128,
            max_string_len: 16 << 20,
            max_bytes_len: 16 << 20,
            max_elements: 1 << 24,
            max_alloc: 128 << 20,
        }
    }
}

impl DecodeLimits {
    /// Sets [`max_depth`](Self::max_depth).
    pub fn max_depth(mut self, v: usize) -> Self {
        self.max_depth = v;
        self
    }
    /// Sets [`max_string_len`](Self::max_string_len).
    pub fn max_string_len(mut self, v: usize) -> Self {
        self.max_string_len = v;
        self
    }
    /// Sets [`max_bytes_len`](Self::max_bytes_len).
    pub fn max_bytes_len(mut self, v: usize) -> Self {
        self.max_bytes_len = v;
        self
    }
    /// Sets [`max_elements`](Self::max_elements).
    pub fn max_elements(mut self, v: usize) -> Self {
        self.max_elements = v;
        self
    }
    /// Sets [`max_alloc`](Self::max_alloc).
    pub fn max_alloc(mut self, v: usize) -> Self {
        self.max_alloc = v;
        self
    }
}

/// Whether an anonymous object may decode into a Rust type mapped to a class alias.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AliasPolicy {
    /// Accept it (the default): some clients forget to register their aliases.
    #[default]
    Lenient,
    /// Reject it with [`DecodeErrorKind::AliasMismatch`](super::DecodeErrorKind::AliasMismatch).
    Strict,
}

/// Everything that configures a [`Decoder`](super::Decoder).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct DecodeOptions {
    /// What one value may cost.
    pub limits: DecodeLimits,
    /// How class aliases of typed values are checked.
    pub alias_policy: AliasPolicy,
    /// Readers of externalizable classes beside the built-in ones.
    pub externals: Option<Arc<Externals>>,
    /// The only class aliases accepted, if set (anonymous objects and the built-in
    /// externalizable classes are always accepted): see [`ClassRegistry`]. Default: `None`,
    /// every alias is accepted.
    pub allowed_aliases: Option<ClassRegistry>,
}

impl DecodeOptions {
    /// Sets the limits.
    pub fn limits(mut self, limits: DecodeLimits) -> Self {
        self.limits = limits;
        self
    }
    /// Sets the alias policy.
    pub fn alias_policy(mut self, policy: AliasPolicy) -> Self {
        self.alias_policy = policy;
        self
    }
    /// Sets the externalizable readers.
    pub fn externals(mut self, externals: Arc<Externals>) -> Self {
        self.externals = Some(externals);
        self
    }
    /// Accepts only the classes of `registry` (see [`allowed_aliases`](Self::allowed_aliases)).
    pub fn allowed_aliases(mut self, registry: ClassRegistry) -> Self {
        self.allowed_aliases = Some(registry);
        self
    }
}
