//! The one reader of the golden files: the `name HEX` lines that
//! golden/gen.escript wrote from Erlang's `term_to_binary`.
//!
//! Shared as a file, not a crate: the tests (`tests/support/mod.rs`), the
//! benches (`benches/decode_common/mod.rs`), the session tests, the
//! `print_terms` example and the inflate core's unit tests
//! (`src/transport/inflate/mod.rs`) each pull it in with
//! `#[path = "…/golden/golden.rs"] mod golden;`.
//!
//! The files are built in (`include_str!`), never read at run time, so the
//! tests that use them also run under Miri, whose isolation hides the file
//! system, and on targets Miri only interprets (s390x in `.ci/run`).
//!
//! Each user takes a different part of this module, hence the `dead_code`
//! allowance.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::OnceLock;
// Named, not taken from the prelude, so that the crate's own unit tests
// (`#![no_std]` with `std` linked: src/transport/inflate) include it too.
use std::{format, string::String, vec::Vec};

/// A golden file's cases: the Erlang bytes by case name.
pub type Cases = BTreeMap<&'static str, Vec<u8>>;

/// One golden file, built in, decoded on first use.
pub struct File {
    /// Its name in golden/, for messages.
    name: &'static str,
    /// Its text.
    text: &'static str,
    /// Every case, once decoded.
    cases: OnceLock<Cases>,
}

/// `golden/commands.hex`: every command frame (from commands.terms).
pub static COMMANDS: File = File::new("commands.hex", include_str!("commands.hex"));
/// `golden/writer.hex`: single terms for the Writer (from writer.terms).
pub static WRITER: File = File::new("writer.hex", include_str!("writer.hex"));
/// `golden/received.hex`: payloads a client receives, and client frames as
/// a gateway receives them (from received.terms).
pub static RECEIVED: File = File::new("received.hex", include_str!("received.hex"));
/// `golden/session.hex`: the mock gateway's frames (from session.terms).
pub static SESSION: File = File::new("session.hex", include_str!("session.hex"));
/// `golden/bench.hex`: the decode benchmarks' READY and MESSAGE_CREATE
/// (from bench.terms).
pub static BENCH: File = File::new("bench.hex", include_str!("bench.hex"));
/// `golden/discord.hex`: Discord's documented gateway payloads as Discord's
/// ETF gateway sends them (from discord/*.json, by discord.escript).
pub static DISCORD: File = File::new("discord.hex", include_str!("discord.hex"));
/// `golden/zlib.hex`: zlib-stream connections, each frame and the message
/// Erlang's zlib made of it (by zlib.escript); read them with
/// [`zlib_connection`].
pub static ZLIB: File = File::new("zlib.hex", include_str!("zlib.hex"));

/// `golden/zstd.hex`: a large GUILD_CREATE (from zstd.terms), one of the
/// frames in `zstd_stream.hex`.
pub static ZSTD: File = File::new("zstd.hex", include_str!("zstd.hex"));
/// `golden/zstd_stream.hex`: zstd-stream connections, the message the
/// reference zstd made of each frame (by zstd_stream.py); read them with
/// [`zstd_connection`].
pub static ZSTD_STREAM: File = File::new("zstd_stream.hex", include_str!("zstd_stream.hex"));

/// One received frame of a compressed connection.
pub struct Compressed {
    /// `CONN.NN.NAME` (zlib, e.g. `a.03.guild_create`) or
    /// `CONN.NN.FILE.CASE` (zstd, e.g. `a.03.zstd.guild_create_large`).
    pub name: &'static str,
    /// The frame, as Erlang's `term_to_binary` wrote it.
    pub frame: &'static [u8],
    /// The WebSocket message that carried it, compressed.
    pub message: &'static [u8],
}

/// Connection `conn`'s frames in the order they were sent (`a`: a whole
/// session; `b`: the connection after a reconnect). Panics if there are
/// none, or a frame has no message.
pub fn zlib_connection(conn: &str) -> Vec<Compressed> {
    let cases = ZLIB.cases();
    let prefix = format!("{conn}.");
    let frames: Vec<Compressed> = cases
        .iter()
        .filter(|(name, _)| name.starts_with(&prefix) && !name.ends_with(".z"))
        .map(|(&name, frame)| {
            let message = cases.get(format!("{name}.z").as_str());
            let message = message.unwrap_or_else(|| panic!("golden/zlib.hex: no message {name}.z"));
            Compressed { name, frame, message }
        })
        .collect();
    assert!(!frames.is_empty(), "golden/zlib.hex: no connection {conn}");
    frames
}

/// Connection `conn`'s messages in `golden/zstd_stream.hex`, in the order
/// they were sent, each with the frame Erlang wrote that it carries (case
/// CASE of golden/FILE.hex). Panics if there are none.
pub fn zstd_connection(conn: &str) -> Vec<Compressed> {
    let prefix = format!("{conn}.");
    let messages: Vec<Compressed> = ZSTD_STREAM
        .cases()
        .iter()
        .filter(|(name, _)| name.starts_with(&prefix))
        .map(|(&name, message)| {
            let mut parts = name.splitn(4, '.');
            let (file, case) = (parts.nth(2), parts.next());
            let frame = match (file, case) {
                (Some("session"), Some(case)) => SESSION.get(case),
                (Some("discord"), Some(case)) => DISCORD.get(case),
                (Some("zstd"), Some(case)) => ZSTD.get(case),
                _ => panic!("golden/zstd_stream.hex: no frame for {name}"),
            };
            Compressed { name, frame, message }
        })
        .collect();
    assert!(!messages.is_empty(), "golden/zstd_stream.hex: no connection {conn}");
    messages
}

