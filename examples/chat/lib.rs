//! The chat showcase: the protocol shared with ActionScript, the server, and a Rust bot.
//!
//! `protocol.rs` is all a Flash client needs to know: `amf-codegen` turns it into the
//! ActionScript classes and stubs committed under `examples/chat/as3/generated/`.

pub mod bot;
pub mod protocol;
pub mod server;
