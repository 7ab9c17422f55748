//! Whole gateway sessions over real sockets on 127.0.0.1: the example's
//! bot (examples/support/client.rs and session.rs) against the strict mock
//! gateway (examples/support/mock.rs). Heartbeats every 100 ms; every wait
//! is bounded; each test's mock thread is joined when the test ends.

use std::cell::Cell;
use std::time::{Duration, Instant};

use crate::support::client::{Client, Error, Frame, Step};
use crate::support::compress::Compression;
use crate::support::events;
use crate::support::frames;
use crate::support::log::Log;
use crate::support::mock::{self, Control, Mock, MockConfig, Seen};
use crate::support::session::Config;
use crate::support::ws::{self, Incoming};
use gateway_etf::CloseCode as GatewayClose;
use gateway_etf::decode::{ClientCommand, DecodeCommand, Event};
use gateway_etf::{
    Activity, ActivityType, Command, Heartbeat, Identify, Intents, Opcode, RequestGuildMembers, Resume,
    ShardId, Snowflake, Status, UpdatePresence,
};

const TOKEN: &str = "test-token";
const INTERVAL: Duration = Duration::from_millis(100);
/// The longest any one wait in a test may take.
const WAIT: Duration = Duration::from_secs(3);

fn intents() -> Intents {
    Intents::GUILDS | Intents::GUILD_MESSAGES
}

thread_local! {
    /// The transport compression the bots of the running test ask for:
    /// each test that runs a bot runs once per option ([`each_compression`]),
    /// each on a thread of its own.
    static COMPRESSION: Cell<Compression> = const { Cell::new(Compression::None) };
}

/// Generates `none::T`, `zlib_stream::T` and `zstd_stream::T` for each
/// test body `T`, running it with that transport compression.
macro_rules! each_compression {
    ($($test:ident),* $(,)?) => {
        each_compression!(@in none, None, $($test),*);
        each_compression!(@in zlib_stream, ZlibStream, $($test),*);
        each_compression!(@in zstd_stream, ZstdStream, $($test),*);
    };
    (@in $module:ident, $compression:ident, $($test:ident),*) => {
        mod $module {
            $(
                #[test]
                fn $test() {
                    super::COMPRESSION.set(super::Compression::$compression);
                    super::$test();
                }
            )*
        }
    };
}

each_compression!(
    full_session_identify_ready_heartbeats_presence_and_members,
    an_interaction_reaches_the_bots_own_types,
    dropped_connection_resumes_at_the_resume_url_and_gets_the_missed_events,
    reconnect_request_closes_without_ending_the_session_and_resumes,
    invalid_session_not_resumable_identifies_afresh_after_a_delay,
    invalid_session_resumable_resumes,
    gateway_heartbeat_request_is_answered_at_once,
    missed_heartbeats_close_with_4009_and_the_bot_identifies_again,
    atom_key_closes_with_4002,
    undecodable_frame_closes_with_4002,
    oversized_frame_closes_with_4002,
    unknown_opcode_closes_with_4001,
    missing_field_closes_with_4001,
    second_identify_closes_with_4005,
    resume_on_an_identified_connection_closes_with_4005,
    the_121st_command_in_a_minute_closes_with_4008,
    identify_checks_token_intents_and_shard,
    a_url_without_v10_closes_with_4012,
    a_large_guild_create_arrives_whole,
);

/// What the running test's bots append to their URLs' query.
fn compressed() -> String {
    COMPRESSION.get().query()
}

/// A mock with `mock` adjusted and a bot for it with `bot` adjusted (and
/// the test's transport compression).
fn start_with(mock: impl FnOnce(&mut MockConfig), bot: impl FnOnce(&mut Config)) -> (Mock, Client) {
    let log = Log::stdout();
    let mut mock_config = MockConfig::new(TOKEN, INTERVAL, log.named("mock"));
    mock(&mut mock_config);
    let gateway = Mock::start(mock_config).expect("the mock listens on 127.0.0.1");
    let mut config = Config::new(TOKEN, intents());
    config.gateway_url = gateway.url();
    config.reidentify_delay = Duration::from_millis(100);
    config.compression = COMPRESSION.get();
    bot(&mut config);
    (gateway, Client::new(config, log.named("bot")))
}

