//! The bot's session logic: a small state machine without I/O.
//!
//! It is told what arrived (a decoded event, a close, the time) and answers
//! with what to do: send Identify, Resume or a Heartbeat, reconnect, or
//! stop. [`client`](super::client) does the network part.
//!
//! - Hello: start heartbeating (first beat after `interval × jitter`), then
//!   Identify, or Resume when a session is kept.
//! - Every dispatch: keep its sequence number; READY: keep the session.
//! - Heartbeat request: beat now. A beat without an ACK since the last one:
//!   the connection is a zombie, reconnect and resume.
//! - Reconnect, a dropped connection, Invalid Session (resumable): connect
//!   to `resume_gateway_url` and resume.
//! - Invalid Session (not resumable): forget the session, wait a little,
//!   connect to the gateway URL and identify afresh.
//!
//! The state is the crate's types: the sequence number is what
//! [`Heartbeat`] and [`Resume`] carry, the user a [`Snowflake`], and the
//! session id and resume URL fixed-capacity `heapless` strings.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::time::{Duration, Instant};

use gateway_etf::decode::{Event, GatewayEvent};
use gateway_etf::{
    CloseCode, Command, ConnectionProperties, Heartbeat, Identify, Intents, Resume, ShardId, Snowflake,
};

use super::client::Error;
use super::compress::Compression;

/// Discord's gateway.
pub const DISCORD_GATEWAY: &str = "wss://gateway.discord.gg/?v=10&encoding=etf";
/// The query every connection needs: API v10, ETF.
pub const QUERY: &str = "v=10&encoding=etf";
/// The close code for "reconnecting, keep my session" (any code but 1000
/// and 1001, which end the session).
pub const CLOSE_TO_RESUME: u16 = 4000;
/// The close code for "done": Discord ends the session.
pub const CLOSE_NORMAL: u16 = 1000;

/// Who the bot is and where it connects.
#[derive(Debug, Clone)]
pub struct Config {
    /// The bot token.
    pub token: String,
    /// The events to receive.
    pub intents: Intents,
    /// The shard, if the bot is sharded.
    pub shard: Option<ShardId>,
    /// The gateway URL, with `?v=10&encoding=etf`.
    pub gateway_url: String,
    /// How long to wait before identifying again after a non-resumable
    /// Invalid Session (Discord asks for 1–5 s).
    pub reidentify_delay: Duration,
    /// Whether the first heartbeat waits `interval × random` (Discord's
    /// rule) rather than a whole interval.
    pub jitter: bool,
    /// Transport compression, asked for in every URL connected to.
    pub compression: Compression,
}

impl Config {
    /// A configuration for Discord itself: its gateway, a 1–5 s re-identify
    /// delay and jittered heartbeats.
    pub fn new(token: &str, intents: Intents) -> Config {
        Config {
            token: token.to_owned(),
            intents,
            shard: None,
            gateway_url: DISCORD_GATEWAY.to_owned(),
            reidentify_delay: Duration::from_millis(1000 + random_below(4000)),
            jitter: true,
            compression: Compression::None,
        }
    }
}

/// What a session keeps to resume: from READY.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resumable {
    /// `session_id` for Resume.
    pub session_id: heapless::String<128>,
    /// Where to resume.
    pub resume_gateway_url: heapless::String<256>,
    /// The bot's own user.
    pub user_id: Snowflake,
}

/// A command the session wants sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outgoing {
    /// Identify (op 2).
    Identify,
    /// Resume (op 6).
    Resume,
    /// Heartbeat (op 1) with the last sequence number.
    Heartbeat,
}

/// What to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reaction {
    /// Nothing.
    Nothing,
    /// Send this command.
    Send(Outgoing),
    /// Close with `code`, then connect again after `after`.
    Reconnect {
        /// The close code to send.
        code: u16,
        /// How long to wait before connecting.
        after: Duration,
        /// Why, for the log.
        why: &'static str,
    },
}

/// What to do once the connection is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Connect again after this delay.
    Reconnect(Duration),
    /// Give up: reconnecting would fail the same way.
    Stop(String),
}

/// The heartbeat timer of one connection.
#[derive(Debug, Clone, Copy)]
struct Beat {
    interval: Duration,
    next: Instant,
    acked: bool,
}

/// The session state machine.
#[derive(Debug, Clone)]
pub struct Session {
    config: Config,
    resumable: Option<Resumable>,
    seq: Option<u64>,
    beat: Option<Beat>,
}

