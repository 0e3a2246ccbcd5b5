//! The annotation model of amf-socket.