fn start() -> (Mock, Client) {
    start_with(|_| {}, |_| {})
}

/// Runs the bot until a dispatch named `name`.
fn until_dispatch(bot: &mut Client, name: &str) -> Vec<Step> {
    bot.run_until(WAIT, |s| s.is_dispatch(name)).unwrap_or_else(|e| panic!("waiting for {name}: {e}"))
}

/// Runs the bot until the connection ends; returns the close code.
fn until_disconnected(bot: &mut Client) -> Option<u16> {
    let steps = bot.run_until(WAIT, |s| s.disconnect_code().is_some()).expect("a disconnection");
    steps.last().and_then(Step::disconnect_code).flatten()
}

/// Whether a step is part of the heartbeat, which runs at its own pace.
fn is_beat(step: &Step) -> bool {
    step.is_sent(Opcode::Heartbeat) || step.is_received(Opcode::HeartbeatAck)
}

/// The steps without the heartbeat's, for checking their order.
fn plot(steps: &[Step]) -> Vec<Step> {
    steps.iter().filter(|s| !is_beat(s)).cloned().collect()
}

/// The frames the bot sent of its own accord, decoded.
fn sent_all<'s>(steps: &'s [Step]) -> impl Iterator<Item = ClientCommand<'s>> {
    steps.iter().filter_map(|s| match s {
        Step::Sent(frame) => {
            Some(ClientCommand::decode_strict(frame.bytes()).expect("the bot's frames are valid"))
        }
        _ => None,
    })
}

/// The `d` of each heartbeat the bot sent.
fn beats(steps: &[Step]) -> Vec<Option<u64>> {
    sent_all(steps)
        .filter_map(|c| if let ClientCommand::Heartbeat(h) = c { Some(h.seq) } else { None })
        .collect()
}

/// The commands other than Heartbeat the bot sent of its own accord.
fn sent<'s>(steps: &'s [Step]) -> impl Iterator<Item = ClientCommand<'s>> {
    sent_all(steps).filter(|c| !matches!(c, ClientCommand::Heartbeat(_)))
}

/// The received dispatches: (name, seq).
fn dispatches(steps: &[Step]) -> Vec<(String, u64)> {
    steps
        .iter()
        .filter_map(|s| match s {
            Step::Received(f) => Some((f.name()?.to_owned(), f.seq()?)),
            _ => None,
        })
        .collect()
}

/// The `content` of a MESSAGE_CREATE.
fn content(frame: &Frame) -> String {
    let event = frame.event().unwrap();
    event.data.and_then(|d| d.get("content")).and_then(|c| c.as_str().ok()).unwrap_or_default().to_owned()
}

