//! The fast path: one capacity check per frame instead of one per piece.
//!
//! The checked sinks test for room at every push, and those tests are most
//! of the cost of a frame (an Identify is about 45 pieces). Here the
//! command's writer first runs into [`UpperBound`], a sink that only
//! measures: it adds up the bytes pushed and, for every store the writer
//! would make into lent room, the room it would ask for (16 bytes for an
//! integer, 16 a value for a list), which costs next to nothing, since
//! almost every piece has a constant length that the compiler folds. When
//! that bound fits, the writer runs once more into [`RawSink`], over room
//! for at least the bound (all of a caller's slice, so that a buffer of
//! known length folds the room checks before the first string); when it
//! does not (a tight slice), the frame is counted exactly and the same
//! writer runs over room for at least that, so each command has one writer
//! that writes (a [`Sink`] without room for the bound takes the checked
//! way instead). [`RawSink`] checks no push: every
//! piece pushed is part of the frame, which the room holds. It checks a
//! lend, which the writer asks for only to store wider than it keeps (an
//! integer's 16-byte block, 16 bytes a value for a list); in a tight room
//! the last of those may not fit, and the writer pushes them instead.
//!
//! Soundness rests on one property of the command, which the type system
//! carries: each run writes the frame that the measuring run counted.
//! [`Deterministic`] is an `unsafe` marker trait that says so;
//! only this crate's commands implement it, each with its own SAFETY
//! argument, and the fast path takes it as a bound, so the functions here
//! are safe to call. Tests run under Miri (Stacked and Tree Borrows, on
//! x86-64, i686 and s390x), and debug builds check every push and lend
//! against the end of the room.
#![allow(unsafe_code)]

use core::marker::PhantomData;
use core::mem::MaybeUninit;

use super::Writer;
use super::command::{Command, count_frame, encode_to_checked, write_frame};
use super::lend::Lend;
use super::sink::{Sink, SliceSink};
use crate::Error;

/// A command whose [`write_data`](Command::write_data) writes the same
/// bytes every time it runs on the same value.
///
/// # Safety
///
/// Two runs of `write_data` on the same value write the same bytes, into
/// whatever sink. The fast path measures a frame with one run and writes
/// it with the next into memory it does not check per push, so a command
/// that wrote more the second time would write past that memory.
pub(crate) unsafe trait Deterministic: Command + Copy {}

// The commands whose writing is deterministic. SAFETY (each): `write_data`
// reads only the fields of a `Copy` value with no interior mutability,
// which nothing can change between two runs; what each reads is named. A
// list field (`Items`) is a shared slice or a list in a shared frame,
// decoded the same way on every pass.
// SAFETY: an `Option<u64>`.
unsafe impl Deterministic for crate::Heartbeat {}
// SAFETY: shared strings, integers and a presence (below).
unsafe impl Deterministic for crate::Identify<'_> {}
// SAFETY: a snowflake and a list of plain enums.
unsafe impl Deterministic for crate::RequestChannelInfo<'_> {}
// SAFETY: a snowflake, shared strings and a list of snowflakes.
unsafe impl Deterministic for crate::RequestGuildMembers<'_> {}
// SAFETY: a list of snowflakes.
unsafe impl Deterministic for crate::RequestSoundboardSounds<'_> {}
// SAFETY: two shared strings and an integer.
unsafe impl Deterministic for crate::Resume<'_> {}
// SAFETY: integers, an enum and a list of activities made of shared strings.
unsafe impl Deterministic for crate::UpdatePresence<'_> {}
// SAFETY: snowflakes and booleans.
unsafe impl Deterministic for crate::UpdateVoiceState {}

/// The rest of a fast-path sink's [`Sink`] impl: it was sized for the
/// frame before anything is written, so a reserve always succeeds, and it
/// lends itself.
macro_rules! sized_for_the_frame {
    () => {
        #[inline(always)]
        fn reserve(&mut self, _additional: usize) -> Result<(), Error> {
            Ok(())
        }

        #[inline(always)]
        fn lender(&mut self) -> Option<&mut impl Lend> {
            Some(self)
        }
    };
}

/// Adds up an upper bound of what is written: exact for what is pushed,
/// and for what the writer stores into lent room, the room it asks for
/// (16 bytes for an integer's block, 16 a value for a list of them), so
/// the integers' lengths are never computed; saturating, since strings may
/// alias and add up past `usize::MAX`.
struct UpperBound(usize);

impl Sink for UpperBound {
    #[inline(always)]
    fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.0 = self.0.saturating_add(bytes.len());
        Ok(())
    }

    sized_for_the_frame!();
}

// SAFETY: it measures: it lends nothing, and `keep` only counts.
unsafe impl Lend for UpperBound {
    const MEASURES: bool = true;
    // A string of 4 GiB makes the bound too large for any buffer, and the
    // checked way then reports it.
    const LENGTHS_FIT_U32: bool = true;

    #[inline(always)]
    unsafe fn lend(&mut self, _room: usize) -> Option<&mut [MaybeUninit<u8>]> {
        None
    }

