//! Borrowed terms: scalars decoded in place, containers read lazily.
//!
//! Every [`Term`] comes out of [`decode`](super::decode), which has already
//! walked the whole payload, so iterating a container cannot fail: the
//! iterators yield plain terms. Type checks happen in the accessors.

use super::head::{Shape, head, old_float};
use super::list::ListRepr;
use super::reader;
use super::{Atom, Error, FromTerm, Kind, List, Map, Tuple};

/// An integer from its sign and little-endian magnitude: [`Value::Int`]
/// when it fits 64 bits, else [`Value::BigInt`] without high zero bytes.
fn big(negative: bool, magnitude: &[u8]) -> Value<'_> {
    let mut m = magnitude;
    while let [rest @ .., 0] = m {
        m = rest;
    }
    if m.len() > 8 {
        return Value::BigInt(BigInt { negative, magnitude: m });
    }
    let mut le = [0u8; 8];
    for (dst, src) in le.iter_mut().zip(m) {
        *dst = *src;
    }
    let v = i128::from(u64::from_le_bytes(le));
    Value::Int(if negative { -v } else { v })
}

/// One decoded term, borrowed from the payload, with its offset.
///
/// Cheap to copy. [`value`](Self::value) gives the term to match on; the
/// `as_*` accessors check the kind and report a typed [`Error`] carrying
/// the offset.
///
/// ```
/// use gateway_etf::decode::{self, Value};
/// // term_to_binary(#{op => 10, d => #{<<"heartbeat_interval">> => 41250}})
/// let bytes = [131, 116, 0, 0, 0, 2, 100, 0, 1, b'd', 116, 0, 0, 0, 1, 109, 0, 0, 0, 18,
///     b'h', b'e', b'a', b'r', b't', b'b', b'e', b'a', b't', b'_', b'i', b'n', b't', b'e', b'r',
///     b'v', b'a', b'l', 98, 0, 0, 161, 34, 100, 0, 2, b'o', b'p', 97, 10];
/// let term = decode::decode(&bytes)?;
/// assert_eq!(term.get("op").map(|op| op.as_u64()), Some(Ok(10)));
/// let d = term.get("d").unwrap();
/// assert_eq!(d.get("heartbeat_interval").unwrap().as_u64()?, 41250);
/// assert!(matches!(d.value(), Value::Map(_)));
/// # Ok::<(), decode::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Term<'a> {
    pub(super) offset: usize,
    pub(super) value: Value<'a>,
}

