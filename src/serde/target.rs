//! Where the serializer writes: a [`Target`] per kind of output, each a
//! [`Sink`] that says whether it can patch the bytes it holds.
//!
//! A caller's slice has a target of its own, [`SliceTarget`], written
//! with no `memcpy` call for a short string and one check per term; the
//! vectors go through their own sinks, which lend their memory to the
//! term [`Writer`].

use crate::encode::writer::{IntTerm, int_term, uint_term};
use crate::encode::{Sink, Writer};
use crate::tag;

/// Where the serializer writes: a [`Sink`] that may also patch the bytes
/// it holds, and writes the terms serde writes most (strings, keys,
/// integers) through the [`Writer`] unless it has a faster way.
pub(crate) trait Target: Sink {
    /// How many bytes were written, if those bytes can be patched later;
    /// `None` for a sink that is not memory.
    fn mark(&self) -> Option<usize>;

    /// Overwrites the 4 bytes at `at`, written before as a placeholder.
    fn patch(&mut self, at: usize, bytes: [u8; 4]);

    /// A binary (BINARY_EXT) holding `bytes`: a string, a struct's key.
    #[inline(always)]
    fn binary(&mut self, bytes: &[u8]) -> Result<(), crate::Error> {
        Writer::new(self).binary(bytes).map(drop)
    }

    /// An unsigned integer, as [`Writer::uint`] writes it.
    #[inline(always)]
    fn uint(&mut self, v: u64) -> Result<(), crate::Error> {
        Writer::new(self).uint(v).map(drop)
    }

    /// A signed integer, as [`Writer::int`] writes it.
    #[inline(always)]
    fn int(&mut self, v: i64) -> Result<(), crate::Error> {
        Writer::new(self).int(v).map(drop)
    }
}

/// A caller's slice, patchable, written by safe code that the compiler
/// turns into few instructions: one bounds check per term, fixed-size
/// stores for headers, a 16-byte store for an integer, overlapping word
/// copies for a string of up to 16 bytes.
pub(crate) struct SliceTarget<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

impl<'b> SliceTarget<'b> {
    /// Writes from the start of `buf`.
    #[inline(always)]
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        SliceTarget { buf, pos: 0 }
    }

    /// The bytes written, for the buffer's lifetime.
    #[inline(always)]
    pub(crate) fn into_written(self) -> &'b [u8] {
        let buf: &'b [u8] = self.buf;
        buf.get(..self.pos).unwrap_or_default()
    }

    /// The next `n` bytes, if they fit.
    #[inline(always)]
    fn room(&mut self, n: usize) -> Option<&mut [u8]> {
        // One range, so one comparison with the length (`get_mut(pos..)`
        // then `..n` would make two).
        let end = self.pos.checked_add(n)?;
        self.buf.get_mut(self.pos..end)
    }

    /// The error for `n` bytes that do not fit.
    #[cold]
    #[inline(never)]
    fn full(&self, n: usize) -> crate::Error {
        crate::Error::BufferFull { needed: self.pos.saturating_add(n) }
    }

    /// The first `len` bytes of an integer term's 16-byte block: one wide
    /// store where 16 bytes are free, else a copy of `len`.
    #[inline(always)]
    fn block(&mut self, (block, len): IntTerm) -> Result<(), crate::Error> {
        match self.room(16).and_then(|dst| dst.first_chunk_mut::<16>()) {
            Some(dst) => {
                *dst = block;
                self.pos += len;
                Ok(())
            }
            None => self.block_near_the_end(&block, len),
        }
    }

    /// [`block`](Self::block) within 16 bytes of the end: a copy of `len`
    /// bytes. Out of line, so that an integer written inline stays small.
    #[cold]
    #[inline(never)]
    fn block_near_the_end(&mut self, block: &[u8; 16], len: usize) -> Result<(), crate::Error> {
        self.push(block.get(..len).unwrap_or(block))
    }
}

impl Sink for SliceTarget<'_> {
    #[inline(always)]
    fn push(&mut self, bytes: &[u8]) -> Result<(), crate::Error> {
        match self.room(bytes.len()) {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                self.pos += bytes.len();
                Ok(())
            }
            None => Err(self.full(bytes.len())),
        }
    }

    #[inline(always)]
    fn reserve(&mut self, additional: usize) -> Result<(), crate::Error> {
        match self.buf.len() - self.pos >= additional {
            true => Ok(()),
            false => Err(self.full(additional)),
        }
    }
}