    #[inline(always)]
    unsafe fn keep(&mut self, n: usize) {
        self.0 = self.0.saturating_add(n);
    }
}

/// Pushes bytes at a cursor with no capacity check, and lends the room
/// left with one.
///
/// Built only by [`write_lent`], over room for at least the frame: its
/// [`UpperBound`] or its exact length. Every byte pushed or kept is a byte
/// of the frame, so the cursor never passes its length, and a push never
/// writes past the room; a lend is checked against the end, since the
/// writer asks for more room than it keeps. Debug builds (and so Miri)
/// check every push against the end anyway.
struct RawSink<'a> {
    start: *mut u8,
    cursor: *mut u8,
    /// One past the last byte of the room.
    end: *mut u8,
    _buf: PhantomData<&'a mut [MaybeUninit<u8>]>,
}

impl<'a> RawSink<'a> {
    /// A cursor at the start of `buf`.
    ///
    /// # Safety
    ///
    /// `buf` holds at least the frame that will be written: its
    /// [`upper_bound`] or its exact length, measured on the same command,
    /// which is [`Deterministic`].
    #[inline(always)]
    unsafe fn new(buf: &'a mut [MaybeUninit<u8>]) -> Self {
        let start = buf.as_mut_ptr().cast::<u8>();
        RawSink { start, cursor: start, end: start.wrapping_add(buf.len()), _buf: PhantomData }
    }

    /// How many bytes were written.
    #[inline(always)]
    fn len(&self) -> usize {
        self.cursor as usize - self.start as usize
    }

    /// In debug builds (and so under Miri), that `n` more bytes fit.
    #[inline(always)]
    fn debug_room(&self, n: usize) {
        debug_assert!(
            n <= self.end as usize - self.cursor as usize,
            "fast path: the frame outgrew its bound"
        );
    }
}

impl Sink for RawSink<'_> {
    #[inline(always)]
    fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.debug_room(bytes.len());
        // SAFETY: these bytes are bytes of the frame, which the room holds
        // (`new`'s contract), so `cursor..cursor + bytes.len()` is inside the
        // buffer we borrow mutably, which `bytes` cannot overlap.
        unsafe {
            super::lend::copy_to(self.cursor, bytes);
            self.cursor = self.cursor.add(bytes.len());
        }
        Ok(())
    }

    sized_for_the_frame!();
}

// SAFETY: it lends room inside its buffer (checked against the end), and
// `keep` moves the cursor over bytes the caller stored.
unsafe impl Lend for RawSink<'_> {
    // It holds at most one frame of at most `MAX_PAYLOAD` bytes.
    const LENGTHS_FIT_U32: bool = true;
    const PUSH_IS_UNCHECKED: bool = true;

    #[inline(always)]
    unsafe fn lend(&mut self, room: usize) -> Option<&mut [MaybeUninit<u8>]> {
        if room > self.end as usize - self.cursor as usize {
            return None;
        }
        // SAFETY: `cursor..cursor + room` is inside the buffer we borrow
        // mutably (checked just now), and nothing else refers to it until
        // `keep`.
        Some(unsafe { core::slice::from_raw_parts_mut(self.cursor.cast::<MaybeUninit<u8>>(), room) })
    }

    #[inline(always)]
    unsafe fn keep(&mut self, n: usize) {
        self.debug_room(n);
        // SAFETY: `n` is within what `lend` lent, inside the buffer.
        self.cursor = unsafe { self.cursor.add(n) };
    }
}

/// An upper bound of the frame length, blocks counted as 16 bytes, or
/// the error writing the frame would give.
#[inline(always)]
fn upper_bound<C: Command + ?Sized>(cmd: &C) -> Result<usize, Error> {
    let mut w = Writer::new(UpperBound(0));
    write_frame(cmd, &mut w)?;
    Ok(w.into_sink().0)
}

/// The exact frame length, if the frame fits in `room` bytes and in
/// Discord's limit: for room that the upper bound does not fit. Inline,
/// though rare: a call would need the command in memory, and building it
/// there costs the fast path more than the count costs flash.
#[inline(always)]
fn exact_fit<C: Command>(cmd: &C, room: usize) -> Result<usize, Error> {
    match count_frame(cmd)? {
        len if len > crate::MAX_PAYLOAD => Err(Error::PayloadTooLarge(len)),
        len if len > room => Err(Error::BufferFull { needed: len }),
        len => Ok(len),
    }
}

/// Writes the frame into `room` bytes that `l` lends, with no check per
/// push; `None` if it does not lend that much.
///
/// # Safety
///
/// `room` is at least the frame's length: its [`upper_bound`] or its exact
/// length, measured just now on `cmd`.
#[inline(always)]
unsafe fn write_lent<C: Deterministic, L: Lend + ?Sized>(
    cmd: &C,
    l: &mut L,
    room: usize,
) -> Result<Option<usize>, Error> {
    // SAFETY: `RawSink` stores only initialised bytes.
    let Some(lent) = (unsafe { l.lend(room) }).and_then(|lent| lent.get_mut(..room)) else {
        return Ok(None);
    };
    // SAFETY: the room holds the frame (our caller's promise), and this run
    // writes the frame that was measured (`C: Deterministic`).
    let mut w = Writer::new(unsafe { RawSink::new(lent) });
    write_frame(cmd, &mut w)?;
    let n = w.into_sink().len();
    // SAFETY: `RawSink` stored the first `n` bytes of the lent room, and
    // nothing else used the sink since it lent them.
    unsafe { l.keep(n) };
    Ok(Some(n))
}

