//! A whole gateway session over a real WebSocket, shared by the example bot
//! (`examples/bot.rs`), the standalone mock (`examples/mock_gateway.rs`) and
//! the integration tests (`tests/session/`: `live.rs`, `logic.rs`,
//! `frames.rs`), which include this directory with `#[path]`: one
//! implementation, no copies.
//!
//! - [`ws`]: the network, in small blocking functions over tungstenite.
//! - [`session`]: the bot's session logic, a state machine without I/O.
//! - [`client`]: the bot's loop, driving [`session`] over [`ws`].
//! - [`events`]: the dispatches the bot reads into its own types (serde).
//! - [`mock`]: a gateway on 127.0.0.1 as strict as Discord's.
//! - [`frames`]: what the mock sends, written with the crate's `encode::Writer`.
//! - [`compress`]: zlib-stream and zstd-stream, the mock's side and the bot's.
//! - [`log`]: the readable transcript both sides print.

pub mod client;
pub mod compress;
pub mod events;
pub mod frames;
pub mod log;
pub mod mock;
pub mod session;
pub mod ws;
