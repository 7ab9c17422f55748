//! The strict mock gateway on its own, for pointing any client at it.
//!
//! ```sh
//! cargo run --example mock_gateway                    # prints its URL, serves until Ctrl-C
//! cargo run --example bot -- --url 'ws://127.0.0.1:PORT/?v=10&encoding=etf' --token mock-token --for 10
//! ```
//!
//! It accepts the token `mock-token`, sends Hello with a one-second
//! heartbeat interval and, once a session is open, a MESSAGE_CREATE or an
//! INTERACTION_CREATE (a member running `/echo`) by turns every few seconds, and closes with Discord's code on the first broken rule (see
//! `examples/support/mock.rs`).
//!
//! With `--control stdin` it dispatches nothing by itself: a script drives
//! it with one command per line on its standard input (see [`control`]),
//! reads the URL from the first line of its standard output, and asks for
//! its record (`record`, answered by one line `record {JSON}`) to check
//! what the gateway saw. `wasm/bot.mjs` runs a whole session this way.

// The tests use parts of the support module that this example does not.
#[allow(dead_code)]
mod support;

use std::env;
use std::io::{self, BufRead};
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use support::log::Log;
use support::mock::{Control, Mock, MockConfig, Record, Seen};

/// The token the mock accepts.
const TOKEN: &str = "mock-token";
/// How often a message is dispatched.
const MESSAGE_EVERY: Duration = Duration::from_secs(4);

fn main() -> ExitCode {
    let mut args = env::args().skip(1);
    let mut time = None;
    let mut from_stdin = false;
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--for", Some(secs)) if secs.parse::<u64>().is_ok() => {
                time = secs.parse().ok().map(Duration::from_secs);
            }
            ("--control", Some(source)) if source == "stdin" => from_stdin = true,
            _ => {
                eprintln!("usage: mock_gateway [--for SECONDS] [--control stdin]");
                return ExitCode::FAILURE;
            }
        }
    }
    let config = MockConfig::new(TOKEN, Duration::from_secs(1), Log::stdout().named("mock"));
    let mock = match Mock::start(config) {
        Ok(mock) => mock,
        Err(e) => {
            eprintln!("mock_gateway: cannot listen on 127.0.0.1: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("mock gateway at {}  (token: {TOKEN})", mock.url());
    if from_stdin {
        return control::serve(&mock, io::stdin().lock());
    }
    let end = time.map(|t| Instant::now() + t);
    let mut sent = 0;
    while end.is_none_or(|end| Instant::now() < end) {
        thread::sleep(
            MESSAGE_EVERY.min(end.map_or(MESSAGE_EVERY, |e| e.saturating_duration_since(Instant::now()))),
        );
        if !mock.record().sessions.is_empty() {
            sent += 1;
            mock.control(if sent % 2 == 1 {
                Control::Message(format!("message {sent} from the mock gateway"))
            } else {
                Control::Echo(format!("dispatch {sent}"))
            });
        }
    }
    ExitCode::SUCCESS
}

/// The mock driven line by line from standard input:
///
/// | line | what the mock does |
/// |---|---|
/// | `message TEXT` | dispatches a MESSAGE_CREATE |
/// | `echo TEXT` | dispatches an INTERACTION_CREATE, `/echo text:TEXT` |
/// | `drop N` | drops the connection; N messages are dispatched meanwhile |
/// | `reconnect` | sends Reconnect (op 7) |
/// | `invalid-session` / `invalid-session resumable` | sends Invalid Session (op 9) |
/// | `heartbeat` | asks for a heartbeat (op 1) |
/// | `guild-create MEMBERS PIECES` | dispatches a GUILD_CREATE, in PIECES messages when compressed |
/// | `record` | prints `record {JSON}`: what it saw (see [`summary`]) |
/// | `stop`, or the end of input | stops |
///
/// A line it does not understand prints `error …` and is otherwise
/// ignored.
mod control {
    use super::*;

    /// Carries out every line of `input`, then stops the mock.
    pub fn serve(mock: &Mock, input: impl BufRead) -> ExitCode {
        for line in input.lines() {
            let Ok(line) = line else { break };
            let (word, rest) = line.trim().split_once(' ').unwrap_or((line.trim(), ""));
            match (word, rest) {
                ("record", "") => println!("record {}", summary(&mock.record())),
                ("stop", "") => break,
                _ => match parse(word, rest) {
                    Some(control) => mock.control(control),
                    None => println!("error: not a control line: {line:?}"),
                },
            }
        }
        ExitCode::SUCCESS
    }

    /// The control a line asks for.
    fn parse(word: &str, rest: &str) -> Option<Control> {
        let numbers = || rest.split(' ').map(|n| n.parse::<usize>().ok()).collect::<Option<Vec<_>>>();
        Some(match (word, rest) {
            ("message", text) => Control::Message(text.to_owned()),
            ("echo", text) => Control::Echo(text.to_owned()),
            ("drop", _) => {
                let [n] = numbers()?[..] else { return None };
                Control::Drop { missed: (1..=n).map(|i| format!("missed message {i} of {n}")).collect() }
            }
            ("reconnect", "") => Control::Reconnect,
            ("invalid-session", "") => Control::InvalidSession { resumable: false },
            ("invalid-session", "resumable") => Control::InvalidSession { resumable: true },
            ("heartbeat", "") => Control::RequestHeartbeat,
            ("guild-create", _) => {
                let [members, pieces] = numbers()?[..] else { return None };
                Control::GuildCreate { members, pieces }
            }
            _ => return None,
        })
    }

    /// The record as one line of JSON: `connections` (request paths),
    /// `sessions` (ids READY started), `identifies` (count), `heartbeats`
    /// (each `d`), `resumes` (`session_id`, `seq`), `closes` (the mock's:
    /// `code`, `reason`, `commands`) and `client_closes` (the bot's codes,
    /// `null` for a dropped connection).
    pub fn summary(record: &Record) -> serde_json::Value {
        let identifies = record.seen.iter().filter(|s| matches!(s, Seen::Identify { .. })).count();
        let resumes: Vec<_> = record
            .seen
            .iter()
            .filter_map(|s| match s {
                Seen::Resume { session_id, seq } => {
                    Some(serde_json::json!({"session_id": session_id, "seq": seq}))
                }
                _ => None,
            })
            .collect();
        let closes: Vec<_> = record
            .closes
            .iter()
            .map(|c| serde_json::json!({"code": c.code.code(), "reason": c.reason, "commands": c.commands}))
            .collect();
        serde_json::json!({
            "connections": record.connections,
            "sessions": record.sessions,
            "identifies": identifies,
            "heartbeats": record.heartbeats(),
            "resumes": resumes,
            "closes": closes,
            "client_closes": record.client_closes,
        })
    }
}
