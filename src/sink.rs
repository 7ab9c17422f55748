//! Where encoded bytes go.
//!
//! One small trait, [`Sink`], and a sink per kind of buffer: [`SliceSink`]
//! over a caller's `&mut [u8]`, `heapless::Vec<u8, N>`, `Vec<u8>` (feature
//! `alloc`) and [`CountingSink`], which only measures.
//!
//! The `unsafe` code here is [`Sink::lend`] and [`Sink::keep`], which let
//! the fast path write into a sink's memory directly, and their
//! implementations.
#![allow(unsafe_code)]

use core::mem::MaybeUninit;

use crate::Error;

/// Initialised bytes seen as possibly uninitialised.
///
/// # Safety
///
/// Only initialised bytes may be stored through the view, so that `buf`
/// stays initialised.
#[inline(always)]
pub(crate) unsafe fn as_uninit(buf: &mut [u8]) -> &mut [MaybeUninit<u8>] {
    // SAFETY: `[u8]` and `[MaybeUninit<u8>]` have the same layout, and our
    // caller stores only initialised bytes through the view.
    unsafe { &mut *(core::ptr::from_mut(buf) as *mut [MaybeUninit<u8>]) }
}

/// A destination for encoded bytes.
///
/// A push either appends all of its bytes or fails with
/// [`Error::BufferFull`] and appends none of them: a sink never holds a
/// partial value, and never writes past the end of its memory.
///
/// Only [`push`](Self::push) and [`reserve`](Self::reserve) must be
/// written; the other methods are fast paths with correct defaults.
pub trait Sink {
    /// `true` if this sink can never take 4 GiB: a string or list too long
    /// for ETF's 32-bit length fields is then refused by the sink, so the
    /// writer skips its own length checks. Only set it when that holds;
    /// otherwise a header would be cut to 32 bits. (On 32-bit targets no
    /// slice reaches 4 GiB, and the checks cost nothing there anyway.)
    const LENGTHS_FIT_U32: bool = false;

    /// Appends `bytes`, or fails without appending any of them.
    fn push(&mut self, bytes: &[u8]) -> Result<(), Error>;

    /// Appends one byte.
    #[inline]
    fn push_byte(&mut self, byte: u8) -> Result<(), Error> {
        self.push(core::slice::from_ref(&byte))
    }

    /// Appends the first `len` bytes of `block` (all of it if `len > 16`).
    ///
    /// Integer terms are built in a 16-byte block; a sink with 16 bytes to
    /// spare may store the whole block (one wide store, no `memcpy` call)
    /// and keep only `len` of them. The default copies exactly `len` bytes.
    #[inline]
    fn push_block(&mut self, block: &[u8; 16], len: usize) -> Result<(), Error> {
        self.push(block.get(..len).unwrap_or(block))
    }

    /// Appends a run of blocks as [`push_block`](Self::push_block) would:
    /// a list of integers in one call, so that a sink can check its room
    /// once instead of per element.
    #[inline]
    fn push_blocks<I>(&mut self, blocks: I) -> Result<(), Error>
    where
        I: ExactSizeIterator<Item = ([u8; 16], usize)>,
        Self: Sized,
    {
        for (block, len) in blocks {
            self.push_block(&block, len)?;
        }
        Ok(())
    }

    /// Appends `prefix` then `bytes`, both or neither: a term's header and
    /// body with one capacity check.
    #[inline]
    fn push_prefixed(&mut self, prefix: &[u8], bytes: &[u8]) -> Result<(), Error> {
        self.reserve(prefix.len() + bytes.len())?;
        self.push(prefix)?;
        self.push(bytes)
    }

