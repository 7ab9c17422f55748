//! Identify (op 2) and what it carries: connection properties and shard.

use super::keys;
use crate::encode::Sink;
use crate::encode::Writer;
use crate::encode::command_impl::command_impl;
use crate::encode::setters::setters;
use crate::{Error, Intents, Opcode, UpdatePresence};

/// The first of `names` that is the compile target's `target_os`, each
/// name written once for both the test and the value; else `"wasm"` on a
/// wasm target, else `"none"`.
macro_rules! target_os {
    ($($name:tt),*) => {
        $(if cfg!(target_os = $name) { $name } else)* if cfg!(target_family = "wasm") { "wasm" } else { "none" }
    };
}

/// The operating system name the default [`ConnectionProperties`] report.
const TARGET_OS: &str = target_os!("linux", "windows", "macos", "android", "ios", "freebsd");

/// The `properties` of Identify: who is connecting.
///
/// Keys are the v10 names `os`, `browser`, `device` (the `$`-prefixed
/// names are deprecated). Discord has kept these three for years, so the
/// struct is exhaustive: build it with [`new`](Self::new), `default()` or a
/// literal.
///
/// ```
/// use gateway_etf::ConnectionProperties;
/// let p = ConnectionProperties::default();
/// assert_eq!(p.browser, "gateway-etf");
/// let q = ConnectionProperties { os: "linux", browser: "my-bot", device: "my-bot" };
/// assert_eq!(q, ConnectionProperties::new("linux", "my-bot", "my-bot"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ConnectionProperties<'a> {
    /// The operating system.
    pub os: &'a str,
    /// The library name.
    pub browser: &'a str,
    /// The library name again, by convention.
    pub device: &'a str,
}

impl<'a> ConnectionProperties<'a> {
    /// Properties with the given values.
    ///
    /// ```
    /// # use gateway_etf::ConnectionProperties;
    /// let p = ConnectionProperties::new("linux", "my-bot", "my-bot");
    /// assert_eq!(p.os, "linux");
    /// ```
    #[must_use]
    #[inline]
    pub const fn new(os: &'a str, browser: &'a str, device: &'a str) -> Self {
        ConnectionProperties { os, browser, device }
    }

    #[inline(always)]
    fn write<S: Sink>(&self, w: &mut Writer<S>) -> Result<(), Error> {
        w.map(3)?;
        w.key(keys::BROWSER)?.str(self.browser)?;
        w.key(keys::DEVICE)?.str(self.device)?;
        w.key(keys::OS)?.str(self.os)?;
        Ok(())
    }
}

impl Default for ConnectionProperties<'_> {
    /// The compile target's OS (`"none"` on bare metal) and `"gateway-etf"`
    /// as browser and device.
    fn default() -> Self {
        ConnectionProperties::new(TARGET_OS, "gateway-etf", "gateway-etf")
    }
}

/// A valid `[shard_id, num_shards]` pair.
///
/// ```
/// use gateway_etf::ShardId;
/// let s = ShardId::new(1, 4)?;
/// assert_eq!((s.id(), s.count()), (1, 4));
/// assert!(ShardId::new(4, 4).is_err());
/// assert!(ShardId::new(0, 0).is_err());
/// # Ok::<(), gateway_etf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ShardId {
    id: u32,
    count: u32,
}

impl ShardId {
    /// The one shard of an unsharded bot, `[0, 1]`.
    pub const ONE: ShardId = ShardId { id: 0, count: 1 };

    /// Shard `id` of `count`; refuses `count == 0` and `id >= count`.
    ///
    /// ```
    /// # use gateway_etf::{Error, ShardId};
    /// assert_eq!(ShardId::new(2, 2), Err(Error::InvalidShard { id: 2, count: 2 }));
    /// ```
    pub const fn new(id: u32, count: u32) -> Result<Self, Error> {
        if id < count { Ok(ShardId { id, count }) } else { Err(Error::InvalidShard { id, count }) }
    }

    /// The shard id.
    ///
    /// ```
    /// # use gateway_etf::ShardId;
    /// assert_eq!(ShardId::ONE.id(), 0);
    /// ```
    #[inline]
    pub const fn id(self) -> u32 {
        self.id
    }

    /// The number of shards.
    ///
    /// ```
    /// # use gateway_etf::ShardId;
    /// assert_eq!(ShardId::ONE.count(), 1);
    /// ```
    #[inline]
    pub const fn count(self) -> u32 {
        self.count
    }
}

impl Default for ShardId {
    /// [`ShardId::ONE`].
    fn default() -> Self {
        ShardId::ONE
    }
}

