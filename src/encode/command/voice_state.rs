//! Update Voice State (op 4).

use super::keys;
use crate::encode::command_impl::command_impl;
use crate::encode::setters::setters;
use crate::{Opcode, Snowflake};

/// Joins, moves between or leaves (`channel_id: None`) voice channels.
///
/// `self_mute` and `self_deaf` default to `false` and are always sent
/// (crux_gateway 0.1.3 always sent `self_deaf: true`).
/// crux: `voice_state_update/3`.
///
/// ```
/// use gateway_etf::{Command, Snowflake, UpdateVoiceState};
/// let join = UpdateVoiceState::new(Snowflake::new(1), Some(Snowflake::new(2))).self_deaf(true);
/// let leave = UpdateVoiceState::new(Snowflake::new(1), None);
/// let mut buf = [0u8; 128];
/// assert_eq!(join.encode(&mut buf)?.len(), join.encoded_len());
/// assert_eq!(leave.encode(&mut buf)?.len(), leave.encoded_len());
/// # Ok::<(), gateway_etf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub struct UpdateVoiceState {
    /// The guild.
    pub guild_id: Snowflake,
    /// The voice channel to join, or `None` to disconnect (sent as `nil`).
    pub channel_id: Option<Snowflake>,
    /// Whether the client is muted.
    pub self_mute: bool,
    /// Whether the client is deafened.
    pub self_deaf: bool,
}

impl UpdateVoiceState {
    /// Join `channel_id` in `guild_id` (or leave with `None`), unmuted and
    /// undeafened.
    ///
    /// ```
    /// # use gateway_etf::{Snowflake, UpdateVoiceState};
    /// let v = UpdateVoiceState::new(Snowflake::new(1), None);
    /// assert!(!v.self_mute && !v.self_deaf);
    /// ```
    #[must_use]
    #[inline]
    pub const fn new(guild_id: Snowflake, channel_id: Option<Snowflake>) -> Self {
        UpdateVoiceState { guild_id, channel_id, self_mute: false, self_deaf: false }
    }

    setters! {
        /// Sets whether the client is muted.
        ///
        /// ```
        /// # use gateway_etf::{Snowflake, UpdateVoiceState};
        /// assert!(UpdateVoiceState::new(Snowflake::new(1), None).self_mute(true).self_mute);
        /// ```
        self_mute(mute: bool) = mute;

        /// Sets whether the client is deafened.
        ///
        /// ```
        /// # use gateway_etf::{Snowflake, UpdateVoiceState};
        /// assert!(UpdateVoiceState::new(Snowflake::new(1), None).self_deaf(true).self_deaf);
        /// ```
        self_deaf(deaf: bool) = deaf;
    }
}

command_impl! {
    impl Command for UpdateVoiceState = Opcode::VoiceStateUpdate;

    fn write_data(&self, w) {
        w.map(4)?;
        w.key(keys::CHANNEL_ID)?;
        match self.channel_id {
            Some(id) => w.uint(id.get())?,
            None => w.null()?,
        };
        w.key(keys::GUILD_ID)?.uint(self.guild_id.get())?;
        w.key(keys::SELF_DEAF)?.bool(self.self_deaf)?;
        w.key(keys::SELF_MUTE)?.bool(self.self_mute)?;
        Ok(())
    }
}
