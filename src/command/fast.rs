//! The fast path: one capacity check per frame instead of one per piece.
//!
//! The checked sinks test for room at every push, and those tests are most
//! of the cost of a frame (an Identify is about 45 pieces). Here the
//! command's writer first runs into [`UpperBound`], which adds up an upper
//! bound of the frame length (an integer counts 16 bytes) and costs next
//! to nothing, since almost every piece has a constant length that the
//! compiler folds. If the bound does not fit the buffer, an exact count
//! (out of line, as it is rare) decides between an error and going on.
//! Then the writer runs once into [`RawSink`], which stores without
//! checking. One writer per command, whichever way was taken, keeps the
//! code small for firmware.
//!
//! The crate's `unsafe` code is here, and in the sinks' [`Sink::lend`],
//! which lends the memory written into. It relies on one property
//! of the writer it runs: the last run pushes exactly what the measuring
//! run counted. That holds for this crate's commands (plain borrowed data,
//! nothing that can change between the runs), which is why only they take
//! this path, through [`fast_encoders!`]; a command written outside the
//! crate uses the checked methods. Tests run under Miri
//! (`cargo +nightly miri test --test fast_path --test sinks`), and debug
//! builds check every push against the end of the buffer.
#![allow(unsafe_code)]

use core::marker::PhantomData;
use core::mem::MaybeUninit;

use super::{Command, count_frame, encode_to_checked, write_frame};
use crate::Error;
use crate::etf::Writer;
use crate::sink::{Sink, as_uninit};

/// Room an integer block takes in the bound: the whole 16-byte store.
const BLOCK: usize = 16;

/// Adds up an upper bound of what is pushed: exact for bytes, 16 for an
/// integer block (what [`RawSink`] stores for it), saturating.
#[derive(Debug, Default)]
struct UpperBound(usize);

impl Sink for UpperBound {
    // An over-long string makes the bound too large for any buffer, and
    // the checked way then reports it.
    const LENGTHS_FIT_U32: bool = true;

    #[inline(always)]
    fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.0 = self.0.saturating_add(bytes.len());
        Ok(())
    }

    #[inline(always)]
    fn push_byte(&mut self, _byte: u8) -> Result<(), Error> {
        self.0 = self.0.saturating_add(1);
        Ok(())
    }

    #[inline(always)]
    fn push_block(&mut self, _block: &[u8; 16], _len: usize) -> Result<(), Error> {
        self.0 = self.0.saturating_add(BLOCK);
        Ok(())
    }

    #[inline(always)]
    fn push_blocks<I>(&mut self, blocks: I) -> Result<(), Error>
    where
        I: ExactSizeIterator<Item = ([u8; 16], usize)>,
    {
        self.0 = self.0.saturating_add(blocks.len().saturating_mul(BLOCK));
        Ok(())
    }

    #[inline(always)]
    fn push_prefixed(&mut self, prefix: &[u8], bytes: &[u8]) -> Result<(), Error> {
        self.0 = self.0.saturating_add(prefix.len()).saturating_add(bytes.len());
        Ok(())
    }

    #[inline(always)]
    fn reserve(&mut self, _additional: usize) -> Result<(), Error> {
        Ok(())
    }
}

/// Stores bytes at a cursor with no capacity check.
///
/// Built only by [`write_raw`], once the frame is known to fit. An integer
/// block is stored whole (one 16-byte store) where 16 bytes remain, and
/// cut to its length near the end, so nothing is written past the frame.
struct RawSink<'a> {
    start: *mut u8,
    cursor: *mut u8,
    /// One past the last byte of the buffer.
    end: *mut u8,
    _buf: PhantomData<&'a mut [MaybeUninit<u8>]>,
}

impl<'a> RawSink<'a> {
    /// A cursor at the start of `buf`.
    ///
    /// # Safety
    ///
    /// Everything pushed into the sink (integer blocks counted at their
    /// length) must fit in `buf`.
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

    /// How many bytes are left in the buffer.
    #[inline(always)]
    fn room(&self) -> usize {
        self.end as usize - self.cursor as usize
    }

    /// In debug builds (and so under Miri), that `n` more bytes fit.
    #[inline(always)]
    fn debug_room(&self, n: usize) {
        debug_assert!(n <= self.room(), "fast path: the frame outgrew its measure");
    }

