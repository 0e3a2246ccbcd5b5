//! # amf-runtime
//!
//! The AMF3 codec and the AMF Socket protocol for Flash/AIR (ActionScript 3) clients.
//!
//! This crate is being built in steps; today it holds the complete AMF3 codec ([`amf3`]).

pub mod amf3;
