//! Lending memory: how a sink lets the writer store a whole term, or a
//! whole frame, with one capacity check.
//!
//! A [`Sink`](super::Sink) that is memory (a slice, a `heapless::Vec`, a
//! `Vec`) also implements [`Lend`] and returns itself from
//! [`Sink::lender`](super::Sink::lender). The writer then asks for the
//! room a term needs and stores into it directly: a header and its body
//! with one check, an integer as one 16-byte store of which it keeps only
//! the term's length, a list of integers with one check for the list. The
//! commands' fast path lends room for a whole frame the same way.
//!
//! This module and `fast` hold the crate's `unsafe` code. The stores here
//! are bounded by the length of the slice a sink lent, which is checked
//! here, never by what a caller or an iterator says.
#![allow(unsafe_code)]

use core::mem::MaybeUninit;

/// A sink whose next bytes can be written in place.
///
/// [`lend`](Self::lend) lends the next bytes of the sink's memory, possibly
/// uninitialised; the borrower stores into the start of them, and
/// [`keep`](Self::keep) makes those bytes part of the sink's output.
///
/// # Safety
///
/// Implementing `Lend` promises that:
/// - the slice `lend` returns is memory the sink owns and does not read
///   before `keep` (it may be shorter or longer than asked: the crate
///   checks the length itself and then takes the slow way);
/// - `keep(n)`, called after the first `n` bytes of the slice the last
///   `lend` returned were stored, appends exactly those `n` bytes to the
///   sink's output.
///
/// The crate's unsafe code relies on nothing else, so a sink written
/// outside the crate that lends short, lends long, lends nothing or panics
/// costs speed, never soundness.
///
/// ```
/// use core::mem::MaybeUninit;
/// use gateway_etf::encode::{Lend, Sink};
/// use gateway_etf::{Command, Error, Heartbeat};
///
/// /// A frame buffer of a radio driver: 64 bytes, filled in place.
/// struct Radio { buf: [MaybeUninit<u8>; 64], len: usize }
///
/// impl Sink for Radio {
///     fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
///         let end = self.len + bytes.len();
///         let dst = self.buf.get_mut(self.len..end).ok_or(Error::BufferFull { needed: end })?;
///         for (d, s) in dst.iter_mut().zip(bytes) {
///             d.write(*s);
///         }
///         self.len = end;
///         Ok(())
///     }
///     fn reserve(&mut self, n: usize) -> Result<(), Error> {
///         if n <= 64 - self.len { Ok(()) } else { Err(Error::BufferFull { needed: self.len + n }) }
///     }
///     fn lender(&mut self) -> Option<&mut impl Lend> {
///         Some(self)
///     }
/// }
///
/// // SAFETY: `lend` lends the unwritten part of `buf`; `keep` appends the
/// // first `n` bytes of it, which the caller stored.
/// unsafe impl Lend for Radio {
///     unsafe fn lend(&mut self, room: usize) -> Option<&mut [MaybeUninit<u8>]> {
///         self.buf.get_mut(self.len..)?.get_mut(..room)
///     }
///     unsafe fn keep(&mut self, n: usize) {
///         self.len += n;
///     }
/// }
///
/// let mut radio = Radio { buf: [MaybeUninit::uninit(); 64], len: 0 };
/// assert_eq!(Heartbeat::new(Some(1)).encode_to(&mut radio)?, 23);
/// assert_eq!(radio.len, 23);
/// # Ok::<(), Error>(())
/// ```
pub unsafe trait Lend {
    /// Whether the sink only measures: the writer then never lends, and
    /// calls [`keep`](Self::keep) with the room it would have asked to
    /// lend, so that the count is an upper bound of the bytes written (an
    /// integer counts 16). The crate's fast path measures a frame this
    /// way; a sink of memory leaves it `false`.
    const MEASURES: bool = false;

    /// Whether no string or list written into this sink can reach 4 GiB
    /// (it holds less, or a longer one makes the frame fail anyway), so
    /// the writer skips checking ETF's 32-bit length fields. Where it does
    /// not hold, a header would be cut to 32 bits; a sink of memory that
    /// can grow past 4 GiB leaves it `false`.
    const LENGTHS_FIT_U32: bool = false;

