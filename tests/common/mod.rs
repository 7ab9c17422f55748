//! Shared by the integration tests: the command and writer cases (built by
//! the same names as the golden files) and the golden-file reader
//! (golden/golden.rs, shared with the benches and examples).
//!
//! Each test binary uses a different part of this module, hence the
//! `dead_code` allowance.
#![allow(dead_code)]

pub mod commands;
#[path = "../../golden/golden.rs"]
pub mod golden;
pub mod writer;
