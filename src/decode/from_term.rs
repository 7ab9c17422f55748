//! Conversions from a [`Term`] to Rust and crate types, and [`Seq`], a
//! checked, lazily decoded list of them.

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;

use super::Error;
use super::{Atom, Elements, List, Map, Term, Tuple};
use crate::{ActivityType, ChannelInfoField, Intents, ShardId, Snowflake, Status};

/// A type that can be read from a borrowed [`Term`]; used by
/// [`Term::parse`], [`Map::required`], [`Map::optional`] and [`Seq`].
///
/// Implement it for your own types to read dispatch payloads the same way:
///
/// ```
/// use gateway_etf::Snowflake;
/// use gateway_etf::decode::{self, Error, FromTerm, Term};
///
/// struct Channel<'a> { id: Snowflake, name: &'a str }
///
/// impl<'a> FromTerm<'a> for Channel<'a> {
///     fn from_term(term: Term<'a>) -> Result<Self, Error> {
///         let map = term.as_map()?;
///         Ok(Channel { id: map.required("id")?, name: map.required("name")? })
///     }
/// }
///
/// // #{<<"id">> => <<"42">>, <<"name">> => <<"general">>}
/// let bytes = [131, 116, 0, 0, 0, 2, 109, 0, 0, 0, 2, b'i', b'd', 109, 0, 0, 0, 2, b'4', b'2',
///     109, 0, 0, 0, 4, b'n', b'a', b'm', b'e', 109, 0, 0, 0, 7, b'g', b'e', b'n', b'e', b'r', b'a', b'l'];
/// let ch: Channel = decode::decode(&bytes)?.parse()?;
/// assert_eq!((ch.id.get(), ch.name), (42, "general"));
/// # Ok::<(), Error>(())
/// ```
pub trait FromTerm<'a>: Sized {
    /// Reads `term`, or reports why it cannot.
    fn from_term(term: Term<'a>) -> Result<Self, Error>;
}

impl<'a> FromTerm<'a> for Term<'a> {
    #[inline]
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        Ok(term)
    }
}

/// `nil` is `None`; anything else is read as `T`.
impl<'a, T: FromTerm<'a>> FromTerm<'a> for Option<T> {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        term.non_nil().map(T::from_term).transpose()
    }
}

macro_rules! from_int {
    ($($ty:ty),*) => {$(
        /// An integer in range.
        impl<'a> FromTerm<'a> for $ty {
            fn from_term(term: Term<'a>) -> Result<Self, Error> {
                let v = term.as_int()?;
                <$ty>::try_from(v).map_err(|_| term.out_of_range())
            }
        }
    )*};
}

from_int!(u8, u16, u32, u64, i8, i16, i32, i64, i128, usize);

/// A float, or an integer converted.
impl<'a> FromTerm<'a> for f64 {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        term.as_f64()
    }
}

/// The atom `true` or `false`.
impl<'a> FromTerm<'a> for bool {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        term.as_bool()
    }
}

/// A UTF-8 binary, borrowed.
impl<'a> FromTerm<'a> for &'a str {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        term.as_str()
    }
}

/// A binary's bytes, borrowed.
impl<'a> FromTerm<'a> for &'a [u8] {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        term.as_binary()
    }
}

macro_rules! from_container {
    ($($ty:ident => $method:ident),*) => {$(
        impl<'a> FromTerm<'a> for $ty<'a> {
            fn from_term(term: Term<'a>) -> Result<Self, Error> {
                term.$method()
            }
        }
    )*};
}

from_container!(Atom => as_atom, List => as_list, Map => as_map, Tuple => as_tuple);

/// An integer, or a binary of decimal digits (how Discord writes IDs in
/// JSON, and how some ETF senders write them too).
///
/// ```
/// use gateway_etf::Snowflake;
/// use gateway_etf::decode::decode;
/// assert_eq!(decode(&[131, 109, 0, 0, 0, 2, b'4', b'2'])?.parse::<Snowflake>()?, Snowflake::new(42));
/// assert_eq!(decode(&[131, 97, 42])?.parse::<Snowflake>()?, Snowflake::new(42));
/// assert!(decode(&[131, 109, 0, 0, 0, 2, b'4', b'x'])?.parse::<Snowflake>().is_err());
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
impl<'a> FromTerm<'a> for Snowflake {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        if let Ok(digits) = term.as_binary() {
            return Snowflake::from_digits(digits)
                .ok_or(Error::UnknownValue { offset: term.offset(), expected: "snowflake" });
        }
        match term.as_u64() {
            Err(Error::WrongType { offset, found, .. }) => {
                Err(Error::WrongType { offset, expected: "snowflake", found })
            }
            other => other.map(Snowflake::new),
        }
    }
}

