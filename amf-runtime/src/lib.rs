//! # amf-runtime
//!
//! The AMF3 codec and the AMF Socket protocol for Flash/AIR (ActionScript 3) clients.
#![doc = include_str!("../docs/types.md")]

pub mod amf3;
pub mod class;
mod client;
mod config;
mod connection;
mod error;
mod peer;
pub mod protocol;
mod server;
mod service;
mod stats;
mod websocket;

pub use amf_derive::service;
pub use amf_derive::AmfClass;
pub use class::{AmfClass, ClassRegistry};
pub use client::{Backoff, Client, ClientBuilder};
pub use config::{ConnectionConfig, Heartbeat, InvalidFrames};
pub use connection::CloseReason;
pub use error::CallError;
pub use peer::{Peer, PeerId, Peers};
pub use protocol::envelope::RemoteError;
pub use protocol::payload::PayloadFormat;
pub use protocol::policy::SocketPolicy;
pub use server::{Server, ServerBuilder, ServerHandle};
pub use service::{
    invalid_params, missing_argument, Call, CommandKind, CommandSpec, Context, Dispatcher,
    DuplicateCommand, HandlerFuture, Reply, Router, Service,
};
pub use stats::StatsSnapshot;
pub use websocket::OriginPolicy;
