//! The decoder, `src/decode/`: one module here per way of looking at it.
//!
//! | module | what it checks | code under test |
//! |---|---|---|
//! | `received` | payloads Erlang wrote (golden/received.hex), in OTP 25's default encoding and `minor_version 2`: the envelope, the typed helpers, agreement with eetf | `event.rs`, `term.rs` and the containers, `from_term.rs` |
//! | `command` | client frames as a gateway reads them: liberal, and strict with Discord's close codes | `command/` |
//! | `malformed` | every malformed input's typed error and offset, no panic | `reader.rs`, `error.rs` |
//! | `display` | terms printed as Erlang source that Erlang reads back | `display.rs` |
//! | `eetf` | differential tests against eetf, a decoder we did not write: arbitrary terms, mutated payloads | `reader.rs`, `term.rs` |
//!
//! That decoding allocates nothing is `tests/decode_no_alloc.rs`, a binary
//! of its own for its counting global allocator; encode-then-decode round
//! trips are `tests/roundtrip.rs`.

#[path = "../support/mod.rs"]
mod support;

mod command;
mod display;
mod eetf;
mod malformed;
mod received;