impl Target for SliceTarget<'_> {
    #[inline(always)]
    fn mark(&self) -> Option<usize> {
        Some(self.pos)
    }

    #[inline]
    fn patch(&mut self, at: usize, bytes: [u8; 4]) {
        if let Some(dst) = self.buf.get_mut(at..at.saturating_add(4)) {
            dst.copy_from_slice(&bytes);
        }
    }

    #[inline(always)]
    fn binary(&mut self, bytes: &[u8]) -> Result<(), crate::Error> {
        let n = bytes.len();
        let Ok(len) = u32::try_from(n) else {
            return Err(crate::Error::LengthOverflow(n));
        };
        // A slice is at most `isize::MAX` bytes: no overflow.
        let Some((head, body)) = self.room(5 + n).and_then(|dst| dst.split_first_chunk_mut::<5>()) else {
            return Err(self.full(5 + n));
        };
        let [a, b, c, d] = len.to_be_bytes();
        *head = [tag::BINARY_EXT, a, b, c, d];
        copy_short(body, bytes);
        self.pos += 5 + n;
        Ok(())
    }

    #[inline(always)]
    fn uint(&mut self, v: u64) -> Result<(), crate::Error> {
        self.block(uint_term(v))
    }

    #[inline(always)]
    fn int(&mut self, v: i64) -> Result<(), crate::Error> {
        self.block(int_term(v))
    }
}

/// Copies `src` into `dst`, of the same length. On 64-bit targets, up to
/// 16 bytes (keys, statuses, names) as two overlapping loads and stores of
/// a word that fits, instead of a `memcpy` call; elsewhere that costs more
/// flash than the call costs time.
#[inline(always)]
fn copy_short(dst: &mut [u8], src: &[u8]) {
    if cfg!(target_pointer_width = "64") && src.len() <= 16 && dst.len() == src.len() {
        match src.len() {
            8.. => overlapping::<8>(dst, src),
            4.. => overlapping::<4>(dst, src),
            2.. => overlapping::<2>(dst, src),
            1 => overlapping::<1>(dst, src),
            0 => {}
        }
    } else if let Some(dst) = dst.get_mut(..src.len()) {
        dst.copy_from_slice(src);
    }
}

/// Copies `src` into `dst`, both from `W` to `2 * W` bytes long, as its
/// first `W` bytes and its last `W` bytes (which overlap).
#[inline(always)]
fn overlapping<const W: usize>(dst: &mut [u8], src: &[u8]) {
    if let (Some(d), Some(s)) = (dst.first_chunk_mut::<W>(), src.first_chunk::<W>()) {
        *d = *s;
    }
    if let (Some(d), Some(s)) = (dst.last_chunk_mut::<W>(), src.last_chunk::<W>()) {
        *d = *s;
    }
}

/// A `heapless::Vec` or a `Vec`, patchable; writes go through the
/// vector's own [`Sink`] (which lends its memory to the writer).
pub(crate) struct VecTarget<'b, V>(pub(crate) &'b mut V);

impl<V: Sink + core::ops::DerefMut<Target = [u8]>> Sink for VecTarget<'_, V> {
    #[inline]
    fn push(&mut self, bytes: &[u8]) -> Result<(), crate::Error> {
        self.0.push(bytes)
    }

    #[inline]
    fn reserve(&mut self, additional: usize) -> Result<(), crate::Error> {
        self.0.reserve(additional)
    }

    #[inline(always)]
    fn lender(&mut self) -> Option<&mut impl crate::encode::Lend> {
        self.0.lender()
    }
}

impl<V: Sink + core::ops::DerefMut<Target = [u8]>> Target for VecTarget<'_, V> {
    fn mark(&self) -> Option<usize> {
        Some(self.0.len())
    }

    fn patch(&mut self, at: usize, bytes: [u8; 4]) {
        if let Some(dst) = self.0.get_mut(at..at.saturating_add(4)) {
            dst.copy_from_slice(&bytes);
        }
    }
}

/// Any sink: counts, cannot patch.
pub(crate) struct Stream<S> {
    sink: S,
    count: usize,
}

impl<S> Stream<S> {
    /// Nothing written yet.
    pub(crate) fn new(sink: S) -> Self {
        Stream { sink, count: 0 }
    }

    /// How many bytes were written.
    pub(crate) fn count(&self) -> usize {
        self.count
    }
}

impl<S: Sink> Sink for Stream<S> {
    fn push(&mut self, bytes: &[u8]) -> Result<(), crate::Error> {
        self.sink.push(bytes)?;
        self.count = self.count.saturating_add(bytes.len());
        Ok(())
    }

    fn reserve(&mut self, additional: usize) -> Result<(), crate::Error> {
        self.sink.reserve(additional)
    }
}

impl<S: Sink> Target for Stream<S> {
    fn mark(&self) -> Option<usize> {
        None
    }

    fn patch(&mut self, _: usize, _: [u8; 4]) {}
}

/// Measures: a count is the same 4 bytes whatever it is, so nothing needs
/// patching.
pub(crate) struct Measure(pub(crate) usize);

impl Sink for Measure {
    fn push(&mut self, bytes: &[u8]) -> Result<(), crate::Error> {
        self.0 = self.0.saturating_add(bytes.len());
        Ok(())
    }

    fn reserve(&mut self, _: usize) -> Result<(), crate::Error> {
        Ok(())
    }
}

impl Target for Measure {
    fn mark(&self) -> Option<usize> {
        Some(self.0)
    }

    fn patch(&mut self, _: usize, _: [u8; 4]) {}
}
