//! Counters of a server or client, read as a [`StatsSnapshot`].

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// Live counters, updated with relaxed atomics on the hot path.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub(crate) connections_open: AtomicU64,
    pub(crate) connections_total: AtomicU64,
    pub(crate) connections_refused: AtomicU64,
    pub(crate) frames_in: AtomicU64,
    pub(crate) frames_out: AtomicU64,
    pub(crate) bytes_in: AtomicU64,
    pub(crate) bytes_out: AtomicU64,
    pub(crate) requests_in: AtomicU64,
    pub(crate) messages_in: AtomicU64,
    pub(crate) requests_out: AtomicU64,
    pub(crate) error_replies: AtomicU64,
    pub(crate) timeouts: AtomicU64,
    pub(crate) invalid_frames: AtomicU64,
    pub(crate) dropped_frames: AtomicU64,
    pub(crate) policy_requests: AtomicU64,
}

impl Stats {
    pub(crate) fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Relaxed);
    }

    pub(crate) fn snapshot(&self) -> StatsSnapshot {
        StatsSnapshot {
            connections_open: self.connections_open.load(Relaxed),
            connections_total: self.connections_total.load(Relaxed),
            connections_refused: self.connections_refused.load(Relaxed),
            frames_in: self.frames_in.load(Relaxed),
            frames_out: self.frames_out.load(Relaxed),
            bytes_in: self.bytes_in.load(Relaxed),
            bytes_out: self.bytes_out.load(Relaxed),
            requests_in: self.requests_in.load(Relaxed),
            messages_in: self.messages_in.load(Relaxed),
            requests_out: self.requests_out.load(Relaxed),
            error_replies: self.error_replies.load(Relaxed),
            timeouts: self.timeouts.load(Relaxed),
            invalid_frames: self.invalid_frames.load(Relaxed),
            dropped_frames: self.dropped_frames.load(Relaxed),
            policy_requests: self.policy_requests.load(Relaxed),
        }
    }
}

/// The counters of a server or client at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatsSnapshot {
    /// Connections open now.
    pub connections_open: u64,
    /// Connections accepted since start (policy requests excluded).
    pub connections_total: u64,
    /// Connections refused by a limit or the connect hook.
    pub connections_refused: u64,
    /// Frames read.
    pub frames_in: u64,
    /// Frames written.
    pub frames_out: u64,
    /// Payload bytes read (frame headers included).
    pub bytes_in: u64,
    /// Payload bytes written (frame headers included).
    pub bytes_out: u64,
    /// Requests received (pings answered included).
    pub requests_in: u64,
    /// Messages received.
    pub messages_in: u64,
    /// Requests sent (pings included).
    pub requests_out: u64,
    /// Error replies sent (unknown commands, bad params, handler errors).
    pub error_replies: u64,
    /// Requests sent that timed out (pings included).
    pub timeouts: u64,
    /// Frames that were not valid envelopes.
    pub invalid_frames: u64,
    /// Frames ignored: responses to unknown or timed-out requests, messages for unknown commands.
    pub dropped_frames: u64,
    /// Flash socket policy requests answered.
    pub policy_requests: u64,
}
