//! Request Channel Info (op 43).

use super::keys;
use crate::encode::Sink;
use crate::encode::command_impl::command_impl;
use crate::encode::items::ListItem;
use crate::encode::{Items, Writer};
use crate::{Error, Opcode, Snowflake};

/// A piece of ephemeral channel information that op 43 can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum ChannelInfoField {
    /// The voice channel status text (`"status"`).
    Status,
    /// When the current voice session started (`"voice_start_time"`).
    VoiceStartTime,
}

crate::encode::named::named!(ChannelInfoField, 32, {
    Status => "status",
    VoiceStartTime => "voice_start_time",
});

/// Asks for ephemeral information about a guild's channels; the answer
/// arrives as a CHANNEL_INFO dispatch.
///
/// ```
/// use gateway_etf::{ChannelInfoField, Command, RequestChannelInfo, Snowflake};
/// let req = RequestChannelInfo::new(Snowflake::new(1), &[ChannelInfoField::Status]);
/// let mut buf = [0u8; 128];
/// assert_eq!(req.encode(&mut buf)?.len(), req.encoded_len());
/// # Ok::<(), gateway_etf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub struct RequestChannelInfo<'a> {
    /// The guild whose channels are asked about.
    pub guild_id: Snowflake,
    /// Which information to send.
    pub fields: Items<'a, ChannelInfoField>,
}

impl ListItem for ChannelInfoField {
    #[inline(always)]
    fn write<S: Sink>(&self, w: &mut Writer<S>) -> Result<(), Error> {
        let (term, len) = self.term();
        w.raw(term.get(..*len).unwrap_or(term)).map(drop)
    }
}

impl<'a> RequestChannelInfo<'a> {
    /// A request for `fields` of the channels of `guild_id`.
    ///
    /// ```
    /// # use gateway_etf::{ChannelInfoField, RequestChannelInfo, Snowflake};
    /// let r = RequestChannelInfo::new(Snowflake::new(1), &[ChannelInfoField::Status]);
    /// assert_eq!(r.fields.len(), 1);
    /// ```
    #[must_use]
    #[inline]
    pub const fn new(guild_id: Snowflake, fields: &'a [ChannelInfoField]) -> Self {
        RequestChannelInfo { guild_id, fields: Items::Slice(fields) }
    }
}

command_impl! {
    impl Command for RequestChannelInfo<'_> = Opcode::RequestChannelInfo;

    fn write_data(&self, w) {
        w.map(2)?.key(keys::FIELDS)?;
        self.fields.write_each(w)?;
        w.key(keys::GUILD_ID)?.uint(self.guild_id.get())?;
        Ok(())
    }
}
