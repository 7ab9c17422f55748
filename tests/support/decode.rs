//! Shared by the decode and round-trip tests: the received payloads, and
//! a normal form that both our decoder's terms and eetf's (an independent
//! decoder) reduce to, so the two can be compared.

use std::collections::BTreeMap;

use gateway_etf::decode::{Term, Value};

use super::golden;

/// Every case of golden/received.hex, by name, decoded once.
pub fn received() -> &'static golden::Cases {
    golden::RECEIVED.cases()
}

/// One case of golden/received.hex.
pub fn fixture(name: &str) -> &'static [u8] {
    golden::RECEIVED.get(name)
}

/// Property-test cases per test: `default`, or `PROPTEST_CASES` when set
/// (for longer runs).
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A command's frame, through the no_std `encode` (so these tests need no
/// crate feature).
pub fn encode<C: gateway_etf::Command>(command: &C) -> Result<Vec<u8>, gateway_etf::Error> {
    let mut buf = vec![0u8; 8192];
    command.encode(&mut buf).map(<[u8]>::to_vec)
}

/// A term reduced to what both decoders agree a term is.
#[derive(Debug, Clone, PartialEq)]
pub enum Norm {
    /// Signed hexadecimal, any width.
    Int(String),
    Float(f64),
    Atom(String),
    Binary(Vec<u8>),
    List(Vec<Norm>, Option<Box<Norm>>),
    /// Sorted by key; a repeated key keeps its last value (as a HashMap
    /// insert does).
    Map(Vec<(Norm, Norm)>),
    Tuple(Vec<Norm>),
}

fn hex_i128(v: i128) -> String {
    if v < 0 { format!("-{:x}", v.unsigned_abs()) } else { format!("{v:x}") }
}

fn map_norm(pairs: impl Iterator<Item = (Norm, Norm)>) -> Norm {
    let mut sorted = BTreeMap::new();
    for (k, v) in pairs {
        sorted.insert(format!("{k:?}"), (k, v));
    }
    Norm::Map(sorted.into_values().collect())
}

/// Our decoder's view.
pub fn norm(term: Term<'_>) -> Norm {
    match term.value() {
        Value::Int(v) => Norm::Int(hex_i128(v)),
        Value::BigInt(b) => {
            let mut s = String::from(if b.is_negative() { "-" } else { "" });
            let mut digits = b.magnitude_le().iter().rev();
            s += &format!("{:x}", digits.next().expect("non-empty"));
            for d in digits {
                s += &format!("{d:02x}");
            }
            Norm::Int(s)
        }
        Value::Float(v) => Norm::Float(v),
        Value::Atom(a) => Norm::Atom(a.chars().collect()),
        Value::Binary(b) => Norm::Binary(b.to_vec()),
        Value::List(l) => Norm::List(l.iter().map(norm).collect(), l.tail().map(|t| Box::new(norm(t)))),
        Value::Map(m) => map_norm(m.iter().map(|(k, v)| (norm(k), norm(v)))),
        Value::Tuple(t) => Norm::Tuple(t.iter().map(norm).collect()),
        _ => panic!("a value kind this test does not know"),
    }
}

/// eetf's view.
pub fn norm_eetf(term: &eetf::Term) -> Norm {
    use eetf::Term as E;
    match term {
        E::FixInteger(i) => Norm::Int(hex_i128(i.value.into())),
        E::BigInteger(b) => Norm::Int(format!("{:x}", b.value)),
        E::Float(f) => Norm::Float(f.value),
        E::Atom(a) => Norm::Atom(a.name.clone()),
        E::Binary(b) => Norm::Binary(b.bytes.clone()),
        E::ByteList(l) => Norm::List(l.bytes.iter().map(|&b| Norm::Int(hex_i128(b.into()))).collect(), None),
        E::List(l) => Norm::List(l.elements.iter().map(norm_eetf).collect(), None),
        E::ImproperList(l) => {
            Norm::List(l.elements.iter().map(norm_eetf).collect(), Some(Box::new(norm_eetf(&l.last))))
        }
        E::Map(m) => map_norm(m.map.iter().map(|(k, v)| (norm_eetf(k), norm_eetf(v)))),
        E::Tuple(t) => Norm::Tuple(t.elements.iter().map(norm_eetf).collect()),
        other => panic!("eetf decoded a term gateway-etf never accepts: {other:?}"),
    }
}

/// Decodes with eetf, the independent oracle.
pub fn eetf_decode(bytes: &[u8]) -> Result<eetf::Term, eetf::DecodeError> {
    eetf::Term::decode(bytes)
}

/// Binary-keyed lookup in an eetf map (the keys a client sends).
pub fn eetf_get<'t>(map: &'t eetf::Term, key: &str) -> Option<&'t eetf::Term> {
    let eetf::Term::Map(m) = map else { panic!("not a map: {map}") };
    m.map.get(&eetf::Term::from(eetf::Binary::from(key.as_bytes())))
}
