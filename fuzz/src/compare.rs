//! Our decoded terms against `eetf`, a decoder written independently.
//!
//! [`to_eetf`] turns our [`Term`] into the value `eetf` builds for the same
//! bytes, and [`same`] compares two `eetf` values exactly (floats by bits,
//! integers by value). [`comparable`] says whether `eetf` can be trusted on
//! a payload: it parses FLOAT_EXT as an `f32`, reads Latin-1 atoms as
//! UTF-8, rejects a bignum sign byte other than 0 or 1, keeps an empty
//! STRING_EXT as a byte list where Erlang reads `[]`, and hashes a map in
//! its `HashMap`'s order, so a map key holding a map of two or more
//! entries is neither found nor deduplicated reliably.

use std::collections::HashMap;

use eetf::Term as E;
use gateway_etf::decode::{Term, Value};
use gateway_etf::tag;
use num_bigint::{BigInt, Sign};

/// An integer as `eetf` decodes a canonical one: `FixInteger` when it fits
/// an `i32`, else `BigInteger`.
pub fn int(v: i128) -> E {
    match i32::try_from(v) {
        Ok(v) => E::from(eetf::FixInteger::from(v)),
        Err(_) => E::from(eetf::BigInteger { value: BigInt::from(v) }),
    }
}

/// The tag byte of a decoded term.
fn tag_of(payload: &[u8], t: &Term<'_>) -> u8 {
    payload[t.offset()]
}

/// Our term as `eetf` represents the same bytes.
pub fn to_eetf(payload: &[u8], t: Term<'_>) -> E {
    match t.value() {
        Value::Int(v) => match tag_of(payload, &t) {
            // eetf keeps a non-canonical bignum a BigInteger.
            tag::SMALL_BIG_EXT | tag::LARGE_BIG_EXT => E::from(eetf::BigInteger { value: BigInt::from(v) }),
            _ => int(v),
        },
        Value::BigInt(b) => {
            let sign = if b.is_negative() { Sign::Minus } else { Sign::Plus };
            E::from(eetf::BigInteger { value: BigInt::from_bytes_le(sign, b.magnitude_le()) })
        }
        Value::Float(v) => E::from(eetf::Float { value: v }),
        Value::Atom(a) => E::from(eetf::Atom::from(a.chars().collect::<String>())),
        Value::Binary(b) => E::from(eetf::Binary::from(b)),
        Value::List(l) if l.is_byte_list() => {
            let bytes = l.iter().map(|e| u8::try_from(e.as_int().unwrap()).unwrap()).collect::<Vec<u8>>();
            E::from(eetf::ByteList::from(bytes))
        }
        Value::List(l) => {
            let elements: Vec<E> = l.iter().map(|e| to_eetf(payload, e)).collect();
            match l.tail() {
                None => E::from(eetf::List::from(elements)),
                Some(tail) => E::from(eetf::ImproperList::from((elements, to_eetf(payload, tail)))),
            }
        }
        Value::Map(m) => {
            // eetf inserts in payload order: a repeated key keeps the last value.
            let mut map = HashMap::new();
            for (k, v) in m.iter() {
                map.insert(to_eetf(payload, k), to_eetf(payload, v));
            }
            E::from(eetf::Map::from(map))
        }
        Value::Tuple(tu) => {
            E::from(eetf::Tuple::from(tu.iter().map(|e| to_eetf(payload, e)).collect::<Vec<_>>()))
        }
        _ => panic!("a Value kind this harness does not know"),
    }
}

/// Whether `eetf` reads every part of the term the way Erlang does (see
/// the module docs).
pub fn comparable(payload: &[u8], t: Term<'_>) -> bool {
    fits(payload, t, false)
}

fn fits(payload: &[u8], t: Term<'_>, in_key: bool) -> bool {
    let at = t.offset();
    let ok = match payload[at] {
        tag::FLOAT_EXT => false,
        tag::SMALL_BIG_EXT => payload[at + 2] <= 1,
        tag::LARGE_BIG_EXT => payload[at + 5] <= 1,
        tag::ATOM_EXT | tag::SMALL_ATOM_EXT => t.as_atom().unwrap().as_bytes().is_ascii(),
        tag::STRING_EXT => payload[at + 1..at + 3] != [0, 0],
        tag::MAP_EXT => !in_key || t.as_map().unwrap().len() < 2,
        _ => true,
    };
    ok && match t.value() {
        // Elements of a byte list are bytes, not encoded terms.
        Value::List(l) if l.is_byte_list() => true,
        Value::List(l) => l.iter().chain(l.tail()).all(|e| fits(payload, e, in_key)),
        Value::Map(m) => m.iter().all(|(k, v)| fits(payload, k, true) && fits(payload, v, in_key)),
        Value::Tuple(tu) => tu.iter().all(|e| fits(payload, e, in_key)),
        _ => true,
    }
}

fn as_bigint(t: &E) -> Option<BigInt> {
    match t {
        E::FixInteger(i) => Some(BigInt::from(i.value)),
        E::BigInteger(b) => Some(b.value.clone()),
        _ => None,
    }
}

fn all_same(a: &[E], b: &[E]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
}

/// Exact structural equality: floats by bits (so `-0.0 != 0.0`), integers
/// by value whatever their representation, lists by representation (a
/// byte list is not a list of integers), maps as `eetf` keys them (see
/// the module docs on map keys).
pub fn same(a: &E, b: &E) -> bool {
    if let (Some(x), Some(y)) = (as_bigint(a), as_bigint(b)) {
        return x == y;
    }
    match (a, b) {
        (E::Float(x), E::Float(y)) => x.value.to_bits() == y.value.to_bits(),
        (E::Atom(x), E::Atom(y)) => x.name == y.name,
        (E::Binary(x), E::Binary(y)) => x.bytes == y.bytes,
        (E::ByteList(x), E::ByteList(y)) => x.bytes == y.bytes,
        (E::List(x), E::List(y)) => all_same(&x.elements, &y.elements),
        (E::ImproperList(x), E::ImproperList(y)) => {
            all_same(&x.elements, &y.elements) && same(&x.last, &y.last)
        }
        (E::Tuple(x), E::Tuple(y)) => all_same(&x.elements, &y.elements),
        (E::Map(x), E::Map(y)) => {
            x.map.len() == y.map.len() && x.map.iter().all(|(k, v)| y.map.get(k).is_some_and(|w| same(v, w)))
        }
        _ => false,
    }
}

/// Decodes `payload` with `eetf` and checks it against our term, when
/// `eetf` can be trusted on it.
pub fn against_eetf(payload: &[u8], ours: Term<'_>) {
    if !comparable(payload, ours) {
        return;
    }
    let theirs = match E::decode(payload) {
        Ok(t) => t,
        Err(e) => panic!("we decode {payload:?}, eetf fails: {e}"),
    };
    let mine = to_eetf(payload, ours);
    assert!(same(&mine, &theirs), "decoders disagree on {payload:?}:\n ours: {mine:?}\neetf: {theirs:?}");
}
