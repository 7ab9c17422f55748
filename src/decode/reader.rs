//! Validation and skipping, both over [`head`]: the iterative walk that
//! checks a whole term with a fixed-size stack (no recursion, no
//! allocation), and the cheap skip over terms already validated.
//!
//! [`walk`] checks everything once: the headers, plus what they leave
//! open (UTF-8 atoms, floats) and the depth. Everything after it ([`skip`]
//! here, `Term::read` in `term.rs`) reads a validated payload and checks
//! nothing but bounds, which safe code cannot avoid: an atom is not
//! re-checked as UTF-8 each time it is read, and skipping a container is a
//! flat count of the terms still to pass, with no stack.

use super::head::{Head, Shape, head, old_float};
use super::{Error, MAX_DEPTH};

/// What a header leaves to validation: a UTF-8 atom's name must be UTF-8,
/// a float finite. `pos` is where the term starts.
#[inline(always)]
pub(crate) fn check_body(pos: usize, h: &Head<'_>) -> Result<(), Error> {
    let finite = match h.shape {
        Shape::Atom { latin1: false } => {
            // Atoms are nearly always ASCII, which needs no decoding.
            if h.body.is_ascii() {
                return Ok(());
            }
            let bad = |e: core::str::Utf8Error| Error::InvalidUtf8 { offset: h.at + e.valid_up_to() };
            return core::str::from_utf8(h.body).map(drop).map_err(bad);
        }
        Shape::Float(v) => v.is_finite(),
        Shape::OldFloat => old_float(h.body).is_some(),
        _ => true,
    };
    if finite { Ok(()) } else { Err(Error::InvalidFloat { offset: pos }) }
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
        let h = head(src, pos)?;
        check_body(pos, &h)?;
        if in_map && remaining.is_multiple_of(2) {
            on_key(depth, pos, h.end)?;
        }
        remaining -= 1;
        let children = h.children;
        if children > 0 {
            let left = src.len().saturating_sub(h.end);
            let count = usize::try_from(children)
                .ok()
                .filter(|&c| c <= left)
                .ok_or(Error::LengthPastEnd { offset: pos, len: children })?;
            let slot = stack.get_mut(depth).filter(|_| depth < max_depth);
            let slot = slot.ok_or(Error::TooDeep { offset: pos, max: max_depth })?;
            *slot = remaining;
            in_map = matches!(h.shape, Shape::Map(_));
            if in_map {
                maps |= 1 << depth;
            } else {
                maps &= !(1 << depth);
            }
            depth += 1;
            remaining = count;
        }
        pos = h.end;
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

/// Checks the one term at `pos` as validation does (see [`walk`]) and
/// returns where it ends: [`decode`](super::decode) over a whole payload,
/// and how a reader that checks as it goes (serde's) passes over a value
/// it does not read. Not inlined: one copy serves every caller.
#[inline(never)]
pub(crate) fn check(src: &[u8], pos: usize, max_depth: usize) -> Result<usize, Error> {
    walk(src, pos, max_depth, |_, _, _| Ok(()))
}

/// Where the (already validated) term at `pos` ends, given the end of its
/// header and its number of children (see [`Head`]): a flat count of the
/// terms still to pass, no stack. `None` only if the payload was not
/// validated after all.
#[inline]
pub(crate) fn skip_children(src: &[u8], mut pos: usize, mut pending: u64) -> Option<usize> {
    while pending > 0 {
        let h = head(src, pos).ok()?;
        pos = h.end;
        pending = (pending - 1).saturating_add(h.children);
    }
    Some(pos)
}

/// Where the (already validated) term at `pos` ends.
#[inline]
pub(crate) fn skip(src: &[u8], pos: usize) -> Option<usize> {
    let h = head(src, pos).ok()?;
    skip_children(src, h.end, h.children)
}