/// Starts a session: token, intents, and optional settings.
///
/// An optional field is sent only if its setter was called.
/// crux: `identify/1`.
///
/// ```
/// use gateway_etf::{Command, Identify, Intents, ShardId};
/// let id = Identify::new("token", Intents::GUILDS).shard(ShardId::new(0, 1)?);
/// let mut buf = [0u8; 256];
/// assert_eq!(id.encode(&mut buf)?.len(), id.encoded_len());
/// assert!(Identify::new("t", Intents::GUILDS).large_threshold(300).encode(&mut buf).is_err());
/// # Ok::<(), gateway_etf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub struct Identify<'a> {
    /// The bot token (without a `Bot ` prefix).
    pub token: &'a str,
    /// The events to receive.
    pub intents: Intents,
    /// Who is connecting.
    pub properties: ConnectionProperties<'a>,
    /// Whether the client supports zlib-compressed payloads.
    pub compress: Option<bool>,
    /// Member count (50..=250) above which offline members are not sent.
    pub large_threshold: Option<u32>,
    /// The shard this connection is.
    pub shard: Option<ShardId>,
    /// The presence to start with.
    pub presence: Option<UpdatePresence<'a>>,
}

impl<'a> Identify<'a> {
    /// An Identify with default [`ConnectionProperties`] and no optional
    /// field.
    ///
    /// ```
    /// # use gateway_etf::{Identify, Intents};
    /// let id = Identify::new("token", Intents::GUILDS);
    /// assert!(id.shard.is_none() && id.compress.is_none());
    /// ```
    #[must_use]
    #[inline]
    pub fn new(token: &'a str, intents: Intents) -> Self {
        Identify {
            token,
            intents,
            properties: ConnectionProperties::default(),
            compress: None,
            large_threshold: None,
            shard: None,
            presence: None,
        }
    }

    setters! {
        /// Sets the connection properties.
        ///
        /// ```
        /// # use gateway_etf::{ConnectionProperties, Identify, Intents};
        /// let p = ConnectionProperties::new("linux", "bot", "bot");
        /// assert_eq!(Identify::new("t", Intents::GUILDS).properties(p).properties.os, "linux");
        /// ```
        properties(properties: ConnectionProperties<'a>) = properties;

        /// Sends `compress`.
        ///
        /// ```
        /// # use gateway_etf::{Identify, Intents};
        /// assert_eq!(Identify::new("t", Intents::GUILDS).compress(false).compress, Some(false));
        /// ```
        compress(compress: bool) = Some(compress);

        /// Sends `large_threshold`; encoding refuses values outside 50..=250.
        ///
        /// ```
        /// # use gateway_etf::{Identify, Intents};
        /// assert_eq!(Identify::new("t", Intents::GUILDS).large_threshold(250).large_threshold, Some(250));
        /// ```
        large_threshold(threshold: u32) = Some(threshold);

        /// Sends `shard`.
        ///
        /// ```
        /// # use gateway_etf::{Identify, Intents, ShardId};
        /// assert_eq!(Identify::new("t", Intents::GUILDS).shard(ShardId::ONE).shard, Some(ShardId::ONE));
        /// ```
        shard(shard: ShardId) = Some(shard);

        /// Sends an initial `presence`.
        ///
        /// ```
        /// # use gateway_etf::{Identify, Intents, Status, UpdatePresence};
        /// let id = Identify::new("t", Intents::GUILDS).presence(UpdatePresence::new(Status::Dnd));
        /// assert!(id.presence.is_some());
        /// ```
        presence(presence: UpdatePresence<'a>) = Some(presence);
    }
}

command_impl! {
    impl Command for Identify<'_> = Opcode::Identify;

    #[inline]
    fn validate(&self) -> Result<(), Error> {
        match self.large_threshold {
            Some(t) if !(50..=250).contains(&t) => Err(Error::LargeThresholdOutOfRange(t)),
            _ => self.presence.as_ref().map_or(Ok(()), UpdatePresence::validate),
        }
    }

    fn write_data(&self, w) {
        let optional = self.compress.is_some() as u32
            + self.large_threshold.is_some() as u32
            + self.shard.is_some() as u32
            + self.presence.is_some() as u32;
        w.map(3 + optional)?;
        if let Some(compress) = self.compress {
            w.key(keys::COMPRESS)?.bool(compress)?;
        }
        w.key(keys::INTENTS)?.uint(self.intents.bits())?;
        if let Some(threshold) = self.large_threshold {
            w.key(keys::LARGE_THRESHOLD)?.uint(threshold.into())?;
        }
        if let Some(presence) = &self.presence {
            w.key(keys::PRESENCE)?;
            presence.write_data(w)?;
        }
        w.key(keys::PROPERTIES)?;
        self.properties.write(w)?;
        if let Some(shard) = self.shard {
            w.key(keys::SHARD)?.uint_list(&[shard.id.into(), shard.count.into()])?;
        }
        w.key(keys::TOKEN)?.str(self.token)?;
        Ok(())
    }
}
