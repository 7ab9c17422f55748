//! What the inflate benchmarks share: the zlib-stream frames, each
//! inflater (ours and its peers) behind one trait, the measured step
//! (inflate one message in context, then decode the frame) and the check
//! that every inflater gives back Erlang's frames.
//!
//! Used by `benches/inflate.rs` (criterion timings), `benches/instructions.rs`
//! (`inflate` mode: instruction counts under callgrind) and
//! `benches/tests/inflate.rs` (the check as a test, and the memory each
//! inflater holds). Each binary uses a different part of this module, hence
//! the `dead_code` allowance.
//!
//! The messages and frames are Erlang's: connection `a` of golden/zlib.hex,
//! one deflate context compressing a session as Discord's gateway does
//! (golden/zlib.escript).
//!
//! **Context.** A zlib-stream frame can only be inflated by a context that
//! has inflated every message before it (its back-references reach into
//! them), and flate2's context cannot be copied. So every measured step
//! starts from a context just made and fed the connection's earlier
//! messages ([`prepare`]), the same way for every inflater, and only the
//! step itself is measured: callgrind collects inside [`inf_frame`] alone,
//! criterion times only it (`iter_batched_ref`, the preparation in the
//! untimed setup).
#![allow(dead_code)]

use std::hint::black_box;

use gateway_etf::Snowflake;
use gateway_etf::decode::{Error, GatewayEvent};
use gateway_etf::transport::{SYNC_FLUSH, ZlibStream};

// Its own copy of the golden reader: `benches/inflate.rs` has no
// `decode_common` to borrow it from; the binaries with both (instructions,
// bench_agree) carry two: the golden text twice, parsed twice.
#[allow(clippy::duplicate_mod)]
#[path = "../../golden/golden.rs"]
mod golden;

/// The frame buffer every inflater writes into: room for the 145 KB
/// GUILD_CREATE. Made once (zeroed) and reused, as a bot reuses its frame
/// buffer.
pub const BUF: usize = 256 * 1024;

/// A fresh frame buffer of [`BUF`] bytes.
pub fn buffer() -> Vec<u8> {
    vec![0; BUF]
}

// ---------------------------------------------------------------------------
// The inflaters.

/// A connection's inflate context: each received WebSocket message in,
/// the frame out (a prefix of `out`) when the message ends one.
///
/// The peers handle what this benchmark sends them, a whole frame per
/// message (connection `a`'s messages are), and no more: each push
/// writes from the start of `out`, and a message ending in `00 00 ff ff`
/// ends the frame (twilight-gateway's and discord.py's rule).
pub trait Inflate {
    /// Inflates `message` into `out`.
    fn push<'o>(&mut self, message: &[u8], out: &'o mut [u8]) -> Result<Option<&'o [u8]>, String>;
}

/// Ours: `transport::ZlibStream`, the whole context in the value.
impl Inflate for ZlibStream {
    fn push<'o>(&mut self, message: &[u8], out: &'o mut [u8]) -> Result<Option<&'o [u8]>, String> {
        ZlibStream::push(self, message, out).map_err(|e| e.to_string())
    }
}

/// flate2 1.1 on its default backend (miniz_oxide's `InflateState`, boxed
/// by `Decompress`): `decompress` with `FlushDecompress::Sync` into the
/// reused buffer. Not `decompress_vec`: with miniz_oxide that zero-fills
/// the Vec's whole spare capacity on every call (flate2's
/// `decompress_uninit` default), which would charge it for our choice of
/// buffer size.
impl Inflate for flate2::Decompress {
    fn push<'o>(&mut self, message: &[u8], out: &'o mut [u8]) -> Result<Option<&'o [u8]>, String> {
        inflate_all(message, out, |input, output| {
            let (read, written) = (self.total_in(), self.total_out());
            self.decompress(input, output, flate2::FlushDecompress::Sync).map_err(|e| e.to_string())?;
            Ok(((self.total_in() - read) as usize, (self.total_out() - written) as usize))
        })
    }
}

/// zlib-rs 0.6: `zlib_rs::Inflate`, the type flate2's `zlib-rs` backend
/// wraps (the same calls, less flate2's two counters), with
/// `InflateFlush::SyncFlush`.
impl Inflate for zlib_rs::Inflate {
    fn push<'o>(&mut self, message: &[u8], out: &'o mut [u8]) -> Result<Option<&'o [u8]>, String> {
        inflate_all(message, out, |input, output| {
            let (read, written) = (self.total_in(), self.total_out());
            self.decompress(input, output, zlib_rs::InflateFlush::SyncFlush).map_err(|e| format!("{e:?}"))?;
            Ok(((self.total_in() - read) as usize, (self.total_out() - written) as usize))
        })
    }
}

