//! Parsing `syn` inputs into the model: every key accepted, every error with its message.

mod common;

mod container;
mod ctxt;
mod enums;
mod fields;
mod serde_fallback;
mod service;
mod spans;
mod type_ref;
