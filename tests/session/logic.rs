//! The bot's session state machine (examples/support/session.rs) without a
//! network: events in, reactions out, time given explicitly.

use std::time::{Duration, Instant};

use crate::support::frames::{self, ReadyData};
use crate::support::mock::{APPLICATION_ID, BOT};
use crate::support::session::{
    CLOSE_NORMAL, CLOSE_TO_RESUME, Config, Next, Outgoing, Reaction, Session, with_query,
};
use gateway_etf::decode::{DecodeCommand, GatewayEvent};
use gateway_etf::{Heartbeat, Intents, Resume, Snowflake};

const TOKEN: &str = "token";
const INTERVAL: Duration = Duration::from_millis(100);
const RESUME_URL: &str = "wss://gateway-us-east1-b.discord.gg";

fn session() -> Session {
    let mut config = Config::new(TOKEN, Intents::GUILDS);
    config.gateway_url = "ws://127.0.0.1:1/?v=10&encoding=etf".to_owned();
    config.reidentify_delay = Duration::from_millis(1500);
    config.jitter = false;
    Session::new(config)
}

/// Feeds a frame the mock would send.
fn feed(session: &mut Session, frame: Vec<u8>, now: Instant) -> Reaction {
    session.on_event(&GatewayEvent::decode(&frame).unwrap(), now).unwrap()
}

fn ready(seq: u64) -> Vec<u8> {
    let data = ReadyData {
        application_id: APPLICATION_ID,
        guilds: &[],
        resume_gateway_url: RESUME_URL,
        session_id: "abc",
        shard: None,
        user: BOT,
    };
    frames::ready(seq, &data).unwrap()
}

fn encoded(session: &Session, out: Outgoing) -> Vec<u8> {
    session.encode(out, &mut [0; 4096]).unwrap().to_vec()
}

#[test]
fn hello_starts_with_identify_then_resume_once_ready() {
    let mut s = session();
    let t0 = Instant::now();
    assert_eq!(s.connect_url(), "ws://127.0.0.1:1/?v=10&encoding=etf");
    assert_eq!(feed(&mut s, frames::hello(100).unwrap(), t0), Reaction::Send(Outgoing::Identify));
    assert_eq!(
        encoded(&s, Outgoing::Identify),
        gateway_etf::Command::encode(&s.identify(), &mut [0; 4096]).unwrap(),
        "Identify comes from the crate's builder"
    );
    assert_eq!(s.identify().token, TOKEN);
    assert_eq!(feed(&mut s, ready(1), t0), Reaction::Nothing);
    let kept = s.resumable().unwrap();
    assert_eq!((kept.session_id.as_str(), kept.user_id), ("abc", BOT.id));
    assert_eq!(s.connect_url(), format!("{RESUME_URL}/?v=10&encoding=etf"));

    let message = frames::MessageData {
        author: BOT,
        channel_id: Snowflake::new(1),
        content: "x",
        id: Snowflake::new(2),
    };
    feed(&mut s, frames::message_create(5, &message).unwrap(), t0);
    s.on_connected();
    assert_eq!(s.next_beat(), None, "no heartbeat before the new Hello");
    assert_eq!(feed(&mut s, frames::hello(100).unwrap(), t0), Reaction::Send(Outgoing::Resume));
    let resume = encoded(&s, Outgoing::Resume);
    assert_eq!(Resume::decode_strict(&resume).unwrap(), Resume::new(TOKEN, "abc", 5));
    assert_eq!(Heartbeat::decode_strict(&encoded(&s, Outgoing::Heartbeat)).unwrap(), Heartbeat::new(Some(5)));
}

#[test]
fn heartbeat_every_interval_and_a_missing_ack_means_a_zombie() {
    let mut s = session();
    let t0 = Instant::now();
    feed(&mut s, frames::hello(100).unwrap(), t0);
    assert_eq!(s.on_tick(t0 + INTERVAL - Duration::from_millis(1)), None);
    assert_eq!(s.on_tick(t0 + INTERVAL), Some(Reaction::Send(Outgoing::Heartbeat)));
    assert_eq!(s.next_beat(), Some(t0 + 2 * INTERVAL));
    feed(&mut s, frames::heartbeat_ack().unwrap(), t0 + INTERVAL);
    assert_eq!(s.on_tick(t0 + 2 * INTERVAL), Some(Reaction::Send(Outgoing::Heartbeat)));
    // No ACK for that one: the next tick reconnects, keeping the session.
    assert!(matches!(
        s.on_tick(t0 + 3 * INTERVAL),
        Some(Reaction::Reconnect { code: CLOSE_TO_RESUME, after: Duration::ZERO, .. })
    ));
    assert_eq!(s.next_beat(), None);
}

