//! The term writer: Erlang External Term Format, canonical, no allocation.
//!
//! [`Writer`] writes one term at a time into any [`Sink`], choosing the same
//! tags as Erlang's `term_to_binary/2` with `{minor_version, 2}`, so its
//! output is byte-identical to what an Erlang node would send. Use it for
//! payloads this crate has no builder for.
//!
//! ```
//! use gateway_etf::encode::Writer;
//! use gateway_etf::encode::SliceSink;
//!
//! // term_to_binary(#{<<"d">> => 42, <<"op">> => 1})
//! let mut buf = [0u8; 32];
//! let mut w = Writer::new(SliceSink::new(&mut buf));
//! w.version()?.map(2)?.str("d")?.int(42)?.str("op")?.int(1)?;
//! assert_eq!(
//!     w.into_sink().into_written(),
//!     &[131, 116, 0, 0, 0, 2, 109, 0, 0, 0, 1, b'd', 97, 42, 109, 0, 0, 0, 2, b'o', b'p', 97, 1]
//! );
//! # Ok::<(), gateway_etf::Error>(())
//! ```

use super::Sink;
use super::lend;
use crate::Error;
use crate::tag;

/// An integer term in a 16-byte block and how many of its bytes count.
///
/// Built with integer arithmetic and, where the sink lends 16 bytes,
/// written with one wide store, since a variable-length copy would cost a
/// `memcpy` call per integer.
pub(crate) type IntTerm = ([u8; 16], usize);

/// The longest integer term: tag, byte count, sign, 8 magnitude bytes.
const MAX_INT_LEN: usize = 11;

/// Canonical bytes of a non-negative integer.
#[inline(always)]
pub(crate) fn uint_term(v: u64) -> IntTerm {
    // Snowflakes first: they are most of the integers a client sends, and
    // every one made since mid-2015 has 8 magnitude bytes.
    if v >= 1 << 56 {
        let block = tag::SMALL_BIG_EXT as u128 | 8 << 8 | (v as u128) << 24;
        (block.to_le_bytes(), 11)
    } else if v > i32::MAX as u64 {
        big_term(v, 0)
    } else if v > u8::MAX as u64 {
        int32_term(v as i32)
    } else {
        ((tag::SMALL_INTEGER_EXT as u128 | (v as u128) << 8).to_le_bytes(), 2)
    }
}

/// INTEGER_EXT: the tag, then the value big-endian.
#[inline(always)]
fn int32_term(v: i32) -> IntTerm {
    let be = u32::from_le_bytes(v.to_be_bytes());
    ((tag::INTEGER_EXT as u128 | (be as u128) << 8).to_le_bytes(), 5)
}

/// SMALL_BIG_EXT with the minimal magnitude byte count (`magnitude` > 0).
#[inline(always)]
fn big_term(magnitude: u64, sign: u8) -> IntTerm {
    let n = 8 - (magnitude.leading_zeros() / 8) as usize;
    let block =
        tag::SMALL_BIG_EXT as u128 | (n as u128) << 8 | (sign as u128) << 16 | (magnitude as u128) << 24;
    (block.to_le_bytes(), 3 + n)
}

/// Canonical bytes of any `i64`.
#[inline(always)]
pub(crate) fn int_term(v: i64) -> IntTerm {
    if v >= 0 {
        uint_term(v as u64)
    } else if v >= i32::MIN as i64 {
        int32_term(v as i32)
    } else {
        big_term(v.unsigned_abs(), 1)
    }
}

/// A 32-bit ETF length field, or [`Error::LengthOverflow`].
#[inline(always)]
fn len32(len: usize) -> Result<[u8; 4], Error> {
    match u32::try_from(len) {
        Ok(n) => Ok(n.to_be_bytes()),
        Err(_) => Err(Error::LengthOverflow(len)),
    }
}

/// Writes ETF terms into a [`Sink`].
///
/// Every method writes one term (or, for [`map`](Self::map) and
/// [`list`](Self::list), one header) and returns `&mut Self` so calls chain.
/// Each call writes its term (or header) whole or not at all, and a
/// `BufferFull` says what was written so far plus that term. Containers
/// are headers followed by separate calls, so a map or list built by hand
/// may stop partway: reserve first (as every command does) when that
/// matters. Containers are not tracked: write exactly as many elements as the header
/// announced.
#[derive(Debug)]
pub struct Writer<S> {
    sink: S,
}

