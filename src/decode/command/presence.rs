//! Update Presence (op 3) read back, with its activities.

use super::{DecodeCommand, Mode, data_map, defaulted};
use crate::decode::{Error, FromTerm, Map, Seq, Term};
use crate::encode::keys;
use crate::{Activity, Items, Opcode, UpdatePresence};

/// An activity map: `name` and `type` required, `url` and `state` optional;
/// other keys (which bots may not set) are ignored.
impl<'a> FromTerm<'a> for Activity<'a> {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        let map = term.as_map()?;
        let mut activity = Activity::new(map.required(keys::NAME.name)?, map.required(keys::TYPE.name)?);
        activity.url = map.optional(keys::URL.name)?;
        activity.state = map.optional(keys::STATE.name)?;
        Ok(activity)
    }
}

impl<'a> UpdatePresence<'a> {
    /// Reads a presence map; in liberal mode only `status` is required.
    pub(crate) fn from_map(map: Map<'a>, mode: Mode) -> Result<Self, Error> {
        let activities: Option<Seq<'a, Activity<'a>>> = defaulted(&map, keys::ACTIVITIES.name, mode, None)?;
        Ok(UpdatePresence {
            since: defaulted(&map, keys::SINCE.name, mode, None)?,
            activities: activities.map_or(Items::Slice(&[]), Items::Decoded),
            status: map.required(keys::STATUS.name)?,
            afk: defaulted(&map, keys::AFK.name, mode, false)?,
        })
    }
}

/// A presence map, read liberally (the `presence` of READY-like payloads
/// and of Identify).
impl<'a> FromTerm<'a> for UpdatePresence<'a> {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        Self::from_map(term.as_map()?, Mode::Liberal)
    }
}

/// The activities borrow the list from the frame.
///
/// ```
/// use gateway_etf::{Activity, ActivityType, Command, Status, UpdatePresence};
/// use gateway_etf::decode::DecodeCommand;
/// let acts = [Activity::new("chess", ActivityType::Competing).state("winning")];
/// let sent = UpdatePresence::new(Status::Dnd).activities(&acts).since(Some(5)).afk(true);
/// let mut buf = [0u8; 256];
/// let read = UpdatePresence::decode(sent.encode(&mut buf).unwrap())?;
/// assert_eq!(read, sent);
/// assert_eq!(read.activities.iter().next().unwrap().state, Some("winning"));
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
impl<'a> DecodeCommand<'a> for UpdatePresence<'a> {
    const OPCODE: Opcode = Opcode::PresenceUpdate;

    fn decode_data(data: Option<Term<'a>>, mode: Mode) -> Result<Self, Error> {
        Self::from_map(data_map(data)?, mode)
    }
}
