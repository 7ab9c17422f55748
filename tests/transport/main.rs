//! Transport compression, `src/transport/`: one module here per kind of
//! stream.
//!
//! | module | what it checks |
//! |---|---|
//! | `zstd` | zstd-stream connections written by the reference zstd (golden/zstd_stream.hex) decompressed message by message and compared with Erlang's frames, then decoded; messages split every way Discord's rule allows; frames too large, corrupt and truncated input, windows over the limit: each error typed, input refused until a reset; a reset for the next connection; memory (feature `zstd`) |

#[path = "../support/mod.rs"]
mod support;

#[cfg(feature = "zstd")]
mod zstd;
