//! Identify (op 2) read back.

use super::{DecodeCommand, Mode, data_map};
use crate::decode::{Error, FromTerm, Map, Term};
use crate::encode::keys;
use crate::{ConnectionProperties, Identify, Intents, Opcode, UpdatePresence};

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
            field(keys::OS.name, "$os")?,
            field(keys::BROWSER.name, "$browser")?,
            field(keys::DEVICE.name, "$device")?,
        ))
    }
}

/// Strict mode refuses intents bits Discord does not document (4013), and
/// reads the presence strictly too. `large_threshold` is not range-checked
/// (a mock gateway can run [`Command::validate`](crate::Command::validate)).
///
/// ```
/// use gateway_etf::{Activity, ActivityType, Command, Identify, Intents, ShardId, Status, UpdatePresence};
/// use gateway_etf::decode::DecodeCommand;
/// let acts = [Activity::new("with ETF", ActivityType::Playing)];
/// let sent = Identify::new("token", Intents::GUILDS)
///     .shard(ShardId::new(1, 2).unwrap())
///     .presence(UpdatePresence::new(Status::Online).activities(&acts));
/// let mut buf = [0u8; 512];
/// let frame = sent.encode(&mut buf).unwrap().to_vec();
/// let read = Identify::decode_strict(&frame)?;
/// assert_eq!(read, sent);
/// assert_eq!(read.token, "token");
/// assert_eq!(read.encode(&mut buf).unwrap(), &frame[..]);
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
impl<'a> DecodeCommand<'a> for Identify<'a> {
    const OPCODE: Opcode = Opcode::Identify;

    fn decode_data(data: Option<Term<'a>>, mode: Mode) -> Result<Self, Error> {
        let d = data_map(data)?;
        let intents_term: Term<'a> = d.required(keys::INTENTS.name)?;
        let intents: Intents = intents_term.parse()?;
        if mode == Mode::Strict && !Intents::ALL.contains(intents) {
            return Err(Error::UnknownIntents { offset: intents_term.offset(), bits: intents.bits() });
        }
        let presence = match d.optional::<Map<'a>>(keys::PRESENCE.name)? {
            Some(p) => Some(UpdatePresence::from_map(p, mode)?),
            None => None,
        };
        Ok(Identify {
            token: d.required(keys::TOKEN.name)?,
            intents,
            properties: d.required(keys::PROPERTIES.name)?,
            compress: d.optional(keys::COMPRESS.name)?,
            large_threshold: d.optional(keys::LARGE_THRESHOLD.name)?,
            shard: d.optional(keys::SHARD.name)?,
            presence,
        })
    }
}
