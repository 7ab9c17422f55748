//! An arbitrary term tree written with the crate's `Writer` (headers
//! always match the element counts), then read by `eetf`, an independent
//! decoder, and by our own, and compared with the tree. Also: the length
//! matches a model of Erlang's canonical encoding, a counting sink agrees,
//! and a slice sink too small fails with a prefix of the bytes.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use eetf::Term as E;
use gateway_etf::Error;
use gateway_etf::decode::{self, Error as DecodeError, MAX_DEPTH, Term};
use gateway_etf::encode::Writer;
use gateway_etf::encode::{CountingSink, Sink, SliceSink};
use gateway_etf_fuzz::compare::{int, same, to_eetf};
use libfuzzer_sys::fuzz_target;

/// One term, as the writer is asked to write it.
#[derive(Debug, Clone)]
enum Node {
    Int(i64),
    Uint(u64),
    Float(f64),
    Atom(String),
    Str(String),
    Binary(Vec<u8>),
    Bool(bool),
    Null,
    Map(Vec<(Node, Node)>),
    /// Elements, then `[]` or another term as the tail.
    List(Vec<Node>, Option<Box<Node>>),
    Tuple(Vec<Node>),
    SmallIntList(Vec<u8>),
    /// Written with `uint_list`, or with `snowflakes` when the flag is set.
    UintList(Vec<u64>, bool),
}

/// Nesting the generator goes to: past the decoder's limit, to hit it.
const MAX_GEN_DEPTH: usize = MAX_DEPTH + 4;

/// Whether a `BufferFull` must be exactly as documented for one Writer
/// call (what was written so far plus that value) and leave no part of the
/// value behind. On by default (feature `exact-buffer-full`).
const EXACT_BUFFER_FULL: bool = cfg!(feature = "exact-buffer-full");

/// Nodes per input, to bound the work.
const MAX_NODES: usize = 3000;

fn int_edge(u: &mut Unstructured<'_>) -> arbitrary::Result<i64> {
    const EDGES: [i64; 12] = [
        0,
        1,
        -1,
        255,
        256,
        -256,
        i32::MAX as i64,
        i32::MAX as i64 + 1,
        i32::MIN as i64,
        i32::MIN as i64 - 1,
        i64::MIN,
        i64::MAX,
    ];
    let pick: u8 = u.arbitrary()?;
    Ok(match EDGES.get(usize::from(pick % 24)) {
        Some(&v) => v,
        None => u.arbitrary()?,
    })
}

/// Turns fuzz bytes into a tree, within a node budget.
struct Gen<'u, 'a> {
    u: &'u mut Unstructured<'a>,
    /// Nodes left.
    budget: usize,
    /// Whether a list around the 65535 limit may still be made (one per
    /// tree: they are big).
    long_list: bool,
}

impl Gen<'_, '_> {
    /// Sometimes a length around the 65535 limit of STRING_EXT.
    fn long_len(&mut self, in_key: bool) -> arbitrary::Result<Option<usize>> {
        if in_key || !self.long_list || self.u.int_in_range(0u8..=63)? != 0 {
            return Ok(None);
        }
        self.long_list = false;
        Ok(Some(*self.u.choose(&[65535, 65536])?))
    }