    /// Lends the sink's next `room` bytes to `write`, which fills the
    /// start of them and returns how many it filled; the sink keeps those
    /// and drops the rest: the safe form of [`lend`](Self::lend) and
    /// [`keep`](Self::keep), built on them, for writing a run of bytes with
    /// one capacity check. The room is zeroed before it is lent.
    ///
    /// Returns `Ok(None)` without calling `write` when the sink cannot lend
    /// `room` bytes, and always for a sink that lends nothing. When `write`
    /// fails the sink keeps nothing.
    ///
    /// ```
    /// use gateway_etf::sink::{Sink, SliceSink};
    /// let mut buf = [0u8; 8];
    /// let mut sink = SliceSink::new(&mut buf);
    /// let kept = sink.write_in_place(4, |room| {
    ///     room[..2].copy_from_slice(&[131, 106]);
    ///     Ok(2)
    /// })?;
    /// assert_eq!(kept, Some(2));
    /// assert_eq!(sink.written(), &[131, 106]);
    /// assert_eq!(sink.write_in_place(7, |_| Ok(0))?, None); // only 6 left
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    fn write_in_place<F>(&mut self, room: usize, write: F) -> Result<Option<usize>, Error>
    where
        F: FnOnce(&mut [u8]) -> Result<usize, Error>,
        Self: Sized,
    {
        // SAFETY: only zeroes are stored into the lent bytes, and then
        // `write` sees them as the initialised bytes they are.
        let Some(lent) = (unsafe { self.lend(room) }).and_then(|lent| lent.get_mut(..room)) else {
            return Ok(None);
        };
        lent.fill(MaybeUninit::new(0));
        // SAFETY: every lent byte was just initialised, and `[MaybeUninit<u8>]`
        // has the layout of `[u8]`.
        let n = write(unsafe { &mut *(core::ptr::from_mut(lent) as *mut [u8]) })?.min(room);
        // SAFETY: `n <= room` bytes of what `lend` lent were stored (all
        // of them), and the sink was not used since.
        unsafe { self.keep(n) };
        Ok(Some(n))
    }

    /// Lends the sink's next `room` bytes for writing directly, without
    /// initialising them first; [`keep`](Self::keep) then keeps what was
    /// written. `None` when the sink has not got `room` bytes to lend, and
    /// always for a sink that is not memory (the default).
    ///
    /// This is how this crate's commands write a whole frame into a sink
    /// with one capacity check ([`encode_to`](crate::Command::encode_to));
    /// a sink that lends nothing gets the frame measured, reserved and
    /// pushed piece by piece. [`write_in_place`](Self::write_in_place) is
    /// the safe form, which costs a vector zeroing the room first.
    ///
    /// A sink that implements this returns exactly `room` bytes or `None`,
    /// and implements [`keep`](Self::keep) too.
    ///
    /// # Safety
    ///
    /// Only initialised bytes may be stored into the lent memory: it may be
    /// an initialised buffer seen as uninitialised. Nor may the caller
    /// assume that the lent bytes are initialised.
    ///
    /// ```
    /// use gateway_etf::sink::Sink;
    /// let mut v: heapless::Vec<u8, 8> = heapless::Vec::new();
    /// // SAFETY: two initialised bytes are stored, then two are kept.
    /// unsafe {
    ///     let room = v.lend(4).expect("8 bytes free");
    ///     room[0].write(131);
    ///     room[1].write(106);
    ///     v.keep(2);
    /// }
    /// assert_eq!(&v[..], &[131, 106]);
    /// assert!(unsafe { v.lend(7) }.is_none()); // only 6 left
    /// ```
    #[inline(always)]
    unsafe fn lend(&mut self, room: usize) -> Option<&mut [MaybeUninit<u8>]> {
        let _ = room;
        None
    }

    /// Keeps the first `n` bytes last lent by [`lend`](Self::lend) as
    /// written bytes. The default, for sinks that lend nothing, does
    /// nothing.
    ///
    /// # Safety
    ///
    /// `n` is at most the length of the slice that the most recent `lend`
    /// on this sink returned, the sink was not used otherwise since, and
    /// each of that slice's first `n` bytes has been stored.
    #[inline(always)]
    unsafe fn keep(&mut self, n: usize) {
        let _ = n;
    }

    /// Makes sure `additional` more bytes fit, or fails with
    /// [`Error::BufferFull`] before anything is written.
    ///
    /// Commands call this once with their exact length, so a frame is either
    /// written whole or not at all. Growable sinks reserve memory here.
    fn reserve(&mut self, additional: usize) -> Result<(), Error>;
}

