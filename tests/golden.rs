//! Byte-for-byte comparison with Erlang: every case of golden/*.terms was
//! turned into bytes by Erlang's term_to_binary (golden/gen.escript); the
//! same case built with this crate must produce exactly those bytes.

mod common;

use common::golden::describe_mismatch;
use common::{commands, golden, writer};
use gateway_etf::{Command, Error, Identify};
use std::collections::BTreeSet;

/// Fails listing every case whose bytes differ, and every name that is in
/// only one of the golden file and the Rust cases.
fn check(
    kind: &str,
    expected: &std::collections::BTreeMap<&str, Vec<u8>>,
    ours: Vec<(&str, Result<Vec<u8>, Error>)>,
) {
    let rust_names: BTreeSet<&str> = ours.iter().map(|(n, _)| *n).collect();
    assert_eq!(rust_names.len(), ours.len(), "duplicate {kind} case name in the Rust cases");
    let golden_names: BTreeSet<&str> = expected.keys().copied().collect();
    let mut problems = Vec::new();
    for name in golden_names.difference(&rust_names) {
        problems.push(format!("{name}: in golden/{kind}.hex but not built by tests/common/{kind}.rs"));
    }
    for name in rust_names.difference(&golden_names) {
        problems.push(format!("{name}: built by tests/common/{kind}.rs but not in golden/{kind}.hex"));
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
    check("commands", &golden::commands(), ours);
}

#[test]
fn writer_matches_erlang() {
    let mut buf = vec![0u8; writer::BUF_LEN];
    let ours = writer::cases().iter().map(|c| (c.name, c.run(&mut buf).map(<[u8]>::to_vec))).collect();
    check("writer", &golden::writer(), ours);
}

/// The golden case at Discord's limit really is 4096 bytes, so the
/// PayloadTooLarge tests one byte past it test the boundary.
#[test]
fn max_payload_case_is_exactly_the_limit() {
    let golden = golden::commands();
    assert_eq!(golden["resume_max_payload"].len(), Error::MAX_PAYLOAD);
}

/// Without `.properties(..)`, Identify reports the target OS and the crate
/// name: on Linux that is exactly `identify_minimal`.
#[cfg(target_os = "linux")]
#[test]
fn default_properties_are_linux_and_crate_name() {
    let golden = golden::commands();
    let frame = Identify::new("token", commands::INTENTS).to_vec().unwrap();
    assert_eq!(frame, golden["identify_minimal"]);
}

/// `Command::write` embeds the frame without its version byte.
#[test]
fn write_is_the_frame_without_version() {
    let golden = golden::commands();
    for case in commands::cases() {
        let mut w = gateway_etf::encode::Writer::new(Vec::new());
        case.cmd.write(&mut w).unwrap();
        assert_eq!(w.into_sink(), golden[case.name][1..], "{}", case.name);
    }
}
