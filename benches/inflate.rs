//! Criterion timings: zlib-stream frames (READY, GUILD_CREATE,
//! MESSAGE_CREATE, as Erlang's zlib compressed them) inflated in their
//! connection's context by ours and by each peer, then decoded; one group
//! per frame so the contenders sit side by side.
//!
//! Each iteration's context is prepared in the untimed setup (a new
//! context fed every earlier message of the connection, see
//! `inflate_common`); only the inflate and the decode are timed.
//! Throughput is the inflated frame's length.
//!
//! Run: `cargo bench --bench inflate` (a group: `cargo bench --bench inflate -- Z_ready`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

// The criterion settings every bench shares.
mod common;
mod inflate_common;
use inflate_common::{CONTENDERS, PAYLOADS, buffer, inf_frame, prepare};

/// One group per frame, every contender in it.
fn inflate(c: &mut Criterion) {
    // Same work or no figures: every inflater gives back Erlang's frames.
    if let Err(e) = inflate_common::check_all() {
        panic!("contenders disagree: {e}");
    }
    // The frame buffer of the measured step, and the setup's own.
    let (mut out, mut scratch) = (buffer(), buffer());
    for p in &PAYLOADS {
        let f = p.frames();
        let mut g = c.benchmark_group(p.group);
        g.throughput(Throughput::Bytes(f.frame.len() as u64));
        // MESSAGE_CREATE's setup inflates the 145 KB GUILD_CREATE before
        // it, some 50 times the measured step: fewer samples keep the
        // group to about a minute.
        if f.before.iter().map(|m| m.len()).sum::<usize>() > 4096 {
            g.sample_size(20)
                .measurement_time(Duration::from_secs(1))
                .warm_up_time(Duration::from_millis(200));
        }
        for &(name, new) in &CONTENDERS {
            g.bench_function(name, |b| {
                b.iter_batched_ref(
                    || prepare(new, &f, &mut scratch),
                    |z| inf_frame(&mut **z, black_box(f.message), p.read, black_box(&mut out)),
                    BatchSize::PerIteration,
                )
            });
        }
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = inflate
}
criterion_main!(benches);
