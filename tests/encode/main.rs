//! The encoder, `src/encode/`: one module here per part of it.
//!
//! | module | what it checks | code under test |
//! |---|---|---|
//! | `golden` | every command and Writer case, byte for byte against Erlang (golden/commands.hex, writer.hex) | `command/`, `writer.rs` |
//! | `fast` | the fast path at every buffer size around each frame's length (Miri) | `fast.rs`, `lend.rs` |
//! | `sink` | sinks at their extremes, and what they lend and keep (Miri) | `sink.rs`, `lend.rs` |
//! | `writer` | Writer calls into a full sink: the whole value or nothing | `writer.rs` |
//! | `errors` | every invalid input's typed error, `BufferFull` without a partial frame, every way of encoding alike | `command/`, `sink.rs`, `src/error.rs` |
//!
//! That encoding allocates nothing is `tests/encode_no_alloc.rs`, a binary
//! of its own for its counting global allocator. CI runs `fast` and `sink`
//! (and, on big-endian s390x, `golden`) under Miri by name:
//! `cargo +nightly miri test --test encode -- fast:: sink::` (see `.ci/run`).

// Every module but `writer` uses `Vec` sinks and `to_vec`.
#[cfg(feature = "alloc")]
#[path = "../support/mod.rs"]
mod support;

#[cfg(feature = "alloc")]
mod errors;
#[cfg(feature = "alloc")]
mod fast;
#[cfg(feature = "alloc")]
mod golden;
#[cfg(feature = "alloc")]
mod sink;
mod writer;
