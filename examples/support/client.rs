//! The bot's loop: one thread, one socket, the [`Session`] state machine.
//!
//! [`Client::poll`] does one observable thing and returns it as a [`Step`]:
//! connect, receive a frame (and answer it), send a due heartbeat, or notice
//! a close. Callers (the example, the tests) drive it and send their own
//! commands with [`Client::send`]; everything goes through the crate's
//! encoder into one `[u8; 4096]`.

use std::collections::VecDeque;
use std::fmt;
use std::thread;
use std::time::{Duration, Instant};

use gateway_etf::decode::{self, GatewayEvent};
use gateway_etf::{Command, Opcode};
use tungstenite::Bytes;

use super::compress::Inflater;
use super::events;
use super::log::{self, Log};
use super::session::{CLOSE_NORMAL, Config, Next, Reaction, Session};
use super::ws::{self, ClientSocket, Incoming};

/// How long the bot waits for the gateway to answer its close frame.
const CLOSE_GRACE: Duration = Duration::from_millis(200);

/// Why the bot could not go on.
#[derive(Debug)]
pub enum Error {
    /// The network or the WebSocket protocol.
    Ws(tungstenite::Error),
    /// A command the crate refused to encode.
    Encode(gateway_etf::Error),
    /// A payload the decoder refused.
    Decode(decode::Error),
    /// A payload that decoded but makes no sense.
    Protocol(String),
    /// The session ended for good (a fatal close code, or the bot closed).
    Stopped(String),
    /// Nothing the caller waited for happened in time.
    Timeout(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Ws(e) => write!(f, "websocket: {e}"),
            Error::Encode(e) => write!(f, "encode: {e}"),
            Error::Decode(e) => write!(f, "decode: {e}"),
            Error::Protocol(e) => write!(f, "protocol: {e}"),
            Error::Stopped(why) => write!(f, "stopped: {why}"),
            Error::Timeout(what) => write!(f, "timed out waiting for {what}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<tungstenite::Error> for Error {
    fn from(e: tungstenite::Error) -> Error {
        Error::Ws(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::Ws(e.into())
    }
}

impl From<gateway_etf::Error> for Error {
    fn from(e: gateway_etf::Error) -> Error {
        Error::Encode(e)
    }
}

impl From<decode::Error> for Error {
    fn from(e: decode::Error) -> Error {
        Error::Decode(e)
    }
}

/// One frame, as sent or received.
#[derive(Clone, PartialEq, Eq)]
pub struct Frame(Bytes);

impl Frame {
    /// A frame holding a copy of `bytes`.
    pub fn from_bytes(bytes: &[u8]) -> Frame {
        Frame(Bytes::copy_from_slice(bytes))
    }

    /// The ETF bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// The frame read as a gateway payload (client frames read too: the
    /// envelope reader takes binary keys as well as atoms).
    pub fn event(&self) -> Result<GatewayEvent<'_>, decode::Error> {
        GatewayEvent::decode(&self.0)
    }

    /// The opcode, if the frame decodes.
    pub fn op(&self) -> Option<u8> {
        self.event().ok().map(|e| e.op)
    }

    /// The event name of a dispatch.
    pub fn name(&self) -> Option<&str> {
        self.event().ok().and_then(|e| e.name)
    }

    /// The sequence number of a dispatch.
    pub fn seq(&self) -> Option<u64> {
        self.event().ok().and_then(|e| e.seq)
    }
}

/// The label only: a frame may hold the token, and errors list frames.
impl fmt::Debug for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} B)", log::label(&self.0), self.0.len())
    }
}

/// What one [`Client::poll`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A connection opened.
    Connected {
        /// Its URL.
        url: String,
    },
    /// A frame arrived (and was answered if it needed an answer).
    Received(Frame),
    /// The bot sent a frame of its own accord (Identify, Resume, Heartbeat).
    Sent(Frame),
    /// The connection ended.
    Disconnected {
        /// The close code, `None` for a connection that just dropped.
        code: Option<u16>,
        /// Whether the gateway ended it (else the bot did).
        by_gateway: bool,
    },
    /// Nothing happened before the deadline.
    Idle,
}

impl Step {
    /// Whether this is a received dispatch named `name`.
    pub fn is_dispatch(&self, name: &str) -> bool {
        matches!(self, Step::Received(f) if f.name() == Some(name))
    }

    /// Whether this is a received frame with opcode `op`.
    pub fn is_received(&self, op: Opcode) -> bool {
        matches!(self, Step::Received(f) if f.op() == Some(op as u8))
    }

