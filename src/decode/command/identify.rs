//! Identify (op 2) read back.

use super::{DecodeCommand, Mode, data_map};
use crate::decode::{Error, FromTerm, Map, Term, UpdatePresenceView};
use crate::{Activity, ConnectionProperties, Identify, Intents, Opcode, ShardId};

/// The three strings under `properties`; the deprecated `$os`, `$browser`,
/// `$device` spellings are accepted too.
impl<'a> FromTerm<'a> for ConnectionProperties<'a> {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        let map = term.as_map()?;
        let field = |key: &'static str, old: &'static str| match map.get(key).or_else(|| map.get(old)) {
            Some(v) => v.as_str(),
            None => Err(Error::MissingField { offset: map.offset(), field: key }),
        };
        Ok(ConnectionProperties::new(
            field("os", "$os")?,
            field("browser", "$browser")?,
            field("device", "$device")?,
        ))
    }
}

/// Identify as decoded: [`Identify`] with its presence as an
/// [`UpdatePresenceView`].
///
/// ```
/// use gateway_etf::{Activity, ActivityType, Command, Identify, Intents, ShardId, Status, UpdatePresence};
/// use gateway_etf::decode::{DecodeCommand, IdentifyView};
/// let acts = [Activity::new("with ETF", ActivityType::Playing)];
/// let sent = Identify::new("token", Intents::GUILDS)
///     .shard(ShardId::new(1, 2).unwrap())
///     .presence(UpdatePresence::new(Status::Online).activities(&acts));
/// let mut buf = [0u8; 512];
/// let view = IdentifyView::decode_strict(sent.encode(&mut buf).unwrap())?;
/// assert_eq!(view, sent);
/// assert_eq!(view.token, "token");
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IdentifyView<'a> {
    /// The bot token.
    pub token: &'a str,
    /// The events asked for.
    pub intents: Intents,
    /// Who is connecting.
    pub properties: ConnectionProperties<'a>,
    /// `compress`, if sent.
    pub compress: Option<bool>,
    /// `large_threshold`, if sent (not range-checked).
    pub large_threshold: Option<u32>,
    /// `shard`, if sent.
    pub shard: Option<ShardId>,
    /// `presence`, if sent.
    pub presence: Option<UpdatePresenceView<'a>>,
}

impl<'a> IdentifyView<'a> {
    /// The encoder's [`Identify`], with the presence's activities copied
    /// into `activities` ([`Error::BufferTooSmall`] if it is too short).
    ///
    /// ```
    /// use gateway_etf::{Activity, ActivityType, Command, Identify, Intents};
    /// use gateway_etf::decode::{DecodeCommand, IdentifyView};
    /// let sent = Identify::new("token", Intents::GUILDS).compress(false);
    /// let mut buf = [0u8; 256];
    /// let view = IdentifyView::decode(sent.encode(&mut buf).unwrap())?;
    /// assert_eq!(view.to_command(&mut [])?, sent);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn to_command<'s>(&self, activities: &'s mut [Activity<'a>]) -> Result<Identify<'s>, Error>
    where
        'a: 's,
    {
        let presence = match &self.presence {
            Some(p) => Some(p.to_command(activities)?),
            None => None,
        };
        Ok(Identify {
            token: self.token,
            intents: self.intents,
            properties: self.properties,
            compress: self.compress,
            large_threshold: self.large_threshold,
            shard: self.shard,
            presence,
        })
    }

    fn from_map(d: Map<'a>, mode: Mode) -> Result<Self, Error> {
        let intents_term: Term<'a> = d.required("intents")?;
        let intents: Intents = intents_term.parse()?;
        if mode == Mode::Strict && !Intents::ALL.contains(intents) {
            return Err(Error::UnknownIntents { offset: intents_term.offset(), bits: intents.bits() });
        }
        let presence = match d.optional::<Map<'a>>("presence")? {
            Some(p) => Some(UpdatePresenceView::from_map(p, mode)?),
            None => None,
        };
        Ok(IdentifyView {
            token: d.required("token")?,
            intents,
            properties: d.required("properties")?,
            compress: d.optional("compress")?,
            large_threshold: d.optional("large_threshold")?,
            shard: d.optional("shard")?,
            presence,
        })
    }
}

impl<'a> DecodeCommand<'a> for IdentifyView<'a> {
    const OPCODE: Opcode = Opcode::Identify;

    fn decode_data(data: Option<Term<'a>>, mode: Mode) -> Result<Self, Error> {
        Self::from_map(data_map(data)?, mode)
    }
}

impl<'b> PartialEq<Identify<'b>> for IdentifyView<'_> {
    fn eq(&self, other: &Identify<'b>) -> bool {
        let presence = match (&self.presence, &other.presence) {
            (Some(a), Some(b)) => a == b,
            (None, None) => true,
            _ => false,
        };
        presence
            && self.token == other.token
            && self.intents == other.intents
            && self.properties == other.properties
            && self.compress == other.compress
            && self.large_threshold == other.large_threshold
            && self.shard == other.shard
    }
}