fn full_session_identify_ready_heartbeats_presence_and_members() {
    let (mock, mut bot) = start_with(|_| {}, |c| c.shard = Some(ShardId::new(0, 1).unwrap()));
    let mut steps = until_dispatch(&mut bot, "READY");
    let order = plot(&steps);
    assert_eq!(order[0], Step::Connected { url: mock.url() + &compressed() });
    assert!(order[1].is_received(Opcode::Hello));
    assert!(
        matches!(sent(&steps).next(), Some(ClientCommand::Identify(i)) if i.token == TOKEN && i.intents == intents())
    );
    let resumable = bot.session().resumable().expect("READY kept the session").clone();
    assert_eq!(resumable.session_id, "mock-session-1");
    assert_eq!(resumable.resume_gateway_url, format!("{}/resume", mock.base()).as_str());
    assert_eq!(resumable.user_id, mock::BOT.id);

    let activities = [Activity::new("with ETF", ActivityType::Playing)];
    bot.send(&UpdatePresence::new(Status::Idle).activities(&activities).since(Some(1)).afk(true)).unwrap();
    let asked = [mock::ROSTER[0].id, Snowflake::new(42)];
    bot.send(&RequestGuildMembers::user_ids(mock::GUILD_ID, &asked).nonce("n-1")).unwrap();
    let chunk_steps = until_dispatch(&mut bot, "GUILD_MEMBERS_CHUNK");
    let Some(Step::Received(chunk)) = chunk_steps.last() else { unreachable!() };
    let event = chunk.event().unwrap();
    let Event::Dispatch(d) = event.event().unwrap() else { panic!("not a dispatch") };
    assert_eq!(d.seq, 2);
    assert_eq!(d.data.get("nonce").unwrap().as_str().unwrap(), "n-1");
    assert_eq!(d.data.get("members").unwrap().as_list().unwrap().len(), 1);
    let not_found: Vec<u64> =
        d.data.get("not_found").unwrap().as_list().unwrap().iter().map(|t| t.as_u64().unwrap()).collect();
    assert_eq!(not_found, [42]);
    steps.extend(chunk_steps);

    mock.control(Control::Message("one".to_owned()));
    steps.extend(until_dispatch(&mut bot, "MESSAGE_CREATE"));
    let after_message = steps.len();
    // Three more beats, and every beat so far acknowledged (so the mock has
    // recorded each of them).
    let acked = |steps: &[Step]| steps.iter().filter(|s| s.is_received(Opcode::HeartbeatAck)).count();
    let mut unacked = beats(&steps).len() - acked(&steps);
    let mut later_beats = 0;
    steps.extend(
        bot.run_until(WAIT, |s| {
            if s.is_sent(Opcode::Heartbeat) {
                later_beats += 1;
                unacked += 1;
            }
            if s.is_received(Opcode::HeartbeatAck) {
                unacked -= 1;
            }
            later_beats >= 3 && unacked == 0
        })
        .unwrap(),
    );

    // The heartbeats on the wire are the ones the bot sent, in order, and
    // each carries the last sequence number the bot had received.
    let all_beats = beats(&steps);
    let record = mock.record();
    assert_eq!(record.heartbeats(), all_beats);
    let later = beats(&steps[after_message..]);
    assert!(later.len() >= 3 && later.iter().all(|&s| s == Some(3)), "{later:?}");
    assert!(all_beats.windows(2).all(|w| w[0] <= w[1]), "{all_beats:?}");

    assert!(
        record
            .seen
            .contains(&Seen::Identify { intents: intents(), shard: Some(ShardId::new(0, 1).unwrap()) })
    );
    assert!(record.seen.contains(&Seen::Presence {
        status: Status::Idle,
        activities: vec![("with ETF".to_owned(), ActivityType::Playing)]
    }));
    assert!(
        record
            .seen
            .contains(&Seen::RequestGuildMembers { guild_id: mock::GUILD_ID, nonce: Some("n-1".to_owned()) })
    );
    assert_eq!(record.connections, [format!("/?v=10&encoding=etf{}", compressed())]);
    assert_eq!(record.closes, [], "the heartbeat was kept and every frame passed");
    assert_eq!(bot.session().seq(), Some(3));
}

