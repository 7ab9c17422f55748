//! Tuples, read lazily.

use super::Term;
use super::container::container;
use super::iter::{Elements, Inner};

container! {
    /// A tuple, read lazily.
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// // {ok, 1}
    /// let t = decode(&[131, 104, 2, 119, 2, b'o', b'k', 97, 1])?.as_tuple()?;
    /// assert_eq!(t.get(1).map(|e| e.as_u64()), Some(Ok(1)));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    Tuple, as_tuple([131, 104, 0]), "tuple", "elements"
}

impl<'a> Tuple<'a> {
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
