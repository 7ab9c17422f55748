//! Reading: a frame driven through serde's data model by a cursor,
//! borrowing strings and bytes from the frame.
//!
//! Reading a term is parsing its header where the cursor stands and
//! moving past it. Containers are not built as terms: their children are
//! read where they lie, a value nobody asks for is skipped over without
//! being visited, and a list's tail is checked once its last element has
//! been read.
//!
//! Every byte is checked once. [`from_slice`](super::from_slice) checks
//! as it goes, in one pass: what it reads, it checks while reading (the
//! headers, UTF-8 where it makes a string, floats, the nesting depth);
//! what it skips, it checks while skipping, with the validation walk
//! ([`reader::check`]); and then that nothing follows the term.
//! [`Deserializer::from_slice`] validates the whole frame up front
//! instead ([`decode::decode`]), so that a `DeserializeSeed` given the
//! deserializer only ever sees a valid frame; its skips are then a
//! plain walk over the headers.

use ::serde::de::{self, DeserializeSeed, Error as _, Expected, Unexpected, Visitor};

use super::Error;
use crate::decode::head::{Head, Shape, head, old_float};
use crate::decode::{self, Atom, MAX_DEPTH, Term, Value, reader};

/// The names serde gives a `Deserializer` to recognise: a struct's fields
/// or an enum's variants.
type Names = &'static [&'static str];

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
    /// The validated payload the cursor reads.
    src: &'de [u8],
    /// Where the next term starts in `src`.
    pos: usize,
    /// The term this deserializer was made for.
    root: Term<'de>,
    /// Whether `root` is a scalar read on its own (a scalar given to
    /// [`from_term`](Self::from_term), an element of a byte list) rather
    /// than from `src`: read once, instead of the term at `pos`.
    detached: bool,
    /// Whether `src` was validated whole before reading: skips need not
    /// check what they pass over.
    validated: bool,
    /// How many containers the cursor is inside, at most [`MAX_DEPTH`]:
    /// reading recurses, so an unvalidated frame's nesting is bounded
    /// here, as validation bounds it.
    depth: usize,
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
        let root = decode::decode(frame)?;
        Ok(Deserializer { src: frame, pos: root.offset(), root, detached: false, validated: true, depth: 0 })
    }

    /// Reads `frame` into `T` in one pass, checking each byte as it reads
    /// or skips it, then that the term ends the frame: what
    /// [`from_slice`](super::from_slice) does.
    pub(super) fn read_frame<T: ::serde::Deserialize<'de>>(frame: &'de [u8]) -> Result<T, Error> {
        decode::version(frame)?;
        // The root term is only named by `term()`, which this deserializer
        // never hands out: a placeholder.
        let root = Term::byte(1, 0);
        let mut de = Deserializer { src: frame, pos: 1, root, detached: false, validated: false, depth: 0 };
        let value = T::deserialize(&mut de)?;
        if de.pos != frame.len() {
            return Err(decode::Error::TrailingBytes { offset: de.pos }.into());
        }
        Ok(value)
    }

    /// Reads from a term already decoded, such as a dispatch's `d`,
    /// borrowing from its frame as [`from_slice`](Self::from_slice) does.
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
        match term.payload() {
            Some(src) => Deserializer {
                src,
                pos: term.offset(),
                root: term,
                detached: false,
                validated: true,
                depth: 0,
            },
            None => Self::detached(term),
        }
    }

    /// Reads a scalar term that holds its value whole.
    fn detached(term: Term<'de>) -> Self {
        Deserializer { src: &[], pos: 0, root: term, detached: true, validated: true, depth: 0 }
    }

    /// The term this deserializer was made for: the frame's, or the one
    /// given to [`from_term`](Self::from_term).
    ///
    /// ```
    /// use gateway_etf::serde::Deserializer;
    /// let de = Deserializer::from_slice(&[131, 97, 5])?;
    /// assert_eq!(de.term().as_u64()?, 5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn term(&self) -> Term<'de> {
        self.root
    }
}

/// A term's value as the cursor reads it from its header: scalars whole,
/// containers as their number of children (which follow in the payload).
#[derive(Clone, Copy)]
enum Item<'de> {
    /// An integer whose magnitude fits 64 bits (tags 97, 98, and 110, 111
    /// when small enough).
    Int {
        negative: bool,
        magnitude: u64,
    },
    /// A wider integer: its magnitude, least significant byte first,
    /// without high zero bytes.
    Big {
        negative: bool,
        magnitude: &'de [u8],
    },
    Float(f64),
    Atom(Atom<'de>),
    Binary(&'de [u8]),
    /// STRING_EXT, or `[]`: a list of these bytes, the first at `first`.
    Bytes {
        bytes: &'de [u8],
        first: usize,
    },
    /// LIST_EXT: this many elements, then the tail.
    List(u32),
    Map(u32),
    Tuple(u32),
}

/// One term read: where it starts, where its header ends (its first
/// child, for a container), how many children follow, and its value.
#[derive(Clone, Copy)]
struct Read<'de> {
    at: usize,
    end: usize,
    children: u64,
    item: Item<'de>,
}

