//! The serde feature, `src/serde/`: one module here per way of looking at it.
//!
//! | module | what it checks | code under test |
//! |---|---|---|
//! | `golden` | frames Erlang wrote (golden/received.hex) read into `serde_json::Value` and into derived borrowing structs | `de.rs` |
//! | `roundtrip` | derived types written then read back equal; read as `Value`, equal to `serde_json::to_value`; eetf reads our bytes; nothing allocates | `ser.rs`, `de.rs` |
//! | `slice` | `to_slice` at every string length, integer width and buffer length, against the specification's bytes, and never past the buffer | `target.rs` |
//! | `errors` | each error's offset and message, and no panic on any input | `error.rs`, `de.rs`, `ser.rs` |
//! | `erlang` | Erlang's `binary_to_term` reads what `to_vec` writes (golden/serde_check.escript) | `ser.rs` |
//! | `twilight` | twilight-model's events read from Discord's documented payloads as ETF (golden/discord.hex) equal to them read from JSON; twilight's commands written by `to_vec` pass `validate_client_frame` | `de.rs`, `ser.rs` |

#[path = "../support/mod.rs"]
mod support;

mod erlang;
mod errors;
mod golden;
mod roundtrip;
mod slice;
// twilight-model is a dev-dependency only outside Miri (Cargo.toml).
#[cfg(not(miri))]
mod twilight;