/// A peer's loop over one message: `step` inflates from the unread input
/// into the unwritten output and says how much it read and wrote, until
/// the message is read; the frame is whole if the message ends with the
/// sync flush.
fn inflate_all<'o>(
    message: &[u8],
    out: &'o mut [u8],
    mut step: impl FnMut(&[u8], &mut [u8]) -> Result<(usize, usize), String>,
) -> Result<Option<&'o [u8]>, String> {
    let (mut read, mut written) = (0, 0);
    while read < message.len() {
        let (r, w) = step(&message[read..], &mut out[written..])?;
        if r == 0 && w == 0 {
            return Err(format!("no progress at input byte {read}: frame larger than {} bytes?", out.len()));
        }
        (read, written) = (read + r, written + w);
    }
    Ok(message.ends_with(&SYNC_FLUSH).then_some(&out[..written]))
}

/// The floor: no inflating, the frame copied into the buffer (what any
/// inflater must at least write), then the same decode.
pub struct Copied(&'static [u8]);

impl Inflate for Copied {
    fn push<'o>(&mut self, _message: &[u8], out: &'o mut [u8]) -> Result<Option<&'o [u8]>, String> {
        let frame = out.get_mut(..self.0.len()).ok_or("frame larger than the buffer")?;
        frame.copy_from_slice(self.0);
        Ok(Some(frame))
    }
}

/// A new context for one connection; [`Copied`] is given the frame it
/// stands for.
pub type New = fn(&'static [u8]) -> Box<dyn Inflate>;

/// The contenders, in table order: the inflaters, then the floor.
pub static CONTENDERS: [(&str, New); 4] = [
    ("ours", |_| Box::new(ZlibStream::new())),
    ("flate2", |_| Box::new(flate2::Decompress::new(true))),
    ("zlib_rs", |_| Box::new(zlib_rs::Inflate::new(true, 15))),
    ("copy", |frame| Box::new(Copied(frame))),
];

/// The inflaters among [`CONTENDERS`], without the floor.
pub const INFLATERS: [&str; 3] = ["ours", "flate2", "zlib_rs"];

/// The contenders' names, in table order.
pub fn contender_names() -> Vec<&'static str> {
    CONTENDERS.iter().map(|&(name, _)| name).collect()
}

/// The contender named `name`, or an error that lists the names.
pub fn contender(name: &str) -> Result<New, String> {
    CONTENDERS
        .iter()
        .find(|&&(n, _)| n == name)
        .map(|&(_, new)| new)
        .ok_or_else(|| format!("no contender {name:?}; try one of {:?}", contender_names()))
}

// ---------------------------------------------------------------------------
// The frames, and what is read from them.

/// golden/zlib.hex's connection `conn`, frame by frame with its messages.
pub fn zlib_connection(conn: &str) -> Vec<golden::Compressed> {
    golden::zlib_connection(conn)
}

/// What the decode reads from a frame: the sequence number and one
/// snowflake (READY's `user.id`, the guild's `id`, the message's `id`).
pub type Seen = (u64, u64);

/// One frame of connection `a`, and how it is read once inflated.
pub struct Payload {
    /// The column in tables, the name on the command line.
    pub name: &'static str,
    /// The criterion group (also accepted on the command line).
    pub group: &'static str,
    /// Its case in golden/zlib.hex.
    case: &'static str,
    /// The decode: `GatewayEvent::decode`, then the typed read where the
    /// crate has one (READY), else the dispatch envelope and `d.id`.
    pub read: fn(&[u8]) -> Result<Seen, Error>,
    /// What `read` must find (golden/zlib.escript's values).
    pub expected: Seen,
}

/// The frames, in table order: READY, the 145 KB GUILD_CREATE (four times
/// the window) and the MESSAGE_CREATE after it.
pub static PAYLOADS: [Payload; 3] = [
    Payload {
        name: "READY",
        group: "Z_ready",
        case: "a.02.ready",
        read: read_ready,
        expected: (1, 1_100_000_000_000_000_000),
    },
    Payload {
        name: "GUILD_CREATE",
        group: "Z_guild_create",
        case: "a.03.guild_create",
        read: |frame| read_dispatch(frame, "GUILD_CREATE"),
        expected: (2, 81_384_788_765_712_384),
    },
    Payload {
        name: "MESSAGE_CREATE",
        group: "Z_message_create",
        case: "a.04.message_create",
        read: |frame| read_dispatch(frame, "MESSAGE_CREATE"),
        expected: (3, 1_234_567_890_123_456_792),
    },
];

/// The payload named `name` (its name or its group), or an error that
/// lists the names.
pub fn payload(name: &str) -> Result<&'static Payload, String> {
    PAYLOADS.iter().find(|p| p.name == name || p.group == name).ok_or_else(|| {
        let names: Vec<&str> = PAYLOADS.iter().map(|p| p.name).collect();
        format!("no payload {name:?}; try one of {names:?}")
    })
}