/// An integer from its sign and little-endian magnitude.
#[inline]
fn big<'de>(negative: bool, magnitude: &'de [u8]) -> Item<'de> {
    // Snowflakes: 8 bytes, the common case.
    if let Ok(le) = <[u8; 8]>::try_from(magnitude) {
        let magnitude = u64::from_le_bytes(le);
        return Item::Int { negative: negative && magnitude != 0, magnitude };
    }
    let mut m = magnitude;
    while let [rest @ .., 0] = m {
        m = rest;
    }
    if m.len() > 8 {
        return Item::Big { negative, magnitude: m };
    }
    let magnitude = m.iter().rev().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    Item::Int { negative: negative && magnitude != 0, magnitude }
}

impl<'de> Read<'de> {
    /// The term at `pos` of a validated payload.
    #[inline(always)]
    fn at(src: &'de [u8], pos: usize) -> Result<Self, Error> {
        let h: Head<'de> = head(src, pos)?;
        let item = match h.shape {
            Shape::Int(v) => Item::Int { negative: v < 0, magnitude: v.unsigned_abs().into() },
            Shape::Big { negative } => big(negative, h.body),
            // Checked where it is handed out ([`Read::float`]): a frame read
            // in one pass was not validated. NaN stands for a FLOAT_EXT
            // that does not parse.
            Shape::Float(v) => Item::Float(v),
            Shape::OldFloat => Item::Float(old_float(h.body).unwrap_or(f64::NAN)),
            Shape::Atom { latin1 } => Item::Atom(Atom { name: h.body, latin1 }),
            Shape::Binary => Item::Binary(h.body),
            Shape::ByteList => Item::Bytes { bytes: h.body, first: h.at },
            Shape::List(n) => Item::List(n),
            Shape::Map(n) => Item::Map(n),
            Shape::Tuple(n) => Item::Tuple(n),
        };
        Ok(Read { at: pos, end: h.end, children: h.children, item })
    }

    /// A scalar term read on its own.
    fn scalar(term: Term<'de>) -> Result<Self, Error> {
        let item = match term.value() {
            Value::Int(v) => Item::Int { negative: v < 0, magnitude: v.unsigned_abs() as u64 },
            Value::BigInt(b) => Item::Big { negative: b.is_negative(), magnitude: b.magnitude_le() },
            Value::Float(f) => Item::Float(f),
            Value::Atom(a) => Item::Atom(a),
            Value::Binary(b) => Item::Binary(b),
            // Containers are read from their payload (`from_term`).
            _ => return Err(decode::Error::Truncated { offset: term.offset() }.into()),
        };
        Ok(Read { at: term.offset(), end: 0, children: 0, item })
    }

    /// The float, finite as Erlang writes them, else
    /// [`InvalidFloat`](decode::Error::InvalidFloat): what validation
    /// refuses, refused where a float is handed out.
    #[inline]
    fn float(&self, f: f64) -> Result<f64, Error> {
        if f.is_finite() { Ok(f) } else { Err(decode::Error::InvalidFloat { offset: self.at }.into()) }
    }

    /// Whether the term is the atom named `name`.
    #[inline]
    fn is_atom(&self, name: &[u8]) -> bool {
        matches!(self.item, Item::Atom(a) if a.name == name)
    }

    fn is_nil(&self) -> bool {
        self.is_atom(b"nil")
    }

    /// The integer, if it fits 64 bits of magnitude.
    #[inline]
    fn int(&self) -> Option<i128> {
        match self.item {
            Item::Int { negative: true, magnitude } => Some(-i128::from(magnitude)),
            Item::Int { negative: false, magnitude } => Some(i128::from(magnitude)),
            _ => None,
        }
    }

