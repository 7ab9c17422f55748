//! The readable transcript: one line per frame sent or received, decoded and
//! shown as the Erlang term it is (the decoder's `Display`), with the time
//! since the start, who speaks, the opcode or event and the size.
//!
//! ```text
//!   0.004s bot  ← Hello                       64 B  #{d => #{<<"heartbeat_interval">> => 250},op => 10,s => nil,t => nil}
//!   0.005s bot  → Identify                   160 B  #{<<"d">> => #{…,<<"token">> => <<"***">>},<<"op">> => 2}
//! ```

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

use gateway_etf::CloseCode;
use gateway_etf::decode::{GatewayEvent, decode};

/// Longer one-line renderings are spread over lines (`{:#}`).
const ONE_LINE: usize = 110;
/// Longer renderings are cut (an oversized frame is mostly padding).
const MAX_SHOWN: usize = 1500;
/// Frames longer than this are logged by name and size only (rendering a
/// megabyte GUILD_CREATE to cut it to [`MAX_SHOWN`] would be wasted work).
const MAX_RENDERED: usize = 64 * 1024;

/// Where log lines go.
type Sink = Arc<dyn Fn(&str) + Send + Sync>;

/// A transcript writer: shared clock and output, one speaker name each.
#[derive(Clone)]
pub struct Log {
    start: Instant,
    out: Option<Sink>,
    who: &'static str,
    secret: Option<String>,
}

impl Log {
    /// Lines go to standard output (captured by the test harness in tests).
    pub fn stdout() -> Log {
        Log {
            start: Instant::now(),
            out: Some(Arc::new(|line: &str| println!("{line}"))),
            who: "",
            secret: None,
        }
    }

    /// Lines are dropped.
    pub fn silent() -> Log {
        Log { start: Instant::now(), out: None, who: "", secret: None }
    }

    /// The same clock and output, under another speaker name.
    pub fn named(&self, who: &'static str) -> Log {
        Log { who, ..self.clone() }
    }

    /// Frames that carry `secret` as a string show `<<"***">>` instead.
    pub fn redacting(self, secret: &str) -> Log {
        Log { secret: Some(format!("<<\"{secret}\">>")), ..self }
    }

    fn line(&self, body: &str) {
        if let Some(out) = &self.out {
            out(&format!("{:>8.3}s {:<4} {body}", self.start.elapsed().as_secs_f64(), self.who));
        }
    }

    /// A remark that is not a frame.
    pub fn note(&self, text: &str) {
        self.line(&format!("· {text}"));
    }

    /// A frame this side sent.
    pub fn sent(&self, frame: &[u8]) {
        self.frame('→', frame);
    }

    /// A frame this side received.
    pub fn received(&self, frame: &[u8]) {
        self.frame('←', frame);
    }

    fn frame(&self, arrow: char, frame: &[u8]) {
        if self.out.is_none() {
            return;
        }
        let head = format!("{arrow} {:<24} {:>5} B  ", label(frame), frame.len());
        if frame.len() > MAX_RENDERED {
            self.line(&format!("{head}(not shown)"));
            return;
        }
        let (one_line, spread) = self.render(frame);
        if one_line.chars().count() <= ONE_LINE {
            self.line(&format!("{head}{one_line}"));
        } else {
            self.line(head.trim_end());
            let mut text = String::new();
            for l in spread.lines() {
                let _ = writeln!(text, "{:16}{l}", "");
            }
            if let Some(out) = &self.out {
                out(text.trim_end_matches('\n'));
            }
        }
    }

    /// The frame as an Erlang term, on one line and spread over lines,
    /// with the secret hidden and overlong text cut.
    fn render(&self, frame: &[u8]) -> (String, String) {
        let (one, spread) = match decode(frame) {
            Ok(term) => (format!("{term}"), format!("{term:#}")),
            Err(e) => {
                let text = format!("undecodable ({e}): {}", hex(frame));
                (text.clone(), text)
            }
        };
        let hide = |s: String| match &self.secret {
            Some(secret) => s.replace(secret.as_str(), "<<\"***\">>"),
            None => s,
        };
        (cut(hide(one)), cut(hide(spread)))
    }
}

/// What the frame is: the event name and sequence number of a dispatch,
/// else the opcode's name.
pub fn label(frame: &[u8]) -> String {
    match GatewayEvent::decode(frame) {
        Ok(GatewayEvent { seq: Some(s), name: Some(t), .. }) => format!("{t} s={s}"),
        Ok(ev) => match ev.opcode() {
            Some(op) => format!("{op:?}"),
            None => format!("op {}", ev.op),
        },
        Err(_) => "(undecodable)".to_owned(),
    }
}

/// A close code as the log shows it: `4002 Decode error` for Discord's
/// codes, the bare number for others (`1000`), or `no close frame`.
pub fn close_code(code: Option<u16>) -> String {
    match code {
        Some(c) => CloseCode::from_code(c).map_or_else(|| c.to_string(), |close| close.to_string()),
        None => "no close frame".to_owned(),
    }
}

/// At most [`MAX_SHOWN`] characters.
fn cut(s: String) -> String {
    match s.char_indices().nth(MAX_SHOWN) {
        Some((i, _)) => format!("{}… ({} more bytes)", &s[..i], s.len() - i),
        None => s,
    }
}

/// Space-separated hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}
