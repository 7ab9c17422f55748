//! The example bot and the mock gateway (`examples/support/`), which the
//! README's session example runs.
//!
//! | module | what it checks | code under test |
//! |---|---|---|
//! | `live` | whole sessions over real sockets on 127.0.0.1: the bot against the strict mock, every close code the mock enforces | `client.rs`, `session.rs`, `mock.rs`, `ws.rs` |
//! | `logic` | the bot's session state machine without a network | `session.rs` |
//! | `frames` | the mock's server frames, byte for byte against Erlang (golden/session.hex) | `frames.rs` |
//!
//! Not under Miri: the example's WebSocket crates are not built there
//! (Cargo.toml), and Miri has no sockets.
#![cfg(not(miri))]

#[allow(dead_code)]
#[path = "../../examples/support/mod.rs"]
mod support;

#[path = "../../golden/golden.rs"]
mod golden;

mod frames;
mod live;
mod logic;
