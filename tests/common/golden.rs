//! Reads the expected bytes that golden/gen.escript got from Erlang.

use std::collections::BTreeMap;

/// `golden/commands.hex`: every command frame, by case name.
pub fn commands() -> BTreeMap<&'static str, Vec<u8>> {
    parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/golden/commands.hex")))
}

/// `golden/writer.hex`: single terms for the Writer, by case name.
pub fn writer() -> BTreeMap<&'static str, Vec<u8>> {
    parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/golden/writer.hex")))
}

/// Parses `name HEX` lines; `#` lines are comments. Panics on a malformed
/// file or a duplicate name, since then the oracle itself is broken.
fn parse(text: &'static str) -> BTreeMap<&'static str, Vec<u8>> {
    let mut out = BTreeMap::new();
    for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (name, hex) = line.split_once(' ').unwrap_or_else(|| panic!("malformed golden line {line:?}"));
        let bytes = from_hex(hex).unwrap_or_else(|| panic!("bad hex for golden case {name}"));
        assert!(out.insert(name, bytes).is_none(), "duplicate golden case {name}");
    }
    out
}

fn from_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()).collect()
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
