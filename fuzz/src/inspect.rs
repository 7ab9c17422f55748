//! Every accessor, conversion and iterator of a decoded term, recursively,
//! with the invariants that tie them together.

use gateway_etf::decode::{
    Atom, Error, GatewayEvent, Hello, Kind, List, Map, Ready, Seq, Term, Tuple, Value,
};
use gateway_etf::{
    Activity, ActivityType, ChannelInfoField, ConnectionProperties, Intents, ShardId, Snowflake, Status,
    UpdatePresence,
};

use crate::{check, check_error};

/// How many keys of a map, or elements of a tuple, are looked up one by
/// one (each lookup scans: all of them would be quadratic).
const LOOKUPS: usize = 16;

/// What [`inspect`] learned about a term.
#[derive(Debug, Default, Clone, Copy)]
pub struct Shape {
    /// Nesting of containers that have children, as the decoder counts it
    /// against its depth limit (`[[[]]]` is 2).
    ///
    /// A lower bound only: the tail of a proper list is not shown, and a
    /// non-canonical empty list (LIST_EXT of length 0) there has children.
    pub depth: usize,
}

impl Shape {
    fn merge(&mut self, child: Shape) {
        self.depth = self.depth.max(child.depth);
    }
}

/// Calls everything on `t` and its children; panics on a broken invariant.
pub fn inspect(payload: &[u8], t: Term<'_>) -> Shape {
    assert!(t.offset() < payload.len(), "term offset {} outside the payload", t.offset());
    scalars(payload, &t);
    conversions(payload, &t);
    let mut shape = Shape::default();
    let children = match t.value() {
        Value::List(l) => list(payload, &t, l, &mut shape),
        Value::Map(m) => map(payload, &t, m, &mut shape),
        Value::Tuple(tu) => tuple(payload, &t, tu, &mut shape),
        _ => false,
    };
    if children {
        shape.depth += 1;
    }
    shape
}

/// The `as_*` accessors agree with `value()` and `kind()`.
fn scalars(payload: &[u8], t: &Term<'_>) {
    let kind = t.kind();
    let results = [
        t.as_int().err(),
        t.as_i64().err(),
        t.as_u64().err(),
        t.as_f64().err(),
        t.as_bool().err(),
        t.as_atom().err(),
        t.as_binary().err(),
        t.as_str().err(),
        t.as_name().err(),
        t.as_list().err(),
        t.as_map().err(),
        t.as_tuple().err(),
    ];
    for e in results.iter().flatten() {
        check_error(payload, e);
        if let Error::WrongType { offset, found, .. } = e {
            assert_eq!((*offset, *found), (t.offset(), kind));
        }
    }
    assert_eq!(t.non_nil().is_none(), t.is_nil());
    assert_eq!(t.get("op").is_some(), t.as_map().is_ok_and(|m| m.contains_key("op")));
    match t.value() {
        Value::Int(v) => {
            assert_eq!(kind, Kind::Integer);
            assert_eq!(t.as_int(), Ok(v));
            assert_eq!(t.as_i64().ok(), i64::try_from(v).ok());
            assert_eq!(t.as_u64().ok(), u64::try_from(v).ok());
            assert!(v.unsigned_abs() <= u128::from(u64::MAX), "Int holds more than 64 bits of magnitude");
            assert_eq!(t.as_f64(), Ok(v as f64));
        }
        Value::BigInt(b) => {
            assert_eq!(kind, Kind::Integer);
            let m = b.magnitude_le();
            assert!(m.len() > 8 && m.last() != Some(&0), "BigInt {m:?} not normalized");
            assert_eq!(t.as_int(), Err(Error::IntegerTooWide { offset: t.offset() }));
            crate::text::check_display(&b);
        }
        Value::Float(v) => {
            assert!(v.is_finite());
            assert_eq!(t.as_f64().map(f64::to_bits), Ok(v.to_bits()));
        }
        Value::Atom(a) => atom(t, a),
        Value::Binary(b) => {
            assert_eq!(t.as_binary(), Ok(b));
            assert_eq!(t.as_str().ok(), core::str::from_utf8(b).ok());
            assert_eq!(t.as_name().ok(), core::str::from_utf8(b).ok());
        }
        _ => {}
    }
}