impl Session {
    /// A session that has not connected yet.
    pub fn new(config: Config) -> Session {
        Session { config, resumable: None, seq: None, beat: None }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The kept session, once READY arrived.
    pub fn resumable(&self) -> Option<&Resumable> {
        self.resumable.as_ref()
    }

    /// The sequence number of the last dispatch.
    pub fn seq(&self) -> Option<u64> {
        self.seq
    }

    /// Where to connect: the resume URL when there is a session to resume,
    /// else the gateway.
    pub fn connect_url(&self) -> String {
        let url = match &self.resumable {
            Some(r) => with_query(&r.resume_gateway_url),
            None => self.config.gateway_url.clone(),
        };
        if url.contains("compress=") { url } else { url + &self.config.compression.query() }
    }

    /// A new connection is open: no heartbeat until its Hello.
    pub fn on_connected(&mut self) {
        self.beat = None;
    }

    /// Reacts to a received payload.
    pub fn on_event(&mut self, event: &GatewayEvent<'_>, now: Instant) -> Result<Reaction, Error> {
        Ok(match event.event()? {
            Event::Hello(hello) => {
                let first = if self.config.jitter { jittered(hello.interval()) } else { hello.interval() };
                self.beat = Some(Beat { interval: hello.interval(), next: now + first, acked: true });
                Reaction::Send(if self.resumable.is_some() { Outgoing::Resume } else { Outgoing::Identify })
            }
            Event::Dispatch(dispatch) => {
                self.seq = Some(dispatch.seq);
                if dispatch.name == "READY" {
                    let ready = dispatch.ready()?;
                    self.resumable = Some(Resumable {
                        session_id: bounded(ready.session_id, "session_id")?,
                        resume_gateway_url: bounded(ready.resume_gateway_url, "resume_gateway_url")?,
                        user_id: ready.user_id,
                    });
                }
                Reaction::Nothing
            }
            Event::Heartbeat => Reaction::Send(Outgoing::Heartbeat),
            Event::HeartbeatAck => {
                if let Some(beat) = &mut self.beat {
                    beat.acked = true;
                }
                Reaction::Nothing
            }
            Event::Reconnect => Reaction::Reconnect {
                code: CLOSE_TO_RESUME,
                after: Duration::ZERO,
                why: "the gateway asked to reconnect",
            },
            Event::InvalidSession { resumable: true } => Reaction::Reconnect {
                code: CLOSE_TO_RESUME,
                after: Duration::ZERO,
                why: "invalid session, resumable",
            },
            Event::InvalidSession { resumable: false } => {
                self.forget();
                Reaction::Reconnect {
                    code: CLOSE_NORMAL,
                    after: self.config.reidentify_delay,
                    why: "invalid session, not resumable: identify again",
                }
            }
            _ => Reaction::Nothing,
        })
    }

    /// When the next heartbeat is due, if heartbeating.
    pub fn next_beat(&self) -> Option<Instant> {
        self.beat.map(|b| b.next)
    }

    /// A heartbeat when one is due, or a reconnect when the last one got no
    /// ACK; `None` before then.
    pub fn on_tick(&mut self, now: Instant) -> Option<Reaction> {
        let beat = self.beat.as_mut().filter(|b| now >= b.next)?;
        if !beat.acked {
            self.beat = None;
            return Some(Reaction::Reconnect {
                code: CLOSE_TO_RESUME,
                after: Duration::ZERO,
                why: "no heartbeat ACK: zombie connection",
            });
        }
        beat.acked = false;
        // A late beat (the caller did not poll) restarts the rhythm from now.
        beat.next =
            if beat.next + beat.interval > now { beat.next + beat.interval } else { now + beat.interval };
        Some(Reaction::Send(Outgoing::Heartbeat))
    }

    /// The connection is gone (`code`: the close code the gateway sent,
    /// `None` when it just dropped).
    pub fn on_closed(&mut self, code: Option<u16>) -> Next {
        self.beat = None;
        match code.and_then(CloseCode::from_code) {
            Some(close) if !close.can_reconnect() => Next::Stop(format!("closed with {close}")),
            Some(close) if !close.can_resume() => {
                self.forget();
                Next::Reconnect(Duration::ZERO)
            }
            _ => Next::Reconnect(Duration::ZERO),
        }
    }

    /// Drops the session: the next connection identifies.
    pub fn forget(&mut self) {
        self.resumable = None;
        self.seq = None;
    }

    /// The Identify this bot sends.
    pub fn identify(&self) -> Identify<'_> {
        let mut identify = Identify::new(&self.config.token, self.config.intents)
            .properties(ConnectionProperties::new(std::env::consts::OS, "gateway-etf", "gateway-etf"));
        if let Some(shard) = self.config.shard {
            identify = identify.shard(shard);
        }
        identify
    }

    /// Writes a command into the fixed buffer with the crate's encoder.
    pub fn encode<'b>(&self, out: Outgoing, buf: &'b mut [u8; 4096]) -> Result<&'b [u8], gateway_etf::Error> {
        match (out, &self.resumable) {
            (Outgoing::Heartbeat, _) => Heartbeat::new(self.seq).encode(buf),
            (Outgoing::Resume, Some(r)) => {
                Resume::new(&self.config.token, &r.session_id, self.seq.unwrap_or(0)).encode(buf)
            }
            (Outgoing::Identify | Outgoing::Resume, _) => self.identify().encode(buf),
        }
    }
}

/// Copies a string into a fixed-capacity one, or fails naming the field.
fn bounded<const N: usize>(s: &str, field: &str) -> Result<heapless::String<N>, Error> {
    heapless::String::try_from(s).map_err(|_| Error::Protocol(format!("READY {field} is over {N} bytes")))
}

/// A resume URL with the query the gateway needs: Discord's comes as a bare
/// `wss://host`.
pub fn with_query(url: &str) -> String {
    if url.contains('?') {
        return url.to_owned();
    }
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let slash = if after_scheme.contains('/') { "" } else { "/" };
    format!("{url}{slash}?{QUERY}")
}

/// `interval × r` for a random r in [0, 1).
fn jittered(interval: Duration) -> Duration {
    interval.mul_f64(random_below(1 << 20) as f64 / (1 << 20) as f64)
}

/// A random number below `n`, from the standard library's hash seed.
fn random_below(n: u64) -> u64 {
    RandomState::new().hash_one(Instant::now()) % n.max(1)
}