    /// Whether this is a frame the bot sent with opcode `op`.
    pub fn is_sent(&self, op: Opcode) -> bool {
        matches!(self, Step::Sent(f) if f.op() == Some(op as u8))
    }

    /// The close code of a disconnection (`Some(None)`: dropped).
    pub fn disconnect_code(&self) -> Option<Option<u16>> {
        match self {
            Step::Disconnected { code, .. } => Some(*code),
            _ => None,
        }
    }
}

/// The bot: a session, its socket and its frame buffer.
pub struct Client {
    session: Session,
    socket: Option<ClientSocket>,
    connect_at: Instant,
    pending: VecDeque<Step>,
    buf: [u8; 4096],
    /// Turns received messages into frames (compress= in the URL).
    inflater: Inflater,
    log: Log,
    stopped: Option<String>,
}

impl Client {
    /// A bot that connects on its first poll.
    pub fn new(config: Config, log: Log) -> Client {
        let log = log.redacting(&config.token);
        Client {
            inflater: Inflater::new(config.compression),
            session: Session::new(config),
            socket: None,
            connect_at: Instant::now(),
            pending: VecDeque::new(),
            buf: [0; 4096],
            log,
            stopped: None,
        }
    }

    /// The session state.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Does the next thing, waiting at most until `deadline`.
    pub fn poll(&mut self, deadline: Instant) -> Result<Step, Error> {
        if let Some(step) = self.pending.pop_front() {
            return Ok(step);
        }
        loop {
            if let Some(why) = &self.stopped {
                return Err(Error::Stopped(why.clone()));
            }
            let now = Instant::now();
            let Some(socket) = self.socket.as_mut() else {
                if self.connect_at > now {
                    if deadline <= now {
                        return Ok(Step::Idle);
                    }
                    thread::sleep(self.connect_at.min(deadline) - now);
                    continue;
                }
                return self.connect();
            };
            if now >= deadline {
                return Ok(Step::Idle);
            }
            // Frames that already arrived come first (an ACK in the queue
            // must count before the timer judges the connection); a due
            // heartbeat waits at most the 1 ms minimum.
            let wake = self.session.next_beat().map_or(deadline, |beat| beat.min(deadline));
            ws::set_client_timeout(socket, wake.saturating_duration_since(now))?;
            match ws::read(socket) {
                Incoming::Binary(bytes) => {
                    let frame = match self.inflater.push(&bytes) {
                        Ok(Some(frame)) if frame.as_ptr() == bytes.as_ptr() => Frame(bytes),
                        Ok(Some(frame)) => Frame::from_bytes(frame),
                        // The frame goes on in the next message.
                        Ok(None) => continue,
                        Err(e) => return Err(Error::Protocol(e)),
                    };
                    return self.on_frame(frame);
                }
                Incoming::Text(text) => self.log.note(&format!("ignored a text message: {text:.80}")),
                Incoming::Closed(code) => return Ok(self.on_disconnect(code, true)),
                Incoming::Dropped(why) => {
                    self.log.note(&format!("connection lost: {why}"));
                    return Ok(self.on_disconnect(None, true));
                }
                Incoming::Timeout => {
                    if let Some(reaction) = self.session.on_tick(Instant::now())
                        && let Some(step) = self.react(reaction)?
                    {
                        return Ok(step);
                    }
                }
            }
        }
    }

    /// Polls until `done` accepts a step (which is the last one returned),
    /// for at most `timeout`; Idle steps are left out.
    pub fn run_until(
        &mut self,
        timeout: Duration,
        mut done: impl FnMut(&Step) -> bool,
    ) -> Result<Vec<Step>, Error> {
        let deadline = Instant::now() + timeout;
        let mut steps = Vec::new();
        loop {
            let step = self.poll(deadline)?;
            if step == Step::Idle {
                return Err(Error::Timeout(format!("a step within {timeout:?}; saw {steps:?}")));
            }
            let last = done(&step);
            steps.push(step);
            if last {
                return Ok(steps);
            }
        }
    }

    /// Polls for `time`, returning every step but Idle.
    pub fn run_for(&mut self, time: Duration) -> Result<Vec<Step>, Error> {
        let deadline = Instant::now() + time;
        let mut steps = Vec::new();
        loop {
            match self.poll(deadline)? {
                Step::Idle => return Ok(steps),
                step => steps.push(step),
            }
        }
    }

    /// Encodes a command into the fixed buffer and sends it.
    pub fn send<C: Command>(&mut self, command: &C) -> Result<(), Error> {
        let frame = command.encode(&mut self.buf)?;
        transmit(&mut self.socket, &self.log, frame)?;
        Ok(())
    }

