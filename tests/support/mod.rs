//! Shared by the integration tests (`mod support;`, or
//! `#[path = "../support/mod.rs"] mod support;` from a test binary in its
//! own folder):
//!
//! - `commands` and `writer`: the command and Writer cases, built under
//!   the same names as the golden files' cases (the encode tests; they use
//!   `Vec` sinks and `to_vec`, hence the `alloc` feature);
//! - `decode`: a normal form that our decoder's terms and eetf's reduce
//!   to, and the received payloads (the decode and round-trip tests);
//! - `golden`: the golden-file reader, golden/golden.rs, shared with the
//!   benches and examples.
//!
//! Each test binary uses a different part of this module, hence the
//! `dead_code` allowance.
#![allow(dead_code)]

#[cfg(feature = "alloc")]
pub mod commands;
pub mod decode;
#[path = "../../golden/golden.rs"]
pub mod golden;
#[cfg(feature = "alloc")]
pub mod writer;
