//! Reading: a validated term driven through serde's data model, borrowing
//! strings and bytes from the frame.

use ::serde::de::{self, DeserializeSeed, Deserializer as _, Error as _, Expected, Unexpected, Visitor};

use super::Error;
use crate::decode::{self, Atom, BigInt, Elements, Entries, List, Term, Value};
use crate::tag;

/// Reads one frame, or one term of a frame, into any `Deserialize` type.
///
/// [`from_slice`](Self::from_slice) validates the whole frame once (with
/// [`decode::decode`]); after that, reading can only fail on a term that
/// is not what the type asks for. `&mut Deserializer` implements
/// [`serde::Deserializer`](::serde::Deserializer), so a
/// [`DeserializeSeed`] can run over a frame.
///
/// ```
/// use gateway_etf::serde::Deserializer;
/// use serde::de::DeserializeSeed;
/// use core::marker::PhantomData;
///
/// // term_to_binary(#{op => 11})
/// let frame = [131, 116, 0, 0, 0, 1, 119, 2, b'o', b'p', 97, 11];
/// let mut de = Deserializer::from_slice(&frame)?;
/// assert_eq!(de.term().offset(), 1);
/// #[derive(serde::Deserialize)]
/// struct Op { op: u8 }
/// let op: Op = PhantomData::<Op>.deserialize(&mut de)?;
/// assert_eq!(op.op, 11);
/// # Ok::<(), gateway_etf::serde::Error>(())
/// ```
pub struct Deserializer<'de> {
    inner: TermDe<'de>,
}

impl<'de> Deserializer<'de> {
    /// Validates a frame (version byte 131 and one term) and reads from
    /// its term. Errors are [`Error::Decode`] with the offset.
    ///
    /// ```
    /// use gateway_etf::serde::{Deserializer, Error};
    /// use gateway_etf::decode;
    /// assert!(Deserializer::from_slice(&[131, 106]).is_ok());
    /// assert_eq!(Deserializer::from_slice(&[131, 97]).err(), Some(Error::Decode(decode::Error::Truncated { offset: 1 })));
    /// ```
    pub fn from_slice(frame: &'de [u8]) -> Result<Self, Error> {
        let term = decode::decode(frame)?;
        Ok(Deserializer { inner: TermDe { frame: Some(frame), term } })
    }

    /// Reads from a term already decoded, such as a dispatch's `d`.
    ///
    /// Without the frame, a byte list (STRING_EXT) read as a string or
    /// bytes is copied through a 256-byte stack buffer rather than
    /// borrowed; a longer one reads only as a sequence.
    ///
    /// ```
    /// use gateway_etf::serde::Deserializer;
    /// use serde::Deserialize;
    /// let term = gateway_etf::decode::decode(&[131, 109, 0, 0, 0, 2, b'h', b'i'])?;
    /// let s = <&str>::deserialize(&mut Deserializer::from_term(term))?;
    /// assert_eq!(s, "hi");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_term(term: Term<'de>) -> Self {
        Deserializer { inner: TermDe { frame: None, term } }
    }

    /// The term this deserializer reads.
    ///
    /// ```
    /// use gateway_etf::serde::Deserializer;
    /// let de = Deserializer::from_slice(&[131, 97, 5])?;
    /// assert_eq!(de.term().as_u64()?, 5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn term(&self) -> Term<'de> {
        self.inner.term
    }
}

/// Forwards `serde::Deserializer` methods to [`TermDe`].
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
            self.inner.$method($($arg,)* visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    forward! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        true
    }
}

/// One term to read, and the frame it stands in when known (to borrow
/// byte lists from it).
#[derive(Clone, Copy)]
pub(crate) struct TermDe<'de> {
    pub(crate) frame: Option<&'de [u8]>,
    pub(crate) term: Term<'de>,
}