impl<S: Sink> Sink for &mut S {
    const LENGTHS_FIT_U32: bool = S::LENGTHS_FIT_U32;
    #[inline]
    fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        (**self).push(bytes)
    }
    #[inline]
    fn push_byte(&mut self, byte: u8) -> Result<(), Error> {
        (**self).push_byte(byte)
    }
    #[inline]
    fn push_block(&mut self, block: &[u8; 16], len: usize) -> Result<(), Error> {
        (**self).push_block(block, len)
    }
    #[inline]
    fn push_prefixed(&mut self, prefix: &[u8], bytes: &[u8]) -> Result<(), Error> {
        (**self).push_prefixed(prefix, bytes)
    }
    #[inline]
    fn push_blocks<I>(&mut self, blocks: I) -> Result<(), Error>
    where
        I: ExactSizeIterator<Item = ([u8; 16], usize)>,
    {
        (**self).push_blocks(blocks)
    }
    #[inline]
    fn write_in_place<F>(&mut self, room: usize, write: F) -> Result<Option<usize>, Error>
    where
        F: FnOnce(&mut [u8]) -> Result<usize, Error>,
    {
        (**self).write_in_place(room, write)
    }
    #[inline(always)]
    unsafe fn lend(&mut self, room: usize) -> Option<&mut [MaybeUninit<u8>]> {
        // SAFETY: our caller's promise, passed on.
        unsafe { (**self).lend(room) }
    }
    #[inline(always)]
    unsafe fn keep(&mut self, n: usize) {
        // SAFETY: our caller's promise, passed on.
        unsafe { (**self).keep(n) }
    }
    #[inline]
    fn reserve(&mut self, additional: usize) -> Result<(), Error> {
        (**self).reserve(additional)
    }
}

/// A sink over a caller-owned byte slice.
///
/// The bytes after [`written`](Self::written) are scratch: an integer is
/// stored as one 16-byte block when that many bytes are free, so up to 14
/// bytes past the written part may change. Nothing is ever written past
/// the end of the slice.
///
/// ```
/// use gateway_etf::sink::{Sink, SliceSink};
///
/// let mut buf = [0u8; 4];
/// let mut sink = SliceSink::new(&mut buf);
/// sink.push(&[131, 106])?;
/// assert_eq!(sink.written(), &[131, 106]);
/// assert!(sink.push(&[1, 2, 3]).is_err()); // does not fit: nothing written
/// assert_eq!(sink.into_written(), &[131, 106]);
/// # Ok::<(), gateway_etf::Error>(())
/// ```
#[derive(Debug)]
pub struct SliceSink<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl<'a> SliceSink<'a> {
    /// Starts writing at the beginning of `buf`.
    #[inline]
    pub const fn new(buf: &'a mut [u8]) -> Self {
        SliceSink { buf, pos: 0 }
    }

    /// The bytes written so far.
    ///
    /// ```
    /// # use gateway_etf::sink::{Sink, SliceSink};
    /// let mut buf = [0u8; 8];
    /// let mut sink = SliceSink::new(&mut buf);
    /// sink.push_byte(131)?;
    /// assert_eq!(sink.written(), &[131]);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub fn written(&self) -> &[u8] {
        self.buf.get(..self.pos).unwrap_or_default()
    }

    /// Ends the sink, keeping the written prefix for the buffer's lifetime.
    ///
    /// ```
    /// # use gateway_etf::sink::{Sink, SliceSink};
    /// let mut buf = [0u8; 8];
    /// let mut sink = SliceSink::new(&mut buf);
    /// sink.push(&[131, 106])?;
    /// let frame: &[u8] = sink.into_written();
    /// assert_eq!(frame, &[131, 106]);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub fn into_written(self) -> &'a [u8] {
        let buf: &'a [u8] = self.buf;
        buf.get(..self.pos).unwrap_or_default()
    }

    /// How many bytes have been written.
    ///
    /// ```
    /// # use gateway_etf::sink::{Sink, SliceSink};
    /// let mut buf = [0u8; 8];
    /// let mut sink = SliceSink::new(&mut buf);
    /// sink.push(&[1, 2, 3])?;
    /// assert_eq!(sink.len(), 3);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub const fn len(&self) -> usize {
        self.pos
    }

    /// Whether nothing has been written yet.
    ///
    /// ```
    /// # use gateway_etf::sink::SliceSink;
    /// let mut buf = [0u8; 8];
    /// assert!(SliceSink::new(&mut buf).is_empty());
    /// ```
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.pos == 0
    }

    /// How many more bytes fit.
    ///
    /// ```
    /// # use gateway_etf::sink::{Sink, SliceSink};
    /// let mut buf = [0u8; 8];
    /// let mut sink = SliceSink::new(&mut buf);
    /// sink.push(&[1, 2, 3])?;
    /// assert_eq!(sink.remaining(), 5);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub const fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }
}