    /// Whether the sink's `push` checks nothing (it was sized for the
    /// frame beforehand), so that the writer pushes a piece of known length
    /// rather than lend room for it, and lends only to store wider than it
    /// keeps. A hint, not a promise: the crate's fast path sets it, a sink
    /// of memory leaves it `false`.
    const PUSH_IS_UNCHECKED: bool = false;

    /// Lends the sink's next `room` bytes, or `None` when it has not got
    /// them.
    ///
    /// # Safety
    ///
    /// The caller stores only initialised bytes into the lent memory (it
    /// may be an initialised buffer seen as uninitialised) and does not
    /// assume that the lent bytes are initialised.
    unsafe fn lend(&mut self, room: usize) -> Option<&mut [MaybeUninit<u8>]>;

    /// Keeps the first `n` bytes last lent as written bytes.
    ///
    /// # Safety
    ///
    /// `n` is at most the length of the slice the most recent `lend`
    /// returned, each of its first `n` bytes has been stored, and the sink
    /// was not used otherwise since; for a sink that
    /// [`MEASURES`](Self::MEASURES), any `n`.
    unsafe fn keep(&mut self, n: usize);
}

/// The lender of a sink that lends nothing: it has no value, so
/// [`Sink::lender`](super::Sink::lender)'s default names it and returns
/// `None`.
#[derive(Debug)]
pub enum NoLend {}

// SAFETY: there is no value of this type to call the methods on.
unsafe impl Lend for NoLend {
    unsafe fn lend(&mut self, _: usize) -> Option<&mut [MaybeUninit<u8>]> {
        match *self {}
    }
    unsafe fn keep(&mut self, _: usize) {
        match *self {}
    }
}

/// Whether `l` only measures ([`Lend::MEASURES`]).
#[inline(always)]
pub(crate) fn measures<L: Lend + ?Sized>(_: &L) -> bool {
    L::MEASURES
}

/// Whether `l`'s pushes check nothing ([`Lend::PUSH_IS_UNCHECKED`]).
#[inline(always)]
pub(crate) fn push_is_unchecked<L: Lend + ?Sized>(_: &L) -> bool {
    L::PUSH_IS_UNCHECKED
}

/// Whether `l` takes no term of 4 GiB ([`Lend::LENGTHS_FIT_U32`]).
#[inline(always)]
pub(crate) fn lengths_fit_u32<L: Lend + ?Sized>(_: &L) -> bool {
    L::LENGTHS_FIT_U32
}

/// Lends exactly `n` bytes, or `None`.
#[inline(always)]
fn lend_exact<L: Lend + ?Sized>(l: &mut L, n: usize) -> Option<&mut [MaybeUninit<u8>]> {
    // SAFETY: every caller here stores only initialised bytes.
    unsafe { l.lend(n) }?.get_mut(..n)
}

/// Copies `src` to the start of `dst`, which is at least as long
/// ([`copy_to`] with the length checked).
#[inline(always)]
pub(crate) fn copy(dst: &mut [MaybeUninit<u8>], src: &[u8]) {
    debug_assert!(src.len() <= dst.len());
    let src = src.get(..dst.len()).unwrap_or(src);
    // SAFETY: `src` was cut to `dst`'s length; one is borrowed mutably, so
    // they cannot overlap.
    unsafe { copy_to(dst.as_mut_ptr().cast::<u8>(), src) }
}

/// Copies `src` to `dst`. On 64-bit targets, from 8 to 16 bytes (statuses,
/// library names, IDs as text) as two overlapping 8-byte loads and stores
/// instead of a `memcpy` call; elsewhere that costs more flash than the
/// call costs time.
///
/// # Safety
///
/// `dst` is valid for `src.len()` bytes of writes and does not overlap
/// `src`.
#[inline(always)]
pub(crate) unsafe fn copy_to(dst: *mut u8, src: &[u8]) {
    let (n, s) = (src.len(), src.as_ptr());
    if cfg!(target_pointer_width = "64") && (8..=16).contains(&n) {
        // SAFETY: both loads read inside `src` (8 <= n) and both stores
        // write inside the first `n` bytes of `dst` (our caller's promise).
        unsafe {
            let head = s.cast::<u64>().read_unaligned();
            let tail = s.add(n - 8).cast::<u64>().read_unaligned();
            dst.cast::<u64>().write_unaligned(head);
            dst.add(n - 8).cast::<u64>().write_unaligned(tail);
        }
    } else {
        // SAFETY: our caller's promise.
        unsafe { core::ptr::copy_nonoverlapping(s, dst, n) }
    }
}