#[test]
fn a_late_tick_beats_once_and_restarts_the_rhythm() {
    let mut s = session();
    let t0 = Instant::now();
    feed(&mut s, frames::hello(100).unwrap(), t0);
    let late = t0 + 3 * INTERVAL + Duration::from_millis(50);
    assert_eq!(s.on_tick(late), Some(Reaction::Send(Outgoing::Heartbeat)));
    assert_eq!(s.next_beat(), Some(late + INTERVAL));
    assert_eq!(s.on_tick(late), None);
}

#[test]
fn the_first_heartbeat_is_jittered_within_one_interval() {
    let mut config = Config::new(TOKEN, Intents::GUILDS);
    config.jitter = true;
    let t0 = Instant::now();
    let firsts: Vec<Duration> = (0..20)
        .map(|_| {
            let mut s = Session::new(config.clone());
            feed(&mut s, frames::hello(100).unwrap(), t0);
            s.next_beat().unwrap() - t0
        })
        .collect();
    assert!(firsts.iter().all(|&d| d < INTERVAL), "{firsts:?}");
    assert!(firsts.iter().any(|&d| d != firsts[0]), "random, not fixed: {firsts:?}");
}

#[test]
fn gateway_heartbeat_request_and_reconnect() {
    let mut s = session();
    let t0 = Instant::now();
    assert_eq!(feed(&mut s, frames::heartbeat_request().unwrap(), t0), Reaction::Send(Outgoing::Heartbeat));
    assert!(matches!(
        feed(&mut s, frames::reconnect().unwrap(), t0),
        Reaction::Reconnect { code: CLOSE_TO_RESUME, after: Duration::ZERO, .. }
    ));
}

#[test]
fn invalid_session_forgets_only_when_not_resumable() {
    let mut s = session();
    let t0 = Instant::now();
    feed(&mut s, ready(1), t0);
    assert!(matches!(
        feed(&mut s, frames::invalid_session(true).unwrap(), t0),
        Reaction::Reconnect { code: CLOSE_TO_RESUME, .. }
    ));
    assert!(s.resumable().is_some());
    assert_eq!(
        feed(&mut s, frames::invalid_session(false).unwrap(), t0),
        Reaction::Reconnect {
            code: CLOSE_NORMAL,
            after: Duration::from_millis(1500),
            why: "invalid session, not resumable: identify again"
        }
    );
    assert_eq!((s.resumable(), s.seq()), (None, None));
    assert_eq!(s.connect_url(), "ws://127.0.0.1:1/?v=10&encoding=etf");
}

#[test]
fn close_codes_decide_between_resume_identify_and_stop() {
    let t0 = Instant::now();
    let after = |code: Option<u16>| {
        let mut s = session();
        feed(&mut s, ready(1), t0);
        let next = s.on_closed(code);
        (next, s.resumable().is_some())
    };
    assert_eq!(after(None), (Next::Reconnect(Duration::ZERO), true));
    assert_eq!(after(Some(1000)), (Next::Reconnect(Duration::ZERO), true));
    for code in [4000, 4001, 4002, 4003, 4005, 4008] {
        assert_eq!(after(Some(code)), (Next::Reconnect(Duration::ZERO), true), "{code}");
    }
    for code in [4007, 4009] {
        assert_eq!(after(Some(code)), (Next::Reconnect(Duration::ZERO), false), "{code}");
    }
    for code in [4004, 4010, 4011, 4012, 4013, 4014] {
        assert!(matches!(after(Some(code)).0, Next::Stop(_)), "{code}");
    }
}

#[test]
fn resume_urls_get_the_query() {
    assert_eq!(with_query(RESUME_URL), "wss://gateway-us-east1-b.discord.gg/?v=10&encoding=etf");
    assert_eq!(with_query("wss://gateway.discord.gg/"), "wss://gateway.discord.gg/?v=10&encoding=etf");
    assert_eq!(with_query("ws://127.0.0.1:9/resume"), "ws://127.0.0.1:9/resume?v=10&encoding=etf");
    assert_eq!(with_query("ws://h/?v=10&encoding=etf"), "ws://h/?v=10&encoding=etf");
}

#[test]
fn an_oversized_session_id_is_an_error_not_a_panic() {
    let long = "s".repeat(200);
    let data = ReadyData {
        application_id: APPLICATION_ID,
        guilds: &[],
        resume_gateway_url: RESUME_URL,
        session_id: &long,
        shard: None,
        user: BOT,
    };
    let frame = frames::ready(1, &data).unwrap();
    let mut s = session();
    assert!(s.on_event(&GatewayEvent::decode(&frame).unwrap(), Instant::now()).is_err());
    assert!(s.resumable().is_none());
}
