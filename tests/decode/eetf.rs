//! Differential tests against eetf, an ETF codec we did not write:
//! arbitrary terms written by eetf's encoder must read back the same, and
//! mutated Erlang fixtures must be judged the same way by both decoders.

use std::collections::HashMap;

use crate::support::decode::{cases, norm, norm_eetf, received};
use eetf::Term as E;
use gateway_etf::decode::{self, Value};
use proptest::prelude::*;

fn leaf() -> impl Strategy<Value = E> {
    prop_oneof![
        any::<i32>().prop_map(|v| E::from(eetf::FixInteger::from(v))),
        any::<i64>().prop_map(|v| E::from(eetf::BigInteger::from(v))),
        any::<u64>().prop_map(|v| E::from(eetf::BigInteger::from(v))),
        (any::<i64>(), 0usize..2200).prop_map(|(v, shift)| E::from(eetf::BigInteger {
            value: eetf::BigInteger::from(v).value << shift
        })),
        any::<f64>().prop_filter_map("finite", |v| eetf::Float::try_from(v).ok().map(E::from)),
        "[a-zA-Z0-9_@é🎉 ']{0,12}".prop_map(|s| E::from(eetf::Atom::from(s))),
        Just(E::from(eetf::Atom::from("nil"))),
        proptest::collection::vec(any::<u8>(), 0..24).prop_map(|b| E::from(eetf::Binary::from(b))),
        "\\PC{0,12}".prop_map(|s| E::from(eetf::Binary::from(s.into_bytes()))),
        proptest::collection::vec(any::<u8>(), 1..24).prop_map(|b| E::from(eetf::ByteList::from(b))),
    ]
}

fn term() -> impl Strategy<Value = E> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(|v| E::from(eetf::List::from(v))),
            (proptest::collection::vec(inner.clone(), 1..4), leaf())
                .prop_map(|(v, last)| E::from(eetf::ImproperList::from((v, last)))),
            proptest::collection::vec((inner.clone(), inner.clone()), 0..6)
                .prop_map(|kv| E::from(eetf::Map::from(kv.into_iter().collect::<HashMap<_, _>>()))),
            proptest::collection::vec(inner.clone(), 0..6).prop_map(|v| E::from(eetf::Tuple::from(v))),
        ]
    })
}

/// Whether eetf is known to differ from Erlang on a term we decoded: it
/// reads Latin-1 atoms as UTF-8, FLOAT_EXT as f32, and refuses big-integer
/// sign bytes other than 0 and 1 (Erlang reads any non-zero as negative).
fn eetf_known_to_differ(term: decode::Term<'_>, bytes: &[u8]) -> bool {
    match term.value() {
        Value::Atom(a) => a.is_latin1() && !a.as_bytes().is_ascii(),
        Value::Float(_) => bytes.get(term.offset()) == Some(&99),
        Value::Int(_) | Value::BigInt(_) => {
            let at = |i: usize| bytes.get(term.offset() + i).copied();
            matches!((at(0), at(2), at(5)), (Some(110), Some(s), _) if s > 1)
                || matches!((at(0), at(5)), (Some(111), Some(s)) if s > 1)
        }
        Value::List(l) => l.iter().chain(l.tail()).any(|t| eetf_known_to_differ(t, bytes)),
        Value::Map(m) => {
            m.iter().any(|(k, v)| eetf_known_to_differ(k, bytes) || eetf_known_to_differ(v, bytes))
        }
        Value::Tuple(t) => t.iter().any(|e| eetf_known_to_differ(e, bytes)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(1500), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn terms_written_by_eetf_read_back_the_same(t in term()) {
        let mut bytes = Vec::new();
        t.encode(&mut bytes).unwrap();
        let ours = decode::decode(&bytes).unwrap();
        // Compared with what eetf's decoder reads from the same bytes, not
        // with `t`: eetf 0.12's encoder writes a list holding a negative
        // FixInteger as a STRING_EXT byte (its check lacks `i >= 0`).
        prop_assert_eq!(norm(ours), norm_eetf(&eetf::Term::decode(bytes.as_slice()).unwrap()));
        // Display never fails and is deterministic.
        prop_assert_eq!(ours.to_string(), ours.to_string());
    }

    #[test]
    fn mutated_fixtures_are_judged_like_eetf(
        which in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let all = received();
        let mut bytes = all.values().nth(which.index(all.len())).expect("an index below the length").clone();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let ours = decode::decode(&bytes);
        // eetf reads one term and ignores what follows; it must not be
        // handed counts our walk refused (it preallocates them).
        let mut rest = bytes.as_slice();
        let theirs = match &ours {
            Ok(_) => Some(eetf::Term::decode(&mut rest)),
            Err(_) => None,
        };
        match (ours, theirs) {
            (Ok(t), Some(Ok(e))) => {
                prop_assert!(rest.is_empty());
                if !eetf_known_to_differ(t, &bytes) {
                    prop_assert_eq!(norm(t), norm_eetf(&e));
                }
            }
            (Ok(t), Some(Err(e))) => {
                prop_assert!(eetf_known_to_differ(t, &bytes), "eetf refused what we accepted: {} ({:?})", t, e);
            }
            (Err(err), _) => {
                // Every error carries an offset inside (or at the end of) the input.
                prop_assert!(err.offset().is_none_or(|o| o <= bytes.len()), "{:?}", err);
            }
            (Ok(_), None) => unreachable!(),
        }
    }
}

#[test]
fn eetf_encodes_the_tags_this_suite_relies_on() {
    // A LARGE_TUPLE_EXT and a LARGE_BIG_EXT from eetf's encoder.
    let tuple = E::from(eetf::Tuple::from(vec![E::from(eetf::FixInteger::from(1)); 300]));
    let big = E::from(eetf::BigInteger { value: eetf::BigInteger::from(1u8).value << 2100usize });
    for (t, tag) in [(tuple, 105u8), (big, 111)] {
        let mut bytes = Vec::new();
        t.encode(&mut bytes).unwrap();
        assert_eq!(bytes[1], tag);
        assert_eq!(norm(decode::decode(&bytes).unwrap()), norm_eetf(&t));
    }
}
