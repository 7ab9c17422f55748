//! The one parser of term headers: the tag, its length fields and where
//! its body lies. Validation, skipping and reading all start here, so they
//! cannot disagree about a tag.

use super::{Atom, Error};
use crate::tag;

/// What a header says the term is, with what it fixes: small scalars are
/// read whole, the rest say how to read their body or children.
#[derive(Clone, Copy)]
pub(crate) enum Shape {
    /// SMALL_INTEGER_EXT or INTEGER_EXT.
    Int(i32),
    /// SMALL_BIG_EXT or LARGE_BIG_EXT: the body is the magnitude,
    /// least significant byte first.
    Big { negative: bool },
    /// NEW_FLOAT_EXT, not yet checked finite.
    Float(f64),
    /// FLOAT_EXT: the body is its 31 bytes of text, not yet parsed.
    OldFloat,
    /// An atom: the body is its name, UTF-8 not yet checked.
    Atom { latin1: bool },
    /// BINARY_EXT: the body is the bytes.
    Binary,
    /// STRING_EXT or NIL_EXT: a list whose elements are the body's bytes.
    ByteList,
    /// LIST_EXT: this many elements, then the tail.
    List(u32),
    /// MAP_EXT: this many key/value pairs.
    Map(u32),
    /// SMALL_TUPLE_EXT or LARGE_TUPLE_EXT: this many elements.
    Tuple(u32),
}

/// One term's header, its extent known to lie within the input.
#[derive(Clone, Copy)]
pub(crate) struct Head<'a> {
    pub(crate) shape: Shape,
    /// Where the body starts: after the tag and length fields (for a
    /// container, its first child).
    pub(crate) at: usize,
    /// The body: a name, a binary's bytes, a magnitude, a float's text;
    /// empty for a container. Sliced here, once, so readers need no
    /// bounds check of their own.
    pub(crate) body: &'a [u8],
    /// Where the body ends: the end of a scalar, the first child of a
    /// container.
    pub(crate) end: usize,
    /// How many terms follow as children (a list's tail counts). Kept
    /// apart from `shape` so that walking needs no second match.
    pub(crate) children: u64,
}

impl<'a> Head<'a> {
    /// The term as a map key's name: an atom's, or a binary's bytes as a
    /// UTF-8 "atom"; `None` for any other term.
    #[inline(always)]
    pub(crate) fn name(&self) -> Option<Atom<'a>> {
        match self.shape {
            Shape::Atom { latin1 } => Some(Atom { name: self.body, latin1 }),
            Shape::Binary => Some(Atom { name: self.body, latin1: false }),
            _ => None,
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
    #[inline(always)]
    fn bytes<const N: usize>(&self, at: usize) -> Result<[u8; N], Error> {
        at.checked_add(N)
            .and_then(|end| self.src.get(at..end))
            .and_then(|s| <[u8; N]>::try_from(s).ok())
            .ok_or(Error::Truncated { offset: self.term })
    }

    #[inline(always)]
    fn u8(&self, at: usize) -> Result<u8, Error> {
        self.src.get(at).copied().ok_or(Error::Truncated { offset: self.term })
    }

    #[inline(always)]
    fn u16(&self, at: usize) -> Result<u16, Error> {
        self.bytes(at).map(u16::from_be_bytes)
    }

    #[inline(always)]
    fn u32(&self, at: usize) -> Result<u32, Error> {
        self.bytes(at).map(u32::from_be_bytes)
    }

    /// `n` bytes at `at`, and their end.
    #[inline(always)]
    fn slice(&self, at: usize, n: usize) -> Option<(&'a [u8], usize)> {
        let end = at.checked_add(n)?;
        Some((self.src.get(at..end)?, end))
    }

    /// A scalar of `n` fixed bytes at `at`, or [`Error::Truncated`].
    #[inline(always)]
    fn fixed(&self, shape: Shape, at: usize, n: usize) -> Result<Head<'a>, Error> {
        let (body, end) = self.slice(at, n).ok_or(Error::Truncated { offset: self.term })?;
        Ok(Head { shape, at, body, end, children: 0 })
    }