/// A GUILD_CREATE of 1.3 MB, in 8 messages when compressed, arrives
/// whole: the bytes the mock built, all 10,000 members readable.
fn a_large_guild_create_arrives_whole() {
    // Compressing and inflating a megabyte in a debug build takes longer
    // than the tests' 100 ms heartbeat: a slower beat keeps it alive.
    let (mock, mut bot) = start_with(
        |m| {
            m.heartbeat_interval = Duration::from_secs(1);
            m.heartbeat_timeout = Duration::from_secs(3);
        },
        |_| {},
    );
    until_dispatch(&mut bot, "READY");
    mock.control(Control::GuildCreate { members: 10_000, pieces: 8 });
    let steps = until_dispatch(&mut bot, "GUILD_CREATE");
    let Some(Step::Received(frame)) = steps.last() else { unreachable!() };
    let built = frames::guild_create(2, mock::GUILD_ID, 10_000).unwrap();
    assert!(built.len() > 1 << 20, "over a MiB: {}", built.len());
    assert!(frame.bytes() == built, "the frame arrived as the mock built it");
    let event = frame.event().unwrap();
    let members = event.data.and_then(|d| d.get("members")).unwrap().as_list().unwrap();
    assert_eq!(members.len(), 10_000);
    let last = members.iter().last().unwrap().get("user").unwrap().get("username").unwrap();
    assert_eq!(last.as_str().unwrap(), "member-0009999");
    // The connection goes on: the next heartbeat carries the new sequence.
    bot.run_until(WAIT, |s| s.is_sent(Opcode::Heartbeat)).unwrap();
    assert_eq!(bot.session().seq(), Some(2));
}

/// A slash command dispatched mid-session reaches the bot's own serde
/// types (examples/support/events.rs) with the sequence number after READY's.
fn an_interaction_reaches_the_bots_own_types() {
    let (mock, mut bot) = start();
    until_dispatch(&mut bot, "READY");
    mock.control(Control::Echo("ping ✓".to_owned()));
    let steps = until_dispatch(&mut bot, "INTERACTION_CREATE");
    let Some(Step::Received(frame)) = steps.last() else { unreachable!() };
    let event = frame.event().unwrap();
    let Event::Dispatch(d) = event.event().unwrap() else { panic!("not a dispatch") };
    assert_eq!(d.seq, 2);
    assert_eq!(events::describe(&d).unwrap().as_deref(), Some("mason used /echo text:\"ping ✓\""));
    assert_eq!(bot.session().seq(), Some(2));
}