/// How a term shows in serde's "invalid type" messages.
fn unexpected<'a>(term: &Term<'a>) -> Unexpected<'a> {
    match term.value() {
        Value::Int(v) => match (u64::try_from(v), i64::try_from(v)) {
            (Ok(u), _) => Unexpected::Unsigned(u),
            (_, Ok(i)) => Unexpected::Signed(i),
            _ => Unexpected::Other("integer"),
        },
        Value::BigInt(_) => Unexpected::Other("big integer"),
        Value::Float(f) => Unexpected::Float(f),
        Value::Atom(a) if a == "nil" => Unexpected::Unit,
        Value::Atom(a) if a == "true" => Unexpected::Bool(true),
        Value::Atom(a) if a == "false" => Unexpected::Bool(false),
        Value::Atom(_) => Unexpected::Other("atom"),
        Value::Binary(b) => match core::str::from_utf8(b) {
            Ok(s) => Unexpected::Str(s),
            Err(_) => Unexpected::Bytes(b),
        },
        Value::List(_) => Unexpected::Seq,
        Value::Map(_) => Unexpected::Map,
        Value::Tuple(_) => Unexpected::Other("tuple"),
    }
}

/// A big integer's magnitude as a `u128`, if it fits.
fn big_magnitude(b: &BigInt<'_>) -> Option<u128> {
    let m = b.magnitude_le();
    let mut le = [0u8; 16];
    le.get_mut(..m.len())?.copy_from_slice(m);
    Some(u128::from_le_bytes(le))
}

/// A big integer as an `i128`, if it fits.
fn big_i128(b: &BigInt<'_>) -> Option<i128> {
    let m = big_magnitude(b)?;
    if b.is_negative() {
        // -2^127 is the one magnitude over i128::MAX that fits.
        if m <= 1 << 127 { Some((m as i128).wrapping_neg()) } else { None }
    } else {
        i128::try_from(m).ok()
    }
}

/// What a sequence that was not read to its end expected.
struct Consumed(usize);

impl Expected for Consumed {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            1 => f.write_str("1 element"),
            n => write!(f, "{n} elements"),
        }
    }
}

/// `deserialize_*` for a fixed-width integer: the value when it fits, else
/// [`decode::Error::IntegerOutOfRange`] at the integer.
macro_rules! int_method {
    ($($method:ident: $ty:ty => $visit:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.term.value() {
                Value::Int(v) => match <$ty>::try_from(v) {
                    Ok(n) => self.wrap(visitor.$visit(n)),
                    Err(_) => Err(self.out_of_range()),
                },
                Value::BigInt(_) => Err(self.too_wide()),
                _ => self.deserialize_any(visitor),
            }
        }
    )*};
}

impl<'de> TermDe<'de> {
    fn offset(&self) -> usize {
        self.term.offset()
    }

    /// A visitor's result, its error pointed at this term.
    #[inline]
    fn wrap<T>(&self, r: Result<T, Error>) -> Result<T, Error> {
        r.map_err(|e| e.at(self.offset()))
    }

    fn out_of_range(&self) -> Error {
        decode::Error::IntegerOutOfRange { offset: self.offset() }.into()
    }

    fn too_wide(&self) -> Error {
        decode::Error::IntegerTooWide { offset: self.offset() }.into()
    }

    /// The "invalid type" error for this term, pointed at it.
    fn invalid_type(&self, exp: &dyn Expected) -> Error {
        Error::invalid_type(unexpected(&self.term), exp).at(self.offset())
    }

    /// Bytes as a `&str`; an error points at the first bad byte.
    fn utf8(&self, bytes: &'de [u8], first: usize) -> Result<&'de str, Error> {
        core::str::from_utf8(bytes)
            .map_err(|e| decode::Error::InvalidUtf8 { offset: first + e.valid_up_to() }.into())
    }

    /// A list's elements, after checking it ends in `[]`.
    fn proper(&self, list: List<'de>) -> Result<Elements<'de>, Error> {
        match list.tail() {
            Some(tail) => Err(Error::ImproperList { offset: tail.offset() }),
            None => Ok(list.iter()),
        }
    }

    /// Visits elements as a sequence; elements left unread are an error.
    fn visit_elements<V: Visitor<'de>>(self, iter: Elements<'de>, visitor: V) -> Result<V::Value, Error> {
        let total = iter.len();
        let mut seq = SeqDe { frame: self.frame, iter };
        let value = self.wrap(visitor.visit_seq(&mut seq))?;
        match seq.iter.len() {
            0 => Ok(value),
            left => Err(Error::invalid_length(total, &Consumed(total - left)).at(self.offset())),
        }
    }

    /// Visits entries as a map; entries left unread are an error.
    fn visit_entries<V: Visitor<'de>>(self, iter: Entries<'de>, visitor: V) -> Result<V::Value, Error> {
        let total = iter.len();
        let mut map = MapDe { frame: self.frame, iter, value: None };
        let value = self.wrap(visitor.visit_map(&mut map))?;
        match map.iter.len() {
            0 => Ok(value),
            left => Err(Error::invalid_length(total, &Consumed(total - left)).at(self.offset())),
        }
    }

