//! The one error type of the encoder.

use core::fmt;

/// Everything that can stop a term or a command from being written.
///
/// A command's rule violations are found before a single byte is written;
/// buffer and size errors may be found while writing, but a partial or
/// oversized frame is never handed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// The sink cannot hold the value.
    BufferFull {
        /// Total bytes the sink would have needed (for a command: the whole
        /// frame; for a single [`Writer`](crate::encode::Writer) call: what was
        /// written so far plus that value).
        needed: usize,
    },
    /// `large_threshold` of Identify must lie in 50..=250.
    LargeThresholdOutOfRange(u32),
    /// Request Guild Members takes at most 100 user IDs (Discord returns
    /// at most 100 members; more IDs are refused rather than dropped).
    TooManyUserIds(usize),
    /// Request Guild Members: `limit` may not exceed 100 with a non-empty
    /// query prefix.
    LimitTooHigh(u32),
    /// A nonce longer than 32 bytes is silently ignored by Discord, so it is
    /// refused here.
    NonceTooLong(usize),
    /// Discord closes the connection (4002) on a payload over 4096 bytes.
    PayloadTooLarge(usize),
    /// `ShardId` needs `count > 0` and `id < count`.
    InvalidShard {
        /// The shard id that was asked for.
        id: u32,
        /// The shard count that was asked for.
        count: u32,
    },
    /// ETF has no encoding for NaN or infinities.
    NonFiniteFloat,
    /// Erlang atoms hold at most 255 characters; carries the character count.
    AtomTooLong(usize),
    /// A binary, list or map is longer than ETF's 32-bit length field.
    LengthOverflow(usize),
}

impl Error {
    /// The largest frame Discord accepts: [`crate::MAX_PAYLOAD`].
    pub const MAX_PAYLOAD: usize = crate::MAX_PAYLOAD;
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::BufferFull { needed } => {
                write!(f, "buffer full: {needed} bytes needed")
            }
            Error::LargeThresholdOutOfRange(v) => {
                write!(f, "large_threshold {v} is outside 50..=250")
            }
            Error::TooManyUserIds(n) => {
                write!(f, "{n} user ids requested, Discord allows at most 100")
            }
            Error::LimitTooHigh(n) => write!(f, "limit {n} is over 100, the maximum with a non-empty query"),
            Error::NonceTooLong(n) => {
                write!(f, "nonce of {n} bytes is over Discord's 32-byte limit")
            }
            Error::PayloadTooLarge(n) => write!(f, "payload of {n} bytes is over Discord's 4096-byte limit"),
            Error::InvalidShard { id, count } => {
                write!(f, "shard [{id}, {count}] is invalid: need id < count")
            }
            Error::NonFiniteFloat => f.write_str("ETF cannot encode NaN or infinite floats"),
            Error::AtomTooLong(n) => {
                write!(f, "atom of {n} characters is over Erlang's 255")
            }
            Error::LengthOverflow(n) => {
                write!(f, "length {n} does not fit ETF's 32-bit length field")
            }
        }
    }
}

impl core::error::Error for Error {}
