//! Discord's gateway in Erlang External Term Format: commands written
//! straight into a buffer you own, and events read without copying.
//!
//! `#![no_std]`, no allocator, no intermediate tree. The crate has two
//! halves that mirror each other:
//!
//! - [`encode`]: builder → writer → sink. A command ([`Heartbeat`] …
//!   [`RequestChannelInfo`], all [`Command`]) checks itself against
//!   Discord's rules and writes `#{<<"d">> => Data, <<"op">> => Op}` byte
//!   for byte as Erlang's `term_to_binary` would, through the term
//!   [`Writer`](encode::Writer), into a [`Sink`](encode::Sink): a slice,
//!   a `heapless::Vec`, a `Vec`, or your own.
//! - [`decode`]: bytes → reader → term → event. The reader validates a
//!   frame once; a [`Term`](decode::Term) borrows from it; a
//!   [`GatewayEvent`](decode::GatewayEvent) gives Hello, Invalid Session,
//!   READY and dispatches, and mock gateways read client frames back
//!   ([`ClientCommand`](decode::ClientCommand)).
//!
//! Beside them, the Discord types both use: [`Snowflake`], [`Intents`],
//! [`Opcode`], [`CloseCode`] and the ETF tag table [`tag`]; and before
//! decoding, `transport`: compressed messages back into frames (feature
//! `zlib`).
//!
//! ```
//! use gateway_etf::encode::{SliceSink, Writer};
//! use gateway_etf::*;
//!
//! let mut buf = [0u8; 4096];
//! let hb = Heartbeat::new(Some(251));
//! assert_eq!(hb.encode(&mut buf)?.len(), hb.encoded_len());
//!
//! let activities = [Activity::new("with ETF", ActivityType::Playing)];
//! let presence = UpdatePresence::new(Status::Online).activities(&activities).since(None).afk(false);
//! let identify = Identify::new("token", Intents::GUILDS | Intents::GUILD_MESSAGES)
//!     .properties(ConnectionProperties::new("linux", "gateway-etf", "gateway-etf"))
//!     .large_threshold(250)
//!     .shard(ShardId::new(0, 1)?)
//!     .presence(presence)
//!     .compress(false);
//! let frame: &[u8] = identify.encode(&mut buf)?;
//!
//! let ids = Snowflake::slice_from_u64(&[81384788765712384, 1100000000000000000]);
//! RequestGuildMembers::query(Snowflake::new(81384788765712384), "ab", 10).presences(true).nonce("n-1").encode(&mut buf)?;
//! RequestGuildMembers::user_ids(Snowflake::new(81384788765712384), ids).encode(&mut buf)?;
//! Resume::new("token", "session-id", 1337).encode(&mut buf)?;
//! UpdateVoiceState::new(Snowflake::new(1), Some(Snowflake::new(2))).self_mute(true).self_deaf(false).encode(&mut buf)?;
//! RequestSoundboardSounds::new(ids).encode(&mut buf)?;
//! RequestChannelInfo::new(Snowflake::new(1), &[ChannelInfoField::Status, ChannelInfoField::VoiceStartTime]).encode(&mut buf)?;
//! let small: heapless::Vec<u8, 64> = hb.encode_heapless()?;
//!
//! let mut w = Writer::new(SliceSink::new(&mut buf));
//! w.version()?; w.map(2)?; w.str("d")?; w.null()?; w.str("op")?; w.int(1)?;
//! let custom: &[u8] = w.into_sink().into_written();
//! # assert_eq!(custom, &[131, 116, 0, 0, 0, 2, 109, 0, 0, 0, 1, b'd', 119, 3, b'n', b'i', b'l', 109, 0, 0, 0, 2, b'o', b'p', 97, 1]);
//! # assert_eq!(small.len(), hb.encoded_len());
//! # Ok::<(), gateway_etf::Error>(())
//! ```
//!
//! # Features
//!
//! - `std` (default): implies `alloc`.
//! - `alloc`: `Vec<u8>` is a [`Sink`](encode::Sink); [`Command::to_vec`].
//! - `defmt`: `defmt::Format` for the error and the public data types.
//! - `serde`: any `Serialize`/`Deserialize` type as a frame, without an
//!   allocator (module `serde`: `from_slice`, `to_slice`…).
//! - `zlib`: `transport::ZlibStream`, Discord's `compress=zlib-stream` in
//!   fixed memory, without an allocator.
//! - `zstd`: `transport::ZstdStream`, Discord's `compress=zstd-stream`
//!   (implies `alloc`: the window is on the heap).
//!
//! Without default features the crate needs neither `std` nor an allocator.
#![no_std]
// `unsafe` lives in two modules, which allow it: `encode::lend` (sinks
// lending their memory) and `encode::fast` (a frame with one check); and
// in one function of `serde::de` (an ASCII name as a `&str`).
#![deny(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;

/// The largest frame Discord accepts, in bytes; a larger one closes the
/// connection with 4002, so every command refuses to exceed it.
pub const MAX_PAYLOAD: usize = 4096;
#[cfg(feature = "std")]
extern crate std;

mod close_code;
pub mod decode;
pub mod encode;
mod error;
mod intents;
mod numbered;
mod opcode;
#[cfg(feature = "serde")]
pub mod serde;
mod snowflake;
pub mod tag;
#[cfg(any(feature = "zlib", feature = "zstd"))]
pub mod transport;

#[cfg(feature = "alloc")]
#[cfg(feature = "serde")]
pub use self::serde::to_vec;
#[cfg(feature = "serde")]
pub use self::serde::{Deserializer, encoded_len, from_slice, from_term, to_heapless, to_sink, to_slice};
pub use close_code::CloseCode;
pub use encode::{
    Activity, ActivityType, ChannelInfoField, Command, ConnectionProperties, Heartbeat, Identify, Items,
    MemberFilter, RequestChannelInfo, RequestGuildMembers, RequestSoundboardSounds, Resume, ShardId, Status,
    UpdatePresence, UpdateVoiceState,
};
pub use error::Error;
/// The `heapless` this crate's API uses (`encode_heapless`, the sink).
pub use heapless;
pub use intents::Intents;
pub use opcode::Opcode;
pub use snowflake::Snowflake;
#[cfg(feature = "zlib")]
pub use transport::{InflateError, ZlibStream};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
