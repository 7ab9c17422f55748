//! Prints ETF payloads as Erlang text, both ways, for `golden/printer.sh`,
//! which has Erlang read every printout back.
//!
//! ```text
//! cargo run --example print_terms < golden-frames
//! ```
//!
//! Reads lines `NAME HEX` (a payload per line, as
//! `golden/printer.escript gen` writes them) and writes one line per
//! input line: `NAME ok COMPACT PRETTY`, the `{}` and `{:#}` printouts as
//! hexadecimal UTF-8 (the pretty one spans lines; hex keeps one frame to
//! one line whatever the text holds), or `NAME err MESSAGE` when the
//! payload does not decode.

use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;

use gateway_etf::decode;

// The golden files' hex decoder (the frames come in their `NAME HEX` form).
#[path = "../golden/golden.rs"]
mod golden;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("print_terms: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (n, line) in stdin.lines().enumerate() {
        let line = line.map_err(|e| format!("cannot read stdin: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let (name, hex) = line.split_once(' ').ok_or(format!("line {}: not `NAME HEX`", n + 1))?;
        // printer.escript writes upper-case digits, the golden files lower-case.
        let bytes =
            golden::from_hex(&hex.trim().to_ascii_lowercase()).ok_or(format!("line {}: bad hex", n + 1))?;
        let result = match decode::decode(&bytes) {
            Ok(term) => {
                writeln!(out, "{name} ok {} {}", to_hex(&format!("{term}")), to_hex(&format!("{term:#}")))
            }
            Err(e) => writeln!(out, "{name} err {e}"),
        };
        result.map_err(|e| format!("cannot write stdout: {e}"))?;
    }
    out.flush().map_err(|e| format!("cannot write stdout: {e}"))
}

fn to_hex(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02X}")).collect()
}