    /// Copies `bytes` to the cursor and moves past them.
    #[inline(always)]
    fn copy(&mut self, bytes: &[u8]) {
        self.debug_room(bytes.len());
        // SAFETY: `new`'s contract puts `cursor..cursor + bytes.len()` inside
        // the buffer we borrow mutably, so `bytes` (a shared borrow) cannot
        // overlap it, and the advanced cursor stays within the buffer.
        unsafe {
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), self.cursor, bytes.len());
            self.cursor = self.cursor.add(bytes.len());
        }
    }

    /// Copies a string's bytes: from 8 to 16 bytes (status, library and
    /// activity names, IDs as text) as two overlapping 8-byte loads and
    /// stores instead of a `memcpy` call. (A 4-to-7-byte branch as well
    /// measured worse: it costs the longer strings more than it saves.)
    #[inline(always)]
    fn copy_str(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        if !(8..=16).contains(&n) {
            return self.copy(bytes);
        }
        self.debug_room(n);
        let (src, dst) = (bytes.as_ptr(), self.cursor);
        // SAFETY: both loads read inside `bytes` (8 <= n); both stores
        // write inside `dst..dst + n`, which `new`'s contract puts inside
        // the buffer, as it does the advanced cursor.
        unsafe {
            let head = src.cast::<u64>().read_unaligned();
            let tail = src.add(n - 8).cast::<u64>().read_unaligned();
            dst.cast::<u64>().write_unaligned(head);
            dst.add(n - 8).cast::<u64>().write_unaligned(tail);
            self.cursor = dst.add(n);
        }
    }

    /// Stores the whole block and keeps `len` bytes of it, where 16 bytes
    /// remain; otherwise copies the `len` bytes.
    #[inline(always)]
    fn block(&mut self, block: &[u8; 16], len: usize) {
        if self.room() < BLOCK {
            return self.copy(block.get(..len).unwrap_or(block));
        }
        // SAFETY: 16 bytes remain, so the store is inside the buffer, and
        // so is the cursor `len <= 16` on.
        unsafe { self.wide(block, len) }
    }

    /// Stores the whole block, keeps `len` bytes of it.
    ///
    /// # Safety
    ///
    /// At least 16 bytes remain.
    #[inline(always)]
    unsafe fn wide(&mut self, block: &[u8; 16], len: usize) {
        self.debug_room(BLOCK);
        // SAFETY: our caller's promise.
        unsafe {
            self.cursor.cast::<[u8; 16]>().write_unaligned(*block);
            self.cursor = self.cursor.add(len.min(BLOCK));
        }
    }
}

impl Sink for RawSink<'_> {
    // Only used once the bound, which counts every string, fits a buffer
    // of at most `MAX_PAYLOAD` bytes.
    const LENGTHS_FIT_U32: bool = true;

    #[inline(always)]
    fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.copy(bytes);
        Ok(())
    }

    #[inline(always)]
    fn push_byte(&mut self, byte: u8) -> Result<(), Error> {
        self.copy(&[byte]);
        Ok(())
    }

    #[inline(always)]
    fn push_block(&mut self, block: &[u8; 16], len: usize) -> Result<(), Error> {
        self.block(block, len);
        Ok(())
    }

    #[inline(always)]
    fn push_blocks<I>(&mut self, blocks: I) -> Result<(), Error>
    where
        I: ExactSizeIterator<Item = ([u8; 16], usize)>,
    {
        // With 16 bytes for every block (the usual case), one check for
        // the whole list.
        if blocks.len() <= self.room() / BLOCK {
            for (block, len) in blocks {
                // SAFETY: 16 bytes for each of the `len()` blocks remained
                // before the list, and each block takes at most 16. The
                // only caller, `Writer::uint_list`, passes a map over a
                // slice, which yields exactly `len()` items.
                unsafe { self.wide(&block, len) };
            }
        } else {
            for (block, len) in blocks {
                self.block(&block, len);
            }
        }
        Ok(())
    }

    #[inline(always)]
    fn push_prefixed(&mut self, prefix: &[u8], bytes: &[u8]) -> Result<(), Error> {
        self.copy(prefix);
        self.copy_str(bytes);
        Ok(())
    }

    #[inline(always)]
    fn reserve(&mut self, _additional: usize) -> Result<(), Error> {
        Ok(())
    }
}

/// An upper bound of the frame length, blocks counted as 16 bytes, or
/// the error writing the frame would give.
#[inline(always)]
fn upper_bound<C: Command + ?Sized>(cmd: &C) -> Result<usize, Error> {
    let mut bound = Writer::new(UpperBound(0));
    write_frame(cmd, &mut bound)?;
    Ok(bound.into_sink().0)
}

/// Checks that the frame fits in `room` bytes: at once when its upper
/// bound does, else by an exact count, which gives the error to report
/// (`PayloadTooLarge` over Discord's limit, else `BufferFull`).
#[inline(always)]
fn check_fit<C: Command + Copy>(cmd: &C, room: usize) -> Result<(), Error> {
    if upper_bound(cmd)? <= room { Ok(()) } else { exact_fit(*cmd, room).map(drop) }
}

/// The exact frame length, if the frame fits in `room` bytes and in
/// Discord's limit. Out of line and taking the command by value: it is
/// rare, and the fast path then never needs the command in memory, so its
/// fields stay in registers.
#[cold]
#[inline(never)]
fn exact_fit<C: Command>(cmd: C, room: usize) -> Result<usize, Error> {
    match count_frame(&cmd)? {
        len if len > crate::MAX_PAYLOAD => Err(Error::PayloadTooLarge(len)),
        len if len > room => Err(Error::BufferFull { needed: len }),
        len => Ok(len),
    }
}

