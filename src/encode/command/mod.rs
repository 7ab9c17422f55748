//! The gateway commands a client sends, one module each, and the
//! [`Command`] trait that writes any of them as a complete frame.

mod channel_info;
mod heartbeat;
mod identify;
pub(crate) mod keys;
mod presence;
mod request_guild_members;
mod resume;
mod soundboard;
mod voice_state;

pub use channel_info::{ChannelInfoField, RequestChannelInfo};
pub use heartbeat::Heartbeat;
pub use identify::{ConnectionProperties, Identify, ShardId};
pub use presence::{Activity, ActivityType, Status, UpdatePresence};
pub use request_guild_members::{MemberFilter, RequestGuildMembers};
pub use resume::Resume;
pub use soundboard::RequestSoundboardSounds;
pub use voice_state::UpdateVoiceState;

use super::fast::fast_encoders;
use crate::Error;
use crate::Opcode;
use crate::encode::{CountingSink, Sink, SliceSink, Writer, key};
use crate::tag;

/// `131, #{` and the key `"d"`: everything before the data.
const FRAME_HEAD: [u8; 12] = [tag::VERSION, tag::MAP_EXT, 0, 0, 0, 2, tag::BINARY_EXT, 0, 0, 0, 1, b'd'];
/// The key `"op"` and the small-integer tag; the opcode byte follows.
const FRAME_OP: &[u8; 8] = &{
    let k: &[u8; 7] = key!("op");
    [k[0], k[1], k[2], k[3], k[4], k[5], k[6], tag::SMALL_INTEGER_EXT]
};

/// Writes `head` (the frame head, with or without the version byte), the
/// data and the opcode.
#[inline(always)]
fn write_envelope<C: Command + ?Sized, S: Sink>(
    cmd: &C,
    w: &mut Writer<S>,
    head: &[u8],
) -> Result<(), Error> {
    w.constant(head)?;
    cmd.write_data(w)?;
    // One constant 9-byte piece, not two pushes.
    w.constant(
        &const {
            let op = FRAME_OP;
            [op[0], op[1], op[2], op[3], op[4], op[5], op[6], op[7], C::OPCODE as u8]
        },
    )?;
    Ok(())
}

/// Writes version byte, envelope and data.
#[inline(always)]
pub(super) fn write_frame<C: Command + ?Sized, S: Sink>(cmd: &C, w: &mut Writer<S>) -> Result<(), Error> {
    write_envelope(cmd, w, &FRAME_HEAD)
}

/// The frame length by a counting pass, or the error `write_data` reports
/// (a length that does not fit ETF's 32-bit fields).
#[inline]
pub(super) fn count_frame<C: Command + ?Sized>(cmd: &C) -> Result<usize, Error> {
    let mut w = Writer::new(CountingSink::new());
    write_frame(cmd, &mut w)?;
    Ok(w.into_sink().count())
}

/// Validates, then writes the frame into a sink nobody else sees yet and
/// measures it afterwards: no length pass on the way to success, and a
/// failed frame is dropped with the sink. `BufferFull` reports the exact
/// frame length.
#[inline(always)]
fn write_first<C, S>(cmd: &C, sink: S, len: impl FnOnce(&S) -> usize) -> Result<S, Error>
where
    C: Command + ?Sized,
    S: Sink,
{
    cmd.validate()?;
    let mut w = Writer::new(sink);
    match write_frame(cmd, &mut w) {
        Ok(()) => {}
        Err(Error::BufferFull { .. }) => {
            return Err(cmd.checked_len().map_or_else(|e| e, |needed| Error::BufferFull { needed }));
        }
        Err(e) => return Err(e),
    }
    let sink = w.into_sink();
    match len(&sink) {
        n if n > crate::MAX_PAYLOAD => Err(Error::PayloadTooLarge(n)),
        _ => Ok(sink),
    }
}

/// Measures, reserves, then writes: [`Command::encode_to`] without the
/// fast path.
#[inline]
pub(super) fn encode_to_checked<C: Command + ?Sized, S: Sink>(cmd: &C, sink: S) -> Result<usize, Error> {
    let len = cmd.checked_len()?;
    let mut w = Writer::new(sink);
    w.reserve(len)?;
    write_frame(cmd, &mut w)?;
    Ok(len)
}

/// A gateway command: `term_to_binary(#{"d" => data, "op" => opcode})`.
///
/// Implementors provide the opcode, the validation and the data term; the
/// trait provides every way of writing the frame, each validating first and
/// never handing out a frame that is partial or over [`MAX_PAYLOAD`]
/// bytes. [`encode_to`](Self::encode_to) leaves a sink that is too small
/// untouched; [`encode`](Self::encode) treats its buffer as scratch.
///
/// This crate's commands check the room for a frame once, against an
/// upper bound of its length computed without a counting pass, and then
/// write without a check per piece (`unsafe` code, which
/// relies on `write_data` pushing the same bytes every time). A command
/// implemented outside the crate gets the checked defaults: [`encode`] and
/// [`encode_heapless`] write first and measure only on failure;
/// [`encode_to`] measures first and reserves.
///
/// [`encode`]: Self::encode
/// [`encode_heapless`]: Self::encode_heapless
/// [`encode_to`]: Self::encode_to
///
/// To implement it for a command this crate lacks, write `OPCODE` and
/// [`write_data`](Self::write_data), and [`validate`](Self::validate) if
/// Discord has rules for it;
/// `write_data` must write the same bytes every time it is called.
///
/// [`MAX_PAYLOAD`]: crate::MAX_PAYLOAD
///
/// ```
/// use gateway_etf::{Command, Heartbeat};
///
/// let hb = Heartbeat::new(Some(251));
/// let mut buf = [0u8; 64];
/// let frame = hb.encode(&mut buf)?;
/// assert_eq!(frame.len(), hb.encoded_len());
/// assert_eq!(frame[0], 131);
/// # Ok::<(), gateway_etf::Error>(())
/// ```
pub trait Command {
    /// The opcode written under `"op"`.
    const OPCODE: Opcode;