fn atom(t: &Term<'_>, a: Atom<'_>) {
    assert_eq!(t.kind(), Kind::Atom);
    let chars: String = a.chars().collect();
    if a.is_latin1() {
        assert_eq!(chars.chars().count(), a.as_bytes().len());
    } else {
        assert_eq!(chars.as_bytes(), a.as_bytes());
    }
    assert!(a.eq_str(&chars) && a == chars.as_str());
    match a.as_str() {
        Some(s) => assert_eq!(s, chars),
        None => assert!(a.is_latin1() && !a.as_bytes().is_ascii()),
    }
    assert_eq!(t.as_name().ok(), a.as_str());
    assert_eq!(t.is_nil(), chars == "nil");
    assert_eq!(
        t.as_bool().ok(),
        [("true", true), ("false", false)].into_iter().find(|(n, _)| *n == chars).map(|(_, b)| b)
    );
    crate::text::check_display(&a);
}

/// Conversions through `FromTerm`, including the crate's own types;
/// where two paths read the same thing they must agree.
fn conversions(payload: &[u8], t: &Term<'_>) {
    macro_rules! parse {
        ($($ty:ty),* $(,)?) => {$(
            check(payload, &t.parse::<$ty>());
        )*};
    }
    parse!(u8, u16, u32, u64, i8, i16, i32, i64, i128, usize, f64, bool, &str, &[u8]);
    parse!(Option<bool>, Option<u64>, Atom, List, Map, Tuple, Term);
    parse!(Status, ChannelInfoField, ActivityType, Intents, Activity, ConnectionProperties, Hello, Ready);
    parse!(UpdatePresence, GatewayEvent);

    assert_eq!(t.parse::<u64>(), t.as_u64());
    assert_eq!(t.parse::<&str>(), t.as_str());
    assert_eq!(t.parse::<Intents>().map(|i| i.bits()), t.as_u64());

    let snowflake = t.parse::<Snowflake>();
    check(payload, &snowflake);
    let expected = match t.as_binary() {
        Ok(digits) => core::str::from_utf8(digits)
            .ok()
            .filter(|s| (1..=20).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<u64>().ok()),
        Err(_) => t.as_u64().ok(),
    };
    assert_eq!(snowflake.ok().map(Snowflake::get), expected, "snowflake of {t}");

    if let Ok(shard) = t.parse::<ShardId>() {
        assert!(shard.id() < shard.count());
        let l = t.as_list().unwrap();
        assert!(l.len() == 2 && l.is_proper());
    }
    if let Ok(kind) = t.parse::<ActivityType>() {
        assert_eq!(t.as_u64(), Ok(kind as u64));
    }
    seq::<Snowflake>(payload, t);
    seq::<ChannelInfoField>(payload, t);
    seq::<Activity>(payload, t);
    seq::<u8>(payload, t);
}

/// A `Seq` that was accepted yields exactly `len()` items, and copies
/// into a buffer of that size but not one shorter.
fn seq<'a, T>(payload: &[u8], t: &Term<'a>)
where
    T: gateway_etf::decode::FromTerm<'a> + PartialEq + core::fmt::Debug + Copy,
{
    let s = match t.parse::<Seq<'a, T>>() {
        Ok(s) => s,
        Err(e) => return check_error(payload, &e),
    };
    let items: Vec<T> = s.iter().collect();
    assert_eq!(items.len(), s.len(), "Seq iterator ended early");
    assert_eq!(s.is_empty(), items.is_empty());
    assert_eq!(s.iter().size_hint(), (s.len(), Some(s.len())));
    assert!(s.list().is_proper());
    assert!(s == items.as_slice());
    if let Some(&first) = items.first() {
        let mut buf = vec![first; items.len()];
        assert_eq!(s.copy_into(&mut buf), Ok(items.as_slice()));
        assert_eq!(s.copy_into(&mut buf[1..]), Err(Error::BufferTooSmall { needed: items.len() }));
    }
}