/// [`Command::encode`] for this crate's commands: the frame measured by
/// its upper bound and written with no check per push; when the bound
/// does not fit (a tight buffer), counted exactly and written into room
/// for exactly that.
#[inline(always)]
pub(crate) fn encode<'b, C: Deterministic>(cmd: &C, buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
    cmd.validate()?;
    // No frame over Discord's limit is handed out.
    let end = buf.len().min(crate::MAX_PAYLOAD);
    let buf = buf.get_mut(..end).unwrap_or_default();
    if upper_bound(cmd)? > buf.len() {
        exact_fit(cmd, buf.len())?;
    }
    // The whole buffer, not just the frame's room: where its length is
    // known at compile time, so is the room left at every store up to the
    // first string, and the checks of those stores fold away.
    let room = buf.len();
    let mut sink = SliceSink::new(buf);
    // SAFETY: the frame's bound, or its exact length, measured just now on
    // `cmd`, is at most `room`.
    match unsafe { write_lent(cmd, &mut sink, room) }? {
        Some(_) => Ok(sink.into_written()),
        // A slice sink lends all it has.
        None => Err(Error::BufferFull { needed: room }),
    }
}

/// [`Command::encode_to`] for this crate's commands: the frame written in
/// place, into room lent by the sink for its upper bound; the checked way
/// (counted, reserved, then written) for a sink that lends nothing or less
/// than the bound, and for a bound over Discord's limit.
#[inline(always)]
pub(crate) fn encode_to<C: Deterministic, S: Sink>(cmd: &C, mut sink: S) -> Result<usize, Error> {
    cmd.validate()?;
    if let Some(l) = sink.lender() {
        let bound = upper_bound(cmd)?;
        // SAFETY: `bound` was measured just now, on `cmd`.
        if bound <= crate::MAX_PAYLOAD
            && let Some(n) = unsafe { write_lent(cmd, l, bound) }?
        {
            return Ok(n);
        }
    }
    encode_to_slow(*cmd, sink)
}

/// [`Command::to_vec`] for this crate's commands: one allocation of
/// exactly the bound (where [`encode_to`] into an empty vector would
/// grow it by the amortised rule), then the frame written into it.
#[cfg(feature = "alloc")]
#[inline(always)]
pub(crate) fn to_vec<C: Deterministic>(cmd: &C) -> Result<alloc::vec::Vec<u8>, Error> {
    let mut out = alloc::vec::Vec::new();
    cmd.validate()?;
    let bound = upper_bound(cmd)?;
    // SAFETY: `bound` was measured just now, on `cmd`.
    if bound <= crate::MAX_PAYLOAD
        && out.try_reserve_exact(bound).is_ok()
        && unsafe { write_lent(cmd, &mut out, bound) }?.is_some()
    {
        return Ok(out);
    }
    encode_to_slow(*cmd, &mut out)?;
    Ok(out)
}

/// [`encode_to`] into a sink that lends nothing, or not room for the
/// bound: measured, reserved and written the checked way. Out of line and taking
/// the command by value: it is rare, and the fast path then does not need
/// the command in memory.
#[cold]
#[inline(never)]
fn encode_to_slow<C: Command, S: Sink>(cmd: C, sink: S) -> Result<usize, Error> {
    encode_to_checked(&cmd, sink)
}

/// The encoding methods of a [`Command`] impl, by the fast path; the
/// command must implement [`Deterministic`].
macro_rules! fast_encoders {
    () => {
        #[inline]
        fn encode<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], crate::Error> {
            crate::encode::fast::encode(self, buf)
        }

        #[inline(always)]
        fn encode_to<S: crate::encode::Sink>(&self, sink: S) -> Result<usize, crate::Error> {
            crate::encode::fast::encode_to(self, sink)
        }

        #[inline]
        fn encode_heapless<const N: usize>(&self) -> Result<heapless::Vec<u8, N>, crate::Error> {
            let mut out = heapless::Vec::new();
            self.encode_to(&mut out)?;
            Ok(out)
        }

        /// Writes the frame into a new `Vec` (feature `alloc`) with one
        /// allocation, sized by an upper bound of the frame (an integer
        /// counted as 16 bytes), or by its exact length when the bound is
        /// over Discord's limit.
        #[cfg(feature = "alloc")]
        #[inline(always)]
        fn to_vec(&self) -> Result<alloc::vec::Vec<u8>, crate::Error> {
            crate::encode::fast::to_vec(self)
        }
    };
}
pub(crate) use fast_encoders;
