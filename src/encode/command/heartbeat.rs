//! Heartbeat (op 1).

use crate::Opcode;
use crate::encode::command_impl::command_impl;

/// Keeps the connection alive: `d` is the last sequence number received,
/// or `nil` before any dispatch arrived.
///
/// crux: `heartbeat/1`.
///
/// ```
/// use gateway_etf::{Command, Heartbeat};
/// let mut buf = [0u8; 32];
/// let frame = Heartbeat::new(Some(251)).encode(&mut buf)?;
/// assert_eq!(frame, &[131, 116, 0, 0, 0, 2, 109, 0, 0, 0, 1, b'd', 97, 251,
///                     109, 0, 0, 0, 2, b'o', b'p', 97, 1]);
/// # Ok::<(), gateway_etf::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub struct Heartbeat {
    /// The last sequence number received (`s` of the last dispatch).
    pub seq: Option<u64>,
}

impl Heartbeat {
    /// A heartbeat carrying `seq`.
    ///
    /// ```
    /// # use gateway_etf::Heartbeat;
    /// assert_eq!(Heartbeat::new(None).seq, None);
    /// ```
    #[must_use]
    #[inline]
    pub const fn new(seq: Option<u64>) -> Self {
        Heartbeat { seq }
    }
}

command_impl! {
    impl Command for Heartbeat = Opcode::Heartbeat;

    fn write_data(&self, w) {
        match self.seq {
            Some(seq) => w.uint(seq)?,
            None => w.null()?,
        };
        Ok(())
    }
}
