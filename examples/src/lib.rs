//! Examples of amf-socket: see the `examples/` folder of this crate.
