//! Prints an ETF payload as an Erlang term.
//!
//! ```text
//! cargo run --example inspect -- [--compact] [FILE]
//! ```
//!
//! FILE (or standard input when it is absent or `-`) holds the payload
//! as raw bytes (starting with the version byte 131), as hexadecimal
//! text (whitespace anywhere, an optional `0x`), or as an Erlang binary
//! `<<131,116,...>>` the way `erl` prints one. The term is printed with
//! one element per line where it nests (`--compact`: on one line); for a
//! gateway payload an `%%` line sums up the envelope. Malformed input is
//! reported with its offset and the bytes around it.

use std::io::Read;
use std::process::ExitCode;

use gateway_etf::Opcode;
use gateway_etf::decode::{self, GatewayEvent};

const USAGE: &str = "usage: inspect [--compact] [FILE]\n\
    Reads an ETF payload (raw bytes, hex text, or <<131,...>>) from FILE or stdin\n\
    and prints it as an Erlang term.";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut compact = false;
    let mut path = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--compact" | "-c" => compact = true,
            "--help" | "-h" => return Err(USAGE.to_string()),
            _ if path.is_none() => path = Some(arg),
            _ => return Err(format!("unexpected argument {arg:?}\n{USAGE}")),
        }
    }
    let input = match path.as_deref() {
        None | Some("-") => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read stdin: {e}"))?;
            buf
        }
        Some(p) => std::fs::read(p).map_err(|e| format!("cannot read {p}: {e}"))?,
    };
    let bytes = payload(&input)?;
    let term = decode::decode(&bytes).map_err(|e| report(&bytes, e))?;
    if let Ok(event) = GatewayEvent::decode(&bytes) {
        println!("{}", summary(&event));
    }
    if compact {
        println!("{term}");
    } else {
        println!("{term:#}");
    }
    Ok(())
}

/// The payload bytes: raw, hex, or an Erlang binary literal.
fn payload(input: &[u8]) -> Result<Vec<u8>, String> {
    if input.first() == Some(&131) {
        return Ok(input.to_vec());
    }
    let text = std::str::from_utf8(input)
        .map_err(|_| "input is neither ETF (first byte 131) nor text (hex or <<...>>)".to_string())?;
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("empty input".to_string());
    }
    if let Some(inner) = trimmed.strip_prefix("<<").and_then(|t| t.strip_suffix(">>")) {
        return inner
            .split(',')
            .enumerate()
            .map(|(i, n)| {
                n.trim()
                    .parse::<u8>()
                    .map_err(|_| format!("byte {i} of <<...>> is not 0..255: {:?}", n.trim()))
            })
            .collect();
    }
    hex(trimmed)
}

/// Hexadecimal digits, whitespace ignored, `0x` prefixes allowed.
fn hex(text: &str) -> Result<Vec<u8>, String> {
    let mut digits = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c == '0' && matches!(chars.peek(), Some((_, 'x' | 'X'))) {
            chars.next();
            continue;
        }
        let d = c.to_digit(16).ok_or_else(|| format!("not a hex digit: {c:?} at character {i}"))?;
        digits.push(d as u8);
    }
    if digits.len() % 2 == 1 {
        return Err(format!("odd number of hex digits ({})", digits.len()));
    }
    Ok(digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect())
}

/// The error, with the bytes around its offset.
fn report(bytes: &[u8], err: decode::Error) -> String {
    let mut out = format!("error: {err}");
    if let Some(offset) = err.offset() {
        let start = offset.saturating_sub(8);
        let end = (offset + 9).min(bytes.len());
        let mut line = format!("\n  bytes {start}..{end}:");
        let mut caret = " ".repeat(line.len() - 1);
        for (i, b) in bytes.iter().enumerate().take(end).skip(start) {
            let cell = format!(" {b:02x}");
            caret += if i == offset { "  ^" } else { "   " };
            line += &cell;
        }
        if offset >= bytes.len() {
            line += " <end>";
            caret += "  ^";
        }
        out += &line;
        out += "\n";
        out += &caret;
    }
    out + &format!("\n  ({} bytes in all)", bytes.len())
}

/// One line about a gateway envelope.
fn summary(ev: &GatewayEvent<'_>) -> String {
    let mut s = format!("%% op {}", ev.op);
    if let Some(op) = ev.opcode() {
        s += &format!(" ({op:?})");
    }
    if let Some(name) = ev.name {
        s += &format!(", t {name}");
    }
    if let Some(seq) = ev.seq {
        s += &format!(", s {seq}");
    }
    if ev.opcode() == Some(Opcode::Hello)
        && let Ok(h) = ev.hello()
    {
        s += &format!(", heartbeat every {} ms", h.heartbeat_interval);
    }
    s
}
