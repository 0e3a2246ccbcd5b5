//! amf-runtime.