/// What a [`Term`] is.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum Value<'a> {
    /// An integer whose magnitude fits 64 bits (tags 97, 98, 110, 111), so
    /// every `i64` and every `u64`.
    Int(i128),
    /// A wider integer (tags 110, 111).
    BigInt(BigInt<'a>),
    /// A float (tags 70 and 99).
    Float(f64),
    /// An atom (tags 100, 115, 118, 119).
    Atom(Atom<'a>),
    /// A binary (tag 109): the bytes, borrowed.
    Binary(&'a [u8]),
    /// A list (tags 106, 107, 108).
    List(List<'a>),
    /// A map (tag 116).
    Map(Map<'a>),
    /// A tuple (tags 104, 105).
    Tuple(Tuple<'a>),
}

impl<'a> Term<'a> {
    /// Reads the term at `pos` of a validated payload: the term, where its
    /// header ends (the start of its first child) and how many children
    /// follow. Nothing is re-checked: `None` only if the payload was not
    /// validated after all.
    #[inline]
    pub(crate) fn read(src: &'a [u8], pos: usize) -> Option<(Self, usize, u64)> {
        let h = head(src, pos).ok()?;
        let body = h.body;
        let value = match h.shape {
            Shape::Int(v) => Value::Int(v.into()),
            Shape::Big { negative } => big(negative, body),
            Shape::Float(v) => Value::Float(v),
            Shape::OldFloat => Value::Float(old_float(body)?),
            Shape::Atom { latin1 } => Value::Atom(Atom { name: body, latin1 }),
            Shape::Binary => Value::Binary(body),
            Shape::ByteList => {
                let repr = ListRepr::Bytes { bytes: body, first: h.at };
                Value::List(List { src, offset: pos, repr })
            }
            Shape::List(len) => {
                let repr = ListRepr::Terms { first: h.at, len };
                Value::List(List { src, offset: pos, repr })
            }
            Shape::Map(arity) => Value::Map(Map { src, offset: pos, first: h.at, arity }),
            Shape::Tuple(arity) => Value::Tuple(Tuple { src, offset: pos, first: h.at, arity }),
        };
        Some((Term { offset: pos, value }, h.end, h.children))
    }

    /// The map key at `pos` of a validated payload as a name (an atom's,
    /// or a binary's bytes as a UTF-8 "atom"), `None` for any other key,
    /// and where the key ends. Cheaper than [`read`](Self::read): a key
    /// is only compared, and most keys are not the one looked for.
    #[inline(always)]
    pub(crate) fn key_at(src: &'a [u8], pos: usize) -> Option<(Option<Atom<'a>>, usize)> {
        let h = head(src, pos).ok()?;
        match h.name() {
            Some(name) => Some((Some(name), h.end)),
            None => Some((None, reader::skip_children(src, h.end, h.children)?)),
        }
    }

    /// The term at `pos` of a validated payload.
    #[inline]
    pub(crate) fn at(src: &'a [u8], pos: usize) -> Option<Self> {
        Self::read(src, pos).map(|(term, _, _)| term)
    }

    /// The term at `pos` of a validated payload, and where it ends.
    #[inline]
    pub(crate) fn at_end(src: &'a [u8], pos: usize) -> Option<(Self, usize)> {
        let (term, next, children) = Self::read(src, pos)?;
        Some((term, reader::skip_children(src, next, children)?))
    }

    /// A term that is not encoded on its own: an element of a byte list.
    pub(crate) fn byte(offset: usize, value: u8) -> Self {
        Term { offset, value: Value::Int(value.into()) }
    }

    /// The payload a container term lies in, to read on from its offset;
    /// `None` for a scalar, whose value the term holds whole. (For serde's
    /// `from_term`.)
    #[cfg(feature = "serde")]
    #[inline]
    pub(crate) fn payload(&self) -> Option<&'a [u8]> {
        match self.value {
            Value::List(l) => Some(l.src),
            Value::Map(m) => Some(m.src),
            Value::Tuple(t) => Some(t.src),
            _ => None,
        }
    }

    /// Where the term starts in the payload (the version byte is offset 0).
    ///
    /// ```
    /// let t = gateway_etf::decode::decode(&[131, 97, 7])?;
    /// assert_eq!(t.offset(), 1);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The term, to match on.
    ///
    /// ```
    /// use gateway_etf::decode::{decode, Value};
    /// assert!(matches!(decode(&[131, 97, 7])?.value(), Value::Int(7)));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    #[inline]
    pub fn value(&self) -> Value<'a> {
        self.value
    }

    /// The kind of the term.
    ///
    /// ```
    /// use gateway_etf::decode::{decode, Kind};
    /// assert_eq!(decode(&[131, 106])?.kind(), Kind::List);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn kind(&self) -> Kind {
        match self.value {
            Value::Int(_) | Value::BigInt(_) => Kind::Integer,
            Value::Float(_) => Kind::Float,
            Value::Atom(_) => Kind::Atom,
            Value::Binary(_) => Kind::Binary,
            Value::List(_) => Kind::List,
            Value::Map(_) => Kind::Map,
            Value::Tuple(_) => Kind::Tuple,
        }
    }

    /// The error for this term not being `expected`.
    #[inline]
    pub(crate) fn wrong_type(&self, expected: &'static str) -> Error {
        Error::WrongType { offset: self.offset, expected, found: self.kind() }
    }

    /// Converts the term with its [`FromTerm`] implementation, like
    /// [`str::parse`].
    ///
    /// ```
    /// use gateway_etf::{Snowflake, decode::decode};
    /// let t = decode(&[131, 110, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0x10])?;
    /// assert_eq!(t.parse::<Snowflake>()?, Snowflake::new(1 << 60));
    /// assert!(t.parse::<u32>().is_err());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    #[inline]
    pub fn parse<T: FromTerm<'a>>(&self) -> Result<T, Error> {
        T::from_term(*self)
    }

    /// Whether the term is the atom `nil` (Discord's `null`).
    ///
    /// ```
    /// // term_to_binary(nil), OTP 25 default: ATOM_EXT
    /// assert!(gateway_etf::decode::decode(&[131, 100, 0, 3, b'n', b'i', b'l'])?.is_nil());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn is_nil(&self) -> bool {
        matches!(self.value, Value::Atom(a) if a.name == b"nil")
    }

    /// `None` for `nil`, else the term: for nullable fields.
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// assert!(decode(&[131, 119, 3, b'n', b'i', b'l'])?.non_nil().is_none());
    /// assert!(decode(&[131, 97, 0])?.non_nil().is_some());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn non_nil(self) -> Option<Self> {
        if self.is_nil() { None } else { Some(self) }
    }

    /// The integer as an `i64`.
    ///
    /// ```
    /// use gateway_etf::decode::{decode, Error};
    /// assert_eq!(decode(&[131, 98, 255, 255, 255, 255])?.as_i64()?, -1);
    /// // 2^64: too wide, yet the payload itself decodes
    /// let wide = decode(&[131, 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])?;
    /// assert_eq!(wide.as_i64(), Err(Error::IntegerTooWide { offset: 1 }));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn as_i64(&self) -> Result<i64, Error> {
        self.as_int().and_then(|v| i64::try_from(v).map_err(|_| self.out_of_range()))
    }

    /// The integer as a `u64`.
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// assert_eq!(decode(&[131, 110, 8, 0, 255, 255, 255, 255, 255, 255, 255, 255])?.as_u64()?, u64::MAX);
    /// assert!(decode(&[131, 98, 255, 255, 255, 255])?.as_u64().is_err());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn as_u64(&self) -> Result<u64, Error> {
        self.as_int().and_then(|v| u64::try_from(v).map_err(|_| self.out_of_range()))
    }

    /// Any integer whose magnitude fits 64 bits.
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// // -(2^64 - 1): neither an i64 nor a u64
    /// let t = decode(&[131, 110, 8, 1, 255, 255, 255, 255, 255, 255, 255, 255])?;
    /// assert_eq!(t.as_int()?, -(u64::MAX as i128));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn as_int(&self) -> Result<i128, Error> {
        match self.value {
            Value::Int(v) => Ok(v),
            Value::BigInt(_) => Err(Error::IntegerTooWide { offset: self.offset }),
            _ => Err(self.wrong_type("integer")),
        }
    }

    #[inline]
    pub(crate) fn out_of_range(&self) -> Error {
        Error::IntegerOutOfRange { offset: self.offset }
    }

    /// The number as an `f64`: a float, or an integer converted (rounding
    /// beyond 2^53).
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// assert_eq!(decode(&[131, 70, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0])?.as_f64()?, 1.5);
    /// assert_eq!(decode(&[131, 97, 2])?.as_f64()?, 2.0);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn as_f64(&self) -> Result<f64, Error> {
        match self.value {
            Value::Float(v) => Ok(v),
            Value::Int(v) => Ok(v as f64),
            _ => Err(self.wrong_type("number")),
        }
    }

    /// The atom `true` or `false`.
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// assert!(decode(&[131, 115, 4, b't', b'r', b'u', b'e'])?.as_bool()?);
    /// assert!(decode(&[131, 97, 1])?.as_bool().is_err());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn as_bool(&self) -> Result<bool, Error> {
        match self.value {
            Value::Atom(a) if a.name == b"true" => Ok(true),
            Value::Atom(a) if a.name == b"false" => Ok(false),
            _ => Err(self.wrong_type("boolean")),
        }
    }

    /// The atom.
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// let t = decode(&[131, 100, 0, 5, b'R', b'E', b'A', b'D', b'Y'])?;
    /// assert_eq!(t.as_atom()?.as_str(), Some("READY"));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn as_atom(&self) -> Result<Atom<'a>, Error> {
        match self.value {
            Value::Atom(a) => Ok(a),
            _ => Err(self.wrong_type("atom")),
        }
    }

    /// A binary's bytes, borrowed from the payload.
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// assert_eq!(decode(&[131, 109, 0, 0, 0, 1, 0xff])?.as_binary()?, &[0xff]);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn as_binary(&self) -> Result<&'a [u8], Error> {
        match self.value {
            Value::Binary(b) => Ok(b),
            _ => Err(self.wrong_type("binary")),
        }
    }

    /// A binary holding UTF-8, the way Discord sends strings, borrowed.
    ///
    /// ```
    /// use gateway_etf::decode::{decode, Error};
    /// assert_eq!(decode(&[131, 109, 0, 0, 0, 2, b'o', b'k'])?.as_str()?, "ok");
    /// assert_eq!(decode(&[131, 109, 0, 0, 0, 1, 0xff])?.as_str(), Err(Error::InvalidUtf8 { offset: 6 }));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn as_str(&self) -> Result<&'a str, Error> {
        match self.value {
            Value::Binary(b) => self.utf8(b),
            _ => Err(self.wrong_type("string")),
        }
    }

    /// A binary's bytes as UTF-8; errors point into the payload.
    fn utf8(&self, b: &'a [u8]) -> Result<&'a str, Error> {
        core::str::from_utf8(b).map_err(|e| Error::InvalidUtf8 { offset: self.offset + 5 + e.valid_up_to() })
    }

    /// A name: an atom (ASCII if Latin-1) or a UTF-8 binary. Event names
    /// (`t`) and enum-like strings are read this way.
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// assert_eq!(decode(&[131, 119, 2, b'o', b'p'])?.as_name()?, "op");
    /// assert_eq!(decode(&[131, 109, 0, 0, 0, 2, b'o', b'p'])?.as_name()?, "op");
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn as_name(&self) -> Result<&'a str, Error> {
        match self.value {
            Value::Binary(b) => self.utf8(b),
            // A Latin-1 atom beyond ASCII has no &str form.
            Value::Atom(a) => a.as_str().ok_or(Error::InvalidUtf8 { offset: self.offset }),
            _ => Err(self.wrong_type("string or atom")),
        }
    }

    /// The list.
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// // [1, 2] as STRING_EXT
    /// assert_eq!(decode(&[131, 107, 0, 2, 1, 2])?.as_list()?.len(), 2);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn as_list(&self) -> Result<List<'a>, Error> {
        match self.value {
            Value::List(l) => Ok(l),
            _ => Err(self.wrong_type("list")),
        }
    }

    /// The map.
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// assert!(decode(&[131, 116, 0, 0, 0, 0])?.as_map()?.is_empty());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn as_map(&self) -> Result<Map<'a>, Error> {
        match self.value {
            Value::Map(m) => Ok(m),
            _ => Err(self.wrong_type("map")),
        }
    }

    /// The tuple.
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// assert_eq!(decode(&[131, 104, 2, 97, 1, 97, 2])?.as_tuple()?.len(), 2);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn as_tuple(&self) -> Result<Tuple<'a>, Error> {
        match self.value {
            Value::Tuple(t) => Ok(t),
            _ => Err(self.wrong_type("tuple")),
        }
    }

    /// The value under `key` if the term is a map with that key (an atom
    /// or a binary; see [`Map::get`]).
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// // #{<<"op">> => 1}
    /// let t = decode(&[131, 116, 0, 0, 0, 1, 109, 0, 0, 0, 2, b'o', b'p', 97, 1])?;
    /// assert_eq!(t.get("op").unwrap().as_u64()?, 1);
    /// assert!(t.get("d").is_none());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn get(&self, key: &str) -> Option<Term<'a>> {
        match self.value {
            Value::Map(m) => m.get(key),
            _ => None,
        }
    }
}

