//! The benchmarks compare equal work, checked as a test
//! (`cargo test --test bench_agree`): `encode`, every encode contender
//! writes the same term (benches/common); `decode`, every decode
//! contender reads the same values (benches/decode_common).
//!
//! Not under Miri: the peers (erltf, serde_json…) are not built there
//! (Cargo.toml).
#![cfg(not(miri))]

#[path = "../common/mod.rs"]
mod common;
#[path = "../decode_common/mod.rs"]
mod decode_common;

mod decode;
mod encode;
