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

// The tests use parts of the support module that this example does not.
#[allow(dead_code)]
mod support;

use std::env;
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use support::log::Log;
use support::mock::{Control, Mock, MockConfig};

/// The token the mock accepts.
const TOKEN: &str = "mock-token";
/// How often a message is dispatched.
const MESSAGE_EVERY: Duration = Duration::from_secs(4);

fn main() -> ExitCode {
    let mut args = env::args().skip(1);
    let mut time = None;
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next().map(|v| v.parse::<u64>())) {
            ("--for", Some(Ok(secs))) => time = Some(Duration::from_secs(secs)),
            _ => {
                eprintln!("usage: mock_gateway [--for SECONDS]");
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