/// A name from a closed set, read as a binary or an atom.
fn named<'a, T>(term: Term<'a>, expected: &'static str, from: fn(&str) -> Option<T>) -> Result<T, Error> {
    let name = term.as_name().map_err(|e| match e {
        Error::WrongType { offset, found, .. } => Error::WrongType { offset, expected, found },
        e => e,
    })?;
    from(name).ok_or(Error::UnknownValue { offset: term.offset(), expected })
}

/// `"online"`, `"dnd"`, `"idle"`, `"invisible"` or `"offline"`.
impl<'a> FromTerm<'a> for Status {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        named(term, "status", Status::from_name)
    }
}

/// `"status"` or `"voice_start_time"`.
impl<'a> FromTerm<'a> for ChannelInfoField {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        named(term, "channel info field", ChannelInfoField::from_name)
    }
}

/// The integer 0..=5.
impl<'a> FromTerm<'a> for ActivityType {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        let n: u8 = term.parse().map_err(|e| match e {
            Error::IntegerOutOfRange { offset } | Error::IntegerTooWide { offset } => {
                Error::UnknownValue { offset, expected: "activity type" }
            }
            e => e,
        })?;
        ActivityType::from_u8(n)
            .ok_or(Error::UnknownValue { offset: term.offset(), expected: "activity type" })
    }
}

/// The integer bit set, undefined bits kept (strict decoding refuses them).
impl<'a> FromTerm<'a> for Intents {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        term.as_u64().map(Intents::from_bits_retain)
    }
}

/// `[shard_id, num_shards]`, with `shard_id < num_shards`.
impl<'a> FromTerm<'a> for ShardId {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        let list = term.as_list()?;
        let mut items = list.iter();
        let (Some(id), Some(count), None, true) =
            (items.next(), items.next(), items.next(), list.is_proper())
        else {
            return Err(term.wrong_type("[shard_id, num_shards]"));
        };
        let (id, count) = (id.parse()?, count.parse()?);
        ShardId::new(id, count).map_err(|_| Error::InvalidShard { offset: term.offset(), id, count })
    }
}

/// A proper list whose every element reads as `T`, checked once when made
/// and then decoded lazily while iterating: the no-allocation stand-in for
/// a `&[T]` (ID lists, activities, channel info fields).
///
/// [`copy_into`](Self::copy_into) fills a caller's slice to get the
/// `&[T]` the encoder types hold.
///
/// ```
/// use gateway_etf::Snowflake;
/// use gateway_etf::decode::{decode, Seq};
/// // [1, 2^40] as LIST_EXT
/// let t = decode(&[131, 108, 0, 0, 0, 2, 97, 1, 110, 6, 0, 0, 0, 0, 0, 0, 1, 106])?;
/// let ids: Seq<Snowflake> = t.parse()?;
/// assert_eq!(ids.len(), 2);
/// assert!(ids.iter().eq([Snowflake::new(1), Snowflake::new(1 << 40)]));
/// let mut buf = [Snowflake::default(); 4];
/// assert_eq!(ids.copy_into(&mut buf)?, Snowflake::slice_from_u64(&[1, 1 << 40]));
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
pub struct Seq<'a, T> {
    list: List<'a>,
    /// The list's whole term, found once by `new`, so that the encoder
    /// writes a command read back as it came, with no call, without
    /// skipping over the list again and without linking the skipping code.
    term: &'a [u8],
    item: PhantomData<fn() -> T>,
}

impl<'a, T> Seq<'a, T> {
    /// The list's whole term as it stands in the payload.
    pub(crate) fn term_bytes(&self) -> &'a [u8] {
        self.term
    }

    /// A sequence with no elements.
    ///
    /// ```
    /// use gateway_etf::decode::Seq;
    /// assert!(Seq::<u8>::empty().is_empty());
    /// ```
    pub fn empty() -> Self {
        Seq { list: List::empty(), term: &[crate::tag::NIL_EXT], item: PhantomData }
    }
}