/// Writes `head` then `body` into one lend of their total length; `false`,
/// with nothing written, when the sink does not lend that much.
#[inline(always)]
pub(crate) fn put<L: Lend + ?Sized>(l: &mut L, head: &[u8], body: &[u8]) -> bool {
    // SAFETY: `copy` stores all of `body`, which is as long as the slice.
    unsafe { put_with(l, head, body.len(), |b| copy(b, body)) }
}

/// Writes `head`, then `len` bytes that `fill` stores, into one lend;
/// `false`, with nothing written, when the sink does not lend that much.
///
/// # Safety
///
/// `fill` stores every byte of the `len`-byte slice it is given.
#[inline(always)]
unsafe fn put_with<L: Lend + ?Sized>(
    l: &mut L,
    head: &[u8],
    len: usize,
    fill: impl FnOnce(&mut [MaybeUninit<u8>]),
) -> bool {
    if measures(l) {
        // SAFETY: a measuring sink takes any count. Two counts, so that the
        // head's constant length adds up with its neighbours'.
        unsafe {
            l.keep(head.len());
            l.keep(len);
        }
        return true;
    }
    // A slice is at most `isize::MAX` bytes and `head` a few: no overflow.
    let n = head.len().wrapping_add(len);
    let Some((h, b)) = lend_exact(l, n).and_then(|lent| lent.split_at_mut_checked(head.len())) else {
        return false;
    };
    copy(h, head);
    fill(b);
    // SAFETY: `head`, then every byte of `b` (our caller's promise), `n` in
    // all, were stored just now.
    unsafe { l.keep(n) };
    true
}

/// Stores `block` whole into 16 lent bytes and keeps the first `len`
/// (at most 16): an integer term with one store, no `memcpy` call.
#[inline(always)]
pub(crate) fn put_block<L: Lend + ?Sized>(l: &mut L, block: &[u8; 16], len: usize) -> bool {
    if measures(l) {
        // SAFETY: a measuring sink takes any count.
        unsafe { l.keep(16) };
        return true;
    }
    let Some(lent) = lend_exact(l, 16) else {
        return false;
    };
    // SAFETY: 16 bytes were lent, and `[u8; 16]` has the layout of
    // `[MaybeUninit<u8>; 16]`.
    // A copy, not `write_unaligned(*block)`: `lent` is borrowed mutably, so
    // the two cannot overlap, and without that knowledge thumbv7m calls
    // `memmove` (1.5 KB of flash) for the store.
    unsafe { core::ptr::copy_nonoverlapping(block.as_ptr(), lent.as_mut_ptr().cast::<u8>(), 16) };
    // SAFETY: all 16 lent bytes were stored, and `len.min(16)` of them kept.
    unsafe { l.keep(len.min(16)) };
    true
}

