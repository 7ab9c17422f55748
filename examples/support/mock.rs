//! A mock Discord gateway on 127.0.0.1, as strict as the real one.
//!
//! It speaks ETF like Discord: Hello with a short heartbeat interval, READY
//! on Identify (after checking token, intents and shard), a Heartbeat ACK
//! for each Heartbeat, missed events replayed and RESUMED on Resume, a
//! member chunk for Request Guild Members. The test or example controls it
//! through [`Control`]: dispatch an event, drop the connection, send
//! Reconnect or Invalid Session.
//!
//! Every received frame goes through the decoder's
//! `validate_client_frame`, Discord's rules for client frames, and the
//! session rules on top; the first broken rule closes the connection with
//! Discord's code:
//!
//! | rule | code |
//! |---|---|
//! | undecodable ETF, an atom key, over 4096 bytes, a text frame | 4002 |
//! | an opcode clients do not send, a missing or mistyped field | 4001 |
//! | a command other than Heartbeat before Identify/Resume | 4003 |
//! | a wrong token | 4004 |
//! | Identify or Resume on an identified connection | 4005 |
//! | Resume past the last sequence number | 4007 |
//! | more than 120 commands in 60 s | 4008 |
//! | no heartbeat for [`MockConfig::heartbeat_timeout`] | 4009 |
//! | a shard count other than the mock's | 4010 (4011 if none) |
//! | an API version other than 10 | 4012 |
//! | undefined intent bits | 4013 |
//! | privileged intents not allowed | 4014 |
//!
//! `compress=zlib-stream` or `compress=zstd-stream` in the URL compresses
//! what the mock sends as Discord does (support/compress.rs); an unknown
//! `compress` value closes with 4002.
//!
//! One connection at a time, on one thread that stops when [`Mock`] drops.

use std::collections::{HashMap, VecDeque};
use std::io;
use std::net::TcpListener;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use gateway_etf::decode::{ClientCommand, validate_client_frame};
use gateway_etf::{
    ActivityType, CloseCode, Identify, Intents, MemberFilter, Opcode, RequestGuildMembers, Resume, ShardId,
    Snowflake, Status,
};

use super::compress::{Compression, Compressor};
use super::frames::{self, InteractionData, MembersChunk, MessageData, ReadyData, User};
use super::log::{self, Log};
use super::ws::{self, Incoming, ServerSocket};

/// Discord's limit: commands per window.
pub const RATE_LIMIT: usize = 120;
/// Discord's window for [`RATE_LIMIT`].
pub const RATE_WINDOW: Duration = Duration::from_secs(60);
/// How often the mock looks at its control channel.
const TICK: Duration = Duration::from_millis(5);
/// How long the mock waits for the bot to answer its close frame.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// The application the mock's bot belongs to.
pub const APPLICATION_ID: Snowflake = Snowflake::new(1_180_000_000_000_000_000);
/// The bot's own user.
pub const BOT: User<'static> = User { id: Snowflake::new(1_180_000_000_000_000_001), username: "etf-bot" };
/// The guild the bot is in.
pub const GUILD_ID: Snowflake = Snowflake::new(81_384_788_765_712_384);
/// The channel messages arrive in.
pub const CHANNEL_ID: Snowflake = Snowflake::new(81_384_788_765_712_385);
/// The guild's members, for Request Guild Members.
pub const ROSTER: [User<'static>; 4] = [
    User { id: Snowflake::new(80_351_110_224_678_912), username: "nelly" },
    User { id: Snowflake::new(53_908_232_506_183_680), username: "mason" },
    User { id: Snowflake::new(1_100_000_000_000_000_000), username: "nelson" },
    User { id: Snowflake::new(1_180_000_000_000_000_001), username: "etf-bot" },
];
/// The ID of the mock's one slash command, `/echo`.
pub const ECHO_COMMAND_ID: Snowflake = Snowflake::new(1_180_000_000_000_000_100);
/// The author of the messages the mock dispatches.
pub const AUTHOR: User<'static> = ROSTER[0];

/// The intents Discord calls privileged.
pub const PRIVILEGED: Intents =
    Intents::GUILD_MEMBERS.union(Intents::GUILD_PRESENCES).union(Intents::MESSAGE_CONTENT);