    /// An atom's name as a string: borrowed, or for a Latin-1 name beyond
    /// ASCII, transcoded on the stack.
    fn visit_atom<V: Visitor<'de>>(self, atom: Atom<'de>, visitor: V) -> Result<V::Value, Error> {
        match atom.as_str() {
            Some(s) => self.wrap(visitor.visit_borrowed_str(s)),
            None => self.visit_latin1(atom, visitor),
        }
    }

    /// A Latin-1 atom beyond ASCII, as UTF-8 in a stack buffer (Erlang
    /// atoms hold at most 255 characters, 2 bytes each in UTF-8).
    #[inline(never)]
    fn visit_latin1<V: Visitor<'de>>(self, atom: Atom<'de>, visitor: V) -> Result<V::Value, Error> {
        let mut buf = [0u8; 512];
        let mut n = 0;
        for c in atom.chars() {
            let Some(dst) = buf.get_mut(n..).filter(|d| d.len() >= c.len_utf8()) else {
                return Err(Error::custom("Latin-1 atom over 255 characters").at(self.offset()));
            };
            n += c.encode_utf8(dst).len();
        }
        let s = buf.get(..n).and_then(|b| core::str::from_utf8(b).ok()).unwrap_or_default();
        self.wrap(visitor.visit_str(s))
    }

    /// A byte list's (STRING_EXT's, or `[]`'s) bytes borrowed from the
    /// frame; `None` for another list or without the frame.
    fn byte_list(&self, list: &List<'de>) -> Option<&'de [u8]> {
        if list.is_empty() {
            return Some(&[]);
        }
        if !list.is_byte_list() {
            return None;
        }
        let at = list.offset();
        let frame = self.frame?;
        if frame.get(at) != Some(&tag::STRING_EXT) {
            return None;
        }
        let start = at.checked_add(3)?;
        frame.get(start..start.checked_add(list.len())?)
    }

    /// Where the byte `i` of a byte list stands.
    fn byte_offset(list: &List<'de>, i: usize) -> usize {
        list.iter().nth(i).map_or(list.offset(), |t| t.offset())
    }

    /// A byte list as a string or bytes: borrowed from the frame, else
    /// copied through the stack if short, else visited as a sequence.
    fn visit_byte_list<V: Visitor<'de>>(
        self,
        list: List<'de>,
        text: bool,
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.byte_list(&list) {
            Some(bytes) if text => {
                let s = core::str::from_utf8(bytes).map_err(|e| {
                    Error::from(decode::Error::InvalidUtf8 {
                        offset: Self::byte_offset(&list, e.valid_up_to()),
                    })
                })?;
                self.wrap(visitor.visit_borrowed_str(s))
            }
            Some(bytes) => self.wrap(visitor.visit_borrowed_bytes(bytes)),
            None if list.is_byte_list() => self.visit_byte_list_copy(list, text, visitor),
            None => self.deserialize_any(visitor),
        }
    }

    /// [`visit_byte_list`](Self::visit_byte_list) without the frame.
    #[inline(never)]
    fn visit_byte_list_copy<V: Visitor<'de>>(
        self,
        list: List<'de>,
        text: bool,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let mut buf = [0u8; 256];
        let Some(bytes) = buf.get_mut(..list.len()) else {
            return self.visit_elements(list.iter(), visitor);
        };
        for (dst, t) in bytes.iter_mut().zip(list.iter()) {
            *dst = match t.value() {
                Value::Int(v) => u8::try_from(v).unwrap_or_default(),
                _ => 0,
            };
        }
        let bytes = &*bytes;
        if text {
            let s = core::str::from_utf8(bytes).map_err(|e| {
                Error::from(decode::Error::InvalidUtf8 { offset: Self::byte_offset(&list, e.valid_up_to()) })
            })?;
            self.wrap(visitor.visit_str(s))
        } else {
            self.wrap(visitor.visit_bytes(bytes))
        }
    }

    /// An enum from its variant term and its content, if any.
    fn visit_enum<V: Visitor<'de>>(
        self,
        variant: Term<'de>,
        value: Option<Term<'de>>,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.wrap(visitor.visit_enum(EnumDe { frame: self.frame, variant, value }))
    }
}

