//! The iterators over containers: one cursor over a validated payload.

use core::iter::FusedIterator;

use super::{FromTerm, List, Map, Seq, SeqIter, Term, Tuple};

/// The shared cursor of the container iterators.
#[derive(Clone)]
pub(super) enum Inner<'a> {
    Bytes { bytes: core::slice::Iter<'a, u8>, at: usize },
    Terms { src: &'a [u8], pos: usize, left: u64 },
}

impl<'a> Inner<'a> {
    pub(super) fn next(&mut self) -> Option<Term<'a>> {
        match self {
            Inner::Bytes { bytes, at } => {
                let b = *bytes.next()?;
                let term = Term::byte(*at, b);
                *at += 1;
                Some(term)
            }
            Inner::Terms { src, pos, left } => {
                if *left == 0 {
                    return None;
                }
                // The payload was validated: neither call can fail. Stop
                // rather than loop if one ever did.
                match Term::at_end(src, *pos) {
                    Some((term, end)) => {
                        *pos = end;
                        *left -= 1;
                        Some(term)
                    }
                    None => {
                        *left = 0;
                        None
                    }
                }
            }
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Inner::Bytes { bytes, .. } => bytes.len(),
            Inner::Terms { left, .. } => usize::try_from(*left).unwrap_or(usize::MAX),
        }
    }
}

/// The elements of a [`List`](super::List) or a [`Tuple`](super::Tuple).
#[derive(Clone)]
pub struct Elements<'a>(pub(super) Inner<'a>);

impl<'a> Iterator for Elements<'a> {
    type Item = Term<'a>;

    #[inline]
    fn next(&mut self) -> Option<Term<'a>> {
        self.0.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.0.len(), Some(self.0.len()))
    }
}

impl ExactSizeIterator for Elements<'_> {}
impl FusedIterator for Elements<'_> {}

/// The key/value pairs of a [`Map`](super::Map).
#[derive(Clone)]
pub struct Entries<'a>(pub(super) Inner<'a>);

impl<'a> Iterator for Entries<'a> {
    type Item = (Term<'a>, Term<'a>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        Some((self.0.next()?, self.0.next()?))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.0.len() / 2, Some(self.0.len() / 2))
    }
}

impl ExactSizeIterator for Entries<'_> {}
impl FusedIterator for Entries<'_> {}

/// `IntoIterator` through the type's own `iter()`, for the `Copy` views
/// that iterate by value: `[generics] Type => Item, Iterator;`.
macro_rules! into_iter {
    ($([$($generics:tt)*] $ty:ty => $item:ty, $iter:ty;)*) => {$(
        impl<$($generics)*> IntoIterator for $ty {
            type Item = $item;
            type IntoIter = $iter;

            fn into_iter(self) -> $iter {
                self.iter()
            }
        }
    )*};
}

into_iter! {
    ['a] List<'a> => Term<'a>, Elements<'a>;
    ['a] Tuple<'a> => Term<'a>, Elements<'a>;
    ['a] Map<'a> => (Term<'a>, Term<'a>), Entries<'a>;
    ['a, T: FromTerm<'a>] Seq<'a, T> => T, SeqIter<'a, T>;
    ['a, T: FromTerm<'a>] &Seq<'a, T> => T, SeqIter<'a, T>;
}