    fn children(&mut self, depth: usize, in_key: bool) -> arbitrary::Result<Vec<Node>> {
        let n = self.u.int_in_range(0u8..=6)?;
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(self.node(depth + 1, in_key)?);
        }
        // Sometimes pad past 255 elements: LARGE_TUPLE_EXT, long lists
        // (not in keys: eetf hashes a key whole at every level).
        if !in_key && self.u.int_in_range(0u8..=31)? == 0 {
            let pad = self.u.int_in_range(250usize..=300)?;
            self.budget = self.budget.saturating_sub(pad);
            out.extend(std::iter::repeat_n(Node::Int(7), pad));
        }
        Ok(out)
    }

    /// A node at `depth`; `in_key` inside a map key, where maps keep at
    /// most one pair (eetf cannot match keys holding bigger maps) and
    /// nothing is padded or long.
    fn node(&mut self, depth: usize, in_key: bool) -> arbitrary::Result<Node> {
        self.budget = self.budget.saturating_sub(1);
        let leaves_only = depth >= MAX_GEN_DEPTH || self.budget == 0;
        let u = &mut *self.u;
        Ok(match u.int_in_range(0u8..=if leaves_only { 9 } else { 15 })? {
            0 => Node::Int(int_edge(u)?),
            1 => Node::Uint(int_edge(u)? as u64),
            2 => Node::Float(f64::from_bits(u.arbitrary()?)),
            3 => Node::Atom(String::arbitrary(u)?),
            4 => {
                // Around the 255-character limit, in 1- to 4-byte characters.
                let c = *u.choose(&['a', 'é', '€', '𝄞'])?;
                Node::Atom(std::iter::repeat_n(c, u.int_in_range(250usize..=260)?).collect())
            }
            5 => Node::Str(String::arbitrary(u)?),
            6 => Node::Binary(Vec::arbitrary(u)?),
            7 => Node::Bool(u.arbitrary()?),
            8 => Node::Null,
            9 => match self.long_len(in_key)? {
                Some(n) => Node::SmallIntList((0..n).map(|i| i as u8).collect()),
                None => Node::SmallIntList(Vec::arbitrary(self.u)?),
            },
            10 => {
                let n = u.int_in_range(0u8..=6)?;
                let mut ids = Vec::new();
                for _ in 0..n {
                    ids.push(int_edge(u)? as u64);
                }
                if let Some(n) = self.long_len(in_key)? {
                    ids = (0..n as u64).map(|i| i % 256).collect();
                }
                Node::UintList(ids, self.u.arbitrary()?)
            }
            11 | 12 => {
                let items = self.children(depth, in_key)?;
                let tail =
                    if self.u.ratio(1u8, 4)? { Some(Box::new(self.node(depth + 1, in_key)?)) } else { None };
                Node::List(items, tail)
            }
            13 => Node::Tuple(self.children(depth, in_key)?),
            _ => {
                let mut keys = self.children(depth, true)?;
                if in_key {
                    keys.truncate(1);
                }
                let mut pairs = Vec::new();
                for k in keys {
                    pairs.push((k, self.node(depth + 1, in_key)?));
                }
                Node::Map(pairs)
            }
        })
    }
}

/// The first error the writer must report, in writing order.
fn first_error(n: &Node) -> Option<Error> {
    match n {
        Node::Float(v) if !v.is_finite() => Some(Error::NonFiniteFloat),
        Node::Atom(s) if s.chars().count() > 255 => Some(Error::AtomTooLong(s.chars().count())),
        Node::Map(pairs) => pairs.iter().find_map(|(k, v)| first_error(k).or_else(|| first_error(v))),
        Node::List(items, tail) => items.iter().chain(tail.as_deref()).find_map(first_error),
        Node::Tuple(items) => items.iter().find_map(first_error),
        _ => None,
    }
}

/// One Writer call about to be made: where the sink stood, the size of the
/// value, and whether it is one of the known deviations (see
/// [`EXACT_BUFFER_FULL`]).
#[derive(Debug, Clone, Copy, Default)]
struct Call {
    start: usize,
    size: usize,
    known: Option<Deviation>,
}

/// The writer's known departures from "`needed` is what was written plus
/// the value, and a failed call writes nothing".
#[derive(Debug, Clone, Copy, PartialEq)]
enum Deviation {
    /// `atom` reserves 3 header bytes even for SMALL_ATOM_UTF8_EXT's 2:
    /// `needed` is one too many and an exactly sized buffer fails.
    AtomReservesOneMore,
    /// `uint_list`/`snowflakes` in LIST_EXT form do not reserve: a failure
    /// leaves the header and some elements, `needed` covers only those.
    UintListNotReserved,
}

fn deviation(n: &Node) -> Option<Deviation> {
    match n {
        Node::Atom(s) if s.len() <= 255 => Some(Deviation::AtomReservesOneMore),
        Node::UintList(v, _) if v.len() > 65535 || v.iter().any(|&x| x > 255) => {
            Some(Deviation::UintListNotReserved)
        }
        _ => None,
    }
}

