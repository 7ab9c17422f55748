//! The low level: one term header at a time, and the iterative walk that
//! validates or skips a whole term with a fixed-size stack (no recursion,
//! no allocation).

use super::{Error, MAX_DEPTH};
use crate::etf::tag;

/// A term's header, decoded; scalars carry their whole value.
#[derive(Clone, Copy)]
pub(crate) enum Head<'a> {
    /// An integer whose magnitude fits 64 bits.
    Int(i128),
    /// A wider integer: sign and little-endian magnitude without high zero
    /// bytes.
    Big { negative: bool, magnitude: &'a [u8] },
    /// A finite float.
    Float(f64),
    /// An atom's name; `latin1` for tags 100 and 115.
    Atom { name: &'a [u8], latin1: bool },
    /// A binary's bytes.
    Binary(&'a [u8]),
    /// STRING_EXT: a list of small integers, stored as bytes.
    Bytes(&'a [u8]),
    /// LIST_EXT with this many elements (then the tail).
    List(u32),
    /// NIL_EXT.
    Nil,
    /// MAP_EXT with this many pairs.
    Map(u32),
    /// A tuple with this many elements.
    Tuple(u32),
}

impl Head<'_> {
    /// How many terms follow the header as children.
    fn children(&self) -> u64 {
        match *self {
            Head::List(n) => u64::from(n) + 1,
            Head::Map(n) => 2 * u64::from(n),
            Head::Tuple(n) => u64::from(n),
            _ => 0,
        }
    }
}

/// Reads the parts of the term that starts at `term`, reporting errors
/// against that offset.
struct At<'a> {
    src: &'a [u8],
    term: usize,
}

impl<'a> At<'a> {
    #[inline]
    fn bytes<const N: usize>(&self, at: usize) -> Result<[u8; N], Error> {
        at.checked_add(N)
            .and_then(|end| self.src.get(at..end))
            .and_then(|s| <[u8; N]>::try_from(s).ok())
            .ok_or(Error::Truncated { offset: self.term })
    }

    #[inline]
    fn u8(&self, at: usize) -> Result<u8, Error> {
        self.src.get(at).copied().ok_or(Error::Truncated { offset: self.term })
    }

    #[inline]
    fn u16(&self, at: usize) -> Result<u16, Error> {
        self.bytes(at).map(u16::from_be_bytes)
    }

    #[inline]
    fn u32(&self, at: usize) -> Result<u32, Error> {
        self.bytes(at).map(u32::from_be_bytes)
    }

    /// `len` bytes at `at`, or [`Error::LengthPastEnd`].
    #[inline]
    fn take(&self, at: usize, len: u64) -> Result<&'a [u8], Error> {
        usize::try_from(len)
            .ok()
            .and_then(|n| at.checked_add(n))
            .and_then(|end| self.src.get(at..end))
            .ok_or(Error::LengthPastEnd { offset: self.term, len })
    }

    /// A length-prefixed body: `(body, end)`.
    #[inline]
    fn body(&self, at: usize, len: u64) -> Result<(&'a [u8], usize), Error> {
        let body = self.take(at, len)?;
        Ok((body, at + body.len()))
    }
}

/// An integer from its sign and little-endian magnitude.
fn big<'a>(negative: bool, magnitude: &'a [u8]) -> Head<'a> {
    let mut m = magnitude;
    while let [rest @ .., 0] = m {
        m = rest;
    }
    if m.len() > 8 {
        return Head::Big { negative, magnitude: m };
    }
    let mut le = [0u8; 8];
    for (dst, src) in le.iter_mut().zip(m) {
        *dst = *src;
    }
    let v = i128::from(u64::from_le_bytes(le));
    Head::Int(if negative { -v } else { v })
}

/// FLOAT_EXT: 31 bytes of `"%.20e"` text, NUL-padded; parsed in place.
fn old_float(text: &[u8], offset: usize) -> Result<f64, Error> {
    let text = text.split(|&b| b == 0).next().unwrap_or_default();
    core::str::from_utf8(text)
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite())
        .ok_or(Error::InvalidFloat { offset })
}

/// An atom's name; UTF-8 tags are checked.
fn atom(name: &[u8], start: usize, latin1: bool) -> Result<Head<'_>, Error> {
    if !latin1 {
        core::str::from_utf8(name).map_err(|e| Error::InvalidUtf8 { offset: start + e.valid_up_to() })?;
    }
    Ok(Head::Atom { name, latin1 })
}