/// How the mock behaves.
#[derive(Clone)]
pub struct MockConfig {
    /// The only token it accepts.
    pub token: String,
    /// Sent in Hello.
    pub heartbeat_interval: Duration,
    /// Closes with 4009 when no heartbeat came for this long.
    pub heartbeat_timeout: Duration,
    /// Privileged intents the bot is approved for.
    pub privileged_allowed: Intents,
    /// The shard count it expects (1: Identify may leave out `shard`).
    pub shard_count: u32,
    /// Where its remarks go.
    pub log: Log,
}

impl MockConfig {
    /// A mock accepting `token` with a heartbeat every `interval`, a
    /// timeout of two intervals plus a second (slack for a loaded machine),
    /// no privileged intents and one shard.
    pub fn new(token: &str, interval: Duration, log: Log) -> MockConfig {
        MockConfig {
            token: token.to_owned(),
            heartbeat_interval: interval,
            heartbeat_timeout: interval * 2 + Duration::from_secs(1),
            privileged_allowed: Intents::empty(),
            shard_count: 1,
            log,
        }
    }
}

/// What the mock can be told to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Control {
    /// Dispatch a MESSAGE_CREATE with this content (missed if no
    /// connection is open).
    Message(String),
    /// Drop the connection without a close frame; these messages are then
    /// dispatched while the bot is away, for Resume to replay.
    Drop {
        /// The contents of the messages the bot misses.
        missed: Vec<String>,
    },
    /// Dispatch an INTERACTION_CREATE: a member ran the slash command
    /// `/echo text:<this>` (missed if no connection is open).
    Echo(String),
    /// Dispatch a GUILD_CREATE with this many members (about 100 bytes
    /// each), its message split in `pieces` when compressed.
    GuildCreate {
        /// How many members the guild has.
        members: usize,
        /// How many WebSocket messages carry it (compressed only).
        pieces: usize,
    },
    /// Send Reconnect (op 7).
    Reconnect,
    /// Send Invalid Session (op 9); not resumable also ends the session.
    InvalidSession {
        /// `d`: whether the session may be resumed.
        resumable: bool,
    },
    /// Send Heartbeat (op 1): "beat now".
    RequestHeartbeat,
    /// Stop the mock.
    Stop,
}

/// A command the mock received, as it understood it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// Heartbeat with its `d`.
    Heartbeat(Option<u64>),
    /// Identify.
    Identify {
        /// The intents asked for.
        intents: Intents,
        /// The shard, if sent.
        shard: Option<ShardId>,
    },
    /// Resume.
    Resume {
        /// The session to resume.
        session_id: String,
        /// The last sequence number the bot saw.
        seq: u64,
    },
    /// Update Presence.
    Presence {
        /// The status.
        status: Status,
        /// Each activity's name and type.
        activities: Vec<(String, ActivityType)>,
    },
    /// Request Guild Members.
    RequestGuildMembers {
        /// The guild.
        guild_id: Snowflake,
        /// The nonce, if sent.
        nonce: Option<String>,
    },
    /// Any other command.
    Other(Opcode),
}

/// A close the mock sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    /// The code.
    pub code: CloseCode,
    /// Why (the close frame's reason).
    pub reason: String,
    /// How many commands the connection had sent, the offending one included.
    pub commands: usize,
}

/// Everything the mock observed, for the tests.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The request path and query of each connection, in order.
    pub connections: Vec<String>,
    /// Every valid command received, in order.
    pub seen: Vec<Seen>,
    /// Every close the mock sent.
    pub closes: Vec<Closed>,
    /// Every close the bot sent (`None`: it dropped the connection).
    pub client_closes: Vec<Option<u16>>,
    /// The ids of the sessions READY started, in order.
    pub sessions: Vec<String>,
}

impl Record {
    /// The `d` of every heartbeat received.
    pub fn heartbeats(&self) -> Vec<Option<u64>> {
        self.seen.iter().filter_map(|s| if let Seen::Heartbeat(d) = s { Some(*d) } else { None }).collect()
    }
}

/// A running mock gateway; dropping it stops its thread.
pub struct Mock {
    base: String,
    control: Sender<Control>,
    record: Arc<Mutex<Record>>,
    thread: Option<JoinHandle<()>>,
}

