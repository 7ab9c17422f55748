//! Update Presence (op 3), also the `presence` of Identify.

use super::keys;
use crate::encode::Sink;
use crate::encode::command_impl::command_impl;
use crate::encode::items::ListItem;
use crate::encode::setters::setters;
use crate::encode::{Items, Writer};
use crate::{Error, Opcode};

/// The status a bot can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Status {
    /// Online (green).
    #[default]
    Online,
    /// Do not disturb (red).
    Dnd,
    /// Away (yellow).
    Idle,
    /// Shown as offline while connected.
    Invisible,
    /// Offline.
    Offline,
}

crate::encode::named::named!(Status, 16, {
    Online => "online",
    Dnd => "dnd",
    Idle => "idle",
    Invisible => "invisible",
    Offline => "offline",
});

crate::numbered::numbered! {
    /// What an activity is; the integer under `type`.
    pub enum ActivityType: "activity type" {
        /// "Playing {name}".
        Playing = 0,
        /// "Streaming {details}"; give a Twitch or YouTube [`url`](Activity::url).
        Streaming = 1,
        /// "Listening to {name}".
        Listening = 2,
        /// "Watching {name}".
        Watching = 3,
        /// "{emoji} {state}": a custom status, text in [`state`](Activity::state).
        Custom = 4,
        /// "Competing in {name}".
        Competing = 5,
    }
}

/// An activity a bot may show: `name`, `type`, and optionally `url` and
/// `state` (bots may set no other field). Keys are strings, never atoms
/// (crux_gateway's documented atom keys made Discord close with 4002).
///
/// ```
/// use gateway_etf::{Activity, ActivityType};
/// let a = Activity::new("live", ActivityType::Streaming).url("https://twitch.tv/x");
/// assert_eq!(a.url, Some("https://twitch.tv/x"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub struct Activity<'a> {
    /// The activity's name.
    pub name: &'a str,
    /// What kind of activity.
    pub kind: ActivityType,
    /// Stream URL, for [`ActivityType::Streaming`].
    pub url: Option<&'a str>,
    /// The status text of a custom status, or the party status.
    pub state: Option<&'a str>,
}

impl<'a> Activity<'a> {
    /// An activity with a name and a type.
    ///
    /// ```
    /// # use gateway_etf::{Activity, ActivityType};
    /// let a = Activity::new("with ETF", ActivityType::Playing);
    /// assert_eq!(a.url, None);
    /// ```
    #[must_use]
    #[inline]
    pub const fn new(name: &'a str, kind: ActivityType) -> Self {
        Activity { name, kind, url: None, state: None }
    }

    setters! {
        /// Sets the stream URL.
        ///
        /// ```
        /// # use gateway_etf::{Activity, ActivityType};
        /// let a = Activity::new("s", ActivityType::Streaming).url("https://twitch.tv/x");
        /// assert!(a.url.is_some());
        /// ```
        url(url: &'a str) = Some(url);

        /// Sets the state (the text of a custom status).
        ///
        /// ```
        /// # use gateway_etf::{Activity, ActivityType};
        /// let a = Activity::new("Custom Status", ActivityType::Custom).state("brb");
        /// assert_eq!(a.state, Some("brb"));
        /// ```
        state(state: &'a str) = Some(state);
    }
}

impl ListItem for Activity<'_> {
    /// Writes the activity map; keys in term order: name, state, type, url.
    #[inline(always)]
    fn write<S: Sink>(&self, w: &mut Writer<S>) -> Result<(), Error> {
        w.map(2 + self.url.is_some() as u32 + self.state.is_some() as u32)?;
        w.key(keys::NAME)?.str(self.name)?;
        if let Some(state) = self.state {
            w.key(keys::STATE)?.str(state)?;
        }
        w.key(keys::TYPE)?.raw(&[crate::tag::SMALL_INTEGER_EXT, self.kind as u8])?;
        if let Some(url) = self.url {
            w.key(keys::URL)?.str(url)?;
        }
        Ok(())
    }
}

/// Sets the bot's status and activities; also the `presence` of Identify.
///
/// All four keys are always sent: `since` as `nil` unless set, `activities`
/// empty unless set, `afk` false unless set.
/// crux: `status_update/2`.
///
/// ```
/// use gateway_etf::{Activity, ActivityType, Command, Status, UpdatePresence};
/// let acts = [Activity::new("with ETF", ActivityType::Playing)];
/// let p = UpdatePresence::new(Status::Idle).activities(&acts).since(Some(1_700_000_000_000)).afk(true);
/// let mut buf = [0u8; 256];
/// assert_eq!(p.encode(&mut buf)?.len(), p.encoded_len());
/// # Ok::<(), gateway_etf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub struct UpdatePresence<'a> {
    /// Unix time in milliseconds since the client went idle, or `None`.
    pub since: Option<u64>,
    /// The activities to show.
    pub activities: Items<'a, Activity<'a>>,
    /// The status.
    pub status: Status,
    /// Whether the client is AFK.
    pub afk: bool,
}

impl<'a> UpdatePresence<'a> {
    /// A presence with `status`, no activities, `since: nil`, not AFK.
    ///
    /// ```
    /// # use gateway_etf::{Status, UpdatePresence};
    /// let p = UpdatePresence::new(Status::Online);
    /// assert!(p.activities.is_empty() && p.since.is_none() && !p.afk);
    /// ```
    #[must_use]
    #[inline]
    pub const fn new(status: Status) -> Self {
        UpdatePresence { since: None, activities: Items::Slice(&[]), status, afk: false }
    }

    setters! {
        /// Sets the activities.
        ///
        /// ```
        /// # use gateway_etf::{Activity, ActivityType, Status, UpdatePresence};
        /// let acts = [Activity::new("chess", ActivityType::Competing)];
        /// assert_eq!(UpdatePresence::new(Status::Online).activities(&acts).activities.len(), 1);
        /// ```
        activities(activities: &'a [Activity<'a>]) = Items::Slice(activities);

        /// Sets when the client went idle (Unix milliseconds), or `None`.
        ///
        /// ```
        /// # use gateway_etf::{Status, UpdatePresence};
        /// assert_eq!(UpdatePresence::new(Status::Idle).since(Some(5)).since, Some(5));
        /// ```
        since(since: Option<u64>) = since;

        /// Sets whether the client is AFK.
        ///
        /// ```
        /// # use gateway_etf::{Status, UpdatePresence};
        /// assert!(UpdatePresence::new(Status::Idle).afk(true).afk);
        /// ```
        afk(afk: bool) = afk;
    }
}

command_impl! {
    impl Command for UpdatePresence<'_> = Opcode::PresenceUpdate;

    fn write_data(&self, w) {
        w.map(4)?.key(keys::ACTIVITIES)?;
        self.activities.write_each(w)?;
        w.key(keys::AFK)?.bool(self.afk)?;
        w.key(keys::SINCE)?;
        match self.since {
            Some(ms) => w.uint(ms)?,
            None => w.null()?,
        };
        let (status, len) = self.status.term();
        w.key(keys::STATUS)?.block(status, *len)?;
        Ok(())
    }
}