impl<'de> de::Deserializer<'de> for TermDe<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.term.value() {
            Value::Int(v) => match (u64::try_from(v), i64::try_from(v)) {
                (Ok(u), _) => self.wrap(visitor.visit_u64(u)),
                (_, Ok(i)) => self.wrap(visitor.visit_i64(i)),
                _ => self.wrap(visitor.visit_i128(v)),
            },
            Value::BigInt(b) => match (big_magnitude(&b), big_i128(&b)) {
                (Some(u), _) if !b.is_negative() => self.wrap(visitor.visit_u128(u)),
                (_, Some(i)) => self.wrap(visitor.visit_i128(i)),
                _ => Err(self.too_wide()),
            },
            Value::Float(f) => self.wrap(visitor.visit_f64(f)),
            Value::Atom(a) if a == "nil" => self.wrap(visitor.visit_unit()),
            Value::Atom(a) if a == "true" => self.wrap(visitor.visit_bool(true)),
            Value::Atom(a) if a == "false" => self.wrap(visitor.visit_bool(false)),
            Value::Atom(a) => self.visit_atom(a, visitor),
            Value::Binary(b) => match core::str::from_utf8(b) {
                Ok(s) => self.wrap(visitor.visit_borrowed_str(s)),
                Err(_) => self.wrap(visitor.visit_borrowed_bytes(b)),
            },
            Value::List(l) => {
                let iter = self.proper(l)?;
                self.visit_elements(iter, visitor)
            }
            Value::Map(m) => self.visit_entries(m.iter(), visitor),
            Value::Tuple(t) => self.visit_elements(t.iter(), visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.term.as_bool() {
            Ok(b) => self.wrap(visitor.visit_bool(b)),
            Err(_) => self.deserialize_any(visitor),
        }
    }