/// Decodes the header of the term at `pos`: `(head, end)`, where `end` is
/// the end of the whole term for scalars and the start of the first child
/// for containers.
pub(crate) fn head(src: &[u8], pos: usize) -> Result<(Head<'_>, usize), Error> {
    let r = At { src, term: pos };
    let p = pos + 1;
    let head = match r.u8(pos)? {
        tag::SMALL_INTEGER_EXT => (Head::Int(r.u8(p)?.into()), p + 1),
        tag::INTEGER_EXT => (Head::Int(i32::from_be_bytes(r.bytes(p)?).into()), p + 4),
        tag::SMALL_BIG_EXT => {
            let n = r.u8(p)?;
            let negative = r.u8(p + 1)? != 0;
            let (m, end) = r.body(p + 2, n.into())?;
            (big(negative, m), end)
        }
        tag::LARGE_BIG_EXT => {
            let n = r.u32(p)?;
            let negative = r.u8(p + 4)? != 0;
            let (m, end) = r.body(p + 5, n.into())?;
            (big(negative, m), end)
        }
        tag::NEW_FLOAT_EXT => {
            let v = f64::from_be_bytes(r.bytes(p)?);
            if !v.is_finite() {
                return Err(Error::InvalidFloat { offset: pos });
            }
            (Head::Float(v), p + 8)
        }
        tag::FLOAT_EXT => {
            let text: [u8; 31] = r.bytes(p)?;
            (Head::Float(old_float(&text, pos)?), p + 31)
        }
        t @ (tag::ATOM_EXT | tag::ATOM_UTF8_EXT) => {
            let (name, end) = r.body(p + 2, r.u16(p)?.into())?;
            (atom(name, p + 2, t == tag::ATOM_EXT)?, end)
        }
        t @ (tag::SMALL_ATOM_EXT | tag::SMALL_ATOM_UTF8_EXT) => {
            let (name, end) = r.body(p + 1, r.u8(p)?.into())?;
            (atom(name, p + 1, t == tag::SMALL_ATOM_EXT)?, end)
        }
        tag::BINARY_EXT => {
            let (b, end) = r.body(p + 4, r.u32(p)?.into())?;
            (Head::Binary(b), end)
        }
        tag::STRING_EXT => {
            let (b, end) = r.body(p + 2, r.u16(p)?.into())?;
            (Head::Bytes(b), end)
        }
        tag::LIST_EXT => (Head::List(r.u32(p)?), p + 4),
        tag::NIL_EXT => (Head::Nil, p),
        tag::MAP_EXT => (Head::Map(r.u32(p)?), p + 4),
        tag::SMALL_TUPLE_EXT => (Head::Tuple(r.u8(p)?.into()), p + 1),
        tag::LARGE_TUPLE_EXT => (Head::Tuple(r.u32(p)?), p + 4),
        t => return Err(Error::UnknownTag { offset: pos, tag: t }),
    };
    Ok(head)
}

/// Walks the whole term at `start` and returns where it ends.
///
/// Iterative: a fixed stack of per-level counts of terms still to read,
/// plus a bit per level saying whether it is a map, so that `on_key` is
/// called with the offset and header of every map key. Each child takes at
/// least one byte, so a count larger than the bytes left is refused at once.
pub(crate) fn walk<F>(src: &[u8], start: usize, max_depth: usize, mut on_key: F) -> Result<usize, Error>
where
    F: FnMut(usize, &Head<'_>) -> Result<(), Error>,
{
    let max_depth = max_depth.min(MAX_DEPTH);
    let mut stack = [0usize; MAX_DEPTH];
    let mut maps: u64 = 0;
    let mut depth = 0usize;
    let mut remaining = 1usize;
    let mut pos = start;
    loop {
        let (head, next) = head(src, pos)?;
        if depth > 0 && (maps >> (depth - 1)) & 1 == 1 && remaining.is_multiple_of(2) {
            on_key(pos, &head)?;
        }
        remaining = remaining.saturating_sub(1);
        let children = head.children();
        if children > 0 {
            let left = src.len().saturating_sub(next);
            let count = usize::try_from(children)
                .ok()
                .filter(|&c| c <= left)
                .ok_or(Error::LengthPastEnd { offset: pos, len: children })?;
            let slot = stack.get_mut(depth).filter(|_| depth < max_depth);
            let slot = slot.ok_or(Error::TooDeep { offset: pos, max: max_depth })?;
            *slot = remaining;
            if matches!(head, Head::Map(_)) {
                maps |= 1 << depth;
            } else {
                maps &= !(1 << depth);
            }
            depth += 1;
            remaining = count;
        }
        pos = next;
        while remaining == 0 {
            if depth == 0 {
                return Ok(pos);
            }
            depth -= 1;
            remaining = stack.get(depth).copied().unwrap_or_default();
        }
    }
}

/// Where the (already validated) term at `pos` ends; scalars and empty
/// containers without setting up the walk.
#[inline]
pub(crate) fn skip(src: &[u8], pos: usize) -> Result<usize, Error> {
    let (head, next) = head(src, pos)?;
    if head.children() == 0 {
        return Ok(next);
    }
    walk(src, pos, MAX_DEPTH, |_, _| Ok(()))
}