impl<S: Sink> Writer<S> {
    /// Wraps a sink; nothing is written yet.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let w = Writer::new(Vec::new());
    /// assert!(w.into_sink().is_empty());
    /// ```
    #[inline]
    pub const fn new(sink: S) -> Self {
        Writer { sink }
    }

    /// Gives the sink back.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.null()?;
    /// assert_eq!(w.into_sink(), [119, 3, b'n', b'i', b'l']);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub fn into_sink(self) -> S {
        self.sink
    }

    /// The sink, for looking at what was written so far.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.version()?;
    /// assert_eq!(w.sink(), &[131]);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub const fn sink(&self) -> &S {
        &self.sink
    }

    /// The sink, mutably, for sink-specific calls between terms.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.sink_mut().clear();
    /// assert!(w.sink().is_empty());
    /// ```
    #[inline]
    pub fn sink_mut(&mut self) -> &mut S {
        &mut self.sink
    }

    /// Makes sure `additional` more bytes fit (see [`Sink::reserve`]), so
    /// that a run of writes cannot stop halfway.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// use gateway_etf::encode::SliceSink;
    /// let mut buf = [0u8; 4];
    /// let mut w = Writer::new(SliceSink::new(&mut buf));
    /// assert!(w.reserve(4).is_ok());
    /// assert!(w.reserve(5).is_err());
    /// ```
    #[inline]
    pub fn reserve(&mut self, additional: usize) -> Result<&mut Self, Error> {
        self.sink.reserve(additional)?;
        Ok(self)
    }

    /// A 32-bit ETF length field, or [`Error::LengthOverflow`]; no check
    /// where the sink's lender says no length can reach 4 GiB
    /// ([`Lend::LENGTHS_FIT_U32`](super::Lend::LENGTHS_FIT_U32)).
    #[inline(always)]
    fn len32(&mut self, len: usize) -> Result<[u8; 4], Error> {
        if let Some(l) = self.sink.lender()
            && lend::lengths_fit_u32(l)
        {
            return Ok((len as u32).to_be_bytes());
        }
        len32(len)
    }

    /// Writes the first `len` bytes of a 16-byte block of ready-made ETF:
    /// one wide store into room the sink lends, else a push.
    #[inline(always)]
    pub(crate) fn block(&mut self, block: &[u8; 16], len: usize) -> Result<&mut Self, Error> {
        if let Some(l) = self.sink.lender()
            && lend::put_block(l, block, len)
        {
            return Ok(self);
        }
        self.sink.push(block.get(..len).unwrap_or(block))?;
        Ok(self)
    }

    /// Whether the sink only adds up an upper bound of the frame
    /// ([`Lend::MEASURES`](super::Lend::MEASURES)).
    #[inline(always)]
    fn measures(&mut self) -> bool {
        self.sink.lender().is_some_and(|l| lend::measures(l))
    }

    /// Whether the sink's pushes check nothing
    /// ([`Lend::PUSH_IS_UNCHECKED`](super::Lend::PUSH_IS_UNCHECKED)): a
    /// piece of known length is then pushed, not stored into lent room.
    #[inline(always)]
    fn push_is_unchecked(&mut self) -> bool {
        self.sink.lender().is_some_and(|l| lend::push_is_unchecked(l))
    }

    /// Writes a header and its body, both or neither: one lend where the
    /// sink lends, else a reserve and two pushes.
    #[inline(always)]
    fn prefixed(&mut self, head: &[u8], body: &[u8]) -> Result<&mut Self, Error> {
        if let Some(l) = self.sink.lender()
            && !lend::push_is_unchecked(l)
            && lend::put(l, head, body)
        {
            return Ok(self);
        }
        self.sink.reserve(head.len().saturating_add(body.len()))?;
        self.sink.push(head)?;
        self.sink.push(body)?;
        Ok(self)
    }

    /// Writes bytes verbatim: the caller promises they are valid ETF.
    ///
    /// This is how the command builders write their precomputed map keys.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.raw(&[106])?; // an empty list
    /// assert_eq!(w.into_sink(), [106]);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub fn raw(&mut self, bytes: &[u8]) -> Result<&mut Self, Error> {
        self.sink.push(bytes)?;
        Ok(self)
    }

    /// The version byte (131) that starts every payload.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.version()?;
    /// assert_eq!(w.into_sink(), [131]);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub fn version(&mut self) -> Result<&mut Self, Error> {
        self.sink.push(&[tag::VERSION])?;
        Ok(self)
    }

    /// A map header; follow it with `arity` key/value pairs. To match
    /// `term_to_binary` byte for byte, write up to 32 keys in Erlang term
    /// order (binaries: bytewise, shorter prefix first); Erlang writes
    /// larger maps in hash order, and either order decodes the same.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.map(1)?.str("a")?.bool(true)?;
    /// assert_eq!(w.into_sink(), [116, 0, 0, 0, 1, 109, 0, 0, 0, 1, b'a', 119, 4, b't', b'r', b'u', b'e']);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub fn map(&mut self, arity: u32) -> Result<&mut Self, Error> {
        let a = arity.to_be_bytes();
        self.sink.push(&[tag::MAP_EXT, a[0], a[1], a[2], a[3]])?;
        Ok(self)
    }

    /// A list header; follow it with `len` elements and then [`tail`](Self::tail).
    ///
    /// `list(0)` writes nothing, so `list(0)` then `tail()` is `[]` exactly
    /// as Erlang writes it (NIL_EXT alone). A length over `u32::MAX` is
    /// [`Error::LengthOverflow`].
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.list(1)?.str("x")?.tail()?;
    /// w.list(0)?.tail()?;
    /// assert_eq!(w.into_sink(), [108, 0, 0, 0, 1, 109, 0, 0, 0, 1, b'x', 106, 106]);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub fn list(&mut self, len: usize) -> Result<&mut Self, Error> {
        if len != 0 {
            let n = self.len32(len)?;
            self.sink.push(&[tag::LIST_EXT, n[0], n[1], n[2], n[3]])?;
        }
        Ok(self)
    }

    /// The end of a proper list (NIL_EXT, which alone is also `[]`).
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.tail()?;
    /// assert_eq!(w.into_sink(), [106]);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub fn tail(&mut self) -> Result<&mut Self, Error> {
        self.sink.push(&[tag::NIL_EXT])?;
        Ok(self)
    }

    /// A tuple header (SMALL_TUPLE_EXT up to 255 elements); follow it with
    /// `arity` elements. Discord sends none, but custom payloads may.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.tuple(2)?.int(1)?.int(2)?;
    /// assert_eq!(w.into_sink(), [104, 2, 97, 1, 97, 2]);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub fn tuple(&mut self, arity: u32) -> Result<&mut Self, Error> {
        match u8::try_from(arity) {
            Ok(a) => self.sink.push(&[tag::SMALL_TUPLE_EXT, a])?,
            Err(_) => {
                let a = arity.to_be_bytes();
                self.sink.push(&[tag::LARGE_TUPLE_EXT, a[0], a[1], a[2], a[3]])?
            }
        }
        Ok(self)
    }

    /// A string, as Discord wants it: a binary holding UTF-8.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.str("op")?;
    /// assert_eq!(w.into_sink(), [109, 0, 0, 0, 2, b'o', b'p']);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline(always)]
    pub fn str(&mut self, s: &str) -> Result<&mut Self, Error> {
        self.binary(s.as_bytes())
    }

    /// A binary (BINARY_EXT) of arbitrary bytes.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.binary(&[0xff])?;
    /// assert_eq!(w.into_sink(), [109, 0, 0, 0, 1, 0xff]);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline(always)]
    pub fn binary(&mut self, bytes: &[u8]) -> Result<&mut Self, Error> {
        let n = self.len32(bytes.len())?;
        self.prefixed(&[tag::BINARY_EXT, n[0], n[1], n[2], n[3]], bytes)
    }

    /// An atom (SMALL_ATOM_UTF8_EXT, or ATOM_UTF8_EXT past 255 bytes).
    ///
    /// Refuses more than 255 characters, Erlang's limit. Discord refuses
    /// atoms as map keys: use [`str`](Self::str) for keys.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.atom("ok")?;
    /// assert_eq!(w.sink(), &[119, 2, b'o', b'k']);
    /// assert!(w.atom(&"a".repeat(256)).is_err());
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    pub fn atom(&mut self, name: &str) -> Result<&mut Self, Error> {
        let chars = name.chars().count();
        if chars > 255 {
            return Err(Error::AtomTooLong(chars));
        }
        let bytes = name.as_bytes();
        match u8::try_from(bytes.len()) {
            Ok(n) => self.prefixed(&[tag::SMALL_ATOM_UTF8_EXT, n], bytes),
            Err(_) => {
                // At most 255 characters of at most 4 bytes: fits in u16.
                let n = (bytes.len() as u16).to_be_bytes();
                self.prefixed(&[tag::ATOM_UTF8_EXT, n[0], n[1]], bytes)
            }
        }
    }

    /// The atom `nil`, Elixir's and Discord's `null`.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.null()?;
    /// assert_eq!(w.into_sink(), [119, 3, b'n', b'i', b'l']);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub fn null(&mut self) -> Result<&mut Self, Error> {
        self.raw(&[tag::SMALL_ATOM_UTF8_EXT, 3, b'n', b'i', b'l'])
    }

    /// The atom `true` or `false`.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.bool(false)?;
    /// assert_eq!(w.into_sink(), [119, 5, b'f', b'a', b'l', b's', b'e']);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub fn bool(&mut self, value: bool) -> Result<&mut Self, Error> {
        if value {
            self.raw(&[tag::SMALL_ATOM_UTF8_EXT, 4, b't', b'r', b'u', b'e'])
        } else {
            self.raw(&[tag::SMALL_ATOM_UTF8_EXT, 5, b'f', b'a', b'l', b's', b'e'])
        }
    }

    /// A signed integer in its smallest canonical form: SMALL_INTEGER_EXT for
    /// 0..=255, INTEGER_EXT within `i32`, else SMALL_BIG_EXT.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.int(-1)?;
    /// assert_eq!(w.into_sink(), [98, 0xff, 0xff, 0xff, 0xff]);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub fn int(&mut self, value: i64) -> Result<&mut Self, Error> {
        let (block, len) = int_term(value);
        self.block(&block, len)
    }

    /// An unsigned integer in its smallest canonical form; snowflakes take
    /// SMALL_BIG_EXT with the minimal byte count.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.uint(2147483648)?;
    /// assert_eq!(w.into_sink(), [110, 4, 0, 0, 0, 0, 0x80]);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline(always)]
    pub fn uint(&mut self, value: u64) -> Result<&mut Self, Error> {
        let (block, len) = uint_term(value);
        self.block(&block, len)
    }

    /// A float (NEW_FLOAT_EXT); NaN and infinities are refused.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.float(1.5)?;
    /// assert_eq!(w.sink(), &[70, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]);
    /// assert!(w.float(f64::NAN).is_err());
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub fn float(&mut self, value: f64) -> Result<&mut Self, Error> {
        if !value.is_finite() {
            return Err(Error::NonFiniteFloat);
        }
        let b = value.to_be_bytes();
        self.raw(&[tag::NEW_FLOAT_EXT, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
    }

    /// A list of small integers (0..=255) the way `term_to_binary` writes it:
    /// STRING_EXT for 1..=65535 elements, `[]` when empty, and LIST_EXT of
    /// SMALL_INTEGER_EXT beyond 65535.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.small_int_list(&[0, 1])?;
    /// assert_eq!(w.into_sink(), [107, 0, 2, 0, 1]);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline]
    pub fn small_int_list(&mut self, values: &[u8]) -> Result<&mut Self, Error> {
        if values.is_empty() {
            return self.tail();
        }
        if let Ok(n) = u16::try_from(values.len()) {
            let n = n.to_be_bytes();
            return self.prefixed(&[tag::STRING_EXT, n[0], n[1]], values);
        }
        let n = self.len32(values.len())?;
        self.sink.reserve(values.len().saturating_mul(2).saturating_add(6))?;
        self.sink.push(&[tag::LIST_EXT, n[0], n[1], n[2], n[3]])?;
        for &v in values {
            self.sink.push(&[tag::SMALL_INTEGER_EXT, v])?;
        }
        self.tail()
    }

    /// A list of unsigned integers, canonical as `term_to_binary` makes it:
    /// STRING_EXT when every element is at most 255 (and there are at most
    /// 65535), otherwise LIST_EXT of canonical integers; `[]` when empty.
    ///
    /// ```
    /// use gateway_etf::encode::Writer;
    /// let mut w = Writer::new(Vec::new());
    /// w.uint_list(&[1, 256])?;
    /// assert_eq!(w.into_sink(), [108, 0, 0, 0, 2, 97, 1, 98, 0, 0, 1, 0, 106]);
    /// # Ok::<(), gateway_etf::Error>(())
    /// ```
    #[inline(always)]
    pub fn uint_list(&mut self, values: &[u64]) -> Result<&mut Self, Error> {
        if values.is_empty() {
            return self.tail();
        }
        // An upper bound charges the list form, never shorter than the
        // string form, and so skips the scan of the values.
        let small = !self.measures()
            && values.len() <= u16::MAX as usize
            && values.iter().all(|&v| v <= u8::MAX as u64);
        if small && self.push_is_unchecked() {
            // Pushes that check nothing: no lend to check either.
            let n = (values.len() as u16).to_be_bytes();
            self.sink.push(&[tag::STRING_EXT, n[0], n[1]])?;
            for &v in values {
                self.sink.push(&[v as u8])?;
            }
            return Ok(self);
        }
        let n = if small { [0; 4] } else { self.len32(values.len())? };
        if let Some(l) = self.sink.lender() {
            // One lend for the whole list.
            let done = if small {
                let n = (values.len() as u16).to_be_bytes();
                lend::put_bytes(l, &[tag::STRING_EXT, n[0], n[1]], values)
            } else {
                let head = [tag::LIST_EXT, n[0], n[1], n[2], n[3]];
                lend::put_terms::<_, _, MAX_INT_LEN>(l, &head, values, |&v| uint_term(v), &[tag::NIL_EXT])
            };
            if done {
                return Ok(self);
            }
        }
        if cfg!(target_pointer_width = "64") && self.push_is_unchecked() {
            // In line, not `uints_as`: a call taking the writer would keep
            // the fast path's cursor in memory all along the frame. Not on
            // 32-bit targets, where one shared copy saves firmware flash.
            self.sink.push(&[tag::LIST_EXT, n[0], n[1], n[2], n[3]])?;
            for &v in values {
                let (block, len) = uint_term(v);
                self.block(&block, len)?;
            }
            return self.tail();
        }
        self.uints_as(values, small)
    }

    /// [`uint_list`](Self::uint_list) a piece at a time, knowing whether
    /// the list is `small` (a STRING_EXT: at most 65535 values, each at
    /// most 255). Out of line: it is the way for a sink that does not lend,
    /// or not room for the whole list, and one copy per sink serves every
    /// command (firmware flash).
    #[inline(never)]
    fn uints_as(&mut self, values: &[u64], small: bool) -> Result<&mut Self, Error> {
        let len = values.len();
        if len == 0 {
            return self.tail();
        }
        if small {
            let n = (len as u16).to_be_bytes();
            self.sink.reserve(3 + len)?;
            self.sink.push(&[tag::STRING_EXT, n[0], n[1]])?;
            for &v in values {
                self.sink.push(&[v as u8])?;
            }
            return Ok(self);
        }
        let n = self.len32(len)?;
        // Reserve the whole list so that it is written whole or not at all:
        // first the cheap bound (11 bytes an integer), and only if that does
        // not fit, the exact length.
        let bound = len.saturating_mul(MAX_INT_LEN).saturating_add(6);
        if self.sink.reserve(bound).is_err() {
            let exact = values.iter().fold(6usize, |acc, &v| acc.saturating_add(uint_term(v).1));
            self.sink.reserve(exact)?;
        }
        self.sink.push(&[tag::LIST_EXT, n[0], n[1], n[2], n[3]])?;
        for &v in values {
            let (block, len) = uint_term(v);
            self.sink.push(block.get(..len).unwrap_or(&block))?;
        }
        self.tail()
    }

    /// A command's map key, precomputed ([`Key`]).
    #[inline(always)]
    pub(crate) fn key(&mut self, key: Key) -> Result<&mut Self, Error> {
        self.constant(key.term)
    }

    /// Writes bytes known at compile time. Into a sink whose pushes check
    /// nothing, on 64-bit targets, 8 bytes a push: a push of 9 to 16 bytes
    /// there is copied as two overlapping words (for strings, whose lengths
    /// are not known), which for a constant costs a store more than the
    /// pieces. Not on 32-bit targets, where pieces stored as immediates
    /// cost more flash than a copy from the constant.
    #[inline(always)]
    pub(crate) fn constant(&mut self, bytes: &[u8]) -> Result<&mut Self, Error> {
        if cfg!(target_pointer_width = "64") && self.push_is_unchecked() {
            for piece in bytes.chunks(8) {
                self.sink.push(piece)?;
            }
            return Ok(self);
        }
        self.raw(bytes)
    }
}

/// A map key of the commands: its name, which the decoder looks up, and
/// its BINARY_EXT term, which the encoder writes; both from one literal
/// ([`keys!`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key {
    /// The key as text.
    pub(crate) name: &'static str,
    /// The key as the term `term_to_binary(<<Name>>)` writes, without the
    /// version byte.
    pub(crate) term: &'static [u8],
}

