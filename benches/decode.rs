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
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

// decode_common derives the JSON form with common's ETF-to-JSON conversion.
mod common;
mod decode_common;
use decode_common::{CASES, Case, Frames, Keep, Visit, contenders};

/// Benchmarks one payload: every contender, in one group.
struct Group<'c>(&'c mut Criterion);

impl Visit for Group<'_> {
    type Out = ();
    fn visit<C: Case>(self) {
        let f = Frames::new::<C>();
        let mut g = self.0.benchmark_group(C::GROUP);
        g.throughput(Throughput::Bytes(f.etf.len() as u64));
        for (name, dec) in contenders::<C, Keep>() {
            g.bench_function(name, |b| b.iter(|| dec(black_box(&f), &mut Keep)));
        }
        g.finish();
    }
}

fn decode(c: &mut Criterion) {
    // Same work or no figures: every contender must read the same values.
    if let Err(e) = decode_common::check_all() {
        panic!("contenders disagree: {e}");
    }
    for (key, _) in CASES {
        let _ = decode_common::visit(key, Group(c));
    }
}

criterion_group! {
    name = benches;
    // 21 benchmarks, about a minute; --warm-up-time/--measurement-time on
    // the command line override these.
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50);
    targets = decode
}
criterion_main!(benches);