impl<'a, T: FromTerm<'a>> Seq<'a, T> {
    /// Checks that `list` is proper and that every element reads as `T`.
    ///
    /// ```
    /// use gateway_etf::decode::{decode, Seq};
    /// let list = decode(&[131, 107, 0, 2, 1, 2])?.as_list()?;
    /// assert_eq!(Seq::<u8>::new(list)?.len(), 2);
    /// assert!(Seq::<&str>::new(list).is_err());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn new(list: List<'a>) -> Result<Self, Error> {
        if let Some(tail) = list.tail() {
            return Err(tail.wrong_type("[] as the list's tail"));
        }
        for term in list.iter() {
            T::from_term(term)?;
        }
        Ok(Seq { list, term: list.term(), item: PhantomData })
    }

    /// Like [`new`](Self::new) for the term at `at` in `src` if it is a
    /// list, else a sequence of that one term: for fields that take a value
    /// or a list of them, such as Discord's `user_ids` ("snowflake or array
    /// of snowflakes").
    pub(crate) fn one_or_list(src: &'a [u8], term: Term<'a>) -> Result<Self, Error> {
        match term.as_list() {
            Ok(list) => Self::new(list),
            Err(_) => {
                T::from_term(term)?;
                let lone = List::lone(src, term.offset());
                Ok(Seq { list: lone, term: lone.term(), item: PhantomData })
            }
        }
    }

    /// The number of elements.
    ///
    /// ```
    /// use gateway_etf::decode::{decode, Seq};
    /// assert_eq!(decode(&[131, 106])?.parse::<Seq<u8>>()?.len(), 0);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are no elements.
    ///
    /// ```
    /// use gateway_etf::decode::{decode, Seq};
    /// assert!(decode(&[131, 106])?.parse::<Seq<u8>>()?.is_empty());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The elements, decoded one at a time.
    ///
    /// ```
    /// use gateway_etf::decode::{decode, Seq};
    /// let s: Seq<u8> = decode(&[131, 107, 0, 2, 1, 2])?.parse()?;
    /// assert_eq!(s.iter().sum::<u8>(), 3);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn iter(&self) -> SeqIter<'a, T> {
        SeqIter { elements: self.list.iter(), item: PhantomData }
    }

    /// The underlying list.
    ///
    /// ```
    /// use gateway_etf::decode::{decode, Seq};
    /// let s: Seq<u8> = decode(&[131, 107, 0, 2, 1, 2])?.parse()?;
    /// assert!(s.list().is_byte_list());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn list(&self) -> List<'a> {
        self.list
    }

    /// Copies the elements to the start of `buf` and returns them;
    /// [`Error::BufferTooSmall`] if they do not fit.
    ///
    /// ```
    /// use gateway_etf::decode::{decode, Error, Seq};
    /// let s: Seq<u8> = decode(&[131, 107, 0, 3, 1, 2, 3])?.parse()?;
    /// assert_eq!(s.copy_into(&mut [0; 8])?, &[1, 2, 3]);
    /// assert_eq!(s.copy_into(&mut [0; 2]), Err(Error::BufferTooSmall { needed: 3 }));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn copy_into<'s>(&self, buf: &'s mut [T]) -> Result<&'s [T], Error> {
        let needed = self.len();
        let out = buf.get_mut(..needed).ok_or(Error::BufferTooSmall { needed })?;
        let mut filled = 0;
        for (slot, item) in out.iter_mut().zip(self.iter()) {
            *slot = item;
            filled += 1;
        }
        let out: &'s [T] = out;
        Ok(out.get(..filled).unwrap_or_default())
    }
}

impl<'a, T: FromTerm<'a>> FromTerm<'a> for Seq<'a, T> {
    fn from_term(term: Term<'a>) -> Result<Self, Error> {
        Seq::new(term.as_list()?)
    }
}

impl<T> Clone for Seq<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Seq<'_, T> {}

impl<'a, T: FromTerm<'a> + fmt::Debug> fmt::Debug for Seq<'a, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Element-wise equality with a slice, so decoded commands compare with
/// the ones that were encoded.
impl<'a, T: FromTerm<'a> + PartialEq<U>, U> PartialEq<[U]> for Seq<'a, T> {
    fn eq(&self, other: &[U]) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == *b)
    }
}

impl<'a, T: FromTerm<'a> + PartialEq<U>, U> PartialEq<&[U]> for Seq<'a, T> {
    fn eq(&self, other: &&[U]) -> bool {
        *self == **other
    }
}

impl<'a, T: FromTerm<'a>> PartialEq for Seq<'a, T>
where
    T: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// The elements of a [`Seq`], decoded as they come.
pub struct SeqIter<'a, T> {
    elements: Elements<'a>,
    item: PhantomData<fn() -> T>,
}

impl<T> Clone for SeqIter<'_, T> {
    fn clone(&self) -> Self {
        SeqIter { elements: self.elements.clone(), item: PhantomData }
    }
}

impl<'a, T: FromTerm<'a>> Iterator for SeqIter<'a, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        // Every element was checked by Seq::new, so this never fails; if it
        // did, the iterator would end early rather than panic.
        self.elements.next().and_then(|t| T::from_term(t).ok())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.elements.size_hint()
    }
}

impl<'a, T: FromTerm<'a>> ExactSizeIterator for SeqIter<'a, T> {}
impl<'a, T: FromTerm<'a>> FusedIterator for SeqIter<'a, T> {}
