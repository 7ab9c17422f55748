//! Encoding: a command or a custom term, written into a sink you own.
//!
//! A frame flows builder → writer → sink: a [`Command`] (one per gateway
//! command, in `command/`) checks itself against Discord's rules and hands
//! its fields to the [`Writer`], which writes each term with the tag
//! Erlang's `term_to_binary` would pick, into a [`Sink`]: a slice, a
//! `heapless::Vec`, a `Vec` or anything that implements `push`.
//!
//! - [`Writer`]: the term writer, for payloads this crate has no builder for.
//! - [`Sink`]: where the bytes go; [`SliceSink`], `heapless::Vec<u8, N>`,
//!   `Vec<u8>` (feature `alloc`) and [`CountingSink`].
//! - [`Lend`]: sinks that lend their memory, so that a term, or a whole
//!   frame, is written with one capacity check.
//! - [`Command`] and the commands, from [`Heartbeat`] to
//!   [`RequestChannelInfo`].
//!
//! ```
//! use gateway_etf::encode::{SliceSink, Writer};
//!
//! // term_to_binary(#{<<"d">> => nil, <<"op">> => 1})
//! let mut buf = [0u8; 64];
//! let mut w = Writer::new(SliceSink::new(&mut buf));
//! w.version()?.map(2)?.str("d")?.null()?.str("op")?.int(1)?;
//! assert_eq!(w.into_sink().into_written().len(), 26);
//! # Ok::<(), gateway_etf::Error>(())
//! ```

mod command;
mod command_impl;
pub(crate) mod fast;
pub(crate) mod items;
mod lend;
mod named;
mod setters;
pub(crate) mod sink;
pub(crate) mod writer;

pub(crate) use command::keys;
pub use command::{
    Activity, ActivityType, ChannelInfoField, Command, ConnectionProperties, Heartbeat, Identify,
    MemberFilter, RequestChannelInfo, RequestGuildMembers, RequestSoundboardSounds, Resume, ShardId, Status,
    UpdatePresence, UpdateVoiceState,
};
pub use items::{Items, ItemsIter};
pub use lend::Lend;
pub use sink::{CountingSink, Sink, SliceSink};
pub use writer::Writer;
pub(crate) use writer::key;