fn dropped_connection_resumes_at_the_resume_url_and_gets_the_missed_events() {
    let (mock, mut bot) = start();
    until_dispatch(&mut bot, "READY");
    mock.control(Control::Drop { missed: vec!["first".to_owned(), "second".to_owned()] });
    let steps = until_dispatch(&mut bot, "RESUMED");

    let order = plot(&steps);
    assert_eq!(order[0], Step::Disconnected { code: None, by_gateway: true });
    assert_eq!(
        order[1],
        Step::Connected { url: format!("{}/resume?v=10&encoding=etf{}", mock.base(), compressed()) }
    );
    let resume = sent(&steps).next().expect("a Resume");
    assert!(matches!(resume, ClientCommand::Resume(r) if r == Resume::new(TOKEN, "mock-session-1", 1)));
    assert_eq!(
        dispatches(&steps),
        [("MESSAGE_CREATE".to_owned(), 2), ("MESSAGE_CREATE".to_owned(), 3), ("RESUMED".to_owned(), 4)]
    );
    let contents: Vec<_> = steps
        .iter()
        .filter(|s| s.is_dispatch("MESSAGE_CREATE"))
        .map(|s| match s {
            Step::Received(f) => content(f),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(contents, ["first", "second"]);

    // Heartbeats go on from the replayed sequence number.
    let steps = bot.run_until(WAIT, |s| s.is_sent(Opcode::Heartbeat)).unwrap();
    let Some(Step::Sent(beat)) = steps.last() else { unreachable!() };
    assert_eq!(Heartbeat::decode_strict(beat.bytes()), Ok(Heartbeat::new(Some(4))));
    let record = mock.record();
    assert_eq!(record.sessions, ["mock-session-1"], "resumed, not identified again");
    let q = compressed();
    assert_eq!(
        record.connections,
        [format!("/?v=10&encoding=etf{q}"), format!("/resume?v=10&encoding=etf{q}")]
    );
}

fn reconnect_request_closes_without_ending_the_session_and_resumes() {
    let (mock, mut bot) = start();
    until_dispatch(&mut bot, "READY");
    mock.control(Control::Reconnect);
    let steps = until_dispatch(&mut bot, "RESUMED");
    let order = plot(&steps);
    assert!(order[0].is_received(Opcode::Reconnect));
    assert_eq!(order[1], Step::Disconnected { code: Some(4000), by_gateway: false });
    assert!(matches!(sent(&steps).next(), Some(ClientCommand::Resume(r)) if r.seq == 1));
    let record = mock.record();
    assert_eq!(record.client_closes, [Some(4000)]);
    assert_eq!(record.sessions, ["mock-session-1"]);
}

fn invalid_session_not_resumable_identifies_afresh_after_a_delay() {
    let delay = Duration::from_millis(150);
    let (mock, mut bot) = start_with(|_| {}, |c| c.reidentify_delay = delay);
    until_dispatch(&mut bot, "READY");
    mock.control(Control::InvalidSession { resumable: false });
    let (mut invalid_at, mut connected_at) = (None, None);
    let steps = bot
        .run_until(WAIT, |s| {
            if s.is_received(Opcode::InvalidSession) {
                invalid_at = Some(Instant::now());
            }
            if matches!(s, Step::Connected { .. }) {
                connected_at = Some(Instant::now());
            }
            s.is_dispatch("READY")
        })
        .unwrap();
    let order = plot(&steps);
    assert!(order[0].is_received(Opcode::InvalidSession));
    assert_eq!(order[1], Step::Disconnected { code: Some(1000), by_gateway: false });
    assert_eq!(
        order[2],
        Step::Connected { url: mock.url() + &compressed() },
        "the gateway URL, not the resume URL"
    );
    assert!(matches!(sent(&steps).next(), Some(ClientCommand::Identify(_))));
    let waited = connected_at.unwrap() - invalid_at.unwrap();
    assert!(waited >= delay - Duration::from_millis(10), "identified again after only {waited:?}");
    assert_eq!(bot.session().resumable().unwrap().session_id, "mock-session-2");
    assert_eq!(bot.session().seq(), Some(1));
    assert_eq!(mock.record().sessions, ["mock-session-1", "mock-session-2"]);
}

fn invalid_session_resumable_resumes() {
    let (mock, mut bot) = start();
    until_dispatch(&mut bot, "READY");
    mock.control(Control::Message("before".to_owned()));
    until_dispatch(&mut bot, "MESSAGE_CREATE");
    mock.control(Control::InvalidSession { resumable: true });
    let steps = until_dispatch(&mut bot, "RESUMED");
    assert!(matches!(sent(&steps).next(), Some(ClientCommand::Resume(r)) if r.seq == 2));
    assert_eq!(dispatches(&steps), [("RESUMED".to_owned(), 3)]);
}

fn gateway_heartbeat_request_is_answered_at_once() {
    let (mock, mut bot) = start_with(|m| m.heartbeat_interval = Duration::from_secs(2), |c| c.jitter = false);
    until_dispatch(&mut bot, "READY");
    mock.control(Control::RequestHeartbeat);
    let steps = bot.run_until(Duration::from_millis(500), |s| s.is_received(Opcode::HeartbeatAck)).unwrap();
    assert!(steps[0].is_received(Opcode::Heartbeat));
    assert!(
        matches!(&steps[1], Step::Sent(f) if Heartbeat::decode_strict(f.bytes()) == Ok(Heartbeat::new(Some(1))))
    );
}

fn missed_heartbeats_close_with_4009_and_the_bot_identifies_again() {
    let (mock, mut bot) = start_with(|m| m.heartbeat_timeout = Duration::from_millis(150), |_| {});
    until_dispatch(&mut bot, "READY");
    // The bot does not poll, so it does not beat.
    std::thread::sleep(Duration::from_millis(400));
    let steps = until_dispatch(&mut bot, "READY");
    assert!(steps.contains(&Step::Disconnected { code: Some(4009), by_gateway: true }), "{steps:#?}");
    assert!(
        steps.contains(&Step::Connected { url: mock.url() + &compressed() }),
        "a new session at the gateway URL"
    );
    assert_eq!(mock.record().closes[0].code, GatewayClose::SessionTimedOut);
    assert_eq!(mock.record().sessions, ["mock-session-1", "mock-session-2"]);
}

/// Sends `frame` once the session is ready and checks the mock closes
/// with `code`; returns the reason it gave.
fn bad_frame_closes_with(frame: &[u8], code: GatewayClose) -> String {
    let (mock, mut bot) = start();
    until_dispatch(&mut bot, "READY");
    bot.send_raw(frame).unwrap();
    assert_eq!(until_disconnected(&mut bot), Some(code.code()));
    let closed = mock.record().closes;
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].code, code);
    closed[0].reason.clone()
}

