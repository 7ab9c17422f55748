//! Update Presence (op 3) read back, with its activities.

use super::{DecodeCommand, Mode, data_map, defaulted};
use crate::decode::{Error, FromTerm, Map, Seq, Term};
use crate::{Activity, Opcode, Status, UpdatePresence};

/// An activity map: `name` and `type` required, `url` and `state` optional;
/// other keys (which bots may not set) are ignored.
impl<'a> FromTerm<'a> for Activity<'a> {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        let map = term.as_map()?;
        let mut activity = Activity::new(map.required("name")?, map.required("type")?);
        activity.url = map.optional("url")?;
        activity.state = map.optional("state")?;
        Ok(activity)
    }
}

/// Update Presence as decoded: [`UpdatePresence`] with the activities as a
/// lazily decoded [`Seq`].
///
/// ```
/// use gateway_etf::{Activity, ActivityType, Command, Status, UpdatePresence};
/// use gateway_etf::decode::{DecodeCommand, UpdatePresenceView};
/// let acts = [Activity::new("chess", ActivityType::Competing).state("winning")];
/// let sent = UpdatePresence::new(Status::Dnd).activities(&acts).since(Some(5)).afk(true);
/// let mut buf = [0u8; 256];
/// let view = UpdatePresenceView::decode(sent.encode(&mut buf).unwrap())?;
/// assert_eq!(view, sent);
/// assert_eq!(view.activities.iter().next().unwrap().state, Some("winning"));
///
/// let mut slots = [Activity::new("", ActivityType::Playing); 4];
/// assert_eq!(view.to_command(&mut slots)?, sent);
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UpdatePresenceView<'a> {
    /// Unix time in milliseconds since the client went idle, or `None`.
    pub since: Option<u64>,
    /// The activities, decoded as they are iterated.
    pub activities: Seq<'a, Activity<'a>>,
    /// The status.
    pub status: Status,
    /// Whether the client is AFK.
    pub afk: bool,
}

impl<'a> UpdatePresenceView<'a> {
    /// Reads a presence map; in liberal mode only `status` is required.
    pub(crate) fn from_map(map: Map<'a>, mode: Mode) -> Result<Self, Error> {
        Ok(UpdatePresenceView {
            since: defaulted(&map, "since", mode, None)?,
            activities: defaulted::<Option<_>>(&map, "activities", mode, None)?.unwrap_or_else(Seq::empty),
            status: map.required("status")?,
            afk: defaulted(&map, "afk", mode, false)?,
        })
    }

    /// The encoder's [`UpdatePresence`], with the activities copied into
    /// `activities` ([`Error::BufferTooSmall`] if it is too short).
    ///
    /// ```
    /// use gateway_etf::{Activity, ActivityType, Command, Status, UpdatePresence};
    /// use gateway_etf::decode::{DecodeCommand, Error, UpdatePresenceView};
    /// let acts = [Activity::new("a", ActivityType::Playing), Activity::new("b", ActivityType::Watching)];
    /// let mut buf = [0u8; 256];
    /// let view = UpdatePresenceView::decode(UpdatePresence::new(Status::Idle).activities(&acts).encode(&mut buf).unwrap())?;
    /// let mut one = [Activity::new("", ActivityType::Playing); 1];
    /// assert_eq!(view.to_command(&mut one).unwrap_err(), Error::BufferTooSmall { needed: 2 });
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn to_command<'s>(&self, activities: &'s mut [Activity<'a>]) -> Result<UpdatePresence<'s>, Error>
    where
        'a: 's,
    {
        let activities: &'s [Activity<'a>] = self.activities.copy_into(activities)?;
        Ok(UpdatePresence::new(self.status).activities(activities).since(self.since).afk(self.afk))
    }
}

impl<'a> FromTerm<'a> for UpdatePresenceView<'a> {
    /// A presence map, read liberally.
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        Self::from_map(term.as_map()?, Mode::Liberal)
    }
}

impl<'a> DecodeCommand<'a> for UpdatePresenceView<'a> {
    const OPCODE: Opcode = Opcode::PresenceUpdate;

    fn decode_data(data: Option<Term<'a>>, mode: Mode) -> Result<Self, Error> {
        Self::from_map(data_map(data)?, mode)
    }
}

impl<'b> PartialEq<UpdatePresence<'b>> for UpdatePresenceView<'_> {
    fn eq(&self, other: &UpdatePresence<'b>) -> bool {
        self.since == other.since
            && self.status == other.status
            && self.afk == other.afk
            && self.activities.len() == other.activities.len()
            && self.activities.iter().zip(other.activities).all(|(a, b)| a == *b)
    }
}
