//! The low level: the extent of one term header at a time, the iterative
//! walk that validates a whole term with a fixed-size stack (no recursion,
//! no allocation), and the cheap skip over terms already validated.
//!
//! Reading is split in two. [`walk`] checks everything once: tags,
//! lengths, UTF-8 atoms, floats, depth. Everything after it
//! ([`skip`] here, `Term::at` in `term.rs`) reads a validated payload and
//! checks nothing but bounds, which safe code cannot avoid: an atom is not
//! re-checked as UTF-8 each time it is read, and skipping a container is a
//! flat count of the terms still to pass, with no stack.

use super::{Error, MAX_DEPTH};
use crate::tag;

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

    /// The end of `n` fixed bytes at `at`, or [`Error::Truncated`].
    #[inline(always)]
    fn fixed(&self, at: usize, n: usize) -> Result<usize, Error> {
        at.checked_add(n).filter(|&end| end <= self.src.len()).ok_or(Error::Truncated { offset: self.term })
    }

    /// The end of a `len`-byte body at `at`, or [`Error::LengthPastEnd`].
    #[inline(always)]
    fn body(&self, at: usize, len: u64) -> Result<usize, Error> {
        usize::try_from(len)
            .ok()
            .and_then(|n| at.checked_add(n))
            .filter(|&end| end <= self.src.len())
            .ok_or(Error::LengthPastEnd { offset: self.term, len })
    }
}

/// FLOAT_EXT: 31 bytes of `"%.20e"` text, NUL-padded; parsed in place.
pub(crate) fn old_float(text: &[u8]) -> Option<f64> {
    let text = text.split(|&b| b == 0).next().unwrap_or_default();
    core::str::from_utf8(text).ok().and_then(|s| s.trim().parse::<f64>().ok()).filter(|v| v.is_finite())
}

/// Checks that a UTF-8 atom's name is UTF-8; `start` is its first byte.
#[inline(always)]
fn check_utf8(src: &[u8], start: usize, end: usize) -> Result<(), Error> {
    let name = src.get(start..end).unwrap_or_default();
    // Atoms are nearly always ASCII, which needs no decoding.
    if name.is_ascii() {
        return Ok(());
    }
    core::str::from_utf8(name).map(drop).map_err(|e| Error::InvalidUtf8 { offset: start + e.valid_up_to() })
}

/// The extent of the term header at `pos`: `(end, children)`, where `end`
/// is the end of the whole term for scalars and the start of the first
/// child for containers, and `children` how many terms follow as its
/// children (a list's tail counts).
///
/// With `CHECK`, everything is checked (UTF-8 atoms, finite floats) and
/// errors say what is wrong; without, the payload was validated before
/// and only bounds are checked (any error then is merely a stop).
#[inline(always)]
pub(crate) fn span<const CHECK: bool>(src: &[u8], pos: usize) -> Result<(usize, u64), Error> {
    let r = At { src, term: pos };
    let p = pos + 1;
    Ok(match r.u8(pos)? {
        tag::SMALL_INTEGER_EXT => (r.fixed(p, 1)?, 0),
        tag::INTEGER_EXT => (r.fixed(p, 4)?, 0),
        tag::SMALL_BIG_EXT => {
            let n = r.u8(p)?;
            r.fixed(p + 1, 1)?; // the sign
            (r.body(p + 2, n.into())?, 0)
        }
        tag::LARGE_BIG_EXT => {
            let n = r.u32(p)?;
            r.fixed(p + 4, 1)?; // the sign
            (r.body(p + 5, n.into())?, 0)
        }
        tag::NEW_FLOAT_EXT => {
            if CHECK && !f64::from_be_bytes(r.bytes(p)?).is_finite() {
                return Err(Error::InvalidFloat { offset: pos });
            }
            (r.fixed(p, 8)?, 0)
        }
        tag::FLOAT_EXT => {
            if CHECK {
                let text: [u8; 31] = r.bytes(p)?;
                old_float(&text).ok_or(Error::InvalidFloat { offset: pos })?;
            }
            (r.fixed(p, 31)?, 0)
        }
        t @ (tag::ATOM_EXT | tag::ATOM_UTF8_EXT) => {
            let end = r.body(p + 2, r.u16(p)?.into())?;
            if CHECK && t == tag::ATOM_UTF8_EXT {
                check_utf8(src, p + 2, end)?;
            }
            (end, 0)
        }
        t @ (tag::SMALL_ATOM_EXT | tag::SMALL_ATOM_UTF8_EXT) => {
            let end = r.body(p + 1, r.u8(p)?.into())?;
            if CHECK && t == tag::SMALL_ATOM_UTF8_EXT {
                check_utf8(src, p + 1, end)?;
            }
            (end, 0)
        }
        tag::BINARY_EXT => (r.body(p + 4, r.u32(p)?.into())?, 0),
        tag::STRING_EXT => (r.body(p + 2, r.u16(p)?.into())?, 0),
        tag::LIST_EXT => (p + 4, u64::from(r.u32(p)?) + 1),
        tag::NIL_EXT => (p, 0),
        tag::MAP_EXT => (p + 4, 2 * u64::from(r.u32(p)?)),
        tag::SMALL_TUPLE_EXT => (p + 1, r.u8(p)?.into()),
        tag::LARGE_TUPLE_EXT => (p + 4, r.u32(p)?.into()),
        t => return Err(Error::UnknownTag { offset: pos, tag: t }),
    })
}

