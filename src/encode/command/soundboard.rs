//! Request Soundboard Sounds (op 31).

use super::keys;
use crate::encode::Items;
use crate::encode::command_impl::command_impl;
use crate::{Opcode, Snowflake};

/// Asks for the soundboard sounds of some guilds; the answer arrives as
/// SOUNDBOARD_SOUNDS dispatches.
///
/// ```
/// use gateway_etf::{Command, RequestSoundboardSounds, Snowflake};
/// let guilds = Snowflake::slice_from_u64(&[613425648685547541]);
/// let mut buf = [0u8; 64];
/// let frame = RequestSoundboardSounds::new(guilds).encode(&mut buf)?;
/// assert_eq!(*frame.last().unwrap(), 31);
/// # Ok::<(), gateway_etf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub struct RequestSoundboardSounds<'a> {
    /// The guilds whose sounds are wanted.
    pub guild_ids: Items<'a, Snowflake>,
}

impl<'a> RequestSoundboardSounds<'a> {
    /// A request for the sounds of `guild_ids`.
    ///
    /// ```
    /// # use gateway_etf::{RequestSoundboardSounds, Snowflake};
    /// let ids = [Snowflake::new(1)];
    /// assert_eq!(RequestSoundboardSounds::new(&ids).guild_ids.len(), 1);
    /// ```
    #[must_use]
    #[inline]
    pub const fn new(guild_ids: &'a [Snowflake]) -> Self {
        RequestSoundboardSounds { guild_ids: Items::Slice(guild_ids) }
    }
}

command_impl! {
    impl Command for RequestSoundboardSounds<'_> = Opcode::RequestSoundboardSounds;

    fn write_data(&self, w) {
        w.map(1)?.key(keys::GUILD_IDS)?;
        self.guild_ids.write_ids(w)?;
        Ok(())
    }
}
