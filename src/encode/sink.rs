//! Where encoded bytes go: the [`Sink`] trait and a sink per kind of
//! buffer.
//!
//! [`SliceSink`] over a caller's `&mut [u8]`, `heapless::Vec<u8, N>`,
//! `Vec<u8>` (feature `alloc`), and [`CountingSink`], which only measures.
//! The three that are memory also lend it ([`Lend`], in `lend.rs`).

use super::lend::{Lend, NoLend};
use crate::Error;

/// A destination for encoded bytes: the one trait to implement for a
/// buffer, a ring or a driver of your own.
///
/// A push either appends all of its bytes or fails with
/// [`Error::BufferFull`] and appends none of them: a sink never holds a
/// partial value, and never writes past the end of its memory. Commands
/// [`reserve`](Self::reserve) a frame's length before they write it, so a
/// frame is written whole or not at all.
///
/// Write [`push`](Self::push) and [`reserve`](Self::reserve). A sink that
/// is memory can also lend it ([`Lend`]) by returning itself from
/// [`lender`](Self::lender): the writer then stores whole terms, and the
/// commands whole frames, with one capacity check.
///
/// ```
/// use gateway_etf::encode::Sink;
/// use gateway_etf::{Command, Error, Heartbeat};
///
/// /// Counts bytes and keeps a running XOR of them.
/// #[derive(Default)]
/// struct Checksum { len: usize, xor: u8 }
///
/// impl Sink for Checksum {
///     fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
///         self.len += bytes.len();
///         self.xor = bytes.iter().fold(self.xor, |x, b| x ^ b);
///         Ok(())
///     }
///     fn reserve(&mut self, _: usize) -> Result<(), Error> {
///         Ok(())
///     }
/// }
///
/// let mut sum = Checksum::default();
/// Heartbeat::new(Some(1)).encode_to(&mut sum)?;
/// assert_eq!(sum.len, 23);
/// # Ok::<(), Error>(())
/// ```
pub trait Sink {
    /// Appends `bytes`, or fails without appending any of them.
    fn push(&mut self, bytes: &[u8]) -> Result<(), Error>;

    /// Makes sure `additional` more bytes fit, or fails with
    /// [`Error::BufferFull`] before anything is written. Growable sinks
    /// reserve memory here.
    fn reserve(&mut self, additional: usize) -> Result<(), Error>;

    /// The sink as a [`Lend`], if it lends its memory; `None` (the
    /// default) for a sink that is not memory.
    #[inline(always)]
    fn lender(&mut self) -> Option<&mut impl Lend> {
        None::<&mut NoLend>
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    #[inline(always)]
    fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        (**self).push(bytes)
    }
    #[inline(always)]
    fn reserve(&mut self, additional: usize) -> Result<(), Error> {
        (**self).reserve(additional)
    }
    #[inline(always)]
    fn lender(&mut self) -> Option<&mut impl Lend> {
        (**self).lender()
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
/// use gateway_etf::encode::{Sink, SliceSink};
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
    pub(super) buf: &'a mut [u8],
    pub(super) pos: usize,
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
    /// # use gateway_etf::encode::{Sink, SliceSink};
    /// let mut buf = [0u8; 8];
    /// let mut sink = SliceSink::new(&mut buf);
    /// sink.push(&[131])?;
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
    /// # use gateway_etf::encode::{Sink, SliceSink};
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
    /// # use gateway_etf::encode::{Sink, SliceSink};
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
    /// # use gateway_etf::encode::SliceSink;
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
    /// # use gateway_etf::encode::{Sink, SliceSink};
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
    fn reserve(&mut self, additional: usize) -> Result<(), Error> {
        if additional <= self.remaining() {
            Ok(())
        } else {
            Err(Error::BufferFull { needed: self.pos.saturating_add(additional) })
        }
    }

    #[inline(always)]
    fn lender(&mut self) -> Option<&mut impl Lend> {
        Some(self)
    }
}

/// Appends to a fixed-capacity `heapless::Vec`.
///
/// ```
/// use gateway_etf::encode::Sink;
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
    fn reserve(&mut self, additional: usize) -> Result<(), Error> {
        if additional <= N - self.len() {
            Ok(())
        } else {
            Err(Error::BufferFull { needed: self.len().saturating_add(additional) })
        }
    }

    #[inline(always)]
    fn lender(&mut self) -> Option<&mut impl Lend> {
        Some(self)
    }
}

/// Appends to a growable `Vec` (feature `alloc`); fails with
/// [`Error::BufferFull`] only when the memory cannot be reserved.
///
/// ```
/// use gateway_etf::encode::Sink;
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
    fn reserve(&mut self, additional: usize) -> Result<(), Error> {
        self.try_reserve(additional)
            .map_err(|_| Error::BufferFull { needed: self.len().saturating_add(additional) })
    }

    #[inline(always)]
    fn lender(&mut self) -> Option<&mut impl Lend> {
        Some(self)
    }
}

/// A sink that keeps nothing and counts the bytes it is given.
///
/// Every `encoded_len` in this crate is the command's own writer run into a
/// `CountingSink`, so the length can never disagree with what is written.
///
/// ```
/// use gateway_etf::encode::Writer;
/// use gateway_etf::encode::CountingSink;
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
    /// # use gateway_etf::encode::CountingSink;
    /// assert_eq!(CountingSink::new().count(), 0);
    /// ```
    #[inline]
    pub const fn new() -> Self {
        CountingSink { count: 0 }
    }

    /// How many bytes were pushed.
    ///
    /// ```
    /// # use gateway_etf::encode::{CountingSink, Sink};
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
    fn reserve(&mut self, _additional: usize) -> Result<(), Error> {
        Ok(())
    }
}