impl Sink for SliceSink<'_> {
    #[inline]
    fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        // `pos <= buf.len() <= isize::MAX` and so is `bytes.len()`: no overflow.
        let end = self.pos + bytes.len();
        match self.buf.get_mut(self.pos..end) {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                self.pos = end;
                Ok(())
            }
            None => Err(Error::BufferFull { needed: end }),
        }
    }

    #[inline]
    fn push_byte(&mut self, byte: u8) -> Result<(), Error> {
        match self.buf.get_mut(self.pos) {
            Some(dst) => {
                *dst = byte;
                self.pos += 1;
                Ok(())
            }
            None => Err(Error::BufferFull { needed: self.pos + 1 }),
        }
    }

    #[inline]
    fn push_blocks<I>(&mut self, mut blocks: I) -> Result<(), Error>
    where
        I: ExactSizeIterator<Item = ([u8; 16], usize)>,
    {
        // With room for every block whole, the loop needs no fallback and
        // keeps its position in a register.
        let room = blocks.len().saturating_mul(16);
        let mut rest = None;
        if let Some(dst) = self.buf.get_mut(self.pos..).filter(|dst| dst.len() >= room) {
            let mut at = 0;
            for (block, len) in blocks.by_ref() {
                let Some(d) = dst.get_mut(at..at + 16) else {
                    // Only an iterator longer than it said gets here.
                    rest = Some((block, len));
                    break;
                };
                d.copy_from_slice(&block);
                at += len.min(16);
            }
            self.pos += at;
        }
        if let Some((block, len)) = rest {
            self.push_block(&block, len)?;
        }
        for (block, len) in blocks {
            self.push_block(&block, len)?;
        }
        Ok(())
    }

    #[inline]
    fn push_prefixed(&mut self, prefix: &[u8], bytes: &[u8]) -> Result<(), Error> {
        // Two slices may alias and sum past usize::MAX; the wrapped end is
        // then below `pos`, so the range lookup fails instead of panicking.
        let end = self.pos.wrapping_add(prefix.len()).wrapping_add(bytes.len());
        match self.buf.get_mut(self.pos..end) {
            Some(dst) => {
                let (head, body) = dst.split_at_mut(prefix.len());
                head.copy_from_slice(prefix);
                body.copy_from_slice(bytes);
                self.pos = end;
                Ok(())
            }
            None => Err(Error::BufferFull { needed: if end < self.pos { usize::MAX } else { end } }),
        }
    }

    #[inline]
    fn push_block(&mut self, block: &[u8; 16], len: usize) -> Result<(), Error> {
        let len = len.min(block.len());
        match self.buf.get_mut(self.pos..self.pos + block.len()) {
            // The bytes past `len` land in the unwritten part of the buffer
            // and are overwritten by whatever comes next.
            Some(dst) => {
                dst.copy_from_slice(block);
                self.pos += len;
                Ok(())
            }
            None => self.push(block.get(..len).unwrap_or(block)),
        }
    }

    #[inline(always)]
    unsafe fn lend(&mut self, room: usize) -> Option<&mut [MaybeUninit<u8>]> {
        let dst = self.buf.get_mut(self.pos..)?.get_mut(..room)?;
        // SAFETY: our caller stores only initialised bytes into it.
        Some(unsafe { as_uninit(dst) })
    }

    #[inline(always)]
    unsafe fn keep(&mut self, n: usize) {
        debug_assert!(n <= self.remaining(), "keep: more than was lent");
        // Within the buffer: `lend` lent at least `n` bytes from `pos` on.
        self.pos += n;
    }

    #[inline]
    fn reserve(&mut self, additional: usize) -> Result<(), Error> {
        if additional <= self.remaining() {
            Ok(())
        } else {
            Err(Error::BufferFull { needed: self.pos.saturating_add(additional) })
        }
    }
}

/// [`Sink::keep`] for a vector: lengthens it by `n` bytes.
macro_rules! keep_spare {
    () => {
        #[inline(always)]
        unsafe fn keep(&mut self, n: usize) {
            let len = self.len() + n;
            // SAFETY: the first `n` bytes of the spare capacity, which `lend`
            // lent, have been stored (our caller's promise), so `len` is
            // within the capacity and every byte below it is initialised.
            unsafe { self.set_len(len) }
        }
    };
}