    /// How the term shows in serde's "invalid type" messages.
    fn unexpected(&self) -> Unexpected<'de> {
        match self.item {
            Item::Int { negative: false, magnitude } => Unexpected::Unsigned(magnitude),
            Item::Int { negative: true, magnitude } => match i64::try_from(-i128::from(magnitude)) {
                Ok(i) => Unexpected::Signed(i),
                Err(_) => Unexpected::Other("integer"),
            },
            Item::Big { .. } => Unexpected::Other("big integer"),
            Item::Float(f) => Unexpected::Float(f),
            Item::Atom(_) if self.is_nil() => Unexpected::Unit,
            Item::Atom(_) if self.is_atom(b"true") => Unexpected::Bool(true),
            Item::Atom(_) if self.is_atom(b"false") => Unexpected::Bool(false),
            Item::Atom(_) => Unexpected::Other("atom"),
            Item::Binary(b) => match core::str::from_utf8(b) {
                Ok(s) => Unexpected::Str(s),
                Err(_) => Unexpected::Bytes(b),
            },
            Item::Bytes { .. } | Item::List(_) => Unexpected::Seq,
            Item::Map(_) => Unexpected::Map,
            Item::Tuple(_) => Unexpected::Other("tuple"),
        }
    }

    /// The "invalid type" error for this term, pointed at it.
    fn invalid_type(&self, exp: &dyn Expected) -> Error {
        Error::invalid_type(self.unexpected(), exp).at(self.at)
    }

    /// A visitor's result, its error pointed at this term.
    #[inline]
    fn wrap<T>(&self, r: Result<T, Error>) -> Result<T, Error> {
        r.map_err(|e| e.at(self.at))
    }

    fn out_of_range(&self) -> Error {
        decode::Error::IntegerOutOfRange { offset: self.at }.into()
    }

    fn too_wide(&self) -> Error {
        decode::Error::IntegerTooWide { offset: self.at }.into()
    }
}

/// Bytes as a `&str`: checked as ASCII first, a fraction of the cost of
/// a full UTF-8 check on the short names and digit strings that make up
/// most of a frame (measured: about 80 instructions less per map key).
#[inline(always)]
#[allow(unsafe_code)]
fn as_str(bytes: &[u8]) -> Result<&str, core::str::Utf8Error> {
    if bytes.is_ascii() {
        // SAFETY: every ASCII byte sequence is valid UTF-8.
        return Ok(unsafe { core::str::from_utf8_unchecked(bytes) });
    }
    core::str::from_utf8(bytes)
}

/// Bytes as a `&str`; an error points at the first bad byte, `first`
/// being where the bytes start.
#[inline]
fn utf8(bytes: &[u8], first: usize) -> Result<&str, Error> {
    as_str(bytes).map_err(|e| decode::Error::InvalidUtf8 { offset: first + e.valid_up_to() }.into())
}

/// A big integer's magnitude as a `u128`, if it fits.
fn big_magnitude(m: &[u8]) -> Option<u128> {
    let mut le = [0u8; 16];
    le.get_mut(..m.len())?.copy_from_slice(m);
    Some(u128::from_le_bytes(le))
}

/// A big integer as an `i128`, if it fits.
fn big_i128(negative: bool, m: &[u8]) -> Option<i128> {
    let m = big_magnitude(m)?;
    if negative {
        // -2^127 is the one magnitude over i128::MAX that fits.
        if m <= 1 << 127 { Some((m as i128).wrapping_neg()) } else { None }
    } else {
        i128::try_from(m).ok()
    }
}

/// What a sequence or map that was not read to its end expected.
struct Consumed(usize);

impl Expected for Consumed {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            1 => f.write_str("1 element"),
            n => write!(f, "{n} elements"),
        }
    }
}

/// The error for a container of `total` children of which the visitor
/// read only `total - left`.
fn unread(at: usize, total: u32, left: u32) -> Error {
    Error::invalid_length(total as usize, &Consumed((total - left) as usize)).at(at)
}

