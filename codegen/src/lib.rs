//! amf-codegen.