    /// Checks the command against Discord's rules (not the payload size,
    /// which the encoding methods check). The default accepts everything,
    /// for commands Discord puts no rule on.
    #[inline]
    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }

    /// Writes the data term, the value of `"d"`, with no validation.
    fn write_data<S: Sink>(&self, w: &mut Writer<S>) -> Result<(), Error>;

    /// The exact length of the encoded frame, version byte included
    /// (`usize::MAX` for a frame that cannot be written at all, such as one
    /// holding a string over 4 GiB).
    ///
    /// Computed by running [`write_data`](Self::write_data) into a
    /// counting sink, so it cannot drift from what is written.
    #[must_use]
    fn encoded_len(&self) -> usize {
        count_frame(self).unwrap_or(usize::MAX)
    }

    /// Validates, checks Discord's size limit and returns the frame length.
    fn checked_len(&self) -> Result<usize, Error> {
        self.validate()?;
        let len = count_frame(self)?;
        if len > crate::MAX_PAYLOAD {
            return Err(Error::PayloadTooLarge(len));
        }
        Ok(len)
    }

    /// Writes the term `#{"d" => …, "op" => …}` (no version byte) into a
    /// writer, to embed the command in a larger custom term. Not validated:
    /// call [`validate`](Self::validate) first.
    fn write<S: Sink>(&self, w: &mut Writer<S>) -> Result<(), Error> {
        write_envelope(self, w, FRAME_HEAD.get(1..).unwrap_or_default())
    }

    /// Writes the whole frame into any sink; returns its length.
    ///
    /// A sink that is too small receives nothing. This crate's commands
    /// ask the sink to lend room for an upper bound of the frame
    /// ([`Lend`](super::Lend)) and write it there; when it cannot, and
    /// for commands from outside the crate, the frame is measured, the
    /// exact length reserved, and then written.
    ///
    /// ```
    /// use gateway_etf::{Command, Heartbeat};
    /// let mut out: heapless::Vec<u8, 32> = heapless::Vec::new();
    /// let n = Heartbeat::new(None).encode_to(&mut out)?;
    /// assert_eq!(n, out.len());
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    fn encode_to<S: Sink>(&self, sink: S) -> Result<usize, Error> {
        encode_to_checked(self, sink)
    }

    /// Writes the frame at the start of `buf` and returns it: the fast path.
    ///
    /// Validates, then writes first and measures only on failure, so there
    /// is no length pass. `buf` is the caller's scratch: up to 16 bytes past
    /// the frame may be overwritten (integers are stored 16 bytes wide), and
    /// after an error its first 4096 bytes are unspecified. A frame is
    /// never handed out unless it is whole and within Discord's 4096 bytes.
    /// Use [`encode_to`](Self::encode_to) with a
    /// [`SliceSink`] when a failed encode must leave the buffer untouched.
    ///
    /// Fails with [`Error::BufferFull`] (carrying the frame length) when
    /// `buf` is too short.
    ///
    /// ```
    /// use gateway_etf::{Command, Error, Heartbeat};
    /// let mut small = [0u8; 8];
    /// assert_eq!(Heartbeat::new(Some(1)).encode(&mut small), Err(Error::BufferFull { needed: 23 }));
    /// ```
    fn encode<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
        // No frame is longer than Discord's limit: an oversized one stops
        // filling the buffer there instead of copying all of its input.
        let end = buf.len().min(crate::MAX_PAYLOAD);
        let buf = buf.get_mut(..end).unwrap_or_default();
        Ok(write_first(self, SliceSink::new(buf), SliceSink::len)?.into_written())
    }

    /// Writes the frame into a new `heapless::Vec` of capacity `N`.
    ///
    /// The vector is returned by value, so all `N` bytes move with it: for
    /// a large `N` on a hot path, [`encode_to`](Self::encode_to) into a
    /// `heapless::Vec` you keep is cheaper.
    ///
    /// ```
    /// use gateway_etf::{Command, Heartbeat};
    /// let frame: heapless::Vec<u8, 32> = Heartbeat::new(Some(1)).encode_heapless()?;
    /// assert_eq!(frame.len(), 23);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    fn encode_heapless<const N: usize>(&self) -> Result<heapless::Vec<u8, N>, Error> {
        // Through a reference, so that the N bytes are not moved around.
        let mut out = heapless::Vec::new();
        write_first(self, &mut out, |v| v.len())?;
        Ok(out)
    }

    /// Writes the frame into a new `Vec` with one allocation (feature
    /// `alloc`).
    ///
    /// This crate's commands size the allocation with an upper bound
    /// computed without a counting pass (it counts an integer as 16
    /// bytes), so the capacity may exceed the length; measure with
    /// [`encoded_len`](Self::encoded_len) and reserve for an exact one.
    #[cfg(feature = "alloc")]
    fn to_vec(&self) -> Result<alloc::vec::Vec<u8>, Error> {
        let mut out = alloc::vec::Vec::new();
        self.encode_to(&mut out)?;
        Ok(out)
    }
}
