//! serde round trips: derived types written by `to_slice`/`to_vec` read
//! back equal by `from_slice`; read as `serde_json::Value` they equal
//! `serde_json::to_value`; and eetf, a decoder we did not write, reads the
//! same JSON out of our bytes, with binary map keys only.

use std::collections::BTreeMap;

use gateway_etf::Snowflake;
use gateway_etf::serde::{Error, encoded_len, from_slice, to_heapless, to_sink, to_slice, to_vec};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
enum Kind {
    Unit,
    Newtype(u64),
    Tuple(i32, String),
    Struct { a: Option<String>, b: Vec<u16> },
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Inner {
    x: i64,
    label: Option<String>,
}

/// JSON-representable: every field has the same JSON form both ways.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Owned {
    id: Snowflake,
    name: String,
    tags: Vec<String>,
    score: f64,
    small: u8,
    i: i64,
    u: u64,
    maybe: Option<u32>,
    flag: bool,
    kind: Kind,
    kinds: Vec<Kind>,
    nested: BTreeMap<String, Vec<Inner>>,
    tuple: (u8, String, bool),
    unit: (),
    bytes: Vec<u8>,
}

/// Borrowed fields, 128-bit integers, bytes: round trips, not JSON.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Borrowed<'a> {
    name: &'a str,
    #[serde(borrow)]
    parts: Vec<&'a str>,
    maybe: Option<&'a str>,
    #[serde(with = "bytes")]
    raw: &'a [u8],
    big: i128,
    ubig: u128,
    float: f32,
    int_keys: BTreeMap<i64, bool>,
    ch: char,
}

/// `&[u8]` as a binary (`serialize_bytes`), as `serde_bytes` would.
mod bytes {
    pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'de [u8], D::Error> {
        serde::Deserialize::deserialize(d)
    }
}

/// Integers at the edges of ETF's integer tags, and anywhere.
fn int() -> impl Strategy<Value = i64> {
    prop_oneof![
        prop::sample::select(vec![
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
            i64::MAX,
            i64::MIN,
            1 << 56,
            (1 << 56) - 1,
        ]),
        any::<i64>(),
    ]
}

fn uint() -> impl Strategy<Value = u64> {
    prop_oneof![
        prop::sample::select(vec![0, 255, 256, i32::MAX as u64, 1 << 31, u32::MAX as u64, 1 << 56, u64::MAX]),
        any::<u64>(),
    ]
}

fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::sample::select(vec![0.0, -0.0, 1.5, -0.1, f64::MIN_POSITIVE, f64::MAX, f64::MIN, 1e300]),
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    "\\PC{0,12}"
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Unit),
        uint().prop_map(Kind::Newtype),
        (any::<i32>(), text()).prop_map(|(a, b)| Kind::Tuple(a, b)),
        (proptest::option::of(text()), proptest::collection::vec(any::<u16>(), 0..4))
            .prop_map(|(a, b)| Kind::Struct { a, b }),
    ]
}

fn inner() -> impl Strategy<Value = Inner> {
    (int(), proptest::option::of(text())).prop_map(|(x, label)| Inner { x, label })
}

prop_compose! {
    fn owned()(
        id in uint(),
        name in text(),
        tags in proptest::collection::vec(text(), 0..4),
        score in float(),
        small in any::<u8>(),
        i in int(),
        u in uint(),
        maybe in proptest::option::of(any::<u32>()),
        flag in any::<bool>(),
        kind in kind(),
        kinds in proptest::collection::vec(kind(), 0..3),
        nested in proptest::collection::btree_map(text(), proptest::collection::vec(inner(), 0..3), 0..3),
        tuple in (any::<u8>(), text(), any::<bool>()),
        bytes in proptest::collection::vec(any::<u8>(), 0..8),
    ) -> Owned {
        Owned { id: Snowflake::new(id), name, tags, score, small, i, u, maybe, flag, kind, kinds, nested, tuple, unit: (), bytes }
    }
}

