//! Derive macros for amf-socket.