/// Appends to a fixed-capacity `heapless::Vec`.
///
/// ```
/// use gateway_etf::sink::Sink;
///
/// let mut v: heapless::Vec<u8, 2> = heapless::Vec::new();
/// Sink::push(&mut v, &[131])?;
/// assert!(Sink::push(&mut v, &[1, 2]).is_err());
/// assert_eq!(&v[..], &[131]);
/// # Ok::<(), gateway_etf::Error>(())
/// ```
impl<const N: usize> Sink for heapless::Vec<u8, N> {
    #[inline]
    fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let needed = self.len() + bytes.len();
        self.extend_from_slice(bytes).map_err(|_| Error::BufferFull { needed })
    }

    #[inline]
    fn push_block(&mut self, block: &[u8; 16], len: usize) -> Result<(), Error> {
        let keep = self.len() + len.min(block.len());
        // A fixed-size append and a truncate beat a variable-length copy.
        match self.extend_from_slice(block) {
            Ok(()) => {
                self.truncate(keep);
                Ok(())
            }
            Err(_) => Sink::push(self, block.get(..len).unwrap_or(block)),
        }
    }

    #[inline(always)]
    unsafe fn lend(&mut self, room: usize) -> Option<&mut [MaybeUninit<u8>]> {
        self.spare_capacity_mut().get_mut(..room)
    }

    keep_spare!();

    #[inline]
    fn reserve(&mut self, additional: usize) -> Result<(), Error> {
        if additional <= N - self.len() {
            Ok(())
        } else {
            Err(Error::BufferFull { needed: self.len().saturating_add(additional) })
        }
    }
}

/// Appends to a growable `Vec` (feature `alloc`); fails with
/// [`Error::BufferFull`] only when the memory cannot be reserved.
///
/// ```
/// use gateway_etf::sink::Sink;
///
/// let mut v = Vec::new();
/// Sink::push(&mut v, &[131, 106])?;
/// assert_eq!(v, [131, 106]);
/// # Ok::<(), gateway_etf::Error>(())
/// ```
#[cfg(feature = "alloc")]
impl Sink for alloc::vec::Vec<u8> {
    #[inline]
    fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        if self.capacity() - self.len() < bytes.len() {
            // Grow without the panic `extend_from_slice` has on overflow.
            Sink::reserve(self, bytes.len())?;
        }
        self.extend_from_slice(bytes);
        Ok(())
    }

    #[inline]
    fn push_block(&mut self, block: &[u8; 16], len: usize) -> Result<(), Error> {
        let len = len.min(block.len());
        if self.capacity() - self.len() >= block.len() {
            // A fixed-size append and a truncate beat a variable-length
            // copy; only taken with spare capacity, so it never reallocates.
            let keep = self.len() + len;
            self.extend_from_slice(block);
            self.truncate(keep);
            Ok(())
        } else {
            Sink::push(self, block.get(..len).unwrap_or(block))
        }
    }

    #[inline(always)]
    unsafe fn lend(&mut self, room: usize) -> Option<&mut [MaybeUninit<u8>]> {
        if self.capacity() - self.len() < room {
            self.try_reserve(room).ok()?;
        }
        self.spare_capacity_mut().get_mut(..room)
    }

    keep_spare!();

    #[inline]
    fn reserve(&mut self, additional: usize) -> Result<(), Error> {
        self.try_reserve(additional)
            .map_err(|_| Error::BufferFull { needed: self.len().saturating_add(additional) })
    }
}

/// A sink that keeps nothing and counts the bytes it is given.
///
/// Every `encoded_len` in this crate is the command's own writer run into a
/// `CountingSink`, so the length can never disagree with what is written.
///
/// ```
/// use gateway_etf::etf::Writer;
/// use gateway_etf::sink::CountingSink;
///
/// let mut w = Writer::new(CountingSink::new());
/// w.version()?;
/// w.str("op")?;
/// assert_eq!(w.into_sink().count(), 1 + 5 + 2);
/// # Ok::<(), gateway_etf::Error>(())
/// ```
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct CountingSink {
    count: usize,
}

impl CountingSink {
    /// A counter at zero.
    ///
    /// ```
    /// # use gateway_etf::sink::CountingSink;
    /// assert_eq!(CountingSink::new().count(), 0);
    /// ```
    #[inline]
    pub const fn new() -> Self {
        CountingSink { count: 0 }
    }

    /// How many bytes were pushed.
    ///
    /// ```
    /// # use gateway_etf::sink::{CountingSink, Sink};
    /// let mut c = CountingSink::new();
    /// c.push(&[1, 2, 3])?;
    /// assert_eq!(c.count(), 3);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub const fn count(&self) -> usize {
        self.count
    }
}

impl Sink for CountingSink {
    #[inline]
    fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.count = self.count.saturating_add(bytes.len());
        Ok(())
    }

    #[inline]
    fn push_byte(&mut self, _byte: u8) -> Result<(), Error> {
        self.count = self.count.saturating_add(1);
        Ok(())
    }

    #[inline]
    fn reserve(&mut self, _additional: usize) -> Result<(), Error> {
        Ok(())
    }
}