/// Writes `head`, each value's term from `term` (a 16-byte block of which
/// at most `MAX_TERM` bytes count) and `tail` into one lend, with one wide
/// store per value; `false`, with nothing written, when the sink does not
/// lend room for every block whole.
#[inline(always)]
pub(crate) fn put_terms<L, T, const MAX_TERM: usize>(
    l: &mut L,
    head: &[u8],
    values: &[T],
    term: impl Fn(&T) -> ([u8; 16], usize),
    tail: &[u8],
) -> bool
where
    L: Lend + ?Sized,
{
    const { assert!(MAX_TERM <= 16) };
    let room = values.len().checked_mul(16).and_then(|n| n.checked_add(head.len() + tail.len()));
    if measures(l) {
        // SAFETY: a measuring sink takes any count.
        unsafe { l.keep(room.unwrap_or(usize::MAX)) };
        return true;
    }
    let Some(lent) = room.and_then(|room| lend_exact(l, room)) else {
        return false;
    };
    let Some((h, rest)) = lent.split_at_mut_checked(head.len()) else {
        return false;
    };
    copy(h, head);
    // The length is read before the pointer is taken: reading it through
    // `rest` afterwards would end the pointer's write permission under
    // Tree Borrows.
    let room = rest.len();
    let base = rest.as_mut_ptr().cast::<u8>();
    let mut at = 0;
    let mut store = |v: &T| {
        let (block, len) = term(v);
        debug_assert!(at + 16 <= room);
        // SAFETY: before the i-th value `at <= MAX_TERM * i <= 16 * i`, so
        // this store ends by `16 * (i + 1) <= 16 * values.len()`, inside
        // `rest` (whose length is counted from the slice, not reported).
        unsafe { base.add(at).cast::<[u8; 16]>().write_unaligned(block) };
        at += len.min(MAX_TERM);
    };
    if cfg!(target_pointer_width = "64") {
        // Two values a turn: the loop's own cost (its pointer, and the copy
        // of `at` its back edge makes) is shared by two terms. Not on 32-bit
        // targets, where one copy of the store saves firmware flash.
        let (pairs, odd) = values.as_chunks::<2>();
        for [a, b] in pairs {
            store(a);
            store(b);
        }
        if let [a] = odd {
            store(a);
        }
    } else {
        values.iter().for_each(store);
    }
    debug_assert!(at + tail.len() <= room);
    // SAFETY: `at <= MAX_TERM * values.len() <= 16 * values.len()`, so the
    // tail ends inside `rest`, which is `tail.len()` longer than that.
    unsafe { core::ptr::copy_nonoverlapping(tail.as_ptr(), base.add(at), tail.len()) };
    let n = head.len() + at + tail.len();
    // SAFETY: `head`, then `at` bytes of terms, then `tail` were stored, in
    // that order, from the start of the lent slice.
    unsafe { l.keep(n) };
    true
}

/// Writes `head` then the low byte of each value into one lend; `false`,
/// with nothing written, when the sink does not lend that much.
#[inline(always)]
pub(crate) fn put_bytes<L: Lend + ?Sized>(l: &mut L, head: &[u8], values: &[u64]) -> bool {
    // SAFETY: one byte is stored per value, as many as the slice holds.
    unsafe {
        put_with(l, head, values.len(), |b| {
            for (d, &v) in b.iter_mut().zip(values) {
                d.write(v as u8);
            }
        })
    }
}

// SAFETY (the three impls below): `lend` lends the unwritten part of the
// sink's own memory; `keep(n)` moves the end of the written part `n`
// bytes on, over bytes the caller stored.
unsafe impl Lend for super::SliceSink<'_> {
    #[inline(always)]
    unsafe fn lend(&mut self, room: usize) -> Option<&mut [MaybeUninit<u8>]> {
        let dst = self.buf.get_mut(self.pos..)?.get_mut(..room)?;
        // SAFETY: `[u8]` and `[MaybeUninit<u8>]` have the same layout, and
        // our caller stores only initialised bytes through the view.
        Some(unsafe { &mut *(core::ptr::from_mut(dst) as *mut [MaybeUninit<u8>]) })
    }

    #[inline(always)]
    unsafe fn keep(&mut self, n: usize) {
        debug_assert!(n <= self.remaining(), "keep: more than was lent");
        // Within the buffer: `lend` lent at least `n` bytes from `pos` on.
        self.pos += n;
    }
}

unsafe impl<const N: usize> Lend for heapless::Vec<u8, N> {
    #[inline(always)]
    unsafe fn lend(&mut self, room: usize) -> Option<&mut [MaybeUninit<u8>]> {
        self.spare_capacity_mut().get_mut(..room)
    }

    #[inline(always)]
    unsafe fn keep(&mut self, n: usize) {
        // SAFETY: the first `n` bytes of the spare capacity, which `lend`
        // lent, have been stored (our caller's promise).
        unsafe { self.set_len(self.len() + n) }
    }
}

#[cfg(feature = "alloc")]
unsafe impl Lend for alloc::vec::Vec<u8> {
    #[inline(always)]
    unsafe fn lend(&mut self, room: usize) -> Option<&mut [MaybeUninit<u8>]> {
        if self.capacity() - self.len() < room {
            self.try_reserve(room).ok()?;
        }
        self.spare_capacity_mut().get_mut(..room)
    }

    #[inline(always)]
    unsafe fn keep(&mut self, n: usize) {
        // SAFETY: as for `heapless::Vec`.
        unsafe { self.set_len(self.len() + n) }
    }
}
