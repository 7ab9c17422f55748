//! Received payloads: the `{op, d, s, t}` envelope and what a bot needs to
//! run its heartbeat and resume loop.

use core::time::Duration;

use super::{Error, FromTerm, MAX_DEPTH, Map, Term, validate};

/// The keys of a payload's envelope, in the order
/// [`GatewayEvent::from_fields`] takes their values.
const ENVELOPE: [&str; 4] = ["op", "d", "s", "t"];
use crate::{Opcode, ShardId, Snowflake};

/// A gateway payload read as its envelope: `op`, `d`, `s` and `t`, under
/// atom keys (as Discord's Erlang side sends them) or binary keys (as a
/// client sends them, so a mock gateway can use this too).
///
/// ```
/// use gateway_etf::decode::GatewayEvent;
/// use gateway_etf::Opcode;
/// // term_to_binary(#{op => 11, d => nil}, [{minor_version, 2}])
/// let ack = [131, 116, 0, 0, 0, 2, 119, 1, b'd', 119, 3, b'n', b'i', b'l', 119, 2, b'o', b'p', 97, 11];
/// let event = GatewayEvent::decode(&ack)?;
/// assert_eq!((event.op, event.opcode()), (11, Some(Opcode::HeartbeatAck)));
/// assert!(event.data.is_some_and(|d| d.is_nil()));
/// assert_eq!((event.seq, event.name), (None, None));
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct GatewayEvent<'a> {
    /// The opcode.
    pub op: u8,
    /// `d`, if present (it may be `nil`).
    pub data: Option<Term<'a>>,
    /// `s`, the sequence number of a dispatch; `None` if absent or `nil`.
    pub seq: Option<u64>,
    /// `t`, the event name of a dispatch (atom or binary); `None` if absent
    /// or `nil`.
    pub name: Option<&'a str>,
    /// The whole payload map, for any other key.
    pub payload: Map<'a>,
}

impl<'a> GatewayEvent<'a> {
    /// Decodes a payload and reads its envelope.
    ///
    /// ```
    /// use gateway_etf::decode::{Error, GatewayEvent};
    /// assert!(matches!(GatewayEvent::decode(&[131, 97, 1]), Err(Error::WrongType { .. })));
    /// ```
    pub fn decode(payload: &'a [u8]) -> Result<Self, Error> {
        // The validation walk notes where the top-level values of the
        // envelope keys are, so they need no second pass (`d`, the large
        // one, comes first in Erlang's key order).
        let mut at: [Option<usize>; 4] = [None; 4];
        let root = validate(payload, MAX_DEPTH, |depth, key, end| {
            if depth == 1
                && let Some((Some(key), _)) = Term::key_at(payload, key)
                && let Some(i) = ENVELOPE.iter().position(|name| key.eq_str(name))
                && let Some(slot) = at.get_mut(i)
            {
                slot.get_or_insert(end);
            }
            Ok(())
        })?;
        let map = root.as_map()?;
        Self::from_fields(map, at.map(|pos| pos.and_then(|pos| Term::at(payload, pos))))
    }