/// Writes `n`, telling `call` about each Writer call before making it (so
/// that a failure can be traced to its call).
fn write<S: Sink>(
    w: &mut Writer<S>,
    n: &Node,
    call: &mut dyn FnMut(&S, usize, Option<Deviation>),
) -> Result<(), Error> {
    match n {
        Node::Map(pairs) => {
            call(w.sink(), 5, None);
            w.map(pairs.len() as u32)?;
            for (k, v) in pairs {
                write(w, k, call)?;
                write(w, v, call)?;
            }
        }
        Node::List(items, tail) => {
            call(w.sink(), if items.is_empty() { 0 } else { 5 }, None);
            w.list(items.len())?;
            for item in items {
                write(w, item, call)?;
            }
            match tail {
                Some(t) => write(w, t, call)?,
                None => {
                    call(w.sink(), 1, None);
                    w.tail()?;
                }
            }
        }
        Node::Tuple(items) => {
            call(w.sink(), if items.len() <= 255 { 2 } else { 5 }, None);
            w.tuple(items.len() as u32)?;
            for item in items {
                write(w, item, call)?;
            }
        }
        leaf => {
            call(w.sink(), len(leaf), deviation(leaf));
            match leaf {
                Node::Int(v) => w.int(*v)?,
                Node::Uint(v) => w.uint(*v)?,
                Node::Float(v) => w.float(*v)?,
                Node::Atom(s) => w.atom(s)?,
                Node::Str(s) => w.str(s)?,
                Node::Binary(b) => w.binary(b)?,
                Node::Bool(b) => w.bool(*b)?,
                Node::Null => w.null()?,
                Node::SmallIntList(v) => w.small_int_list(v)?,
                Node::UintList(v, false) => w.uint_list(v)?,
                Node::UintList(v, true) => w.uint_list(v)?,
                Node::Map(_) | Node::List(..) | Node::Tuple(_) => unreachable!(),
            };
        }
    }
    Ok(())
}

/// The length of Erlang's canonical encoding (`term_to_binary`,
/// `minor_version` 2), from the ETF spec rather than from the writer.
fn int_len(v: i128) -> usize {
    if (0..=255).contains(&v) {
        2
    } else if i32::try_from(v).is_ok() {
        5
    } else {
        let magnitude = v.unsigned_abs();
        3 + (128 - magnitude.leading_zeros() as usize).div_ceil(8)
    }
}

fn len(n: &Node) -> usize {
    match n {
        Node::Int(v) => int_len((*v).into()),
        Node::Uint(v) => int_len((*v).into()),
        Node::Float(_) => 9,
        Node::Atom(s) if s.len() <= 255 => 2 + s.len(),
        Node::Atom(s) => 3 + s.len(),
        Node::Str(s) => 5 + s.len(),
        Node::Binary(b) => 5 + b.len(),
        Node::Bool(true) => 6,
        Node::Bool(false) => 7,
        Node::Null => 5,
        Node::Map(pairs) => 5 + pairs.iter().map(|(k, v)| len(k) + len(v)).sum::<usize>(),
        // `[]`, or an empty list in front of a tail: only the tail.
        Node::List(items, tail) => {
            let header = if items.is_empty() { 0 } else { 5 };
            header + items.iter().map(len).sum::<usize>() + tail.as_deref().map_or(1, len)
        }
        Node::Tuple(items) => (if items.len() <= 255 { 2 } else { 5 }) + items.iter().map(len).sum::<usize>(),
        Node::SmallIntList(v) if v.is_empty() => 1,
        Node::SmallIntList(v) if v.len() <= 65535 => 3 + v.len(),
        Node::SmallIntList(v) => 6 + 2 * v.len(),
        Node::UintList(v, _) if v.is_empty() => 1,
        Node::UintList(v, _) if v.len() <= 65535 && v.iter().all(|&x| x <= 255) => 3 + v.len(),
        Node::UintList(v, _) => 6 + v.iter().map(|&x| int_len(x.into())).sum::<usize>(),
    }
}

/// Whether the node is written as `[]` (a list of nothing ending in `[]`).
fn is_nil(n: &Node) -> bool {
    match n {
        Node::SmallIntList(v) => v.is_empty(),
        Node::UintList(v, _) => v.is_empty(),
        Node::List(items, tail) => items.is_empty() && tail.as_deref().is_none_or(is_nil),
        _ => false,
    }
}

/// Nesting of containers with children, as the decoder counts it.
fn depth(n: &Node) -> usize {
    match n {
        Node::Map(pairs) if !pairs.is_empty() => {
            1 + pairs.iter().map(|(k, v)| depth(k).max(depth(v))).max().unwrap_or(0)
        }
        Node::List(items, tail) if items.is_empty() => tail.as_deref().map_or(0, depth),
        Node::List(items, tail) => 1 + items.iter().chain(tail.as_deref()).map(depth).max().unwrap_or(0),
        Node::Tuple(items) if !items.is_empty() => 1 + items.iter().map(depth).max().unwrap_or(0),
        Node::SmallIntList(v) if v.len() > 65535 => 1,
        Node::UintList(v, _) if v.len() > 65535 || v.iter().any(|&x| x > 255) => 1,
        _ => 0,
    }
}

fn byte_list(bytes: &[u8]) -> E {
    E::from(eetf::ByteList::from(bytes.to_vec()))
}

