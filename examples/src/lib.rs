//! Examples of amf-socket. The showcase is [`chat`]: run it with
//! `cargo run --release --example chat`.

#[path = "../chat/lib.rs"]
pub mod chat;
