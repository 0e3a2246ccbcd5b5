//! The wire protocol of AMF Socket: frames, envelopes, payload formats and the Flash socket policy.

pub mod envelope;
pub mod frame;
pub mod payload;
pub mod policy;