/// READY through the typed read: `dispatch()`, `ready()`.
fn read_ready(frame: &[u8]) -> Result<Seen, Error> {
    let dispatch = GatewayEvent::decode(frame)?.dispatch()?;
    let ready = dispatch.ready()?;
    black_box((ready.session_id, ready.resume_gateway_url));
    Ok((dispatch.seq, ready.user_id.get()))
}

/// A dispatch named `name`: the envelope, and `d.id`.
fn read_dispatch(frame: &[u8], name: &'static str) -> Result<Seen, Error> {
    let dispatch = GatewayEvent::decode(frame)?.dispatch()?;
    if dispatch.name != name {
        return Err(Error::UnknownValue { offset: dispatch.data.offset(), expected: name });
    }
    let id = dispatch.data.as_map()?.required::<Snowflake>("id")?;
    Ok((dispatch.seq, id.get()))
}

/// A payload's place in its connection.
pub struct Frames {
    /// The messages before it, which a context must inflate first.
    pub before: Vec<&'static [u8]>,
    /// The message that carries it.
    pub message: &'static [u8],
    /// The frame, as Erlang's `term_to_binary` wrote it.
    pub frame: &'static [u8],
}

impl Payload {
    /// Its message, frame and the messages before it.
    pub fn frames(&self) -> Frames {
        let connection = zlib_connection("a");
        let at = connection.iter().position(|c| c.name == self.case);
        let at = at.unwrap_or_else(|| panic!("golden/zlib.hex: no frame {}", self.case));
        Frames {
            before: connection[..at].iter().map(|c| c.message).collect(),
            message: connection[at].message,
            frame: connection[at].frame,
        }
    }
}

// ---------------------------------------------------------------------------
// The measured step.

/// A context of contender `new` that has inflated every message before the
/// payload's, as a connection's has when its message arrives. Panics if a
/// message does not inflate to a frame (the check says which).
pub fn prepare(new: New, f: &Frames, out: &mut [u8]) -> Box<dyn Inflate> {
    let mut z = new(f.frame);
    for message in &f.before {
        assert!(matches!(z.push(message, out), Ok(Some(_))), "a message before the frame did not inflate");
    }
    z
}

/// What is measured: one message inflated in its context, and the frame
/// it gives decoded. Returns the frame's length, 0 if anything failed
/// (the check makes sure nothing does). The `inf_` prefix is what
/// `instructions.sh inflate` tells callgrind to count
/// (`--toggle-collect=*inflate_common::inf_*`).
#[inline(never)]
pub fn inf_frame(
    z: &mut dyn Inflate,
    message: &[u8],
    read: fn(&[u8]) -> Result<Seen, Error>,
    out: &mut [u8],
) -> usize {
    match z.push(message, out) {
        Ok(Some(frame)) if read(frame).map(black_box).is_ok() => frame.len(),
        _ => 0,
    }
}

// ---------------------------------------------------------------------------
// The check.

/// Every inflater gives back every frame of golden/zlib.hex's connections
/// (`a`, `b`, `c`) byte for byte, and for each payload every contender's
/// measured step, from a prepared context, inflates Erlang's frame and
/// reads the expected values. Returns each payload's compressed and
/// inflated sizes.
pub fn check_all() -> Result<Vec<(&'static str, usize, usize)>, String> {
    let mut out = buffer();
    for name in INFLATERS {
        let new = contender(name)?;
        for conn in ["a", "b", "c"] {
            let mut z = new(&[]);
            for c in zlib_connection(conn) {
                match z.push(c.message, &mut out) {
                    Ok(Some(frame)) if frame == c.frame => {}
                    Ok(Some(frame)) => {
                        return Err(format!(
                            "{name}: {} inflates to other bytes ({} of {})",
                            c.name,
                            frame.len(),
                            c.frame.len()
                        ));
                    }
                    Ok(None) => return Err(format!("{name}: {} gave no frame", c.name)),
                    Err(e) => return Err(format!("{name}: {}: {e}", c.name)),
                }
            }
        }
    }
    let mut sizes = Vec::new();
    for p in &PAYLOADS {
        let f = p.frames();
        for &(name, new) in &CONTENDERS {
            let mut z = prepare(new, &f, &mut out);
            let len = inf_frame(&mut *z, f.message, p.read, &mut out);
            if len != f.frame.len() || out[..len] != *f.frame {
                return Err(format!("{}: {name}: the measured step does not give Erlang's frame", p.name));
            }
            let seen = (p.read)(&out[..len]).map_err(|e| format!("{}: {name}: {e}", p.name))?;
            if seen != p.expected {
                return Err(format!("{}: {name}: read {seen:?}, expected {:?}", p.name, p.expected));
            }
        }
        sizes.push((p.name, f.message.len(), f.frame.len()));
    }
    Ok(sizes)
}