    /// The envelope from the values of [`ENVELOPE`]'s keys.
    fn from_fields(payload: Map<'a>, [op, data, seq, name]: [Option<Term<'a>>; 4]) -> Result<Self, Error> {
        let op = op.ok_or_else(|| payload.missing("op"))?;
        let name = match name.and_then(Term::non_nil) {
            Some(t) => Some(t.as_name()?),
            None => None,
        };
        Ok(GatewayEvent {
            op: op.parse()?,
            data,
            seq: seq.map(|s| s.parse()).transpose()?.flatten(),
            name,
            payload,
        })
    }

    /// The opcode, if the v10 gateway defines it.
    ///
    /// ```
    /// use gateway_etf::decode::GatewayEvent;
    /// use gateway_etf::Opcode;
    /// let ev = GatewayEvent::decode(&[131, 116, 0, 0, 0, 1, 119, 2, b'o', b'p', 97, 7])?;
    /// assert_eq!(ev.opcode(), Some(Opcode::Reconnect));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn opcode(&self) -> Option<Opcode> {
        Opcode::from_u8(self.op)
    }

    /// The payload by opcode, with the data each one carries.
    ///
    /// ```
    /// use gateway_etf::decode::{Event, GatewayEvent};
    /// // #{op => 9, d => true}
    /// let bytes = [131, 116, 0, 0, 0, 2, 119, 1, b'd', 119, 4, b't', b'r', b'u', b'e', 119, 2, b'o', b'p', 97, 9];
    /// assert!(matches!(GatewayEvent::decode(&bytes)?.event()?, Event::InvalidSession { resumable: true }));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn event(&self) -> Result<Event<'a>, Error> {
        Ok(match self.opcode() {
            Some(Opcode::Dispatch) => Event::Dispatch(self.dispatch()?),
            Some(Opcode::Heartbeat) => Event::Heartbeat,
            Some(Opcode::Reconnect) => Event::Reconnect,
            Some(Opcode::InvalidSession) => Event::InvalidSession { resumable: self.invalid_session()? },
            Some(Opcode::Hello) => Event::Hello(self.hello()?),
            Some(Opcode::HeartbeatAck) => Event::HeartbeatAck,
            _ => Event::Other { op: self.op },
        })
    }

    /// Fails unless the opcode is `op`.
    fn expect(&self, op: Opcode) -> Result<(), Error> {
        if self.op == op as u8 {
            Ok(())
        } else {
            Err(Error::WrongOpcode { expected: op as u8, found: self.op })
        }
    }

    /// `d`, or [`Error::MissingField`] (the payload map starts at offset 1).
    fn required_data(&self) -> Result<Term<'a>, Error> {
        self.data.ok_or(Error::MissingField { offset: self.payload.offset(), field: "d" })
    }

    /// The Hello of op 10.
    ///
    /// ```
    /// use gateway_etf::decode::{Error, GatewayEvent};
    /// let ev = GatewayEvent::decode(&[131, 116, 0, 0, 0, 1, 119, 2, b'o', b'p', 97, 11])?;
    /// assert_eq!(ev.hello().unwrap_err(), Error::WrongOpcode { expected: 10, found: 11 });
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn hello(&self) -> Result<Hello, Error> {
        self.expect(Opcode::Hello)?;
        self.required_data()?.parse()
    }

    /// Whether the session of an Invalid Session (op 9) may be resumed; a
    /// missing or `nil` `d` reads as `false`.
    ///
    /// ```
    /// use gateway_etf::decode::GatewayEvent;
    /// let ev = GatewayEvent::decode(&[131, 116, 0, 0, 0, 1, 119, 2, b'o', b'p', 97, 9])?;
    /// assert!(!ev.invalid_session()?);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn invalid_session(&self) -> Result<bool, Error> {
        self.expect(Opcode::InvalidSession)?;
        Ok(self.data.map(|d| d.parse::<Option<bool>>()).transpose()?.flatten().unwrap_or(false))
    }

    /// The dispatch of op 0: `s`, `t` and `d` must all be there.
    ///
    /// ```
    /// use gateway_etf::decode::{Error, GatewayEvent};
    /// let ev = GatewayEvent::decode(&[131, 116, 0, 0, 0, 1, 119, 2, b'o', b'p', 97, 0])?;
    /// assert_eq!(ev.dispatch().unwrap_err(), Error::MissingField { offset: 1, field: "s" });
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn dispatch(&self) -> Result<Dispatch<'a>, Error> {
        self.expect(Opcode::Dispatch)?;
        let missing = |field| Error::MissingField { offset: self.payload.offset(), field };
        Ok(Dispatch {
            seq: self.seq.ok_or_else(|| missing("s"))?,
            name: self.name.ok_or_else(|| missing("t"))?,
            data: self.required_data()?,
        })
    }
}

/// The envelope of a payload map, read in one pass over its keys (so a
/// large `d` is skipped once, not once per key); the first of a repeated
/// key wins, as with [`Map::get`].
impl<'a> FromTerm<'a> for GatewayEvent<'a> {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        let payload = term.as_map()?;
        Self::from_fields(payload, payload.fields(ENVELOPE))
    }
}

/// A received payload by opcode.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Event<'a> {
    /// Op 0: an event.
    Dispatch(Dispatch<'a>),
    /// Op 1: the gateway asks for a heartbeat now.
    Heartbeat,
    /// Op 7: reconnect and resume.
    Reconnect,
    /// Op 9: the session is invalid.
    InvalidSession {
        /// Whether it may be resumed (`d`).
        resumable: bool,
    },
    /// Op 10: the first payload of a connection.
    Hello(Hello),
    /// Op 11: a heartbeat was received.
    HeartbeatAck,
    /// Any other opcode (for instance a client's, read by a mock gateway).
    Other {
        /// The opcode.
        op: u8,
    },
}

