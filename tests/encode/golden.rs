//! Byte-for-byte comparison with Erlang: every case of golden/*.terms was
//! turned into bytes by Erlang's term_to_binary (golden/gen.escript); the
//! same case built with this crate must produce exactly those bytes.

use crate::support::golden::{COMMANDS, Cases, WRITER, describe_mismatch};
use crate::support::{commands, golden, writer};
use gateway_etf::{Command, Error, Identify};
use std::collections::BTreeSet;

/// Fails listing every case whose bytes differ, and every name that is in
/// only one of the golden file and the Rust cases.
fn check(kind: &str, expected: &Cases, ours: Vec<(&str, Result<Vec<u8>, Error>)>) {
    let rust_names: BTreeSet<&str> = ours.iter().map(|(n, _)| *n).collect();
    assert_eq!(rust_names.len(), ours.len(), "duplicate {kind} case name in the Rust cases");
    let golden_names: BTreeSet<&str> = expected.keys().copied().collect();
    let mut problems = Vec::new();
    for name in golden_names.difference(&rust_names) {
        problems.push(format!("{name}: in golden/{kind}.hex but not built by tests/support/{kind}.rs"));
    }
    for name in rust_names.difference(&golden_names) {
        problems.push(format!("{name}: built by tests/support/{kind}.rs but not in golden/{kind}.hex"));
    }
    for (name, result) in &ours {
        let Some(want) = expected.get(name) else { continue };
        match result {
            Ok(bytes) if bytes == want => {}
            Ok(bytes) => problems.push(describe_mismatch(name, want, bytes)),
            Err(e) => problems.push(format!("{name}: encoding failed with {e:?}")),
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} {kind} cases differ from Erlang:\n{}",
        problems.len(),
        expected.len(),
        problems.join("\n")
    );
}

#[test]
fn commands_match_erlang() {
    let mut buf = [0u8; Error::MAX_PAYLOAD];
    let ours =
        commands::cases().iter().map(|c| (c.name, c.cmd.encode(&mut buf).map(<[u8]>::to_vec))).collect();
    check("commands", COMMANDS.cases(), ours);
}

/// Under Miri, all but the 64 Ki-element lists (`writer::LONG_LISTS`).
#[test]
fn writer_matches_erlang() {
    let skip: &[&str] = if cfg!(miri) { &writer::LONG_LISTS } else { &[] };
    let mut buf = vec![0u8; writer::BUF_LEN];
    let ours = writer::cases()
        .iter()
        .filter(|c| !skip.contains(&c.name))
        .map(|c| (c.name, c.run(&mut buf).map(<[u8]>::to_vec)))
        .collect();
    check("writer", &WRITER.cases_without(skip), ours);
}

/// The golden case at Discord's limit really is 4096 bytes, so the
/// PayloadTooLarge tests one byte past it test the boundary.
#[test]
fn max_payload_case_is_exactly_the_limit() {
    let golden = COMMANDS.cases();
    assert_eq!(golden["resume_max_payload"].len(), Error::MAX_PAYLOAD);
}

/// Without `.properties(..)`, Identify reports the target OS and the crate
/// name: on Linux that is exactly `identify_minimal`.
#[cfg(target_os = "linux")]
#[test]
fn default_properties_are_linux_and_crate_name() {
    let golden = COMMANDS.cases();
    let frame = Identify::new("token", commands::INTENTS).to_vec().unwrap();
    assert_eq!(frame, golden["identify_minimal"]);
}

/// `Command::write` embeds the frame without its version byte.
#[test]
fn write_is_the_frame_without_version() {
    let golden = COMMANDS.cases();
    for case in commands::cases() {
        let mut w = gateway_etf::encode::Writer::new(Vec::new());
        case.cmd.write(&mut w).unwrap();
        assert_eq!(w.into_sink(), golden[case.name][1..], "{}", case.name);
    }
}

/// The golden files' decoder, sixteen digits at a time, gives what a digit
/// at a time gives: for every ASCII character at every position, in a
/// tail, one block of 16 digits and two, and for characters of more than
/// one byte.
#[test]
fn hex_decoder_agrees_with_a_digit_at_a_time() {
    fn slow(hex: &[u8]) -> Option<Vec<u8>> {
        let digit = |d: u8| match d {
            b'0'..=b'9' => Some(d - b'0'),
            b'a'..=b'f' => Some(d - b'a' + 10),
            _ => None,
        };
        if !hex.len().is_multiple_of(2) {
            return None;
        }
        hex.chunks(2).map(|p| Some(digit(p[0])? << 4 | digit(p[1])?)).collect()
    }
    let base = b"0123456789abcdeffedcba98765432100f";
    // Under Miri (there to run the decoder on the other targets' byte
    // order), a block with a tail, and the bytes each side of each digit
    // range: every length and character took it 50 s.
    let (lens, values): (&[usize], Vec<u8>) = if cfg!(miri) {
        (&[18], b"/09:`afg".to_vec())
    } else {
        (&[0, 1, 2, 15, 16, 17, 18, 32, 34], (0..=127).collect())
    };
    for &len in lens {
        for at in 0..len {
            for &v in &values {
                let mut hex = base[..len].to_vec();
                hex[at] = v;
                let text = std::str::from_utf8(&hex).unwrap();
                assert_eq!(golden::from_hex(text), slow(&hex), "{text:?}");
            }
        }
    }
    for text in ["é0", "0123456789abcdeé", "0123456789abcdefé0", "0123456789abcd\u{7f}f"] {
        assert_eq!(golden::from_hex(text), None, "{text:?}");
    }
    let all: Vec<u8> = (0..=255).collect();
    assert_eq!(golden::from_hex(&golden::to_hex(&all)).as_deref(), Some(&all[..]));
}