/// The name in `names` that a key or variant term spells, byte for byte
/// (a Latin-1 atom only when ASCII): recognised without checking it as
/// UTF-8 again, and handed to the visitor as the `&'static str` it
/// compares against.
#[inline(always)]
fn known_name(names: Names, r: &Read<'_>) -> Option<&'static str> {
    let (key, latin1) = match r.item {
        Item::Atom(Atom { name, latin1 }) => (name, latin1),
        Item::Binary(name) => (name, false),
        _ => return None,
    };
    // A loop rather than `find`, which measured slower here.
    #[allow(clippy::manual_find)]
    for &name in names {
        // Lengths first: most names differ in length.
        if name.len() == key.len() && name.as_bytes() == key && (!latin1 || key.is_ascii()) {
            return Some(name);
        }
    }
    None
}

impl<'de> Deserializer<'de> {
    /// The term at the cursor, not moving past it.
    #[inline(always)]
    fn peek(&self) -> Result<Read<'de>, Error> {
        if self.detached { Read::scalar(self.root) } else { Read::at(self.src, self.pos) }
    }

    /// The term at the cursor; the cursor moves past its header (to its
    /// first child, for a container).
    #[inline(always)]
    fn next(&mut self) -> Result<Read<'de>, Error> {
        let r = self.peek()?;
        self.advance(&r);
        Ok(r)
    }

    /// Moves past the header of `r`, the term [`peek`](Self::peek) read.
    #[inline(always)]
    fn advance(&mut self, r: &Read<'de>) {
        self.pos = r.end;
        self.detached = false;
    }

    /// Moves past the children of `r`, whose header was just read, in a
    /// validated frame.
    #[inline]
    fn skip_children(&mut self, r: &Read<'de>) -> Result<(), Error> {
        if r.children > 0 {
            // Validated: the walk cannot fail.
            self.pos = reader::skip_children(self.src, r.end, r.children)
                .ok_or(decode::Error::Truncated { offset: r.at })?;
        }
        Ok(())
    }

    /// Moves past the term at the cursor, visiting nothing: in a
    /// validated frame over its headers, else checking it as validation
    /// would, within the nesting left.
    #[inline(never)]
    fn skip(&mut self) -> Result<(), Error> {
        if self.validated {
            let r = self.next()?;
            return self.skip_children(&r);
        }
        // Scalars, most of what is skipped, without the walk's set-up.
        let h = head(self.src, self.pos)?;
        if h.children == 0 {
            reader::check_body(self.pos, &h)?;
            self.pos = h.end;
            return Ok(());
        }
        self.pos = reader::check(self.src, self.pos, MAX_DEPTH - self.depth).map_err(|e| match e {
            decode::Error::TooDeep { offset, .. } => decode::Error::TooDeep { offset, max: MAX_DEPTH },
            e => e,
        })?;
        Ok(())
    }

    /// Enters the `n` children of container `r`: refused past
    /// [`MAX_DEPTH`] (an empty one nests nothing), or when more children
    /// are announced than bytes are left, as validation refuses them.
    #[inline(never)]
    fn enter(&mut self, r: &Read<'de>, n: u64) -> Result<(), Error> {
        if n == 0 {
            return Ok(());
        }
        if self.depth >= MAX_DEPTH {
            return Err(decode::Error::TooDeep { offset: r.at, max: MAX_DEPTH }.into());
        }
        if n > self.src.len().saturating_sub(r.end) as u64 {
            return Err(decode::Error::LengthPastEnd { offset: r.at, len: n }.into());
        }
        self.depth += 1;
        Ok(())
    }

    /// Leaves the children of a container [`enter`](Self::enter)ed.
    #[inline(always)]
    fn leave(&mut self, n: u64) {
        if n > 0 {
            self.depth -= 1;
        }
    }

    /// Where the term at the cursor starts.
    fn offset(&self) -> usize {
        if self.detached { self.root.offset() } else { self.pos }
    }

    /// Any term, as what it is.
    fn visit_any<V: Visitor<'de>>(&mut self, r: &Read<'de>, visitor: V) -> Result<V::Value, Error> {
        match r.item {
            Item::Int { negative: false, magnitude } => r.wrap(visitor.visit_u64(magnitude)),
            Item::Int { negative: true, magnitude } => {
                let v = -i128::from(magnitude);
                match i64::try_from(v) {
                    Ok(i) => r.wrap(visitor.visit_i64(i)),
                    Err(_) => r.wrap(visitor.visit_i128(v)),
                }
            }
            Item::Big { negative, magnitude } => {
                match (big_magnitude(magnitude), big_i128(negative, magnitude)) {
                    (Some(u), _) if !negative => r.wrap(visitor.visit_u128(u)),
                    (_, Some(i)) => r.wrap(visitor.visit_i128(i)),
                    _ => Err(r.too_wide()),
                }
            }
            Item::Float(f) => r.wrap(visitor.visit_f64(r.float(f)?)),
            Item::Atom(_) if r.is_nil() => r.wrap(visitor.visit_unit()),
            Item::Atom(_) if r.is_atom(b"true") => r.wrap(visitor.visit_bool(true)),
            Item::Atom(_) if r.is_atom(b"false") => r.wrap(visitor.visit_bool(false)),
            Item::Atom(atom) => visit_atom(r, atom, visitor),
            Item::Binary(b) => match as_str(b) {
                Ok(s) => r.wrap(visitor.visit_borrowed_str(s)),
                Err(_) => r.wrap(visitor.visit_borrowed_bytes(b)),
            },
            Item::Bytes { bytes, first } => self.visit_byte_seq(r, bytes, first, visitor),
            Item::List(n) => self.visit_list(r, n, visitor),
            Item::Map(n) => self.visit_map(r, n, &[], visitor),
            Item::Tuple(n) => self.visit_elements(r, n, visitor),
        }
    }

    /// `n` elements at the cursor as a sequence; elements left unread are
    /// an error.
    fn visit_elements<V: Visitor<'de>>(
        &mut self,
        r: &Read<'de>,
        n: u32,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.enter(r, r.children)?;
        let mut seq = SeqDe { de: self, left: n };
        let value = r.wrap(visitor.visit_seq(&mut seq));
        let left = seq.left;
        self.leave(r.children);
        match left {
            0 => value,
            left => Err(unread(r.at, n, left)),
        }
    }

    /// A list's `n` elements, then its tail, which must be `[]`.
    fn visit_list<V: Visitor<'de>>(&mut self, r: &Read<'de>, n: u32, visitor: V) -> Result<V::Value, Error> {
        let value = self.visit_elements(r, n, visitor)?;
        let tail = Read::at(self.src, self.pos)?;
        match tail.item {
            Item::Bytes { bytes: [], .. } => {
                self.advance(&tail);
                Ok(value)
            }
            _ => Err(Error::ImproperList { offset: tail.at }),
        }
    }

    /// A byte list's bytes as a sequence of integers.
    fn visit_byte_seq<V: Visitor<'de>>(
        &mut self,
        r: &Read<'de>,
        bytes: &'de [u8],
        first: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let mut seq = ByteSeq { bytes: bytes.iter(), at: first };
        let value = r.wrap(visitor.visit_seq(&mut seq))?;
        match seq.bytes.len() {
            0 => Ok(value),
            // A byte list holds at most 65535 bytes.
            left => Err(unread(r.at, bytes.len() as u32, left as u32)),
        }
    }

    /// `n` entries at the cursor as a map (a struct's, when `fields` are
    /// its field names); entries left unread are an error.
    fn visit_map<V: Visitor<'de>>(
        &mut self,
        r: &Read<'de>,
        n: u32,
        fields: Names,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.enter(r, r.children)?;
        let mut map = MapDe { de: self, left: n, fields, pending: false };
        let value = r.wrap(visitor.visit_map(&mut map)).and_then(|value| match map.left {
            0 if map.pending => map.de.skip().map(|()| value),
            0 => Ok(value),
            left => Err(unread(r.at, n, left)),
        });
        self.leave(r.children);
        value
    }

    /// A string, from a binary, an atom or a byte list.
    #[inline]
    fn visit_str<V: Visitor<'de>>(&mut self, r: &Read<'de>, visitor: V) -> Result<V::Value, Error> {
        match r.item {
            Item::Binary(b) => r.wrap(visitor.visit_borrowed_str(utf8(b, r.at + 5)?)),
            Item::Atom(atom) if !(r.is_nil() || r.is_atom(b"true") || r.is_atom(b"false")) => {
                visit_atom(r, atom, visitor)
            }
            Item::Bytes { bytes, first } => r.wrap(visitor.visit_borrowed_str(utf8(bytes, first)?)),
            _ => self.visit_any(r, visitor),
        }
    }

    /// A name: an atom or a binary, as a string (a binary that is not
    /// UTF-8 as bytes).
    #[inline]
    fn visit_identifier<V: Visitor<'de>>(&mut self, r: &Read<'de>, visitor: V) -> Result<V::Value, Error> {
        match r.item {
            Item::Atom(atom) => visit_atom(r, atom, visitor),
            Item::Binary(b) => match as_str(b) {
                Ok(s) => r.wrap(visitor.visit_borrowed_str(s)),
                Err(_) => r.wrap(visitor.visit_borrowed_bytes(b)),
            },
            _ => self.visit_any(r, visitor),
        }
    }

    /// A sequence: a list, a byte list or a tuple.
    fn visit_seq<V: Visitor<'de>>(&mut self, r: &Read<'de>, visitor: V) -> Result<V::Value, Error> {
        match r.item {
            Item::List(n) => self.visit_list(r, n, visitor),
            Item::Tuple(n) => self.visit_elements(r, n, visitor),
            Item::Bytes { bytes, first } => self.visit_byte_seq(r, bytes, first, visitor),
            _ => Err(r.invalid_type(&visitor)),
        }
    }
}

