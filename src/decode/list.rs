//! Lists, read lazily: `[]`, byte lists and general lists with any tail.

use super::iter::{Elements, Inner};
use super::reader;
use super::{Term, Value};

/// A list, read lazily: `[]`, a byte list (STRING_EXT, whose elements are
/// small integers) or a general list with any tail.
///
/// ```
/// use gateway_etf::decode::decode;
/// // [1, 256 | 7]: an improper list
/// let l = decode(&[131, 108, 0, 0, 0, 2, 97, 1, 98, 0, 0, 1, 0, 97, 7])?.as_list()?;
/// let items: heapless::Vec<i64, 4> = l.iter().map(|t| t.as_i64()).collect::<Result<_, _>>()?;
/// assert_eq!(items, [1, 256]);
/// assert_eq!(l.tail().map(|t| t.as_i64()), Some(Ok(7)));
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct List<'a> {
    pub(super) src: &'a [u8],
    pub(super) offset: usize,
    pub(super) repr: ListRepr<'a>,
}

#[derive(Clone, Copy)]
pub(super) enum ListRepr<'a> {
    /// STRING_EXT or NIL_EXT: elements are these bytes, starting at `first`.
    Bytes { bytes: &'a [u8], first: usize },
    /// LIST_EXT: `len` encoded elements from `first`, then the tail. Or,
    /// when `first` is the list's own offset (a list's elements start after
    /// its header), no list at all: the one term there, standing where a
    /// list may (see [`List::lone`]).
    Terms { first: usize, len: u32 },
}

impl<'a> List<'a> {
    /// The list's whole term as it stands in the payload: what a command
    /// read back writes again, without decoding it.
    pub(crate) fn term(&self) -> &'a [u8] {
        let end = reader::skip(self.src, self.offset).unwrap_or(self.offset);
        self.src.get(self.offset..end).unwrap_or_default()
    }

    /// The term at `at` in `src` as a one-element list of itself, for a
    /// field that takes a value or a list (Discord's `user_ids`): no tail,
    /// and its term is the element's, so a command read back writes it
    /// again as it came. (Told apart by `first == offset` rather than a
    /// variant of its own, which would grow `len` and `iter`, linked into
    /// every encoder, for a case only read-back meets.)
    pub(crate) const fn lone(src: &'a [u8], at: usize) -> Self {
        List { src, offset: at, repr: ListRepr::Terms { first: at, len: 1 } }
    }

    /// `[]`, not taken from any payload (offset 0).
    pub(crate) const fn empty() -> Self {
        List { src: &[], offset: 0, repr: ListRepr::Bytes { bytes: &[], first: 0 } }
    }

    /// Where the list starts in the payload.
    ///
    /// ```
    /// assert_eq!(gateway_etf::decode::decode(&[131, 106])?.as_list()?.offset(), 1);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The number of elements (the tail not counted).
    ///
    /// ```
    /// assert_eq!(gateway_etf::decode::decode(&[131, 106])?.as_list()?.len(), 0);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        match self.repr {
            ListRepr::Bytes { bytes, .. } => bytes.len(),
            ListRepr::Terms { len, .. } => len as usize,
        }
    }

    /// Whether the list has no elements.
    ///
    /// ```
    /// assert!(gateway_etf::decode::decode(&[131, 106])?.as_list()?.is_empty());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The elements, in order.
    ///
    /// ```
    /// let l = gateway_etf::decode::decode(&[131, 107, 0, 2, 5, 6])?.as_list()?;
    /// assert_eq!(l.iter().map(|t| t.as_u64().unwrap()).sum::<u64>(), 11);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn iter(&self) -> Elements<'a> {
        match self.repr {
            ListRepr::Bytes { bytes, first } => Elements(Inner::Bytes { bytes: bytes.iter(), at: first }),
            ListRepr::Terms { first, len } => {
                Elements(Inner::Terms { src: self.src, pos: first, left: len.into() })
            }
        }
    }

    /// The tail of an improper list, `None` for a proper one (tail `[]`).
    /// Walks over the elements to reach it.
    ///
    /// ```
    /// let l = gateway_etf::decode::decode(&[131, 108, 0, 0, 0, 1, 97, 1, 106])?.as_list()?;
    /// assert!(l.tail().is_none());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn tail(&self) -> Option<Term<'a>> {
        let ListRepr::Terms { first, len } = self.repr else { return None };
        if first == self.offset {
            return None; // a lone term (`List::lone`) has no tail
        }
        let mut pos = first;
        for _ in 0..len {
            pos = reader::skip(self.src, pos)?;
        }
        let tail = Term::at(self.src, pos)?;
        match tail.value {
            Value::List(l) if l.is_empty() => None,
            _ => Some(tail),
        }
    }

    /// Whether the list ends in `[]`.
    ///
    /// ```
    /// assert!(gateway_etf::decode::decode(&[131, 106])?.as_list()?.is_proper());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn is_proper(&self) -> bool {
        self.tail().is_none()
    }

    /// Whether the list was sent as a byte list (STRING_EXT).
    ///
    /// ```
    /// assert!(gateway_etf::decode::decode(&[131, 107, 0, 1, 9])?.as_list()?.is_byte_list());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn is_byte_list(&self) -> bool {
        matches!(self.repr, ListRepr::Bytes { bytes, .. } if !bytes.is_empty())
    }
}