    int_method! {
        deserialize_i8: i8 => visit_i8;
        deserialize_i16: i16 => visit_i16;
        deserialize_i32: i32 => visit_i32;
        deserialize_i64: i64 => visit_i64;
        deserialize_u8: u8 => visit_u8;
        deserialize_u16: u16 => visit_u16;
        deserialize_u32: u32 => visit_u32;
        deserialize_u64: u64 => visit_u64;
    }

    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.term.value() {
            Value::Int(v) => self.wrap(visitor.visit_i128(v)),
            Value::BigInt(b) => match big_i128(&b) {
                Some(v) => self.wrap(visitor.visit_i128(v)),
                None if big_magnitude(&b).is_some() => Err(self.out_of_range()),
                None => Err(self.too_wide()),
            },
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.term.value() {
            Value::Int(v) => match u128::try_from(v) {
                Ok(u) => self.wrap(visitor.visit_u128(u)),
                Err(_) => Err(self.out_of_range()),
            },
            Value::BigInt(b) => match big_magnitude(&b) {
                Some(u) if !b.is_negative() => self.wrap(visitor.visit_u128(u)),
                Some(_) => Err(self.out_of_range()),
                None => Err(self.too_wide()),
            },
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.term.value() {
            Value::Float(f) => self.wrap(visitor.visit_f64(f)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.term.value() {
            Value::Binary(b) => {
                let s = self.utf8(b, self.offset() + 5)?;
                self.wrap(visitor.visit_borrowed_str(s))
            }
            Value::Atom(a) if !(a == "nil" || a == "true" || a == "false") => self.visit_atom(a, visitor),
            Value::List(l) if l.is_empty() || l.is_byte_list() => self.visit_byte_list(l, true, visitor),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.term.value() {
            Value::Binary(b) => self.wrap(visitor.visit_borrowed_bytes(b)),
            Value::List(l) if l.is_empty() || l.is_byte_list() => self.visit_byte_list(l, false, visitor),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.term.is_nil() { self.wrap(visitor.visit_none()) } else { self.wrap(visitor.visit_some(self)) }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.term.is_nil() { self.wrap(visitor.visit_unit()) } else { Err(self.invalid_type(&visitor)) }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.wrap(visitor.visit_newtype_struct(self))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.term.value() {
            Value::List(l) => {
                let iter = self.proper(l)?;
                self.visit_elements(iter, visitor)
            }
            Value::Tuple(t) => self.visit_elements(t.iter(), visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.term.value() {
            Value::Map(m) => self.visit_entries(m.iter(), visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.term.value() {
            Value::Map(m) => self.visit_entries(m.iter(), visitor),
            Value::List(_) | Value::Tuple(_) => self.deserialize_seq(visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.term.value() {
            Value::Atom(_) | Value::Binary(_) => self.visit_enum(self.term, None, visitor),
            Value::Map(m) if m.len() == 1 => match m.iter().next() {
                Some((variant, value)) => self.visit_enum(variant, Some(value), visitor),
                None => Err(self.invalid_type(&"an atom, a binary or a one-entry map")),
            },
            Value::Tuple(t) if t.len() == 2 => match (t.get(0), t.get(1)) {
                (Some(variant), Some(value)) => self.visit_enum(variant, Some(value), visitor),
                _ => Err(self.invalid_type(&"an atom, a binary or a one-entry map")),
            },
            _ => Err(self.invalid_type(&"an atom, a binary or a one-entry map")),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.term.value() {
            Value::Atom(a) => self.visit_atom(a, visitor),
            Value::Binary(b) => match core::str::from_utf8(b) {
                Ok(s) => self.wrap(visitor.visit_borrowed_str(s)),
                Err(_) => self.wrap(visitor.visit_borrowed_bytes(b)),
            },
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // Validated already: nothing to walk.
        self.wrap(visitor.visit_unit())
    }

    fn is_human_readable(&self) -> bool {
        true
    }
}

/// The elements of a list or tuple.
struct SeqDe<'de> {
    frame: Option<&'de [u8]>,
    iter: Elements<'de>,
}

impl<'de> de::SeqAccess<'de> for SeqDe<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        match self.iter.next() {
            Some(term) => seed.deserialize(TermDe { frame: self.frame, term }).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// The entries of a map.
struct MapDe<'de> {
    frame: Option<&'de [u8]>,
    iter: Entries<'de>,
    value: Option<Term<'de>>,
}

impl<'de> de::MapAccess<'de> for MapDe<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(TermDe { frame: self.frame, term: key }).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        match self.value.take() {
            Some(term) => seed.deserialize(TermDe { frame: self.frame, term }),
            None => Err(Error::custom("a map value was asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// An externally tagged enum: the variant's name, and its content unless
/// it is a unit variant.
struct EnumDe<'de> {
    frame: Option<&'de [u8]>,
    variant: Term<'de>,
    value: Option<Term<'de>>,
}

impl<'de> de::EnumAccess<'de> for EnumDe<'de> {
    type Error = Error;
    type Variant = VariantDe<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, VariantDe<'de>), Error> {
        let name = seed.deserialize(TermDe { frame: self.frame, term: self.variant })?;
        Ok((name, VariantDe { frame: self.frame, variant: self.variant, value: self.value }))
    }
}

/// The content of an enum variant.
struct VariantDe<'de> {
    frame: Option<&'de [u8]>,
    variant: Term<'de>,
    value: Option<Term<'de>>,
}

impl<'de> VariantDe<'de> {
    /// The content, or an error for a bare name where `what` was expected.
    fn content(&self, what: &'static str) -> Result<TermDe<'de>, Error> {
        match self.value {
            Some(term) => Ok(TermDe { frame: self.frame, term }),
            None => Err(Error::invalid_type(Unexpected::UnitVariant, &what).at(self.variant.offset())),
        }
    }
}

impl<'de> de::VariantAccess<'de> for VariantDe<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.value {
            None => Ok(()),
            Some(term) if term.is_nil() => Ok(()),
            Some(term) => Err(TermDe { frame: self.frame, term }.invalid_type(&"unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self.content("newtype variant")?)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self.content("tuple variant")?, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_struct(self.content("struct variant")?, "", fields, visitor)
    }
}