/// Writes the frame at the start of `buf` with no capacity check; returns
/// its length.
///
/// # Safety
///
/// The frame fits in `buf` (as [`check_fit`] or [`exact_fit`] found), and
/// `C::write_data` pushes the same bytes every time it runs on `cmd`.
#[inline(always)]
unsafe fn write_raw<C: Command + ?Sized>(cmd: &C, buf: &mut [MaybeUninit<u8>]) -> Result<usize, Error> {
    // SAFETY: this run pushes what the measuring run counted (our
    // caller's promise), and that fits in `buf`.
    let mut w = Writer::new(unsafe { RawSink::new(buf) });
    write_frame(cmd, &mut w)?;
    Ok(w.into_sink().len())
}

/// [`Command::encode`] for this crate's commands.
///
/// # Safety
///
/// `C::write_data` is deterministic (as [`write_raw`]).
#[inline(always)]
pub(crate) unsafe fn encode<'b, C: Command + Copy>(cmd: &C, buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
    cmd.validate()?;
    // No frame over Discord's limit is handed out.
    let end = buf.len().min(crate::MAX_PAYLOAD);
    let buf = buf.get_mut(..end).unwrap_or_default();
    check_fit(cmd, buf.len())?;
    // SAFETY: the frame fits in `buf`; our caller promises the rest, and
    // `write_raw` stores only initialised bytes.
    let n = unsafe { write_raw(cmd, as_uninit(buf)) }?;
    Ok(buf.get(..n).unwrap_or_default())
}

/// Writes the frame into `want` bytes that `sink` lends ([`Sink::lend`]);
/// `None` if it cannot lend them.
///
/// # Safety
///
/// The frame fits in `want` bytes, and `C::write_data` is deterministic
/// (as [`write_raw`]).
#[inline(always)]
unsafe fn write_lent<C: Command + ?Sized, S: Sink>(
    cmd: &C,
    sink: &mut S,
    want: usize,
) -> Result<Option<usize>, Error> {
    // SAFETY: `write_raw` stores only initialised bytes.
    let Some(room) = (unsafe { sink.lend(want) }) else {
        return Ok(None);
    };
    // A sink from outside the crate may lend less than it was asked for:
    // then the next way is tried.
    let Some(room) = room.get_mut(..want) else {
        return Ok(None);
    };
    // SAFETY: the frame fits in `want` bytes; our caller promises the rest.
    let n = unsafe { write_raw(cmd, room) }?;
    // SAFETY: `write_raw` stored the first `n` bytes of what was lent, and
    // nothing else touched the sink since.
    unsafe { sink.keep(n) };
    Ok(Some(n))
}

/// [`Command::encode_to`] for this crate's commands: the frame written in
/// place, into room lent by the sink for its upper bound or else its exact
/// length; the checked way for a sink that lends nothing.
///
/// # Safety
///
/// `C::write_data` is deterministic (as [`write_raw`]).
#[inline(always)]
pub(crate) unsafe fn encode_to<C: Command + Copy, S: Sink>(cmd: &C, mut sink: S) -> Result<usize, Error> {
    cmd.validate()?;
    let bound = upper_bound(cmd)?;
    // SAFETY (both calls): the frame fits in its bound and in its length;
    // our caller promises the rest.
    if bound <= crate::MAX_PAYLOAD
        && let Some(n) = unsafe { write_lent(cmd, &mut sink, bound) }?
    {
        return Ok(n);
    }
    let len = exact_fit(*cmd, crate::MAX_PAYLOAD)?;
    if let Some(n) = unsafe { write_lent(cmd, &mut sink, len) }? {
        return Ok(n);
    }
    encode_to_checked(cmd, sink)
}

/// Overrides the encoding methods of a [`Command`] impl with the fast path.
///
/// Only for this crate's commands: the fast path relies on `write_data`
/// pushing the same bytes every time it runs on the same command, which
/// holds for plain borrowed data.
macro_rules! fast_encoders {
    () => {
        #[inline]
        #[allow(unsafe_code)]
        fn encode<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], crate::Error> {
            // SAFETY: this crate's `write_data` only reads the command's
            // plain data, so it pushes the same bytes on every run.
            unsafe { crate::command::fast::encode(self, buf) }
        }

        #[inline]
        #[allow(unsafe_code)]
        fn encode_to<S: crate::sink::Sink>(&self, sink: S) -> Result<usize, crate::Error> {
            // SAFETY: as in `encode`.
            unsafe { crate::command::fast::encode_to(self, sink) }
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
        #[inline]
        fn to_vec(&self) -> Result<alloc::vec::Vec<u8>, crate::Error> {
            let mut out = alloc::vec::Vec::new();
            self.encode_to(&mut out)?;
            Ok(out)
        }
    };
}
pub(crate) use fast_encoders;