/// An independent reading: eetf's decoder, mapped to JSON; panics on a
/// map key that is not a binary.
fn eetf_json(t: &eetf::Term) -> Value {
    use eetf::Term as E;
    match t {
        E::Atom(a) if a.name == "nil" => Value::Null,
        E::Atom(a) if a.name == "true" => json!(true),
        E::Atom(a) if a.name == "false" => json!(false),
        E::Atom(a) => panic!("unexpected atom {}", a.name),
        E::FixInteger(i) => json!(i.value),
        E::BigInteger(b) => {
            let s = b.value.to_string();
            s.parse::<u64>().map(Value::from).or_else(|_| s.parse::<i64>().map(Value::from)).unwrap()
        }
        E::Float(f) => json!(f.value),
        E::Binary(b) => Value::String(String::from_utf8(b.bytes.clone()).expect("UTF-8 binary")),
        E::ByteList(b) => json!(b.bytes),
        E::List(l) => Value::Array(l.elements.iter().map(eetf_json).collect()),
        E::Tuple(t) => Value::Array(t.elements.iter().map(eetf_json).collect()),
        E::Map(m) => Value::Object(
            m.map
                .iter()
                .map(|(k, v)| match k {
                    E::Binary(b) => (String::from_utf8(b.bytes.clone()).unwrap(), eetf_json(v)),
                    other => panic!("map key is not a binary: {other}"),
                })
                .collect(),
        ),
        other => panic!("unexpected term {other}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn owned_round_trips_and_agrees_with_json_and_eetf(v in owned()) {
        let frame = to_vec(&v).unwrap();
        prop_assert_eq!(frame[0], 131);
        prop_assert_eq!(&from_slice::<Owned>(&frame).unwrap(), &v);

        let mut buf = vec![0u8; frame.len()];
        prop_assert_eq!(to_slice(&v, &mut buf).unwrap(), &frame[..]);
        prop_assert!(to_slice(&v, &mut buf[..frame.len() - 1]).is_err());
        // With room to spare, integers take the slice writer's wide store.
        let mut roomy = vec![0u8; frame.len() + 16];
        prop_assert_eq!(to_slice(&v, &mut roomy).unwrap(), &frame[..]);
        prop_assert_eq!(encoded_len(&v).unwrap(), frame.len());
        let mut streamed = Vec::new();
        prop_assert_eq!(to_sink(&v, &mut streamed).unwrap(), frame.len());
        prop_assert_eq!(&streamed, &frame);

        let json = serde_json::to_value(&v).unwrap();
        prop_assert_eq!(&from_slice::<Value>(&frame).unwrap(), &json);
        let theirs = eetf::Term::decode(frame.as_slice()).unwrap();
        prop_assert_eq!(&eetf_json(&theirs), &json);
    }

    #[test]
    fn borrowed_round_trips(
        name in text(),
        parts in proptest::collection::vec(text(), 0..4),
        maybe in proptest::option::of(text()),
        raw in proptest::collection::vec(any::<u8>(), 0..16),
        big in any::<i128>(),
        ubig in any::<u128>(),
        float in any::<f32>().prop_filter("finite", |f| f.is_finite()),
        int_keys in proptest::collection::btree_map(int(), any::<bool>(), 0..4),
        ch in any::<char>(),
    ) {
        let v = Borrowed {
            name: &name,
            parts: parts.iter().map(String::as_str).collect(),
            maybe: maybe.as_deref(),
            raw: &raw,
            big,
            ubig,
            float,
            int_keys,
            ch,
        };
        let frame = to_vec(&v).unwrap();
        let back: Borrowed<'_> = from_slice(&frame).unwrap();
        prop_assert_eq!(back, v);
    }

    #[test]
    fn json_values_round_trip(v in json_value()) {
        let frame = to_vec(&v).unwrap();
        prop_assert_eq!(from_slice::<Value>(&frame).unwrap(), v.clone());
        prop_assert_eq!(eetf_json(&eetf::Term::decode(frame.as_slice()).unwrap()), v);
    }
}

/// Arbitrary JSON (maps are written with `serialize_map(Some(n))`).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        int().prop_map(Value::from),
        uint().prop_map(Value::from),
        float().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::btree_map(text(), inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// `#[serde(flatten)]` writes its map with `serialize_map(None)`: the count
/// is patched where the output is memory, refused into a plain sink.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Flattened {
    op: u8,
    #[serde(flatten)]
    rest: BTreeMap<String, u32>,
}

/// A sequence whose length serde does not know (`collect_seq` over a filter).
struct Odd(u32);

impl Serialize for Odd {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((0..self.0).filter(|n| n % 2 == 1))
    }
}

#[test]
fn unknown_lengths_are_patched_in_memory() {
    let v = Flattened { op: 1, rest: [("a".to_string(), 2), ("b".to_string(), 300)].into() };
    let frame = to_vec(&v).unwrap();
    assert_eq!(&frame[..6], [131, 116, 0, 0, 0, 3]);
    assert_eq!(from_slice::<Flattened>(&frame).unwrap(), v);
    assert_eq!(from_slice::<Value>(&frame).unwrap(), json!({"op": 1, "a": 2, "b": 300}));
    let mut buf = [0u8; 64];
    assert_eq!(to_slice(&v, &mut buf).unwrap(), &frame[..]);
    let small: heapless::Vec<u8, 64> = to_heapless(&v).unwrap();
    assert_eq!(&small[..], &frame[..]);
    assert_eq!(encoded_len(&v).unwrap(), frame.len());
    assert_eq!(to_sink(&v, &mut Vec::new()), Err(Error::UnknownLength));

    assert_eq!(to_vec(&Odd(6)).unwrap(), [131, 108, 0, 0, 0, 3, 97, 1, 97, 3, 97, 5, 106]);
    // Empty: `[]` alone, as term_to_binary writes it, even into a plain sink.
    assert_eq!(to_vec(&Odd(1)).unwrap(), [131, 106]);
    let mut plain = Vec::new();
    assert_eq!(to_sink(&Odd(1), &mut plain).unwrap(), 2);
    assert_eq!(to_sink(&Odd(6), &mut plain), Err(Error::UnknownLength));
    assert_eq!(from_slice::<Vec<u32>>(&to_vec(&Odd(6)).unwrap()).unwrap(), [1, 3, 5]);
}

