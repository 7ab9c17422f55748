//! A command's list field, borrowed either from the caller's slice or from
//! a frame it was read back from: one command type serves the encoder and
//! the decoder, with no copy and no allocation either way.

use core::fmt;
use core::hash::{Hash, Hasher};
use core::iter::FusedIterator;

use crate::decode::{self, FromTerm, Seq, SeqIter};

/// The elements of a list field (activities, user IDs, guild IDs, channel
/// info fields).
///
/// A builder takes a slice ([`Items::Slice`]); a command read back from a
/// frame ([`DecodeCommand`](crate::decode::DecodeCommand)) holds the list
/// as the frame has it ([`Items::Decoded`], checked once, decoded as it is
/// iterated). Either way the command encodes, validates and compares the
/// same: equality is element by element.
///
/// ```
/// use gateway_etf::decode::DecodeCommand;
/// use gateway_etf::{Command, Items, RequestSoundboardSounds, Snowflake};
///
/// let ids = Snowflake::slice_from_u64(&[1, 2, 3]);
/// let sent = RequestSoundboardSounds::new(ids);
/// let mut buf = [0u8; 64];
/// let frame = sent.encode(&mut buf)?.to_vec();
/// let read = RequestSoundboardSounds::decode(&frame)?;
/// assert!(matches!(read.guild_ids, Items::Decoded(_)));
/// assert_eq!(read, sent);
/// assert_eq!(read.guild_ids.len(), 3);
/// assert_eq!(read.encode(&mut buf)?, &frame[..]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub enum Items<'a, T> {
    /// Borrowed from a slice: what the builders take.
    Slice(&'a [T]),
    /// Read back from a frame.
    Decoded(Seq<'a, T>),
}

impl<'a, T: Copy + FromTerm<'a>> Items<'a, T> {
    /// How many elements there are.
    ///
    /// ```
    /// use gateway_etf::{Items, Snowflake};
    /// assert_eq!(Items::from(Snowflake::slice_from_u64(&[1, 2])).len(), 2);
    /// ```
    #[inline]
    pub fn len(&self) -> usize {
        match self {
            Items::Slice(s) => s.len(),
            Items::Decoded(seq) => seq.len(),
        }
    }

    /// Whether there are no elements.
    ///
    /// ```
    /// use gateway_etf::{Items, Snowflake};
    /// assert!(Items::<Snowflake>::default().is_empty());
    /// ```
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The elements, by value.
    ///
    /// ```
    /// use gateway_etf::{Items, Snowflake};
    /// let ids = Items::from(Snowflake::slice_from_u64(&[1, 2]));
    /// assert_eq!(ids.iter().map(Snowflake::get).sum::<u64>(), 3);
    /// ```
    #[inline]
    pub fn iter(&self) -> ItemsIter<'a, T> {
        match self {
            Items::Slice(s) => ItemsIter::Slice(s.iter()),
            Items::Decoded(seq) => ItemsIter::Decoded(seq.iter()),
        }
    }

    /// The slice, if the elements are borrowed from one.
    ///
    /// ```
    /// use gateway_etf::{Items, Snowflake};
    /// let ids = Snowflake::slice_from_u64(&[1, 2]);
    /// assert_eq!(Items::from(ids).as_slice(), Some(ids));
    /// ```
    #[inline]
    pub fn as_slice(&self) -> Option<&'a [T]> {
        match self {
            Items::Slice(s) => Some(s),
            Items::Decoded(_) => None,
        }
    }

    /// Copies the elements to the start of `buf` and returns them, as a
    /// slice however they are held; [`decode::Error::BufferTooSmall`] if
    /// they do not fit.
    ///
    /// ```
    /// use gateway_etf::{Items, Snowflake};
    /// let ids = Items::from(Snowflake::slice_from_u64(&[1, 2]));
    /// let mut buf = [Snowflake::default(); 4];
    /// assert_eq!(ids.copy_into(&mut buf)?, Snowflake::slice_from_u64(&[1, 2]));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn copy_into<'s>(&self, buf: &'s mut [T]) -> Result<&'s [T], decode::Error> {
        let needed = self.len();
        let out = buf.get_mut(..needed).ok_or(decode::Error::BufferTooSmall { needed })?;
        for (slot, item) in out.iter_mut().zip(self.iter()) {
            *slot = item;
        }
        Ok(out)
    }
}

impl<'a, T> Items<'a, T> {
    /// The slice to write element by element, or `None` once a list read
    /// back from a frame has been written as the frame has it: its bytes
    /// copied, not decoded again (so the encoder carries no decoding, and a
    /// command read back writes the list it received). No closure: a
    /// closure holding a list's writing is too large to be inlined.
    #[inline(always)]
    pub(crate) fn slice_or_write<S: super::Sink>(
        &self,
        w: &mut super::Writer<S>,
    ) -> Result<Option<&'a [T]>, crate::Error> {
        match self {
            Items::Slice(items) => Ok(Some(items)),
            Items::Decoded(items) => w.raw(items.term_bytes()).map(|_| None),
        }
    }

    /// Writes the list term, each element with [`ListItem::write`],
    /// between the list's header and tail; a list read back from a frame
    /// as [`slice_or_write`](Self::slice_or_write) does.
    #[inline(always)]
    pub(crate) fn write_each<S: super::Sink>(&self, w: &mut super::Writer<S>) -> Result<(), crate::Error>
    where
        T: ListItem,
    {
        let Some(items) = self.slice_or_write(w)? else {
            return Ok(());
        };
        w.list(items.len())?;
        for item in items {
            item.write(w)?;
        }
        w.tail().map(drop)
    }
}

