//! The benchmarks compare equal work, checked as a test
//! (`cargo test --test bench_agree`): `encode`, every encode contender
//! writes the same term (benches/common); `decode`, every decode
//! contender reads the same values (benches/decode_common); `inflate`,
//! every inflater gives back Erlang's zlib-stream frames, and what each
//! holds in memory (benches/inflate_common).
//!
//! Not under Miri: the peers (erltf, serde_json…) are not built there
//! (Cargo.toml).
#![cfg(not(miri))]

#[path = "../common/mod.rs"]
mod common;
#[path = "../decode_common/mod.rs"]
mod decode_common;
#[path = "../inflate_common/mod.rs"]
mod inflate_common;

mod decode;
mod encode;
mod inflate;