fn atom_key_closes_with_4002() {
    let reason = bad_frame_closes_with(&frames::bad::atom_keys().unwrap(), GatewayClose::DecodeError);
    assert!(reason.contains("not a binary"), "{reason}");
}

fn undecodable_frame_closes_with_4002() {
    // A map of 9 pairs that ends after its header.
    let reason = bad_frame_closes_with(&[131, 116, 0, 0, 0, 9], GatewayClose::DecodeError);
    assert!(reason.contains("offset"), "{reason}");
}

fn oversized_frame_closes_with_4002() {
    let frame = frames::bad::oversized().unwrap();
    assert!(frame.len() > 4096 && frame.len() < 4200, "{}", frame.len());
    let reason = bad_frame_closes_with(&frame, GatewayClose::DecodeError);
    assert!(reason.contains("4096"), "{reason}");
}

fn unknown_opcode_closes_with_4001() {
    let reason = bad_frame_closes_with(&frames::bad::unknown_opcode().unwrap(), GatewayClose::UnknownOpcode);
    assert!(reason.contains("opcode 5"), "{reason}");
}

fn missing_field_closes_with_4001() {
    let reason =
        bad_frame_closes_with(&frames::bad::missing_field(TOKEN).unwrap(), GatewayClose::UnknownOpcode);
    assert!(reason.contains("seq"), "{reason}");
}

fn second_identify_closes_with_4005() {
    let frame = Identify::new(TOKEN, intents()).encode(&mut [0; 4096]).unwrap().to_vec();
    bad_frame_closes_with(&frame, GatewayClose::AlreadyAuthenticated);
}

fn resume_on_an_identified_connection_closes_with_4005() {
    let frame = Resume::new(TOKEN, "mock-session-1", 1).encode(&mut [0; 4096]).unwrap().to_vec();
    bad_frame_closes_with(&frame, GatewayClose::AlreadyAuthenticated);
}

fn the_121st_command_in_a_minute_closes_with_4008() {
    let (mock, mut bot) = start();
    until_dispatch(&mut bot, "READY");
    for _ in 0..mock::RATE_LIMIT + 10 {
        if bot.send(&Heartbeat::new(Some(1))).is_err() {
            break;
        }
    }
    assert_eq!(until_disconnected(&mut bot), Some(4008));
    let closed = mock.record().closes;
    assert_eq!(closed[0].code, GatewayClose::RateLimited);
    assert_eq!(closed[0].commands, mock::RATE_LIMIT + 1);
    // 4008 keeps the session: the bot resumes.
    until_dispatch(&mut bot, "RESUMED");
}