    /// A term with a `len`-byte body at `at`, or [`Error::LengthPastEnd`].
    #[inline(always)]
    fn body(&self, shape: Shape, at: usize, len: u64) -> Result<Head<'a>, Error> {
        let body = usize::try_from(len).ok().and_then(|n| self.slice(at, n));
        let (body, end) = body.ok_or(Error::LengthPastEnd { offset: self.term, len })?;
        Ok(Head { shape, at, body, end, children: 0 })
    }
}

/// FLOAT_EXT: 31 bytes of `"%.20e"` text, NUL-padded; parsed in place.
pub(crate) fn old_float(text: &[u8]) -> Option<f64> {
    let text = text.split(|&b| b == 0).next().unwrap_or_default();
    core::str::from_utf8(text).ok().and_then(|s| s.trim().parse::<f64>().ok()).filter(|v| v.is_finite())
}

/// A container of `children` terms from `first`.
#[inline(always)]
fn container(shape: Shape, first: usize, children: u64) -> Head<'static> {
    Head { shape, at: first, body: &[], end: first, children }
}

/// The header of the term at `pos`. Errors point at `pos`: the fixed part
/// cut short is [`Error::Truncated`], a body past the input
/// [`Error::LengthPastEnd`]. Children are not looked at.
#[inline(always)]
pub(crate) fn head(src: &[u8], pos: usize) -> Result<Head<'_>, Error> {
    let r = At { src, term: pos };
    let t = r.u8(pos)?;
    let p = pos + 1;
    match t {
        tag::SMALL_INTEGER_EXT => r.fixed(Shape::Int(r.u8(p)?.into()), p, 1),
        tag::INTEGER_EXT => r.fixed(Shape::Int(i32::from_be_bytes(r.bytes(p)?)), p, 4),
        tag::SMALL_BIG_EXT => {
            let n = r.u8(p)?;
            r.body(Shape::Big { negative: r.u8(p + 1)? != 0 }, p + 2, n.into())
        }
        tag::LARGE_BIG_EXT => {
            let n = r.u32(p)?;
            r.body(Shape::Big { negative: r.u8(p + 4)? != 0 }, p + 5, n.into())
        }
        tag::NEW_FLOAT_EXT => r.fixed(Shape::Float(f64::from_be_bytes(r.bytes(p)?)), p, 8),
        tag::FLOAT_EXT => r.fixed(Shape::OldFloat, p, 31),
        tag::ATOM_EXT | tag::ATOM_UTF8_EXT => {
            r.body(Shape::Atom { latin1: t == tag::ATOM_EXT }, p + 2, r.u16(p)?.into())
        }
        tag::SMALL_ATOM_EXT | tag::SMALL_ATOM_UTF8_EXT => {
            r.body(Shape::Atom { latin1: t == tag::SMALL_ATOM_EXT }, p + 1, r.u8(p)?.into())
        }
        tag::BINARY_EXT => r.body(Shape::Binary, p + 4, r.u32(p)?.into()),
        tag::STRING_EXT => r.body(Shape::ByteList, p + 2, r.u16(p)?.into()),
        tag::NIL_EXT => Ok(container(Shape::ByteList, p, 0)),
        tag::LIST_EXT => {
            let n = r.u32(p)?;
            Ok(container(Shape::List(n), p + 4, u64::from(n) + 1))
        }
        tag::MAP_EXT => {
            let n = r.u32(p)?;
            Ok(container(Shape::Map(n), p + 4, 2 * u64::from(n)))
        }
        tag::SMALL_TUPLE_EXT => {
            let n = r.u8(p)?;
            Ok(container(Shape::Tuple(n.into()), p + 1, n.into()))
        }
        tag::LARGE_TUPLE_EXT => {
            let n = r.u32(p)?;
            Ok(container(Shape::Tuple(n), p + 4, n.into()))
        }
        t => Err(Error::UnknownTag { offset: pos, tag: t }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Error, Kind, Term, decode, reader};
    use super::head;

    /// One term of every accepted tag, with the length of its fixed part
    /// (tag, length fields, sign) and the body length its header announces.
    const TERMS: [(&[u8], usize, Option<u64>); 17] = [
        (&[97, 7], 2, None),
        (&[98, 255, 255, 255, 255], 5, None),
        (&[110, 2, 1, 0, 1], 3, Some(2)),
        (&[111, 0, 0, 0, 1, 0, 9], 6, Some(1)),
        (&[70, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0], 9, None),
        (b"c1.50000000000000000000e+00\0\0\0\0\0", 32, None),
        (&[100, 0, 2, b'o', b'k'], 3, Some(2)),
        (&[115, 2, b'o', b'k'], 2, Some(2)),
        (&[118, 0, 2, 0xc3, 0xa9], 3, Some(2)),
        (&[119, 2, 0xc3, 0xa9], 2, Some(2)),
        (&[109, 0, 0, 0, 1, 0xff], 5, Some(1)),
        (&[107, 0, 2, 1, 2], 3, Some(2)),
        (&[106], 1, None),
        (&[108, 0, 0, 0, 1, 97, 1, 106], 5, None),
        (&[116, 0, 0, 0, 1, 119, 1, b'a', 97, 1], 5, None),
        (&[104, 1, 106], 2, None),
        (&[105, 0, 0, 0, 1, 106], 5, None),
    ];

    /// `parts` one after the other in `buf`; the bytes written.
    fn concat<'b>(buf: &'b mut [u8; 160], parts: &[&[u8]]) -> &'b [u8] {
        let mut len = 0;
        for part in parts {
            buf[len..len + part.len()].copy_from_slice(part);
            len += part.len();
        }
        &buf[..len]
    }

    /// Every cut of a header is `Truncated` at the term, every cut of a
    /// body `LengthPastEnd` with the announced length: the errors the
    /// walk reports, whoever parses the header.
    #[test]
    fn cut_headers_and_bodies_give_their_errors_at_the_term() {
        let mut buf = [0; 160];
        for (term, fixed, body) in TERMS {
            let bytes = concat(&mut buf, &[&[131], term]);
            for n in 1..bytes.len() {
                let got = head(&bytes[..n], 1).map(|h| h.end);
                let want = match body {
                    _ if n < 1 + fixed => Err(Error::Truncated { offset: 1 }),
                    Some(len) => Err(Error::LengthPastEnd { offset: 1, len }),
                    // A container's children are not the header's.
                    None => Ok(1 + fixed),
                };
                assert_eq!(got, want, "{term:?} cut to {n}");
            }
            let end = head(bytes, 1).map(|h| h.end);
            assert_eq!(end, Ok(if body.is_some() { bytes.len() } else { 1 + fixed }), "{term:?}");
        }
    }

    /// Validation, skipping and reading find the same end for every tag,
    /// and reading gives each its kind.
    #[test]
    fn walk_skip_and_read_agree_on_every_tag() {
        let mut buf = [0; 160];
        let [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q] = TERMS.map(|t| t.0);
        let header: &[u8] = &[131, 108, 0, 0, 0, TERMS.len() as u8];
        let bytes = concat(&mut buf, &[header, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, &[106]]);
        let list = decode(bytes).unwrap().as_list().unwrap();
        assert_eq!(reader::skip(bytes, 1), Some(bytes.len()));
        use Kind::*;
        let want = [
            Integer, Integer, Integer, Integer, Float, Float, Atom, Atom, Atom, Atom, Binary, List, List,
            List, Map, Tuple, Tuple,
        ];
        assert!(list.iter().map(|t| t.kind()).eq(want));
        let mut pos = header.len();
        for (term, _, _) in TERMS {
            let (read, end) = Term::at_end(bytes, pos).unwrap();
            assert_eq!((read.offset(), end), (pos, pos + term.len()));
            assert_eq!(reader::skip(bytes, pos), Some(end));
            pos = end;
        }
    }
}