fn list(elements: Vec<E>) -> E {
    E::from(eetf::List::from(elements))
}

fn atom(name: &str) -> E {
    E::from(eetf::Atom::from(name))
}

/// What `eetf` must decode: the tree, in its representation.
fn expected(n: &Node) -> E {
    match n {
        Node::Int(v) => int((*v).into()),
        Node::Uint(v) => int((*v).into()),
        Node::Float(v) => E::from(eetf::Float { value: *v }),
        Node::Atom(s) => atom(s),
        Node::Str(s) => E::from(eetf::Binary::from(s.as_bytes())),
        Node::Binary(b) => E::from(eetf::Binary::from(b.as_slice())),
        Node::Bool(b) => atom(if *b { "true" } else { "false" }),
        Node::Null => atom("nil"),
        Node::Map(pairs) => {
            let mut map = std::collections::HashMap::new();
            for (k, v) in pairs {
                map.insert(expected(k), expected(v));
            }
            E::from(eetf::Map::from(map))
        }
        Node::List(items, tail) if items.is_empty() => tail.as_deref().map_or(list(vec![]), expected),
        Node::List(items, tail) => {
            let elements = items.iter().map(expected).collect();
            match tail.as_deref() {
                Some(t) if !is_nil(t) => E::from(eetf::ImproperList::from((elements, expected(t)))),
                _ => list(elements),
            }
        }
        Node::Tuple(items) => E::from(eetf::Tuple::from(items.iter().map(expected).collect::<Vec<_>>())),
        Node::SmallIntList(v) if v.is_empty() => list(vec![]),
        Node::SmallIntList(v) if v.len() <= 65535 => byte_list(v),
        Node::SmallIntList(v) => list(v.iter().map(|&b| int(b.into())).collect()),
        Node::UintList(v, _) if v.is_empty() => list(vec![]),
        Node::UintList(v, _) if v.len() <= 65535 && v.iter().all(|&x| x <= 255) => {
            byte_list(&v.iter().map(|&x| x as u8).collect::<Vec<_>>())
        }
        Node::UintList(v, _) => list(v.iter().map(|&x| int(x.into())).collect()),
    }
}

/// Our decoder against the tree, in order (duplicate map keys included).
fn check_ours(t: Term<'_>, n: &Node) {
    let ints = |t: Term<'_>, want: &mut dyn Iterator<Item = i128>, byte_list: bool| {
        let l = t.as_list().expect("a list");
        assert_eq!(l.is_byte_list(), byte_list);
        assert!(l.is_proper());
        assert!(l.iter().map(|e| e.as_int().unwrap()).eq(want));
    };
    match n {
        Node::Int(v) => assert_eq!(t.as_int(), Ok((*v).into())),
        Node::Uint(v) => assert_eq!(t.as_int(), Ok((*v).into())),
        Node::Float(v) => assert_eq!(t.as_f64().map(f64::to_bits), Ok(v.to_bits())),
        Node::Atom(s) => {
            let a = t.as_atom().unwrap();
            assert!(!a.is_latin1() && a.as_str() == Some(s.as_str()));
        }
        Node::Str(s) => assert_eq!(t.as_str(), Ok(s.as_str())),
        Node::Binary(b) => assert_eq!(t.as_binary(), Ok(b.as_slice())),
        Node::Bool(b) => assert_eq!(t.as_bool(), Ok(*b)),
        Node::Null => assert!(t.is_nil()),
        Node::Map(pairs) => {
            let m = t.as_map().unwrap();
            assert_eq!(m.len(), pairs.len());
            for ((k, v), (nk, nv)) in m.iter().zip(pairs) {
                check_ours(k, nk);
                check_ours(v, nv);
            }
        }
        Node::List(items, tail) if items.is_empty() => match tail.as_deref() {
            Some(t2) => check_ours(t, t2),
            None => assert!(t.as_list().unwrap().is_empty()),
        },
        Node::List(items, tail) => {
            let l = t.as_list().unwrap();
            assert_eq!(l.len(), items.len());
            for (e, ne) in l.iter().zip(items) {
                check_ours(e, ne);
            }
            match tail.as_deref() {
                Some(nt) if !is_nil(nt) => check_ours(l.tail().expect("an improper tail"), nt),
                _ => assert!(l.is_proper()),
            }
        }
        Node::Tuple(items) => {
            let tu = t.as_tuple().unwrap();
            assert_eq!(tu.len(), items.len());
            for (e, ne) in tu.iter().zip(items) {
                check_ours(e, ne);
            }
        }
        Node::SmallIntList(v) => {
            ints(t, &mut v.iter().map(|&b| b.into()), !v.is_empty() && v.len() <= 65535);
        }
        Node::UintList(v, _) => {
            let bytes = !v.is_empty() && v.len() <= 65535 && v.iter().all(|&x| x <= 255);
            ints(t, &mut v.iter().map(|&x| x.into()), bytes);
        }
    }
}