#[test]
fn a_command_before_identify_closes_with_4003_but_a_heartbeat_does_not() {
    let mock = Mock::start(MockConfig::new(TOKEN, INTERVAL, Log::stdout().named("mock"))).unwrap();
    let mut socket = ws::connect(&mock.url()).unwrap();
    ws::set_client_timeout(&socket, WAIT).unwrap();
    let next_frame = |socket: &mut ws::ClientSocket| match ws::read(socket) {
        Incoming::Binary(b) => b,
        other => panic!("expected a frame, got {other:?}"),
    };
    let hello = next_frame(&mut socket);
    assert_eq!(Frame::from_bytes(&hello).op(), Some(Opcode::Hello as u8));
    let mut buf = [0u8; 4096];
    ws::send_binary(&mut socket, Heartbeat::new(None).encode(&mut buf).unwrap()).unwrap();
    assert_eq!(Frame::from_bytes(&next_frame(&mut socket)).op(), Some(Opcode::HeartbeatAck as u8));
    ws::send_binary(&mut socket, UpdatePresence::new(Status::Online).encode(&mut buf).unwrap()).unwrap();
    assert!(matches!(ws::read(&mut socket), Incoming::Closed(Some(4003))));
    assert_eq!(mock.record().closes[0].code, GatewayClose::NotAuthenticated);
}

/// A session the mock refuses at Identify: the close code, and the bot
/// gives up rather than reconnect.
fn identify_refused(mock: impl FnOnce(&mut MockConfig), bot: impl FnOnce(&mut Config)) -> Option<u16> {
    let (gateway, mut client) = start_with(mock, bot);
    let code = until_disconnected(&mut client);
    assert!(matches!(client.poll(Instant::now() + WAIT), Err(Error::Stopped(_))), "the bot does not retry");
    assert_eq!(gateway.record().sessions, Vec::<String>::new());
    code
}

fn identify_checks_token_intents_and_shard() {
    assert_eq!(identify_refused(|_| {}, |c| c.token = "wrong".to_owned()), Some(4004));
    assert_eq!(
        identify_refused(|_| {}, |c| c.intents = Intents::GUILDS | Intents::MESSAGE_CONTENT),
        Some(4014)
    );
    assert_eq!(identify_refused(|_| {}, |c| c.intents = Intents::from_bits_retain(1 << 40)), Some(4013));
    assert_eq!(identify_refused(|_| {}, |c| c.shard = Some(ShardId::new(0, 2).unwrap())), Some(4010));
    assert_eq!(identify_refused(|m| m.shard_count = 2, |_| {}), Some(4011));
    // Allowed privileged intents and the right shard pass.
    let (mock, mut bot) = start_with(
        |m| {
            m.privileged_allowed = Intents::MESSAGE_CONTENT;
            m.shard_count = 2;
        },
        |c| {
            c.intents = Intents::GUILDS | Intents::MESSAGE_CONTENT;
            c.shard = Some(ShardId::new(1, 2).unwrap());
        },
    );
    until_dispatch(&mut bot, "READY");
    assert_eq!(mock.record().sessions, ["mock-session-1"]);
}

fn a_url_without_v10_closes_with_4012() {
    assert_eq!(
        identify_refused(|_| {}, |c| c.gateway_url = c.gateway_url.replace("v=10", "v=9")),
        Some(4012)
    );
}

#[test]
fn a_text_frame_closes_with_4002() {
    let mock = Mock::start(MockConfig::new(TOKEN, INTERVAL, Log::stdout().named("mock"))).unwrap();
    let mut socket = ws::connect(&mock.url()).unwrap();
    ws::set_client_timeout(&socket, WAIT).unwrap();
    assert!(matches!(ws::read(&mut socket), Incoming::Binary(_)), "Hello");
    socket.send(tungstenite::Message::text(r#"{"op":1,"d":null}"#)).unwrap();
    assert!(matches!(ws::read(&mut socket), Incoming::Closed(Some(4002))));
    assert_eq!(mock.record().closes[0].code, GatewayClose::DecodeError);
}