/// Children of a container: inspected, with offsets that increase and stay
/// inside the parent's span.
fn children<'a>(payload: &[u8], parent: &Term<'a>, items: impl Iterator<Item = Term<'a>>, shape: &mut Shape) {
    let mut last = parent.offset();
    for item in items {
        assert!(item.offset() > last, "child at {} does not follow {last}", item.offset());
        last = item.offset();
        shape.merge(inspect(payload, item));
    }
}

/// Returns whether the list has children the decoder counts for depth.
fn list(payload: &[u8], t: &Term<'_>, l: List<'_>, shape: &mut Shape) -> bool {
    assert_eq!(l.offset(), t.offset());
    let n = l.len();
    assert_eq!(l.is_empty(), n == 0);
    assert_eq!(l.iter().size_hint(), (n, Some(n)));
    assert_eq!(l.iter().count(), n, "list iterator and len() disagree");
    assert_eq!(l.into_iter().len(), n);
    let tail = l.tail();
    assert_eq!(l.is_proper(), tail.is_none());
    if let Some(tail) = tail {
        assert!(!tail.as_list().is_ok_and(|tl| tl.is_empty()), "an empty tail makes a proper list");
    }
    let tag = payload[t.offset()];
    if l.is_byte_list() {
        assert!(n > 0 && tail.is_none());
        for (i, e) in l.iter().enumerate() {
            // Elements of a byte list sit at their byte.
            assert_eq!(e.offset(), t.offset() + 3 + i);
            assert_eq!(e.as_int(), Ok(payload[e.offset()].into()));
        }
        crate::text::check_display(&l);
        return false;
    }
    children(payload, t, l.iter().chain(tail), shape);
    crate::text::check_display(&l);
    if tag == gateway_etf::tag::LIST_EXT {
        true
    } else {
        assert!(n == 0 && tail.is_none());
        false
    }
}

fn map(payload: &[u8], t: &Term<'_>, m: Map<'_>, shape: &mut Shape) -> bool {
    assert_eq!(m.offset(), t.offset());
    let n = m.len();
    assert_eq!(m.is_empty(), n == 0);
    assert_eq!(m.iter().size_hint(), (n, Some(n)));
    assert_eq!(m.iter().count(), n, "map iterator and len() disagree");
    children(payload, t, m.iter().flat_map(|(k, v)| [k, v]), shape);
    // get() finds the first key spelled so, atom or binary.
    for (k, _) in m.iter().take(LOOKUPS) {
        let Ok(name) = k.as_name() else { continue };
        let first = m.iter().find(|(k, _)| match k.value() {
            Value::Atom(a) => a.eq_str(name),
            Value::Binary(b) => b == name.as_bytes(),
            _ => false,
        });
        let got = m.get(name);
        assert_eq!(got.map(|v| v.offset()), first.map(|(_, v)| v.offset()), "get({name:?})");
        assert!(m.contains_key(name));
        assert_eq!(t.get(name).map(|v| v.offset()), got.map(|v| v.offset()));
    }
    assert_eq!(
        m.required::<Term>("op").map(|v| v.offset()),
        m.get("op").map(|v| v.offset()).ok_or(Error::MissingField { offset: m.offset(), field: "op" })
    );
    crate::text::check_display(&m);
    n > 0
}

fn tuple(payload: &[u8], t: &Term<'_>, tu: Tuple<'_>, shape: &mut Shape) -> bool {
    assert_eq!(tu.offset(), t.offset());
    let n = tu.len();
    assert_eq!(tu.is_empty(), n == 0);
    assert_eq!(tu.iter().size_hint(), (n, Some(n)));
    assert_eq!(tu.iter().count(), n, "tuple iterator and len() disagree");
    children(payload, t, tu.iter(), shape);
    let offsets: Vec<usize> = tu.iter().map(|e| e.offset()).collect();
    for i in (0..n.min(LOOKUPS)).chain(n.saturating_sub(2)..n + 1) {
        assert_eq!(tu.get(i).map(|e| e.offset()), offsets.get(i).copied());
    }
    crate::text::check_display(&tu);
    n > 0
}