impl Mock {
    /// Listens on 127.0.0.1 (a free port) and serves on a new thread.
    pub fn start(config: MockConfig) -> io::Result<Mock> {
        let listener = ws::listen()?;
        let base = format!("ws://{}", listener.local_addr()?);
        let (control, inbox) = mpsc::channel();
        let record = Arc::new(Mutex::new(Record::default()));
        let gateway = Gateway {
            config,
            listener,
            inbox,
            record: Arc::clone(&record),
            resume_url: format!("{base}/resume"),
            sessions: HashMap::new(),
            current: None,
            started: 0,
            next_id: 1_200_000_000_000_000_000,
        };
        let thread = thread::Builder::new().name("mock-gateway".to_owned()).spawn(move || gateway.run())?;
        Ok(Mock { base, control, record, thread: Some(thread) })
    }

    /// The gateway URL to connect to, with `?v=10&encoding=etf`.
    pub fn url(&self) -> String {
        format!("{}/?v=10&encoding=etf", self.base)
    }

    /// `ws://127.0.0.1:port`, for URLs with another query.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Tells the mock to do something (at its next tick, within ~5 ms).
    pub fn control(&self, control: Control) {
        // Fails only if the thread is gone, which Drop then reports.
        let _ = self.control.send(control);
    }

    /// What the mock has observed so far.
    pub fn record(&self) -> Record {
        lock(&self.record).clone()
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.control.send(Control::Stop);
        if let Some(thread) = self.thread.take() {
            let joined = thread.join();
            if joined.is_err() && !thread::panicking() {
                panic!("the mock gateway thread panicked");
            }
        }
    }
}

/// The record, even if a panicking thread poisoned its lock.
fn lock(record: &Mutex<Record>) -> MutexGuard<'_, Record> {
    record.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Why the mock closes a connection.
#[derive(Debug)]
struct Refusal {
    code: CloseCode,
    reason: String,
}

impl Refusal {
    fn new(code: CloseCode, reason: impl Into<String>) -> Refusal {
        Refusal { code, reason: reason.into() }
    }
}

impl From<io::Error> for Refusal {
    fn from(e: io::Error) -> Refusal {
        Refusal::new(CloseCode::UnknownError, format!("mock could not compress: {e}"))
    }
}

impl From<gateway_etf::Error> for Refusal {
    fn from(e: gateway_etf::Error) -> Refusal {
        Refusal::new(CloseCode::UnknownError, format!("mock could not encode: {e}"))
    }
}

/// A session's dispatches, kept for Resume.
struct SessionLog {
    seq: u64,
    sent: Vec<(u64, Vec<u8>)>,
}

/// One connection's state.
struct Conn {
    socket: ServerSocket,
    /// The connection's one compression context.
    compressor: Compressor,
    session: Option<String>,
    last_beat: Instant,
    window: VecDeque<Instant>,
    commands: usize,
}

/// Whether the mock goes on after a connection or its controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    /// Go on: accept the next connection.
    Continue,
    /// Stop the mock.
    Stop,
}

/// The mock's thread state.
struct Gateway {
    config: MockConfig,
    listener: TcpListener,
    inbox: Receiver<Control>,
    record: Arc<Mutex<Record>>,
    resume_url: String,
    sessions: HashMap<String, SessionLog>,
    /// The latest session, which controls apply to.
    current: Option<String>,
    started: u64,
    next_id: u64,
}