/// Walks the whole term at `start` and returns where it ends.
///
/// Iterative: a fixed stack of per-level counts of terms still to read,
/// plus a bit per level saying whether it is a map, so that `on_key` is
/// called for every map key with the key's depth (1 for the keys of a
/// top-level map), its offset and its end (where its value starts). Each
/// child takes at least one byte, so a count larger than the bytes left is
/// refused at once.
#[inline(always)]
pub(crate) fn walk<F>(src: &[u8], start: usize, max_depth: usize, mut on_key: F) -> Result<usize, Error>
where
    F: FnMut(usize, usize, usize) -> Result<(), Error>,
{
    let max_depth = max_depth.min(MAX_DEPTH);
    let mut stack = [0usize; MAX_DEPTH];
    let mut maps: u64 = 0;
    // Whether the level being read is a map's (its bit in `maps`).
    let mut in_map = false;
    let mut depth = 0usize;
    let mut remaining = 1usize;
    let mut pos = start;
    loop {
        let (next, children) = span::<true>(src, pos)?;
        if in_map && remaining.is_multiple_of(2) {
            on_key(depth, pos, next)?;
        }
        remaining -= 1;
        if children > 0 {
            let left = src.len().saturating_sub(next);
            let count = usize::try_from(children)
                .ok()
                .filter(|&c| c <= left)
                .ok_or(Error::LengthPastEnd { offset: pos, len: children })?;
            let slot = stack.get_mut(depth).filter(|_| depth < max_depth);
            let slot = slot.ok_or(Error::TooDeep { offset: pos, max: max_depth })?;
            *slot = remaining;
            // The tag says whether it is a map (span read it).
            in_map = src.get(pos) == Some(&tag::MAP_EXT);
            if in_map {
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
            in_map = depth > 0 && (maps >> (depth - 1)) & 1 == 1;
        }
    }
}

/// Where the (already validated) term at `pos` ends, given the end of its
/// header and its number of children (from [`span`]): a flat count of the
/// terms still to pass, no stack. `None` only if the payload was not
/// validated after all.
#[inline]
pub(crate) fn skip_children(src: &[u8], mut pos: usize, mut pending: u64) -> Option<usize> {
    while pending > 0 {
        let (next, children) = span::<false>(src, pos).ok()?;
        pos = next;
        pending = (pending - 1).saturating_add(children);
    }
    Some(pos)
}

/// Where the (already validated) term at `pos` ends.
#[inline]
pub(crate) fn skip(src: &[u8], pos: usize) -> Option<usize> {
    let (next, children) = span::<false>(src, pos).ok()?;
    skip_children(src, next, children)
}
