//! Transport compression: what a bot does to the gateway's WebSocket
//! messages before they are frames.
//!
//! A bot that connects with `compress=zstd-stream` in the gateway URL gets
//! every frame through one zstd frame that lasts as long as the connection
//! (Discord's API docs, "Transport Compression"). [`ZstdStream`] turns
//! those messages back into frames for [`decode`](crate::decode) (feature
//! `zstd`).

mod zstd;

pub use zstd::{DEFAULT_WINDOW_LIMIT, ZstdError, ZstdStream};