impl Gateway {
    fn run(mut self) {
        loop {
            if self.idle_controls() == Flow::Stop {
                return;
            }
            match ws::accept(&self.listener, Duration::from_millis(20), TICK) {
                Ok(Some((socket, path))) => {
                    if self.serve(socket, path) == Flow::Stop {
                        return;
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    self.config.log.note(&format!("listener failed: {e}"));
                    return;
                }
            }
        }
    }

    /// Controls that arrive with no connection open.
    fn idle_controls(&mut self) -> Flow {
        loop {
            match self.inbox.try_recv() {
                Ok(Control::Stop) | Err(TryRecvError::Disconnected) => return Flow::Stop,
                Ok(event @ (Control::Message(_) | Control::Echo(_))) => drop(self.event(&event)),
                Ok(Control::Drop { missed }) => self.missed(&missed),
                Ok(other) => self.config.log.note(&format!("no connection for {other:?}")),
                Err(TryRecvError::Empty) => return Flow::Continue,
            }
        }
    }

    /// Serves one connection until it ends.
    fn serve(&mut self, socket: ServerSocket, path: String) -> Flow {
        self.config.log.note(&format!("connection on {path}"));
        lock(&self.record).connections.push(path.clone());
        let mut conn = Conn {
            socket,
            compressor: Compressor::None,
            session: None,
            last_beat: Instant::now(),
            window: VecDeque::new(),
            commands: 0,
        };
        match check_query(&path).and_then(|c| Compressor::new(c).map_err(Refusal::from)) {
            Ok(compressor) => conn.compressor = compressor,
            Err(refusal) => return self.refuse(conn, refusal),
        }
        if let Err(refusal) = frames::hello(self.config.heartbeat_interval.as_millis() as u64)
            .map_err(Refusal::from)
            .and_then(|hello| send(&mut conn, &hello))
        {
            return self.refuse(conn, refusal);
        }
        loop {
            match self.inbox.try_recv() {
                Ok(Control::Stop) | Err(TryRecvError::Disconnected) => return Flow::Stop,
                Ok(Control::Drop { missed }) => {
                    self.config
                        .log
                        .note(&format!("dropping the connection; {} events happen meanwhile", missed.len()));
                    ws::cut(conn.socket);
                    self.missed(&missed);
                    return Flow::Continue;
                }
                Ok(control) => {
                    if let Err(refusal) = self.on_control(&mut conn, control) {
                        return self.refuse(conn, refusal);
                    }
                }
                Err(TryRecvError::Empty) => {}
            }
            if conn.last_beat.elapsed() > self.config.heartbeat_timeout {
                self.end_session(&conn);
                let why = format!("no heartbeat for {:?}", self.config.heartbeat_timeout);
                return self.refuse(conn, Refusal::new(CloseCode::SessionTimedOut, why));
            }
            match ws::read(&mut conn.socket) {
                Incoming::Binary(bytes) => {
                    if let Err(refusal) = self.on_frame(&mut conn, &bytes) {
                        return self.refuse(conn, refusal);
                    }
                }
                Incoming::Text(_) => {
                    return self
                        .refuse(conn, Refusal::new(CloseCode::DecodeError, "text frame with encoding=etf"));
                }
                Incoming::Closed(code) => {
                    self.config.log.note(&format!("the bot closed with {}", log::close_code(code)));
                    lock(&self.record).client_closes.push(code);
                    if matches!(code, Some(1000 | 1001)) {
                        self.end_session(&conn);
                    }
                    return Flow::Continue;
                }
                Incoming::Dropped(why) => {
                    self.config.log.note(&format!("the bot dropped the connection: {why}"));
                    lock(&self.record).client_closes.push(None);
                    return Flow::Continue;
                }
                Incoming::Timeout => {}
            }
        }
    }

    /// Carries out a control that sends something on the open connection.
    fn on_control(&mut self, conn: &mut Conn, control: Control) -> Result<(), Refusal> {
        let log = &self.config.log;
        match control {
            Control::Message(_) | Control::Echo(_) => match self.event(&control) {
                Some(frame) if conn.session.is_some() => send(conn, &frame),
                _ => Ok(()),
            },
            Control::GuildCreate { members, pieces } => {
                let Some(session) = self.current.clone() else { return Ok(()) };
                let frame = self.dispatch(&session, |seq| frames::guild_create(seq, GUILD_ID, members))?;
                let sent = send_split(conn, &frame, pieces)?;
                self.config
                    .log
                    .note(&format!("sent a GUILD_CREATE of {} bytes in {sent} message(s)", frame.len()));
                Ok(())
            }
            Control::Reconnect => {
                log.note("asking the bot to reconnect");
                send(conn, &frames::reconnect()?)
            }
            Control::InvalidSession { resumable } => {
                log.note(&format!("invalidating the session (resumable: {resumable})"));
                if !resumable {
                    self.end_session(conn);
                    conn.session = None;
                }
                send(conn, &frames::invalid_session(resumable)?)
            }
            Control::RequestHeartbeat => send(conn, &frames::heartbeat_request()?),
            // Handled by the connection loop.
            Control::Drop { .. } | Control::Stop => Ok(()),
        }
    }

    /// Checks a client frame by Discord's rules and answers it.
    fn on_frame(&mut self, conn: &mut Conn, bytes: &[u8]) -> Result<(), Refusal> {
        conn.commands += 1;
        let command =
            validate_client_frame(bytes).map_err(|e| Refusal::new(e.close_code(), e.to_string()))?;
        let now = Instant::now();
        conn.window.push_back(now);
        while conn.window.front().is_some_and(|&t| now.duration_since(t) > RATE_WINDOW) {
            conn.window.pop_front();
        }
        if conn.window.len() > RATE_LIMIT {
            let why = format!("{} commands within {RATE_WINDOW:?}", conn.window.len());
            return Err(Refusal::new(CloseCode::RateLimited, why));
        }
        match command {
            ClientCommand::Heartbeat(hb) => {
                conn.last_beat = now;
                self.seen(Seen::Heartbeat(hb.seq));
                send(conn, &frames::heartbeat_ack()?)
            }
            ClientCommand::Identify(identify) => self.identify(conn, &identify),
            ClientCommand::Resume(resume) => self.resume(conn, &resume),
            other if conn.session.is_none() => Err(Refusal::new(
                CloseCode::NotAuthenticated,
                format!("{:?} before Identify", other.opcode()),
            )),
            ClientCommand::UpdatePresence(p) => {
                let activities = p.activities.iter().map(|a| (a.name.to_owned(), a.kind)).collect();
                self.seen(Seen::Presence { status: p.status, activities });
                Ok(())
            }
            ClientCommand::RequestGuildMembers(request) => self.members(conn, &request),
            other => {
                self.seen(Seen::Other(other.opcode()));
                Ok(())
            }
        }
    }

    /// Identify: checks token, intents and shard, starts a session, READY.
    fn identify(&mut self, conn: &mut Conn, identify: &Identify<'_>) -> Result<(), Refusal> {
        if conn.session.is_some() {
            return Err(Refusal::new(CloseCode::AlreadyAuthenticated, "second Identify"));
        }
        if identify.token != self.config.token {
            return Err(Refusal::new(CloseCode::AuthenticationFailed, "wrong token"));
        }
        let privileged = Intents::from_bits_retain(identify.intents.bits() & PRIVILEGED.bits());
        if !self.config.privileged_allowed.contains(privileged) {
            let why = format!("privileged intents {} not allowed", privileged.bits());
            return Err(Refusal::new(CloseCode::DisallowedIntents, why));
        }
        match (identify.shard, self.config.shard_count) {
            (None, 1) => {}
            (None, n) => {
                return Err(Refusal::new(CloseCode::ShardingRequired, format!("{n} shards needed")));
            }
            (Some(s), n) if s.count() != n => {
                let why = format!("shard [{}, {}] but {n} shards", s.id(), s.count());
                return Err(Refusal::new(CloseCode::InvalidShard, why));
            }
            (Some(_), _) => {}
        }
        self.seen(Seen::Identify { intents: identify.intents, shard: identify.shard });
        self.started += 1;
        let id = format!("mock-session-{}", self.started);
        self.config.log.note(&format!("token ok, intents {}: new session {id}", identify.intents.bits()));
        self.sessions.insert(id.clone(), SessionLog { seq: 0, sent: Vec::new() });
        lock(&self.record).sessions.push(id.clone());
        conn.session = Some(id.clone());
        self.current = Some(id.clone());
        let (resume_url, shard) = (self.resume_url.clone(), identify.shard);
        let ready = self.dispatch(&id, |seq| {
            let data = ReadyData {
                application_id: APPLICATION_ID,
                guilds: &[GUILD_ID],
                resume_gateway_url: &resume_url,
                session_id: &id,
                shard,
                user: BOT,
            };
            frames::ready(seq, &data)
        })?;
        send(conn, &ready)
    }

    /// Resume: replays what the session missed, then RESUMED.
    fn resume(&mut self, conn: &mut Conn, resume: &Resume<'_>) -> Result<(), Refusal> {
        if conn.session.is_some() {
            return Err(Refusal::new(CloseCode::AlreadyAuthenticated, "Resume on an identified connection"));
        }
        if resume.token != self.config.token {
            return Err(Refusal::new(CloseCode::AuthenticationFailed, "wrong token"));
        }
        self.seen(Seen::Resume { session_id: resume.session_id.to_owned(), seq: resume.seq });
        let Some(log) = self.sessions.get(resume.session_id) else {
            self.config.log.note(&format!("no session {}: invalid session", resume.session_id));
            return send(conn, &frames::invalid_session(false)?);
        };
        if resume.seq > log.seq {
            let why = format!("seq {} but the session is at {}", resume.seq, log.seq);
            return Err(Refusal::new(CloseCode::InvalidSeq, why));
        }
        let missed: Vec<Vec<u8>> =
            log.sent.iter().filter(|(seq, _)| *seq > resume.seq).map(|(_, frame)| frame.clone()).collect();
        self.config.log.note(&format!(
            "resuming {} from seq {}: replaying {}",
            resume.session_id,
            resume.seq,
            missed.len()
        ));
        let id = resume.session_id.to_owned();
        conn.session = Some(id.clone());
        self.current = Some(id.clone());
        for frame in &missed {
            send(conn, frame)?;
        }
        let resumed = self.dispatch(&id, frames::resumed)?;
        send(conn, &resumed)
    }

    /// Request Guild Members: one chunk from the roster.
    fn members(&mut self, conn: &mut Conn, request: &RequestGuildMembers<'_>) -> Result<(), Refusal> {
        self.seen(Seen::RequestGuildMembers {
            guild_id: request.guild_id,
            nonce: request.nonce.map(str::to_owned),
        });
        let (found, not_found): (Vec<User<'_>>, Vec<Snowflake>) = match request.filter {
            MemberFilter::Query { prefix, limit } => {
                let limit = if limit == 0 { ROSTER.len() } else { limit as usize };
                (
                    ROSTER.into_iter().filter(|u| u.username.starts_with(prefix)).take(limit).collect(),
                    Vec::new(),
                )
            }
            MemberFilter::UserIds { ids, .. } => {
                let find = |id| ROSTER.into_iter().find(|u| u.id == id);
                (ids.iter().filter_map(find).collect(), ids.iter().filter(|&id| find(id).is_none()).collect())
            }
        };
        let Some(id) = conn.session.clone() else {
            return Err(Refusal::new(CloseCode::NotAuthenticated, "no session"));
        };
        let chunk = MembersChunk {
            guild_id: request.guild_id,
            members: &found,
            nonce: request.nonce,
            not_found: &not_found,
        };
        let frame = self.dispatch(&id, |seq| frames::guild_members_chunk(seq, &chunk))?;
        send(conn, &frame)
    }

    /// A MESSAGE_CREATE in the current session, logged for Resume.
    fn message(&mut self, content: &str) -> Result<Vec<u8>, Refusal> {
        let (session, id) = self.next_in_session()?;
        let message = MessageData { author: AUTHOR, channel_id: CHANNEL_ID, content, id };
        self.dispatch(&session, |seq| frames::message_create(seq, &message))
    }

    /// An INTERACTION_CREATE in the current session: `/echo text:…` run
    /// by a member, logged for Resume.
    fn echo(&mut self, text: &str) -> Result<Vec<u8>, Refusal> {
        let (session, id) = self.next_in_session()?;
        let interaction = InteractionData {
            application_id: APPLICATION_ID,
            channel_id: CHANNEL_ID,
            command_id: ECHO_COMMAND_ID,
            command: "echo",
            guild_id: GUILD_ID,
            id,
            user: ROSTER[1],
            text,
            token: "mock-interaction-token",
        };
        self.dispatch(&session, |seq| frames::interaction_create(seq, &interaction))
    }

    /// The current session and a fresh ID for something dispatched in it.
    fn next_in_session(&mut self) -> Result<(String, Snowflake), Refusal> {
        let Some(session) = self.current.clone() else {
            return Err(Refusal::new(CloseCode::UnknownError, "no session to dispatch in"));
        };
        self.next_id += 1;
        Ok((session, Snowflake::new(self.next_id)))
    }

    /// Messages dispatched while the bot is away.
    fn missed(&mut self, contents: &[String]) {
        for content in contents {
            self.event(&Control::Message(content.clone()));
        }
    }

    /// The dispatch a `Message` or `Echo` control asks for, in the current
    /// session and logged for Resume; `None` (and a note) when there is no
    /// session or for any other control.
    fn event(&mut self, control: &Control) -> Option<Vec<u8>> {
        let built = match control {
            Control::Message(content) => self.message(content),
            Control::Echo(text) => self.echo(text),
            _ => return None,
        };
        built.map_err(|e| self.config.log.note(&format!("cannot dispatch {control:?}: {}", e.reason))).ok()
    }

    /// Builds the session's next dispatch and keeps it for Resume.
    fn dispatch(
        &mut self,
        session: &str,
        build: impl FnOnce(u64) -> Result<Vec<u8>, gateway_etf::Error>,
    ) -> Result<Vec<u8>, Refusal> {
        let log = self
            .sessions
            .get_mut(session)
            .ok_or_else(|| Refusal::new(CloseCode::UnknownError, "no session"))?;
        let seq = log.seq + 1;
        let frame = build(seq)?;
        log.seq = seq;
        log.sent.push((seq, frame.clone()));
        Ok(frame)
    }

    /// Forgets the connection's session: it cannot be resumed.
    fn end_session(&mut self, conn: &Conn) {
        if let Some(id) = &conn.session {
            self.sessions.remove(id);
            if self.current.as_ref() == Some(id) {
                self.current = None;
            }
        }
    }

    fn seen(&self, seen: Seen) {
        lock(&self.record).seen.push(seen);
    }

    /// Closes with the refusal's code and waits for the bot's answer.
    fn refuse(&mut self, mut conn: Conn, refusal: Refusal) -> Flow {
        let Refusal { code, reason } = refusal;
        self.config.log.note(&format!("closing with {code}: {reason}"));
        if !code.can_resume() {
            self.end_session(&conn);
        }
        lock(&self.record).closes.push(Closed { code, reason: reason.clone(), commands: conn.commands });
        if ws::send_close(&mut conn.socket, code.code(), close_reason(&reason)).is_ok() {
            ws::drain(&mut conn.socket, CLOSE_GRACE);
        }
        Flow::Continue
    }
}

/// Sends a frame, or fails the connection.
/// Sends a frame as one message, compressed if the connection asked.
fn send(conn: &mut Conn, frame: &[u8]) -> Result<(), Refusal> {
    send_split(conn, frame, 1).map(drop)
}

/// Sends a frame, compressed if the connection asked, in `pieces`
/// messages of about the same length with zlib-stream (only the last ends
/// where the frame does); in one message otherwise. Returns how many
/// messages carried it.
fn send_split(conn: &mut Conn, frame: &[u8], pieces: usize) -> Result<usize, Refusal> {
    let failed = |e: &dyn std::fmt::Display| Refusal::new(CloseCode::UnknownError, e.to_string());
    let message = conn.compressor.compress(frame)?;
    // Uncompressed, a frame is a message; zstd-stream too (Discord sends a
    // frame per message there); zlib-stream frames may span messages.
    let pieces =
        if matches!(conn.compressor, Compressor::Zlib(_)) { pieces.clamp(1, message.len()) } else { 1 };
    let chunks = message.chunks(message.len().div_ceil(pieces).max(1));
    let sent = chunks.len();
    for piece in chunks {
        ws::send_binary(&mut conn.socket, piece).map_err(|e| failed(&e))?;
    }
    Ok(sent)
}

/// The path must carry `v=10` and `encoding=etf`; it may ask for
/// compression.
fn check_query(path: &str) -> Result<Compression, Refusal> {
    let query = path.split_once('?').map_or("", |(_, q)| q);
    let param = |name: &str| query.split('&').find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='));
    if param("v") != Some("10") {
        return Err(Refusal::new(CloseCode::InvalidApiVersion, "this gateway serves v=10 only"));
    }
    if param("encoding") != Some("etf") {
        return Err(Refusal::new(CloseCode::DecodeError, "this gateway speaks encoding=etf only"));
    }
    match param("compress") {
        None => Ok(Compression::None),
        Some(name) => Compression::from_name(name)
            .ok_or_else(|| Refusal::new(CloseCode::DecodeError, format!("unknown compress={name}"))),
    }
}

/// A close reason fits 123 bytes (the close frame's limit).
fn close_reason(reason: &str) -> &str {
    let mut end = reason.len().min(123);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    &reason[..end]
}