/// The atom `r` read, as a string: borrowed, or for a Latin-1 name beyond
/// ASCII, transcoded on the stack.
fn visit_atom<'de, V: Visitor<'de>>(r: &Read<'de>, atom: Atom<'de>, visitor: V) -> Result<V::Value, Error> {
    let Atom { name, latin1 } = atom;
    if latin1 && !name.is_ascii() {
        return visit_latin1(r, name, visitor);
    }
    // The name ends the atom (`end`), so the first bad byte is found
    // from there; a detached atom (`end` 0) was validated already.
    r.wrap(visitor.visit_borrowed_str(utf8(name, r.end.saturating_sub(name.len()))?))
}

/// A Latin-1 atom beyond ASCII, as UTF-8 in a stack buffer (Erlang atoms
/// hold at most 255 characters, 2 bytes each in UTF-8).
#[inline(never)]
fn visit_latin1<'de, V: Visitor<'de>>(r: &Read<'de>, name: &[u8], visitor: V) -> Result<V::Value, Error> {
    let mut buf = [0u8; 512];
    let mut n = 0;
    for c in name.iter().map(|&b| char::from(b)) {
        let Some(dst) = buf.get_mut(n..).filter(|d| d.len() >= c.len_utf8()) else {
            return Err(Error::custom("Latin-1 atom over 255 characters").at(r.at));
        };
        n += c.encode_utf8(dst).len();
    }
    let s = buf.get(..n).and_then(|b| core::str::from_utf8(b).ok()).unwrap_or_default();
    r.wrap(visitor.visit_str(s))
}

