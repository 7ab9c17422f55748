//! Reading back the commands a client sends, into the encoder's types
//! (see [`DecodeCommand`]).

mod guild;
mod identify;
mod presence;

use super::head::{Shape, head};
use super::{Error, FromTerm, MAX_DEPTH, Map, Term, decode, validate};
use crate::encode::keys;
use crate::{
    Heartbeat, Identify, Opcode, RequestChannelInfo, RequestGuildMembers, RequestSoundboardSounds, Resume,
    Snowflake, UpdatePresence, UpdateVoiceState,
};

/// How strictly client frames are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Mode {
    /// Accept what can be understood: atom keys, fields Discord requires
    /// but that have an obvious default (`afk`, `since`, `activities`,
    /// `self_mute`, `self_deaf`, `channel_id`, a query's `limit`, a
    /// heartbeat's `d`), any frame size, any intents bits.
    #[default]
    Liberal,
    /// Discord's rules, as a strict mock gateway enforces them: every map
    /// key a binary, the frame at most 4096 bytes, every required field
    /// present, intents limited to documented bits. Each failure's
    /// [`Error::close_code`] is the close code Discord would send.
    Strict,
}

/// A command a client sends, decoded from a whole frame
/// `#{"d" => …, "op" => …}` into the encoder's own type.
///
/// A command's list fields ([`Items`](crate::Items)) then borrow the list
/// from the frame, checked once and decoded as they are iterated, so
/// nothing is copied or allocated; the command compares equal to the one
/// that was encoded and encodes again to the same bytes.
///
/// A fuzz target is one call per type: `let _ = Identify::decode(bytes);`
/// (or [`ClientCommand::decode`] for all of them).
///
/// ```
/// use gateway_etf::{Command, Resume};
/// use gateway_etf::decode::{DecodeCommand, Error};
/// let mut buf = [0u8; 128];
/// let frame = Resume::new("token", "session", 42).encode(&mut buf).unwrap();
/// assert_eq!(Resume::decode(frame)?, Resume::new("token", "session", 42));
/// # Ok::<(), Error>(())
/// ```
pub trait DecodeCommand<'a>: Sized {
    /// The opcode the frame must carry.
    const OPCODE: Opcode;

    /// Reads the command from `d` (`None` when the frame has no `d`).
    fn decode_data(data: Option<Term<'a>>, mode: Mode) -> Result<Self, Error>;

    /// Decodes a frame in the given mode; [`Error::WrongOpcode`] if it
    /// carries another command.
    fn decode_with(frame: &'a [u8], mode: Mode) -> Result<Self, Error> {
        let (op, data) = read_frame(frame, mode)?;
        if op != Self::OPCODE as u8 {
            return Err(Error::WrongOpcode { expected: Self::OPCODE as u8, found: op });
        }
        Self::decode_data(data, mode)
    }

    /// Decodes a frame liberally ([`Mode::Liberal`]).
    fn decode(frame: &'a [u8]) -> Result<Self, Error> {
        Self::decode_with(frame, Mode::Liberal)
    }

    /// Decodes a frame by Discord's rules ([`Mode::Strict`]).
    fn decode_strict(frame: &'a [u8]) -> Result<Self, Error> {
        Self::decode_with(frame, Mode::Strict)
    }
}

/// Where the frame's top-level map starts: right after the version byte.
const ROOT: usize = 1;

/// Decodes a frame and returns its opcode and `d`.
fn read_frame(frame: &[u8], mode: Mode) -> Result<(u8, Option<Term<'_>>), Error> {
    let root = match mode {
        Mode::Liberal => decode(frame)?,
        Mode::Strict => {
            if frame.len() > crate::Error::MAX_PAYLOAD {
                return Err(Error::PayloadTooLarge { len: frame.len() });
            }
            validate(frame, MAX_DEPTH, |_, offset, _| match head(frame, offset).map(|key| key.shape) {
                Ok(Shape::Binary) => Ok(()),
                _ => Err(Error::NonStringKey { offset }),
            })?
        }
    };
    let map = root.as_map()?;
    Ok((map.required(keys::OP.name)?, map.get(keys::D.name)))
}

/// `d` as a map, or [`Error::MissingField`].
fn data_map<'a>(data: Option<Term<'a>>) -> Result<Map<'a>, Error> {
    data.ok_or(Error::MissingField { offset: ROOT, field: keys::D.name })?.as_map()
}