/// Sizes of slice sinks to try below `len`.
fn short_sizes(len: usize) -> Vec<usize> {
    if len <= 64 {
        return (0..len).collect();
    }
    let mut sizes: Vec<usize> = (0..8).chain(len - 8..len).collect();
    sizes.extend((8..len - 8).step_by(len / 16 + 1));
    sizes
}

fn write_all<S: Sink>(
    sink: S,
    tree: &Node,
    call: &mut dyn FnMut(&S, usize, Option<Deviation>),
) -> (S, Result<(), Error>) {
    let mut w = Writer::new(sink);
    call(w.sink(), 1, None);
    let result = w.version().map(|_| ()).and_then(|()| write(&mut w, tree, call));
    (w.into_sink(), result)
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let mut generator = Gen { u: &mut u, budget: MAX_NODES, long_list: true };
    let Ok(tree) = generator.node(0, false) else { return };

    let (bytes, result) = write_all(Vec::new(), &tree, &mut |_, _, _| {});
    if let Some(e) = first_error(&tree) {
        assert_eq!(result, Err(e));
        return;
    }
    assert_eq!(result, Ok(()));
    assert_eq!(bytes.len(), 1 + len(&tree), "not the canonical length for {tree:?}");
    let (counter, result) = write_all(CountingSink::new(), &tree, &mut |_, _, _| {});
    assert_eq!((counter.count(), result), (bytes.len(), Ok(())));

    // Too small a slice: BufferFull, and what was written is a prefix.
    let mut buf = vec![0u8; bytes.len()];
    for n in short_sizes(bytes.len()) {
        let mut last = Call::default();
        let (sink, result) = write_all(SliceSink::new(&mut buf[..n]), &tree, &mut |s, size, known| {
            last = Call { start: s.len(), size, known }
        });
        let Err(Error::BufferFull { needed }) = result else {
            panic!("{result:?} writing {} bytes into {n}", bytes.len())
        };
        assert!(needed > n, "needed {needed} for a buffer of {n}");
        assert_eq!(sink.written(), &bytes[..sink.len()]);
        // As documented: what was written so far plus that value, and no
        // part of the value written.
        let exact = (needed, sink.len()) == (last.start + last.size, last.start);
        let tolerated = match (EXACT_BUFFER_FULL, last.known) {
            (false, Some(Deviation::AtomReservesOneMore)) => {
                (needed, sink.len()) == (last.start + last.size + 1, last.start)
            }
            (false, Some(Deviation::UintListNotReserved)) => true,
            _ => false,
        };
        assert!(
            exact || tolerated,
            "BufferFull {{ needed: {needed} }} with {} written, for {last:?}",
            sink.len()
        );
    }
    // An exactly sized buffer is enough.
    let mut ends_in_small_atom = false;
    let (sink, result) = write_all(SliceSink::new(&mut buf), &tree, &mut |s, size, known| {
        ends_in_small_atom = known == Some(Deviation::AtomReservesOneMore) && s.len() + size == bytes.len();
    });
    if !(result.is_err() && ends_in_small_atom && !EXACT_BUFFER_FULL) {
        assert_eq!((sink.written(), result), (bytes.as_slice(), Ok(())));
    }

    // eetf, the independent decoder.
    let want = expected(&tree);
    let theirs = E::decode(bytes.as_slice()).unwrap_or_else(|e| panic!("eetf refuses {tree:?}: {e}"));
    assert!(same(&theirs, &want), "eetf reads {theirs:?}, the tree is {want:?}");

    // Our decoder: the same term, or the depth limit.
    match decode::decode(&bytes) {
        Ok(t) => {
            assert!(depth(&tree) <= MAX_DEPTH);
            check_ours(t, &tree);
            assert!(same(&to_eetf(&bytes, t), &want));
        }
        Err(DecodeError::TooDeep { max, .. }) => {
            assert_eq!(max, MAX_DEPTH);
            assert!(depth(&tree) > MAX_DEPTH, "TooDeep at depth {}", depth(&tree));
        }
        Err(e) => panic!("our decoder refuses {tree:?}: {e:?}"),
    }
});
