//! `to_slice`'s own writer (`src/serde/target.rs`): every string length
//! and every integer width, at every distance from the end of the buffer,
//! against the bytes the ETF specification gives for them, and the
//! `BufferFull` length when they do not fit.

use gateway_etf::serde::{Error, to_slice};
use serde::Serialize;

/// `#{<<"k">> => K, <<"n">> => N}`: a derived struct, so that the keys go
/// the way derive'd code writes them.
#[derive(Serialize)]
struct Pair<'a> {
    k: &'a str,
    n: i64,
}

/// BINARY_EXT, from the specification: tag 109, 4-byte big-endian length.
fn binary(s: &[u8]) -> Vec<u8> {
    let mut out = vec![109];
    out.extend_from_slice(&u32::try_from(s.len()).unwrap().to_be_bytes());
    out.extend_from_slice(s);
    out
}

/// The integer term `term_to_binary` writes, from the specification:
/// SMALL_INTEGER_EXT (97) for 0..=255, INTEGER_EXT (98) within `i32`, else
/// SMALL_BIG_EXT (110) with the fewest little-endian magnitude bytes.
fn integer(v: i64) -> Vec<u8> {
    if let Ok(b) = u8::try_from(v) {
        return vec![97, b];
    }
    if let Ok(i) = i32::try_from(v) {
        let mut out = vec![98];
        out.extend_from_slice(&i.to_be_bytes());
        return out;
    }
    let magnitude = v.unsigned_abs().to_le_bytes();
    let n = magnitude.iter().rposition(|&b| b != 0).unwrap() + 1;
    let mut out = vec![110, n as u8, u8::from(v < 0)];
    out.extend_from_slice(&magnitude[..n]);
    out
}

/// The frame of `Pair { k, n }` and where each of its terms ends.
fn pair_frame(k: &str, n: i64) -> (Vec<u8>, Vec<usize>) {
    let terms =
        [vec![131], vec![116, 0, 0, 0, 2], binary(b"k"), binary(k.as_bytes()), binary(b"n"), integer(n)];
    let mut frame = Vec::new();
    let mut ends = Vec::new();
    for t in terms {
        frame.extend_from_slice(&t);
        ends.push(frame.len());
    }
    (frame, ends)
}

const TEXT: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

const INTEGERS: [i64; 14] = [
    0,
    255,
    256,
    -1,
    i32::MAX as i64,
    i32::MIN as i64,
    i32::MAX as i64 + 1,
    i32::MIN as i64 - 1,
    1 << 40,
    (1 << 56) - 1,
    1 << 56,
    i64::MAX,
    -(1 << 56),
    i64::MIN,
];

#[test]
fn every_string_length_and_integer_at_every_buffer_length() {
    for len in 0..=TEXT.len() {
        let k = &TEXT[..len];
        for n in INTEGERS {
            let (frame, ends) = pair_frame(k, n);
            let mut buf = vec![0u8; frame.len() + 24];
            for size in 0..buf.len() {
                let got = to_slice(&Pair { k, n }, &mut buf[..size]);
                match ends.iter().find(|&&end| end > size) {
                    None => {
                        assert_eq!(got.unwrap(), &frame[..], "k of {len} bytes, n = {n}, buffer of {size}")
                    }
                    Some(&needed) => assert_eq!(
                        got.unwrap_err(),
                        Error::Encode(gateway_etf::Error::BufferFull { needed }),
                        "k of {len} bytes, n = {n}, buffer of {size}"
                    ),
                }
            }
        }
    }
}

#[test]
fn nothing_is_written_past_the_buffer() {
    // The buffer is a prefix of a larger one: the bytes after it stay.
    let mut outer = [0xAAu8; 64];
    let (frame, _) = pair_frame("status", 1 << 60);
    for size in 0..=frame.len() {
        outer.fill(0xAA);
        let _ = to_slice(&Pair { k: "status", n: 1 << 60 }, &mut outer[..size]);
        assert!(outer[size..].iter().all(|&b| b == 0xAA), "buffer of {size}");
    }
}