#[test]
fn what_is_written_byte_for_byte() {
    // Integers take term_to_binary's tags.
    assert_eq!(to_vec(&255u8).unwrap(), [131, 97, 255]);
    assert_eq!(to_vec(&256u16).unwrap(), [131, 98, 0, 0, 1, 0]);
    assert_eq!(to_vec(&-1i8).unwrap(), [131, 98, 255, 255, 255, 255]);
    assert_eq!(to_vec(&(1u64 << 31)).unwrap(), [131, 110, 4, 0, 0, 0, 0, 128]);
    assert_eq!(to_vec(&-(1i128 << 64)).unwrap(), [131, 110, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert_eq!(to_vec(&u128::MAX).unwrap()[..3], [131, 110, 16]);
    assert_eq!(to_vec(&1.5f32).unwrap(), [131, 70, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]);
    // Unit and None are nil; bools are atoms; chars and strings binaries.
    assert_eq!(to_vec(&()).unwrap(), [131, 119, 3, b'n', b'i', b'l']);
    assert_eq!(to_vec(&true).unwrap(), [131, 119, 4, b't', b'r', b'u', b'e']);
    assert_eq!(to_vec(&'é').unwrap(), [131, 109, 0, 0, 0, 2, 0xc3, 0xa9]);
    // Sequences are lists; empty ones `[]`.
    assert_eq!(to_vec(&Vec::<u8>::new()).unwrap(), [131, 106]);
    assert_eq!(to_vec(&(1u8,)).unwrap(), [131, 108, 0, 0, 0, 1, 97, 1, 106]);
    // Variants: a unit variant is a binary, the others one-entry maps.
    assert_eq!(to_vec(&Kind::Unit).unwrap(), [131, 109, 0, 0, 0, 4, b'U', b'n', b'i', b't']);
    assert_eq!(
        to_vec(&Kind::Newtype(7)).unwrap(),
        [131, 116, 0, 0, 0, 1, 109, 0, 0, 0, 7, b'N', b'e', b'w', b't', b'y', b'p', b'e', 97, 7]
    );
    // Display through collect_str: measured, then written, no buffer.
    struct Shown;
    impl std::fmt::Display for Shown {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let n = 12;
            write!(f, "{n}-")?;
            f.write_str("ab")
        }
    }
    impl Serialize for Shown {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(self)
        }
    }
    assert_eq!(to_vec(&Shown).unwrap(), [131, 109, 0, 0, 0, 5, b'1', b'2', b'-', b'a', b'b']);
    let mut sink = gateway_etf::encode::CountingSink::new();
    assert_eq!(to_sink(&Shown, &mut sink).unwrap(), 11);
}

#[test]
fn untagged_and_internally_tagged_enums() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(tag = "type")]
    enum Internal {
        A { x: u8 },
        B { y: String },
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(untagged)]
    enum Untagged {
        Num(u64),
        Text(String),
        List(Vec<u8>),
    }
    for v in [Internal::A { x: 3 }, Internal::B { y: "z".into() }] {
        assert_eq!(from_slice::<Internal>(&to_vec(&v).unwrap()).unwrap(), v);
    }
    for v in [Untagged::Num(u64::MAX), Untagged::Text("t".into()), Untagged::List(vec![1, 2])] {
        assert_eq!(from_slice::<Untagged>(&to_vec(&v).unwrap()).unwrap(), v);
    }
}

#[test]
fn reading_and_writing_allocate_nothing() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Event<'a> {
        op: u8,
        s: Option<u64>,
        t: &'a str,
        ids: [Snowflake; 2],
        kind: Kind2,
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    enum Kind2 {
        On { level: i32 },
    }
    let v = Event {
        op: 0,
        s: Some(1 << 40),
        t: "MESSAGE_CREATE",
        ids: [Snowflake::new(1 << 60), Snowflake::new(5)],
        kind: Kind2::On { level: -3 },
    };
    let mut buf = [0u8; 256];
    let mut len = 0;
    let written = allocation_counter::measure(|| {
        len = to_slice(&v, &mut buf).unwrap().len();
    });
    assert_eq!(written.count_total, 0);
    let frame = &buf[..len];
    let read = allocation_counter::measure(|| {
        let back: Event<'_> = from_slice(frame).unwrap();
        assert_eq!(back, v);
    });
    assert_eq!(read.count_total, 0);
}