/// A field Discord requires but whose absence has an obvious meaning:
/// required in strict mode, `default` in liberal mode. `nil` is read as `T`
/// (so an `Option` field accepts it).
fn defaulted<'a, T: FromTerm<'a>>(
    map: &Map<'a>,
    key: &'static str,
    mode: Mode,
    default: T,
) -> Result<T, Error> {
    match map.get(key) {
        Some(term) => term.parse(),
        None if mode == Mode::Strict => Err(Error::MissingField { offset: map.offset(), field: key }),
        None => Ok(default),
    }
}

/// `d` is the last sequence number or `nil`; liberal mode also accepts a
/// frame without `d`.
impl<'a> DecodeCommand<'a> for Heartbeat {
    const OPCODE: Opcode = Opcode::Heartbeat;

    fn decode_data(data: Option<Term<'a>>, mode: Mode) -> Result<Self, Error> {
        match data {
            Some(d) => Ok(Heartbeat::new(d.parse()?)),
            None if mode == Mode::Strict => Err(Error::MissingField { offset: ROOT, field: keys::D.name }),
            None => Ok(Heartbeat::new(None)),
        }
    }
}

impl<'a> DecodeCommand<'a> for Resume<'a> {
    const OPCODE: Opcode = Opcode::Resume;

    fn decode_data(data: Option<Term<'a>>, _: Mode) -> Result<Self, Error> {
        let d = data_map(data)?;
        Ok(Resume::new(
            d.required(keys::TOKEN.name)?,
            d.required(keys::SESSION_ID.name)?,
            d.required(keys::SEQ.name)?,
        ))
    }
}

impl<'a> DecodeCommand<'a> for UpdateVoiceState {
    const OPCODE: Opcode = Opcode::VoiceStateUpdate;

    fn decode_data(data: Option<Term<'a>>, mode: Mode) -> Result<Self, Error> {
        let d = data_map(data)?;
        let channel: Option<Snowflake> = defaulted(&d, keys::CHANNEL_ID.name, mode, None)?;
        Ok(UpdateVoiceState::new(d.required(keys::GUILD_ID.name)?, channel)
            .self_mute(defaulted(&d, keys::SELF_MUTE.name, mode, false)?)
            .self_deaf(defaulted(&d, keys::SELF_DEAF.name, mode, false)?))
    }
}