/// The `d` of Hello (op 10).
///
/// ```
/// use gateway_etf::decode::{decode, Hello};
/// // #{<<"heartbeat_interval">> => 45000}
/// let mut bytes: heapless::Vec<u8, 64> = heapless::Vec::new();
/// bytes.extend_from_slice(&[131, 116, 0, 0, 0, 1, 109, 0, 0, 0, 18]).unwrap();
/// bytes.extend_from_slice(b"heartbeat_interval").unwrap();
/// bytes.extend_from_slice(&[98, 0, 0, 0xaf, 0xc8]).unwrap();
/// let hello: Hello = decode(&bytes)?.parse()?;
/// assert_eq!(hello.interval(), core::time::Duration::from_millis(45000));
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Hello {
    /// Milliseconds between heartbeats.
    pub heartbeat_interval: u64,
}

impl Hello {
    /// The heartbeat interval as a duration.
    ///
    /// ```
    /// use gateway_etf::decode::Hello;
    /// assert_eq!(Hello { heartbeat_interval: 41250 }.interval().as_millis(), 41250);
    /// ```
    pub fn interval(&self) -> Duration {
        Duration::from_millis(self.heartbeat_interval)
    }
}

impl<'a> FromTerm<'a> for Hello {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        Ok(Hello { heartbeat_interval: term.as_map()?.required("heartbeat_interval")? })
    }
}

/// An event (op 0): its sequence number, name and data.
#[derive(Debug, Clone, Copy)]
pub struct Dispatch<'a> {
    /// `s`: send it back in heartbeats and Resume.
    pub seq: u64,
    /// `t`: the event name, such as `"READY"` or `"MESSAGE_CREATE"`.
    pub name: &'a str,
    /// `d`: the event's data, read lazily.
    pub data: Term<'a>,
}

impl<'a> Dispatch<'a> {
    /// The READY event's data; fails on any other event.
    ///
    /// ```
    /// use gateway_etf::decode::{Dispatch, decode};
    /// let data = decode(&[131, 106])?;
    /// let other = Dispatch { seq: 2, name: "RESUMED", data };
    /// assert!(other.ready().is_err());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn ready(&self) -> Result<Ready<'a>, Error> {
        if self.name != "READY" {
            return Err(Error::UnknownValue { offset: self.data.offset(), expected: "READY event" });
        }
        self.data.parse()
    }
}

/// What a bot keeps from READY to heartbeat, resume and know itself.
///
/// `user.id` may be an integer or a binary of digits: both are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Ready<'a> {
    /// `v`: the gateway API version, if sent.
    pub version: Option<u8>,
    /// `session_id`, for Resume.
    pub session_id: &'a str,
    /// `resume_gateway_url`: where to connect to resume.
    pub resume_gateway_url: &'a str,
    /// `user.id`: the bot's own user ID.
    pub user_id: Snowflake,
    /// `shard`, if the connection was sharded.
    pub shard: Option<ShardId>,
    /// `application.id`, if sent.
    pub application_id: Option<Snowflake>,
}

impl<'a> FromTerm<'a> for Ready<'a> {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        let d = term.as_map()?;
        let [version, session_id, url, user, shard, application] =
            d.fields(["v", "session_id", "resume_gateway_url", "user", "shard", "application"]);
        let application_id = match application.map(|a| a.parse::<Option<Map<'a>>>()).transpose()?.flatten() {
            Some(app) => app.optional("id")?,
            None => None,
        };
        Ok(Ready {
            version: version.map(|v| v.parse()).transpose()?.flatten(),
            session_id: session_id.ok_or_else(|| d.missing("session_id"))?.parse()?,
            resume_gateway_url: url.ok_or_else(|| d.missing("resume_gateway_url"))?.parse()?,
            user_id: user.ok_or_else(|| d.missing("user"))?.as_map()?.required("id")?,
            shard: shard.map(|s| s.parse()).transpose()?.flatten(),
            application_id,
        })
    }
}