impl File {
    const fn new(name: &'static str, text: &'static str) -> Self {
        File { name, text, cases: OnceLock::new() }
    }

    /// Every case, decoded once for the whole test binary (under Miri,
    /// decoding a file is most of a short test's time).
    pub fn cases(&'static self) -> &'static Cases {
        self.cases.get_or_init(|| parse(self.name, self.text, &[]))
    }

    /// The bytes of case `name`; panics if the file has none.
    pub fn get(&'static self, name: &str) -> &'static [u8] {
        self.cases().get(name).unwrap_or_else(|| panic!("no case {name} in golden/{}", self.name))
    }

    /// Every case but those in `skip`, which are not even decoded (each of
    /// them must be in the file); decoded anew on each call.
    pub fn cases_without(&self, skip: &[&str]) -> Cases {
        parse(self.name, self.text, skip)
    }
}

/// Parses `name HEX` lines, leaving out the names in `skip`; `#` lines are
/// comments. Panics on a malformed file, a duplicate name or a name to
/// skip that is not there, since then the oracle itself is broken.
fn parse(file: &str, text: &'static str, skip: &[&str]) -> Cases {
    let mut out = BTreeMap::new();
    let mut skipped = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (name, hex) =
            line.split_once(' ').unwrap_or_else(|| panic!("golden/{file}: malformed line {line:?}"));
        if skip.contains(&name) {
            assert!(!skipped.contains(&name), "golden/{file}: duplicate case {name}");
            skipped.push(name);
            continue;
        }
        let bytes = from_hex(hex).unwrap_or_else(|| panic!("golden/{file}: bad hex for case {name}"));
        assert!(out.insert(name, bytes).is_none(), "golden/{file}: duplicate case {name}");
    }
    assert_eq!(skipped.len(), skip.len(), "golden/{file}: cases to skip {skip:?}, found {skipped:?}");
    out
}

/// Lower-case hex (what golden/gen.escript writes) to bytes; `None` for
/// an odd length or any other character.
///
/// Sixteen digits at a time, as one `u128`: Miri interprets every step,
/// and a pair of digits at a time by `u8::from_str_radix` took about 40 s
/// of a test binary's time for commands.hex (and would take some 16
/// minutes for writer.hex). `tests/encode/golden.rs` checks this against a
/// digit at a time, for every byte at every position.
pub fn from_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    let (wide, rest) = hex.as_bytes().as_chunks::<16>();
    let mut out = Vec::with_capacity(hex.len() / 2);
    for digits in wide {
        out.extend_from_slice(&hex16(u128::from_le_bytes(*digits))?);
    }
    for pair in rest.as_chunks::<2>().0 {
        out.push(nibble(pair[0])? << 4 | nibble(pair[1])?);
    }
    Some(out)
}

/// One lower-case hex digit's value.
fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    }
}

/// Sixteen lower-case hex digits, the first in the low byte of `digits`,
/// to eight bytes; `None` if any is not one.
fn hex16(digits: u128) -> Option<[u8; 8]> {
    const ONES: u128 = u128::from_le_bytes([1; 16]);
    const EVEN: u128 =
        u128::from_le_bytes([0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0]);
    // Each byte's value if it is a digit: its low nibble, plus 9 if it is
    // in the letters' column ('a' is 0x61). At most 15 + 9, so no carry
    // reaches the next byte; over 15 is no digit.
    let value = (digits & (ONES * 0x0f)) + ((digits >> 6) & ONES) * 9;
    if value & (ONES * 0xf0) != 0 {
        return None;
    }
    // Each value written back as a lower-case digit: '0' + v, and 39 more
    // from 10 on ('a' - '0' - 10). Only a digit comes back as itself.
    let letter = ((value + ONES * 6) >> 4) & ONES;
    if value + ONES * u128::from(b'0') + letter * 39 != digits {
        return None;
    }
    // Pairs of nibbles to bytes, then the bytes side by side.
    let b = ((value << 4) | (value >> 8)) & EVEN;
    let b = (b | (b >> 8)) & 0x0000_ffff_0000_ffff_0000_ffff_0000_ffff;
    let b = (b | (b >> 16)) & 0x0000_0000_ffff_ffff_0000_0000_ffff_ffff;
    Some(((b | (b >> 32)) as u64).to_le_bytes())
}

/// Lower-case hex, as in the golden files.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A report of how `ours` differs from Erlang's `expected`: the first
/// differing byte, and the hex of both (cut around that byte when long).
pub fn describe_mismatch(name: &str, expected: &[u8], ours: &[u8]) -> String {
    const SHOW: usize = 200;
    let first = expected.iter().zip(ours).position(|(a, b)| a != b).unwrap_or(expected.len().min(ours.len()));
    let start = first.saturating_sub(16);
    let cut = |b: &[u8]| {
        let end = b.len().min(start + SHOW);
        let body = to_hex(b.get(start..end).unwrap_or_default());
        let pre = if start > 0 { "…" } else { "" };
        let post = if end < b.len() { "…" } else { "" };
        format!("{pre}{body}{post}")
    };
    format!(
        "{name}: first difference at byte {first} (erlang {} bytes, ours {} bytes)\n  erlang: {}\n  ours:   {}",
        expected.len(),
        ours.len(),
        cut(expected),
        cut(ours)
    )
}