/// `deserialize_*` for a fixed-width integer: the value when it fits, else
/// [`decode::Error::IntegerOutOfRange`] at the integer.
macro_rules! int_method {
    ($($method:ident: $ty:ty => $visit:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let r = self.next()?;
            match r.int() {
                Some(v) => match <$ty>::try_from(v) {
                    Ok(n) => r.wrap(visitor.$visit(n)),
                    Err(_) => Err(r.out_of_range()),
                },
                None if matches!(r.item, Item::Big { .. }) => Err(r.too_wide()),
                None => self.visit_any(&r, visitor),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = self.next()?;
        self.visit_any(&r, visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = self.next()?;
        match r.item {
            Item::Atom(Atom { name: b"true", .. }) => r.wrap(visitor.visit_bool(true)),
            Item::Atom(Atom { name: b"false", .. }) => r.wrap(visitor.visit_bool(false)),
            _ => self.visit_any(&r, visitor),
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
        let r = self.next()?;
        match r.item {
            Item::Int { .. } => r.wrap(visitor.visit_i128(r.int().unwrap_or_default())),
            Item::Big { negative, magnitude } => match big_i128(negative, magnitude) {
                Some(v) => r.wrap(visitor.visit_i128(v)),
                None if big_magnitude(magnitude).is_some() => Err(r.out_of_range()),
                None => Err(r.too_wide()),
            },
            _ => self.visit_any(&r, visitor),
        }
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = self.next()?;
        match r.item {
            Item::Int { negative: false, magnitude } => r.wrap(visitor.visit_u128(magnitude.into())),
            Item::Int { magnitude: 0, .. } => r.wrap(visitor.visit_u128(0)),
            Item::Int { .. } => Err(r.out_of_range()),
            Item::Big { negative, magnitude } => match big_magnitude(magnitude) {
                Some(u) if !negative => r.wrap(visitor.visit_u128(u)),
                Some(_) => Err(r.out_of_range()),
                None => Err(r.too_wide()),
            },
            _ => self.visit_any(&r, visitor),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = self.next()?;
        match r.item {
            Item::Float(f) => r.wrap(visitor.visit_f64(r.float(f)?)),
            _ => self.visit_any(&r, visitor),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = self.next()?;
        self.visit_str(&r, visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = self.next()?;
        match r.item {
            Item::Binary(b) | Item::Bytes { bytes: b, .. } => r.wrap(visitor.visit_borrowed_bytes(b)),
            _ => self.visit_any(&r, visitor),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = self.peek()?;
        if r.is_nil() {
            self.advance(&r);
            r.wrap(visitor.visit_none())
        } else {
            r.wrap(visitor.visit_some(self))
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = self.next()?;
        if r.is_nil() { r.wrap(visitor.visit_unit()) } else { Err(r.invalid_type(&visitor)) }
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
        let at = self.offset();
        visitor.visit_newtype_struct(self).map_err(|e: Error| e.at(at))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = self.next()?;
        self.visit_seq(&r, visitor)
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
        let r = self.next()?;
        match r.item {
            Item::Map(n) => self.visit_map(&r, n, &[], visitor),
            _ => Err(r.invalid_type(&visitor)),
        }
    }

    fn deserialize_struct<V>(self, _: &'static str, fields: Names, visitor: V) -> Result<V::Value, Error>
    where
        V: Visitor<'de>,
    {
        let r = self.next()?;
        match r.item {
            Item::Map(n) => self.visit_map(&r, n, fields, visitor),
            Item::List(_) | Item::Tuple(_) | Item::Bytes { .. } => self.visit_seq(&r, visitor),
            _ => Err(r.invalid_type(&visitor)),
        }
    }

    fn deserialize_enum<V>(self, _: &'static str, variants: Names, visitor: V) -> Result<V::Value, Error>
    where
        V: Visitor<'de>,
    {
        let r = self.peek()?;
        let content = match r.item {
            Item::Atom(_) | Item::Binary(_) => false,
            Item::Map(1) | Item::Tuple(2) => {
                self.advance(&r);
                true
            }
            _ => return Err(r.invalid_type(&"an atom, a binary or a one-entry map")),
        };
        let nested = if content { r.children } else { 0 };
        self.enter(&r, nested)?;
        let at = self.offset();
        let value = r.wrap(visitor.visit_enum(EnumDe { de: &mut *self, variants, at, content }));
        self.leave(nested);
        value
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = self.next()?;
        self.visit_identifier(&r, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // Skipped over, not visited.
        let at = self.offset();
        self.skip()?;
        visitor.visit_unit().map_err(|e: Error| e.at(at))
    }

    fn is_human_readable(&self) -> bool {
        true
    }
}

/// The elements of a list or tuple, read at the cursor.
struct SeqDe<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    left: u32,
}

impl<'de> de::SeqAccess<'de> for SeqDe<'_, 'de> {
    type Error = Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

/// The elements of a byte list: small integers, each at its byte.
struct ByteSeq<'de> {
    bytes: core::slice::Iter<'de, u8>,
    at: usize,
}

impl<'de> de::SeqAccess<'de> for ByteSeq<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let Some(&b) = self.bytes.next() else { return Ok(None) };
        let at = self.at;
        self.at += 1;
        seed.deserialize(&mut Deserializer::detached(Term::byte(at, b))).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.bytes.len())
    }
}

/// The entries of a map, read at the cursor: a key, then its value, which
/// stays unread (the cursor on it) until asked for, and is skipped if it
/// is not.
struct MapDe<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    /// Entries whose key is still to read.
    left: u32,
    /// A struct's field names, to recognise keys by; empty for a map.
    fields: Names,
    /// Whether the cursor is on a value whose key was read.
    pending: bool,
}

impl<'de> de::MapAccess<'de> for MapDe<'_, 'de> {
    type Error = Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        if self.pending {
            self.de.skip()?;
        }
        if self.left == 0 {
            self.pending = false;
            return Ok(None);
        }
        self.left -= 1;
        self.pending = true;
        if self.fields.is_empty() {
            seed.deserialize(&mut *self.de).map(Some)
        } else {
            seed.deserialize(NameDe { de: &mut *self.de, names: self.fields }).map(Some)
        }
    }

    #[inline]
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        if !self.pending {
            return Err(Error::custom("a map value was asked for before its key").at(self.de.offset()));
        }
        self.pending = false;
        seed.deserialize(&mut *self.de)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

/// A struct's key or an enum's variant name, at the cursor: a name among
/// `names` is recognised by its bytes and visited as that name; anything
/// else is read as by the [`Deserializer`].
struct NameDe<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    names: Names,
}

/// Forwards `serde::Deserializer` methods of [`NameDe`] to its
/// [`Deserializer`].
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
            de::Deserializer::$method(self.de, $($arg,)* visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NameDe<'_, 'de> {
    type Error = Error;

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = self.de.next()?;
        match known_name(self.names, &r) {
            Some(name) => r.wrap(visitor.visit_borrowed_str(name)),
            None => self.de.visit_identifier(&r, visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = self.de.next()?;
        match known_name(self.names, &r) {
            Some(name) => r.wrap(visitor.visit_borrowed_str(name)),
            None => self.de.visit_str(&r, visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

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
        deserialize_struct(name: &'static str, fields: Names);
        deserialize_enum(name: &'static str, variants: Names);
        deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        true
    }
}

/// An externally tagged enum at the cursor: its variant's name, then its
/// content unless it is a bare name (a unit variant).
struct EnumDe<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    variants: Names,
    /// Where the variant's name starts.
    at: usize,
    /// Whether content follows the name (`#{V => X}` or `{V, X}`).
    content: bool,
}

impl<'a, 'de> de::EnumAccess<'de> for EnumDe<'a, 'de> {
    type Error = Error;
    type Variant = VariantDe<'a, 'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, VariantDe<'a, 'de>), Error> {
        let name = seed.deserialize(NameDe { de: &mut *self.de, names: self.variants })?;
        Ok((name, VariantDe { de: self.de, at: self.at, content: self.content }))
    }
}

/// The content of an enum variant, at the cursor.
struct VariantDe<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    at: usize,
    content: bool,
}

impl<'a, 'de> VariantDe<'a, 'de> {
    /// The content, or an error for a bare name where `what` was expected.
    fn content(self, what: &'static str) -> Result<&'a mut Deserializer<'de>, Error> {
        if self.content {
            Ok(self.de)
        } else {
            Err(Error::invalid_type(Unexpected::UnitVariant, &what).at(self.at))
        }
    }
}

impl<'de> de::VariantAccess<'de> for VariantDe<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        if !self.content {
            return Ok(());
        }
        let r = self.de.next()?;
        if r.is_nil() {
            Ok(())
        } else {
            self.de.skip_children(&r)?;
            Err(r.invalid_type(&"unit variant"))
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self.content("newtype variant")?)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self.content("tuple variant")?, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(self, fields: Names, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_struct(self.content("struct variant")?, "", fields, visitor)
    }
}

/// `as_str`, this module's one `unsafe`, in a test that builds under Miri
/// (`cargo miri test --lib --features serde as_str`; CI runs it).
#[cfg(test)]
mod as_str_tests {
    #[test]
    fn ascii_is_borrowed_and_the_rest_checked() {
        let ascii = b"guild_id";
        assert_eq!(super::as_str(ascii), Ok("guild_id"));
        assert_eq!(super::as_str(ascii).unwrap().as_ptr(), ascii.as_ptr());
        assert_eq!(super::as_str(b""), Ok(""));
        assert_eq!(super::as_str("h\u{e9}llo".as_bytes()), Ok("h\u{e9}llo"));
        assert_eq!(super::as_str(&[b'a', 0xff, b'b']).unwrap_err().valid_up_to(), 1);
    }
}

// serde's derive is a dev-dependency outside Miri only (Cargo.toml).
#[cfg(all(test, not(miri)))]
mod tests {
    use ::serde::Deserialize;

    use super::super::from_slice;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Accent {
        #[serde(rename = "é")]
        e: Option<u8>,
    }

    /// Keys recognised by their bytes still mean their characters: a
    /// Latin-1 atom `é` is the field `é`, the Latin-1 atom `Ã©` (whose
    /// bytes are UTF-8 `é`'s) is not.
    #[test]
    fn latin1_keys_match_by_characters() {
        // #{'é' => 1}, Latin-1: one byte.
        let latin1 = from_slice::<Accent>(&[131, 116, 0, 0, 0, 1, 100, 0, 1, 0xe9, 97, 1]);
        assert_eq!(latin1.unwrap(), Accent { e: Some(1) });
        // #{'Ã©' => 1}, Latin-1: two bytes.
        let other = from_slice::<Accent>(&[131, 116, 0, 0, 0, 1, 100, 0, 2, 0xc3, 0xa9, 97, 1]);
        assert_eq!(other.unwrap(), Accent { e: None });
        // #{'é' => 1}, UTF-8 atom, and #{<<"é">> => 1}.
        let utf8 = from_slice::<Accent>(&[131, 116, 0, 0, 0, 1, 119, 2, 0xc3, 0xa9, 97, 1]);
        assert_eq!(utf8.unwrap(), Accent { e: Some(1) });
        let binary = from_slice::<Accent>(&[131, 116, 0, 0, 0, 1, 109, 0, 0, 0, 2, 0xc3, 0xa9, 97, 1]);
        assert_eq!(binary.unwrap(), Accent { e: Some(1) });
    }

    /// Reads keys only, never asking for a value: the cursor must pass
    /// over each value by itself.
    struct Keys(heapless::Vec<u8, 4>);

    impl<'de> Deserialize<'de> for Keys {
        fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> ::serde::de::Visitor<'de> for V {
                type Value = Keys;
                fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str("a map")
                }
                fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                    let mut keys = heapless::Vec::new();
                    while let Some(k) = map.next_key::<u8>()? {
                        let _ = keys.push(k);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(V)
        }
    }

    #[test]
    fn values_never_asked_for_are_skipped() {
        // #{1 => [[2]], 3 => #{4 => 5}}
        let frame = [
            131, 116, 0, 0, 0, 2, 97, 1, 108, 0, 0, 0, 1, 107, 0, 1, 2, 106, 97, 3, 116, 0, 0, 0, 1, 97, 4,
            97, 5,
        ];
        assert_eq!(from_slice::<Keys>(&frame).unwrap().0, [1, 3]);
        // The tuple's second element is read after the map.
        let mut pair = [131, 104, 2].to_vec();
        pair.extend_from_slice(&frame[1..]);
        pair.extend_from_slice(&[97, 9]);
        let (keys, nine) = from_slice::<(Keys, u8)>(&pair).unwrap();
        assert_eq!((keys.0.as_slice(), nine), (&[1, 3][..], 9));
    }
}
