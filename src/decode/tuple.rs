//! Tuples, read lazily.

use super::Term;
use super::iter::{Elements, Inner};

/// A tuple, read lazily.
///
/// ```
/// use gateway_etf::decode::decode;
/// // {ok, 1}
/// let t = decode(&[131, 104, 2, 119, 2, b'o', b'k', 97, 1])?.as_tuple()?;
/// assert_eq!(t.get(1).map(|e| e.as_u64()), Some(Ok(1)));
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Tuple<'a> {
    pub(super) src: &'a [u8],
    pub(super) offset: usize,
    pub(super) first: usize,
    pub(super) arity: u32,
}

impl<'a> Tuple<'a> {
    /// Where the tuple starts in the payload.
    ///
    /// ```
    /// assert_eq!(gateway_etf::decode::decode(&[131, 104, 0])?.as_tuple()?.offset(), 1);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The number of elements.
    ///
    /// ```
    /// assert_eq!(gateway_etf::decode::decode(&[131, 104, 0])?.as_tuple()?.len(), 0);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.arity as usize
    }

    /// Whether the tuple is `{}`.
    ///
    /// ```
    /// assert!(gateway_etf::decode::decode(&[131, 104, 0])?.as_tuple()?.is_empty());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.arity == 0
    }

    /// The elements, in order.
    ///
    /// ```
    /// let t = gateway_etf::decode::decode(&[131, 104, 2, 97, 1, 97, 2])?.as_tuple()?;
    /// assert_eq!(t.iter().count(), 2);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn iter(&self) -> Elements<'a> {
        Elements(Inner::Terms { src: self.src, pos: self.first, left: self.arity.into() })
    }

    /// The element at `index` (from 0), skipping the ones before it.
    ///
    /// ```
    /// let t = gateway_etf::decode::decode(&[131, 104, 2, 97, 1, 97, 2])?.as_tuple()?;
    /// assert!(t.get(2).is_none());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn get(&self, index: usize) -> Option<Term<'a>> {
        self.iter().nth(index)
    }
}

impl<'a> IntoIterator for Tuple<'a> {
    type Item = Term<'a>;
    type IntoIter = Elements<'a>;

    fn into_iter(self) -> Elements<'a> {
        self.iter()
    }
}