/// Any command a client sends, read from a frame by its opcode.
///
/// ```
/// use gateway_etf::{Command, Heartbeat, UpdateVoiceState, Snowflake};
/// use gateway_etf::decode::ClientCommand;
/// let mut buf = [0u8; 128];
/// let leave = UpdateVoiceState::new(Snowflake::new(1), None);
/// match ClientCommand::decode(leave.encode(&mut buf).unwrap())? {
///     ClientCommand::UpdateVoiceState(v) => assert_eq!(v, leave),
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum ClientCommand<'a> {
    /// Op 1.
    Heartbeat(Heartbeat),
    /// Op 2.
    Identify(Identify<'a>),
    /// Op 3.
    UpdatePresence(UpdatePresence<'a>),
    /// Op 4.
    UpdateVoiceState(UpdateVoiceState),
    /// Op 6.
    Resume(Resume<'a>),
    /// Op 8.
    RequestGuildMembers(RequestGuildMembers<'a>),
    /// Op 31.
    RequestSoundboardSounds(RequestSoundboardSounds<'a>),
    /// Op 43.
    RequestChannelInfo(RequestChannelInfo<'a>),
}

impl<'a> ClientCommand<'a> {
    /// Decodes any client frame in the given mode; [`Error::UnknownOpcode`]
    /// for an opcode clients do not send.
    ///
    /// ```
    /// use gateway_etf::decode::{ClientCommand, Error, Mode};
    /// // #{<<"op">> => 10}
    /// let hello = [131, 116, 0, 0, 0, 1, 109, 0, 0, 0, 2, b'o', b'p', 97, 10];
    /// assert_eq!(ClientCommand::decode_with(&hello, Mode::Liberal).unwrap_err(), Error::UnknownOpcode { op: 10 });
    /// ```
    pub fn decode_with(frame: &'a [u8], mode: Mode) -> Result<Self, Error> {
        let (op, d) = read_frame(frame, mode)?;
        let Some(opcode) = Opcode::from_u8(op).filter(|o| o.is_sent()) else {
            return Err(Error::UnknownOpcode { op });
        };
        Ok(match opcode {
            Opcode::Heartbeat => ClientCommand::Heartbeat(DecodeCommand::decode_data(d, mode)?),
            Opcode::Identify => ClientCommand::Identify(DecodeCommand::decode_data(d, mode)?),
            Opcode::PresenceUpdate => ClientCommand::UpdatePresence(DecodeCommand::decode_data(d, mode)?),
            Opcode::VoiceStateUpdate => ClientCommand::UpdateVoiceState(DecodeCommand::decode_data(d, mode)?),
            Opcode::Resume => ClientCommand::Resume(DecodeCommand::decode_data(d, mode)?),
            Opcode::RequestGuildMembers => {
                ClientCommand::RequestGuildMembers(DecodeCommand::decode_data(d, mode)?)
            }
            Opcode::RequestSoundboardSounds => {
                ClientCommand::RequestSoundboardSounds(DecodeCommand::decode_data(d, mode)?)
            }
            Opcode::RequestChannelInfo => {
                ClientCommand::RequestChannelInfo(DecodeCommand::decode_data(d, mode)?)
            }
            _ => return Err(Error::UnknownOpcode { op }),
        })
    }

    /// Decodes any client frame liberally ([`Mode::Liberal`]).
    ///
    /// ```
    /// use gateway_etf::decode::ClientCommand;
    /// // #{op => 1, d => nil}, atom keys: fine when liberal
    /// let hb = [131, 116, 0, 0, 0, 2, 119, 1, b'd', 119, 3, b'n', b'i', b'l', 119, 2, b'o', b'p', 97, 1];
    /// assert!(matches!(ClientCommand::decode(&hb)?, ClientCommand::Heartbeat(_)));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn decode(frame: &'a [u8]) -> Result<Self, Error> {
        Self::decode_with(frame, Mode::Liberal)
    }

    /// Decodes any client frame by Discord's rules ([`Mode::Strict`]); the
    /// same as [`validate_client_frame`].
    ///
    /// ```
    /// use gateway_etf::decode::{ClientCommand, CloseCode, Error};
    /// // #{op => 1, d => nil}: atom keys close the connection with 4002
    /// let hb = [131, 116, 0, 0, 0, 2, 119, 1, b'd', 119, 3, b'n', b'i', b'l', 119, 2, b'o', b'p', 97, 1];
    /// let err = ClientCommand::decode_strict(&hb).unwrap_err();
    /// assert_eq!(err, Error::NonStringKey { offset: 6 });
    /// assert_eq!(err.close_code(), CloseCode::DecodeError);
    /// ```
    pub fn decode_strict(frame: &'a [u8]) -> Result<Self, Error> {
        Self::decode_with(frame, Mode::Strict)
    }

    /// The command's opcode.
    ///
    /// ```
    /// use gateway_etf::{Command, Heartbeat, Opcode};
    /// use gateway_etf::decode::ClientCommand;
    /// let mut buf = [0u8; 32];
    /// let cmd = ClientCommand::decode(Heartbeat::new(None).encode(&mut buf).unwrap())?;
    /// assert_eq!(cmd.opcode(), Opcode::Heartbeat);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn opcode(&self) -> Opcode {
        match self {
            ClientCommand::Heartbeat(_) => Opcode::Heartbeat,
            ClientCommand::Identify(_) => Opcode::Identify,
            ClientCommand::UpdatePresence(_) => Opcode::PresenceUpdate,
            ClientCommand::UpdateVoiceState(_) => Opcode::VoiceStateUpdate,
            ClientCommand::Resume(_) => Opcode::Resume,
            ClientCommand::RequestGuildMembers(_) => Opcode::RequestGuildMembers,
            ClientCommand::RequestSoundboardSounds(_) => Opcode::RequestSoundboardSounds,
            ClientCommand::RequestChannelInfo(_) => Opcode::RequestChannelInfo,
        }
    }
}

/// Checks a client frame the way Discord does and returns the command:
/// at most 4096 bytes, valid ETF, every map key a binary, an opcode
/// clients send, every required field present and well typed, a valid
/// shard and documented intents. On failure, [`Error::close_code`] says
/// which close code applies (4001, 4002, 4010 or 4013).
///
/// ```
/// use gateway_etf::{Command, Identify, Intents};
/// use gateway_etf::decode::{CloseCode, ClientCommand, validate_client_frame};
/// let mut buf = [0u8; 256];
/// let frame = Identify::new("token", Intents::GUILDS).encode(&mut buf).unwrap();
/// assert!(matches!(validate_client_frame(frame), Ok(ClientCommand::Identify(_))));
///
/// let frame = Identify::new("token", Intents::from_bits_retain(1 << 40)).encode(&mut buf).unwrap();
/// assert_eq!(validate_client_frame(frame).unwrap_err().close_code(), CloseCode::InvalidIntents);
/// ```
pub fn validate_client_frame(frame: &[u8]) -> Result<ClientCommand<'_>, Error> {
    ClientCommand::decode_strict(frame)
}