/// An element of a list field that writes its own term. A trait, not a
/// closure: `#[inline(always)]` on the method holds, where a closure is
/// inlined or not by its size (an activity's is too large).
pub(crate) trait ListItem {
    /// Writes the element's term.
    fn write<S: super::Sink>(&self, w: &mut super::Writer<S>) -> Result<(), crate::Error>;
}

impl Items<'_, crate::Snowflake> {
    /// Writes a list of IDs as `term_to_binary` writes a list of integers.
    #[inline(always)]
    pub(crate) fn write_ids<S: super::Sink>(&self, w: &mut super::Writer<S>) -> Result<(), crate::Error> {
        if let Some(ids) = self.slice_or_write(w)? {
            w.uint_list(crate::Snowflake::slice_as_u64(ids))?;
        }
        Ok(())
    }
}

impl<T> Default for Items<'_, T> {
    /// No elements.
    fn default() -> Self {
        Items::Slice(&[])
    }
}

impl<'a, T> From<&'a [T]> for Items<'a, T> {
    fn from(slice: &'a [T]) -> Self {
        Items::Slice(slice)
    }
}

impl<'a, T, const N: usize> From<&'a [T; N]> for Items<'a, T> {
    fn from(array: &'a [T; N]) -> Self {
        Items::Slice(array)
    }
}

impl<'a, T> From<Seq<'a, T>> for Items<'a, T> {
    fn from(seq: Seq<'a, T>) -> Self {
        Items::Decoded(seq)
    }
}

/// Element by element, however either side holds them.
impl<'a, 'b, T, U> PartialEq<Items<'b, U>> for Items<'a, T>
where
    T: Copy + FromTerm<'a> + PartialEq<U>,
    U: Copy + FromTerm<'b>,
{
    fn eq(&self, other: &Items<'b, U>) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

impl<'a, T: Copy + FromTerm<'a> + PartialEq<U>, U> PartialEq<[U]> for Items<'a, T> {
    fn eq(&self, other: &[U]) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == *b)
    }
}

impl<'a, T: Copy + FromTerm<'a> + PartialEq<U>, U> PartialEq<&[U]> for Items<'a, T> {
    fn eq(&self, other: &&[U]) -> bool {
        *self == **other
    }
}

impl<'a, T: Copy + FromTerm<'a> + Eq> Eq for Items<'a, T> {}

/// The length, then each element: equal lists hash equal however they
/// are held.
impl<'a, T: Copy + FromTerm<'a> + Hash> Hash for Items<'a, T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.len().hash(state);
        self.iter().for_each(|item| item.hash(state));
    }
}

impl<'a, T: Copy + FromTerm<'a> + fmt::Debug> fmt::Debug for Items<'a, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(feature = "defmt")]
impl<'a, T: Copy + FromTerm<'a> + defmt::Format> defmt::Format for Items<'a, T> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "[");
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                defmt::write!(f, ", ");
            }
            defmt::write!(f, "{}", item);
        }
        defmt::write!(f, "]");
    }
}

impl<'a, T: Copy + FromTerm<'a>> IntoIterator for Items<'a, T> {
    type Item = T;
    type IntoIter = ItemsIter<'a, T>;

    fn into_iter(self) -> ItemsIter<'a, T> {
        self.iter()
    }
}

impl<'a, T: Copy + FromTerm<'a>> IntoIterator for &Items<'a, T> {
    type Item = T;
    type IntoIter = ItemsIter<'a, T>;

    fn into_iter(self) -> ItemsIter<'a, T> {
        self.iter()
    }
}

/// The elements of [`Items`], by value.
#[derive(Clone)]
pub enum ItemsIter<'a, T> {
    /// Over a slice.
    Slice(core::slice::Iter<'a, T>),
    /// Over a list in a frame, decoded as it goes.
    Decoded(SeqIter<'a, T>),
}

impl<'a, T: Copy + FromTerm<'a>> Iterator for ItemsIter<'a, T> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        match self {
            ItemsIter::Slice(it) => it.next().copied(),
            ItemsIter::Decoded(it) => it.next(),
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            ItemsIter::Slice(it) => it.size_hint(),
            ItemsIter::Decoded(it) => it.size_hint(),
        }
    }
}

impl<'a, T: Copy + FromTerm<'a>> ExactSizeIterator for ItemsIter<'a, T> {}
impl<'a, T: Copy + FromTerm<'a>> FusedIterator for ItemsIter<'a, T> {}
