//! Resume (op 6).

use super::keys;
use crate::Opcode;
use crate::encode::command_impl::command_impl;

/// Resumes a dropped session, replaying the events missed since `seq`.
///
/// Send it on a new connection to the `resume_gateway_url` from READY.
/// crux: `resume/1`.
///
/// ```
/// use gateway_etf::{Command, Resume};
/// let resume = Resume::new("token", "session-id", 1337);
/// let mut buf = [0u8; 128];
/// assert_eq!(resume.encode(&mut buf)?.len(), resume.encoded_len());
/// # Ok::<(), gateway_etf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub struct Resume<'a> {
    /// The bot token.
    pub token: &'a str,
    /// `session_id` from READY.
    pub session_id: &'a str,
    /// The last sequence number received.
    pub seq: u64,
}

impl<'a> Resume<'a> {
    /// A resume of `session_id` from sequence number `seq`.
    ///
    /// ```
    /// # use gateway_etf::Resume;
    /// assert_eq!(Resume::new("t", "s", 3).seq, 3);
    /// ```
    #[must_use]
    #[inline]
    pub const fn new(token: &'a str, session_id: &'a str, seq: u64) -> Self {
        Resume { token, session_id, seq }
    }
}

command_impl! {
    impl Command for Resume<'_> = Opcode::Resume;

    fn write_data(&self, w) {
        w.map(3)?;
        w.key(keys::SEQ)?.uint(self.seq)?;
        w.key(keys::SESSION_ID)?.str(self.session_id)?;
        w.key(keys::TOKEN)?.str(self.token)?;
        Ok(())
    }
}
