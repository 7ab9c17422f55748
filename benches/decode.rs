//! Criterion timings: received payloads (Hello, READY, MESSAGE_CREATE, as
//! Erlang wrote them) through our reader and through each peer's decoder,
//! one group per payload so the contenders sit side by side.
//!
//! Every contender reads the same fields (see `decode_common`); throughput
//! is always the length of the ETF frame, also for the JSON contenders,
//! so the figures compare work done for the same message.
//!
//! Run: `cargo bench --bench decode` (a group: `cargo bench --bench decode -- D_ready`).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

// decode_common derives the JSON form with common's ETF-to-JSON conversion.
mod common;
mod decode_common;
use decode_common::{Keep, PAYLOADS};

/// One group per payload, every contender in it.
fn decode(c: &mut Criterion) {
    // Same work or no figures: every contender must read the same values.
    if let Err(e) = decode_common::check_all() {
        panic!("contenders disagree: {e}");
    }
    for payload in &PAYLOADS {
        let f = payload.frames();
        let mut g = c.benchmark_group(payload.group);
        g.throughput(Throughput::Bytes(f.etf.len() as u64));
        for (name, dec) in payload.contenders() {
            g.bench_function(name, |b| b.iter(|| dec(black_box(&f), &mut Keep)));
        }
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = decode
}
criterion_main!(benches);