/// An integer wider than 64 bits: skipped and shown, never converted.
///
/// ```
/// use gateway_etf::decode::{decode, Value};
/// // 2^64
/// let Value::BigInt(big) = decode(&[131, 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])?.value() else { panic!() };
/// assert!(!big.is_negative());
/// assert_eq!(big.magnitude_le(), &[0, 0, 0, 0, 0, 0, 0, 0, 1]);
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct BigInt<'a> {
    pub(super) negative: bool,
    pub(super) magnitude: &'a [u8],
}

impl<'a> BigInt<'a> {
    /// Whether the integer is below zero.
    ///
    /// ```
    /// use gateway_etf::decode::{decode, Value};
    /// let Value::BigInt(big) = decode(&[131, 110, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1])?.value() else { panic!() };
    /// assert!(big.is_negative());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// The magnitude, least significant byte first, without high zero
    /// bytes (so always more than 8 bytes).
    ///
    /// ```
    /// use gateway_etf::decode::{decode, Value};
    /// let Value::BigInt(big) = decode(&[131, 110, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0])?.value() else { panic!() };
    /// assert_eq!(big.magnitude_le().len(), 9);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn magnitude_le(&self) -> &'a [u8] {
        self.magnitude
    }
}

#[cfg(test)]
mod tests {
    use super::super::decode;

