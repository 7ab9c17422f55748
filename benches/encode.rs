//! Criterion timings: every payload through our encoder (slice, heapless,
//! reused `Vec`, new `Vec`) and through each peer, one group per payload so
//! the contenders sit side by side.
//!
//! Throughput is always the length of OUR frame, whatever the contender
//! writes, so the figures compare work done for the same message.
//!
//! Run: `cargo bench --bench encode` (a group: `cargo bench --bench encode -- identify`).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;
use common::{PAYLOADS, inputs};

/// One group per payload, every contender in it.
fn encode(c: &mut Criterion) {
    // Same work or no figures: every peer's term must equal ours.
    if let Err(e) = common::check_all() {
        panic!("contenders disagree: {e}");
    }
    let i = inputs();
    for payload in &PAYLOADS {
        let mut s = payload.scratch(&i);
        let mut g = c.benchmark_group(payload.name);
        g.throughput(Throughput::Bytes(s.frame.len() as u64));
        for (name, f) in payload.contenders() {
            g.bench_function(name, |b| b.iter(|| f(black_box(&i), &mut s)));
        }
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = encode
}
criterion_main!(benches);