    /// Sends bytes as they are: for frames the encoder would refuse.
    pub fn send_raw(&mut self, frame: &[u8]) -> Result<(), Error> {
        transmit(&mut self.socket, &self.log, frame)?;
        Ok(())
    }

    /// Closes with 1000, which ends the session, and stops.
    pub fn close(&mut self) {
        self.hang_up(CLOSE_NORMAL, "bye");
        self.stopped = Some("closed by the bot".to_owned());
    }

    /// Opens a connection to where the session says.
    fn connect(&mut self) -> Result<Step, Error> {
        let url = self.session.connect_url();
        self.log.note(&format!("connecting to {url}"));
        let socket = ws::connect(&url)?;
        self.socket = Some(socket);
        self.inflater.reset();
        self.session.on_connected();
        Ok(Step::Connected { url })
    }

    /// Logs and answers a received frame; the answer is the next step.
    fn on_frame(&mut self, frame: Frame) -> Result<Step, Error> {
        self.log.received(frame.bytes());
        let before = self.session.resumable().map(|r| r.session_id.clone());
        let event = frame.event()?;
        let reaction = self.session.on_event(&event, Instant::now())?;
        if let Ok(dispatch) = event.dispatch() {
            // Into the bot's own types, borrowing from the frame.
            let line = events::describe(&dispatch)
                .map_err(|e| Error::Protocol(format!("{}: {e}", dispatch.name)))?;
            if let Some(line) = line {
                self.log.note(&line);
            }
        }
        if let Some(kept) = self.session.resumable().filter(|r| Some(&r.session_id) != before.as_ref()) {
            let (id, url, user) = (&kept.session_id, &kept.resume_gateway_url, kept.user_id.get());
            self.log.note(&format!("keeping session {id} (resume at {url}) for user {user}"));
        }
        if let Some(step) = self.react(reaction)? {
            self.pending.push_back(step);
        }
        Ok(Step::Received(frame))
    }

    /// Carries out what the session asked for.
    fn react(&mut self, reaction: Reaction) -> Result<Option<Step>, Error> {
        match reaction {
            Reaction::Nothing => Ok(None),
            Reaction::Send(out) => {
                let frame = self.session.encode(out, &mut self.buf)?;
                match transmit(&mut self.socket, &self.log, frame) {
                    Ok(sent) => Ok(Some(Step::Sent(sent))),
                    // The gateway went away under us: as good as a drop.
                    Err(Error::Ws(e)) => {
                        self.log.note(&format!("sending failed: {e}"));
                        Ok(Some(self.on_disconnect(None, true)))
                    }
                    Err(e) => Err(e),
                }
            }
            Reaction::Reconnect { code, after, why } => {
                self.log.note(why);
                self.hang_up(code, why);
                self.connect_at = Instant::now() + after;
                if !after.is_zero() {
                    self.log.note(&format!("waiting {after:?} before connecting again"));
                }
                Ok(Some(Step::Disconnected { code: Some(code), by_gateway: false }))
            }
        }
    }

    /// Sends a close frame, waits briefly for the answer, drops the socket.
    fn hang_up(&mut self, code: u16, reason: &str) {
        if let Some(mut socket) = self.socket.take() {
            let effect =
                if code == CLOSE_NORMAL { "ends the session" } else { "keeps the session for Resume" };
            self.log.note(&format!("closing with {code}, which {effect}"));
            if ws::send_close(&mut socket, code, reason).is_ok() {
                let _ = ws::set_client_timeout(&socket, Duration::from_millis(20));
                ws::drain(&mut socket, CLOSE_GRACE);
            }
        }
    }

    /// The connection ended: ask the session what now.
    fn on_disconnect(&mut self, code: Option<u16>, by_gateway: bool) -> Step {
        if let Some(mut socket) = self.socket.take() {
            // Sends tungstenite's answer to the close frame.
            let _ = socket.flush();
        }
        self.log.note(&format!("disconnected: {}", log::close_code(code)));
        match self.session.on_closed(code) {
            Next::Reconnect(after) => self.connect_at = Instant::now() + after,
            Next::Stop(why) => {
                self.log.note(&format!("not reconnecting: {why}"));
                self.stopped = Some(why);
            }
        }
        Step::Disconnected { code, by_gateway }
    }
}

/// Sends a frame on the open socket and logs it.
fn transmit(socket: &mut Option<ClientSocket>, log: &Log, frame: &[u8]) -> Result<Frame, Error> {
    let socket = socket.as_mut().ok_or_else(|| Error::Protocol("not connected".to_owned()))?;
    log.sent(frame);
    ws::send_binary(socket, frame)?;
    Ok(Frame::from_bytes(frame))
}
