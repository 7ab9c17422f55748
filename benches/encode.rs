//! Criterion timings: every payload through our encoder (slice, heapless,
//! reused `Vec`, new `Vec`) and through each peer, one group per payload so
//! the contenders sit side by side.
//!
//! Throughput is always the length of OUR frame, whatever the contender
//! writes, so the figures compare work done for the same message.
//!
//! Run: `cargo bench --bench encode` (a group: `cargo bench --bench encode -- I_identify`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;
use common::{CASES, Case, Scratch, Visit, contenders, inputs};

/// Benchmarks one payload: every contender, in one group.
struct Group<'c>(&'c mut Criterion);

impl Visit for Group<'_> {
    type Out = ();
    fn visit<C: Case>(self) {
        let i = inputs();
        let mut s = Scratch::new::<C>(&i);
        let mut g = self.0.benchmark_group(C::GROUP);
        g.throughput(Throughput::Bytes(s.frame.len() as u64));
        for (name, f) in contenders::<C>() {
            g.bench_function(name, |b| b.iter(|| f(black_box(&i), &mut s)));
        }
        g.finish();
    }
}

fn encode(c: &mut Criterion) {
    // Same work or no figures: every peer's term must equal ours.
    if let Err(e) = common::check_all() {
        panic!("contenders disagree: {e}");
    }
    for (key, _) in CASES {
        let _ = common::visit(key, Group(c));
    }
}

criterion_group! {
    name = benches;
    // 90 benchmarks: short defaults keep a full run near 5 minutes;
    // --warm-up-time/--measurement-time on the command line override them.
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50);
    targets = encode
}
criterion_main!(benches);