/// Declares [`Key`] constants, each from one literal.
macro_rules! keys {
    ($($id:ident = $name:literal;)*) => {$(
        #[doc = concat!("`\"", $name, "\"`")]
        pub(crate) const $id: $crate::encode::writer::Key =
            $crate::encode::writer::Key { name: $name, term: $crate::encode::writer::key!($name) };
    )*};
}
pub(crate) use keys;

/// `name` as a BINARY_EXT term (no version byte) at the start of an
/// `M`-byte array, and its length; computed at compile time for map keys
/// and name tables. `name` must fit (`name.len() + 5 <= M`).
pub(crate) const fn binary_term<const M: usize>(name: &str) -> ([u8; M], usize) {
    let bytes = name.as_bytes();
    assert!(bytes.len() + 5 <= M, "binary_term: the name does not fit");
    let len = (bytes.len() as u32).to_be_bytes();
    let mut out = [0u8; M];
    out[0] = tag::BINARY_EXT;
    out[1] = len[0];
    out[2] = len[1];
    out[3] = len[2];
    out[4] = len[3];
    let mut i = 0;
    while i < bytes.len() {
        out[5 + i] = bytes[i];
        i += 1;
    }
    (out, bytes.len() + 5)
}

/// [`binary_term`] for each of `names`, in order.
pub(crate) const fn binary_terms<const N: usize, const M: usize>(names: [&str; N]) -> [([u8; M], usize); N] {
    let mut out = [([0u8; M], 0); N];
    let mut i = 0;
    while i < N {
        out[i] = binary_term(names[i]);
        i += 1;
    }
    out
}

/// A map key, a BINARY_EXT term filling exactly `M` bytes (`key.len() +
/// 5`, which [`key!`] computes; a mismatch fails the build).
pub(crate) const fn binary_key<const M: usize>(key: &str) -> [u8; M] {
    let (out, len) = binary_term::<M>(key);
    assert!(len == M, "binary_key: wrong output length");
    out
}

/// The ETF bytes of a string literal as a binary, computed at compile time:
/// `key!("op")` is `&[109, 0, 0, 0, 2, b'o', b'p']`.
macro_rules! key {
    ($s:literal) => {{
        const KEY: [u8; $s.len() + 5] = $crate::encode::writer::binary_key($s);
        &KEY
    }};
}
pub(crate) use key;
