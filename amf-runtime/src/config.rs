//! Settings of a connection, shared by servers and clients.

use std::time::Duration;

use crate::amf3::DecodeOptions;
use crate::protocol::frame::DEFAULT_MAX_FRAME_LEN;
use crate::protocol::payload::PayloadFormat;

/// What happens to a frame that is not a valid envelope (shared/PROTOCOL.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvalidFrames {
    /// Log it, count it and go on, as the ActionScript client does.
    Drop,
    /// Log it, count it and close the connection, as the Ruby server does.
    Close,
}

/// The server's heartbeat: a ping request every `interval`; a peer that has not answered a ping
/// within `timeout` is disconnected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heartbeat {
    /// Time between pings. Default 5 s.
    pub interval: Duration,
    /// How long a ping may stay unanswered. Default 10 s.
    pub timeout: Duration,
}

impl Default for Heartbeat {
    fn default() -> Self {
        Heartbeat {
            interval: Duration::from_secs(5),
            timeout: Duration::from_secs(10),
        }
    }
}

/// Settings of one connection. The defaults suit a server; see each field.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ConnectionConfig {
    /// Largest frame payload accepted; a larger header closes the connection before any buffer
    /// grows. Default 16 MiB.
    pub max_frame_len: usize,
    /// Limits of the AMF3 decoder for each frame.
    pub decode: DecodeOptions,
    /// How many incoming requests and messages run at once on one connection; when reached, the
    /// connection stops reading until one finishes. Default 64.
    pub max_in_flight: usize,
    /// Default timeout of requests sent to the peer. Default 30 s.
    pub request_timeout: Duration,
    /// What to do with invalid envelopes. Default [`InvalidFrames::Close`] (servers); clients
    /// default to [`InvalidFrames::Drop`].
    pub invalid_frames: InvalidFrames,
    /// Frames waiting to be written, at most. Default 1024.
    pub outbound_queue: usize,
    /// How long a write may wait on a peer that does not read before it is disconnected.
    /// Default 30 s.
    pub write_stall_timeout: Duration,
    /// The server's pings, or none. Default on for servers, off for clients (clients answer).
    pub heartbeat: Option<Heartbeat>,
    /// The encoding of frame payloads. Default AMF3.
    pub payload: PayloadFormat,
}

impl Default for ConnectionConfig {
    fn default() -> Self {
        ConnectionConfig {
            max_frame_len: DEFAULT_MAX_FRAME_LEN,
            decode: DecodeOptions::default(),
            max_in_flight: 64,
            request_timeout: Duration::from_secs(30),
            invalid_frames: InvalidFrames::Close,
            outbound_queue: 1024,
            write_stall_timeout: Duration::from_secs(30),
            heartbeat: Some(Heartbeat::default()),
            payload: PayloadFormat::Amf3,
        }
    }
}

impl ConnectionConfig {
    /// The defaults of a client: invalid frames dropped, no heartbeat of its own.
    pub fn client() -> Self {
        ConnectionConfig {
            invalid_frames: InvalidFrames::Drop,
            heartbeat: None,
            ..Self::default()
        }
    }
}