    /// `Atom::eq_str`'s shortcuts: bytes first, characters only for a
    /// Latin-1 name beyond ASCII.
    #[test]
    fn atom_names_compare_by_characters() {
        let eq = |bytes: &[u8], s: &str| decode(bytes).unwrap().as_atom().unwrap().eq_str(s);
        assert!(eq(&[131, 100, 0, 1, 0xe9], "é")); // Latin-1 é, one byte
        assert!(!eq(&[131, 100, 0, 2, 0xc3, 0xa9], "é")); // Latin-1 "Ã©"
        assert!(eq(&[131, 119, 2, 0xc3, 0xa9], "é")); // UTF-8 é
        assert!(!eq(&[131, 119, 1, b'a'], "ab"));
        assert!(!eq(&[131, 100, 0, 1, b'a'], "ab"));
        assert!(eq(&[131, 115, 2, b'o', b'p'], "op"));
        assert!(!eq(&[131, 100, 0, 2, 0xe9, b'x'], "éy"));
    }

    /// `Map::fields` and `Map::get` agree on atom and binary keys, and the
    /// first of a repeated key wins.
    #[test]
    fn fields_match_get() {
        // #{a => 1, <<"b">> => [2], a => 3} (a repeated key, as a sender may write)
        let bytes = [
            131, 116, 0, 0, 0, 3, 119, 1, b'a', 97, 1, 109, 0, 0, 0, 1, b'b', 108, 0, 0, 0, 1, 97, 2, 106,
            119, 1, b'a', 97, 3,
        ];
        let m = decode(&bytes).unwrap().as_map().unwrap();
        let [b, a, c] = m.fields(["b", "a", "c"]);
        assert_eq!(a.map(|t| t.as_u64()), Some(Ok(1)));
        assert_eq!(m.get("a").map(|t| t.as_u64()), Some(Ok(1)));
        assert_eq!(b.map(|t| t.offset()), m.get("b").map(|t| t.offset()));
        assert_eq!(b.map(|t| t.offset()), Some(17));
        assert!(c.is_none() && m.get("c").is_none());
    }
}
