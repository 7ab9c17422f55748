//! serde both ways. Every input is used twice:
//!
//! - as a frame, read with `serde::from_slice` into a borrowing derived
//!   struct (a Discord message), `serde_json::Value` and an owned struct of
//!   every integer width: no panic, errors point inside the frame, and
//!   what was read writes back (`to_vec`) and reads back equal; read in
//!   one pass, a frame is accepted only when validation (`decode`) accepts
//!   it, and skipped whole it gives validation's very error;
//! - as the source of an `arbitrary` value of the whole data model, written
//!   with `to_vec` and read back equal; `encoded_len`, `to_slice` (exact
//!   buffer: fits; one byte less: `BufferFull`), `to_heapless` and `to_sink`
//!   (counts, or `UnknownLength` for what it cannot patch) agree.
#![no_main]

use std::collections::BTreeMap;
use std::fmt;

use arbitrary::{Arbitrary, Unstructured};
use gateway_etf::Snowflake;
use gateway_etf::encode::CountingSink;
use gateway_etf::serde::{Error, encoded_len, from_slice, to_heapless, to_sink, to_slice, to_vec};
use libfuzzer_sys::fuzz_target;
use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

// ---------------------------------------------------------------------
// Reading arbitrary frames.

/// A message as Discord sends it, borrowing its text from the frame.
#[derive(Deserialize, Serialize, Debug, PartialEq)]
struct Message<'a> {
    id: Snowflake,
    channel_id: Snowflake,
    content: &'a str,
    nonce: Option<&'a str>,
    author: Author<'a>,
    mentions: Vec<&'a str>,
    kind: Kind<'a>,
    pinned: bool,
    #[serde(borrow)]
    attachment: Option<Bytes<'a>>,
}

#[derive(Deserialize, Serialize, Debug, PartialEq)]
struct Author<'a> {
    id: Snowflake,
    username: &'a str,
    bot: Option<bool>,
}

#[derive(Deserialize, Serialize, Debug, PartialEq)]
enum Kind<'a> {
    Default,
    Reply { message_id: Snowflake },
    Named(&'a str),
    Pair(u8, i64),
}

/// Every integer width, floats, and owned collections.
#[derive(Deserialize, Serialize, Debug, PartialEq)]
struct Owned {
    a: u8,
    b: u16,
    c: u32,
    d: u64,
    e: u128,
    f: i8,
    g: i16,
    h: i32,
    i: i64,
    j: i128,
    x: f64,
    y: f32,
    flag: bool,
    opt: Option<u32>,
    name: String,
    map: BTreeMap<String, u64>,
    list: Vec<i16>,
    /// Skipped whatever it holds; not written back.
    #[serde(default, skip_serializing)]
    ignored: Option<IgnoredAny>,
}

/// What every error promises: an offset inside the frame (or at its end)
/// and a message.
fn check_error(frame: &[u8], err: &Error) {
    if let Some(offset) = err.offset() {
        assert!(offset <= frame.len(), "{err:?} points past the {}-byte frame", frame.len());
    }
    assert!(!err.to_string().is_empty(), "{err:?} has an empty message");
}

/// Reads `frame` as `T`; if that works, writes it and reads it back.
fn read<'a, T>(frame: &'a [u8], again: impl FnOnce(&T, &[u8]))
where
    T: Deserialize<'a> + Serialize + fmt::Debug,
{
    match from_slice::<T>(frame) {
        // Read in one pass, yet only from a frame validation accepts.
        Ok(_) if gateway_etf::decode::decode(frame).is_err() => {
            panic!("{frame:?} read though it does not decode")
        }
        Ok(v) => match to_vec(&v) {
            Ok(bytes) => {
                assert_eq!(encoded_len(&v).ok(), Some(bytes.len()), "encoded_len of {v:?}");
                again(&v, &bytes);
            }
            // Floats read finite may narrow to an infinite f32.
            Err(Error::Encode(gateway_etf::Error::NonFiniteFloat)) => {}
            Err(e) => panic!("{v:?} read from {frame:?} does not write back: {e:?}"),
        },
        Err(e) => check_error(frame, &e),
    }
}

fn read_frame(frame: &[u8]) {
    read::<Message<'_>>(frame, |v, bytes| {
        let back: Message<'_> = from_slice(bytes).expect("a message written reads back");
        assert_eq!(&back, v);
    });
    read::<Owned>(frame, |v, bytes| {
        let mut back: Owned = from_slice(bytes).expect("an owned struct written reads back");
        // Read, never written.
        back.ignored = v.ignored;
        assert_eq!(&back, v);
    });
    read::<serde_json::Value>(frame, |v, bytes| {
        let back: serde_json::Value = from_slice(bytes).expect("a JSON value written reads back");
        assert_eq!(&back, v);
    });
    // Skipping a whole frame checks it as validation does: the same
    // error, or none.
    let valid = gateway_etf::decode::decode(frame).err().map(Error::Decode);
    assert_eq!(from_slice::<IgnoredAny>(frame).err(), valid, "{frame:?}");
}

// ---------------------------------------------------------------------
// Writing arbitrary values.

/// Bytes written with `serialize_bytes` (a binary) and read borrowed.
#[derive(Debug, PartialEq, Arbitrary)]
struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Bytes<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <&'a [u8]>::deserialize(d).map(Bytes)
    }
}

/// A finite `f64` (the writer refuses NaN and infinities).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct F64(f64);

impl<'a> Arbitrary<'a> for F64 {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let v = f64::arbitrary(u)?;
        Ok(F64(if v.is_finite() { v } else { 0.0 }))
    }
}

/// A finite `f32`.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct F32(f32);

impl<'a> Arbitrary<'a> for F32 {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let v = f32::arbitrary(u)?;
        Ok(F32(if v.is_finite() { v } else { 0.0 }))
    }
}

/// A sequence written through `collect_seq` over a filter: serde does not
/// know its length, so the writer patches the count afterwards.
#[derive(Debug, PartialEq, Arbitrary, Deserialize)]
struct Unsized(Vec<u16>);

impl Serialize for Unsized {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().filter(|_| true))
    }
}

#[derive(Debug, PartialEq, Arbitrary, Serialize, Deserialize)]
struct UnitStruct;

#[derive(Debug, PartialEq, Arbitrary, Serialize, Deserialize)]
struct Newtype(i32);

#[derive(Debug, PartialEq, Arbitrary, Serialize, Deserialize)]
struct TupleStruct(i64, u64);

#[derive(Debug, PartialEq, Arbitrary, Serialize, Deserialize)]
enum Variant {
    Unit,
    Newtype(String),
    Tuple(u8, i32),
    Struct { a: Option<u16>, b: Vec<String> },
}

#[derive(Debug, PartialEq, Arbitrary, Serialize, Deserialize)]
#[serde(tag = "type")]
enum Tagged {
    A { x: u8 },
    B { s: String, f: F64 },
}

#[derive(Debug, PartialEq, Arbitrary, Serialize, Deserialize)]
#[serde(untagged)]
enum Untagged {
    Int(i64),
    Text(String),
    List(Vec<bool>),
}

/// Every kind of the data model with a known length.
#[derive(Debug, PartialEq, Arbitrary, Serialize, Deserialize)]
struct Known<'a> {
    u8_: u8,
    u16_: u16,
    u32_: u32,
    u64_: u64,
    u128_: u128,
    i8_: i8,
    i16_: i16,
    i32_: i32,
    i64_: i64,
    i128_: i128,
    f64_: F64,
    f32_: F32,
    flag: bool,
    ch: char,
    text: String,
    borrowed: &'a str,
    #[serde(borrow)]
    bytes: Bytes<'a>,
    small: Vec<u8>,
    unit: (),
    unit_struct: UnitStruct,
    newtype: Newtype,
    tuple: (u8, String, bool),
    tuple_struct: TupleStruct,
    option: Option<String>,
    option_struct: Option<TupleStruct>,
    variants: Vec<Variant>,
    map: BTreeMap<String, Variant>,
    int_keys: BTreeMap<i64, bool>,
    #[arbitrary(with = snowflakes)]
    snowflakes: Vec<Snowflake>,
}

fn snowflakes(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<Snowflake>> {
    u.arbitrary_iter::<u64>()?.map(|id| id.map(Snowflake::new)).collect()
}

/// A struct with its extra keys flattened in: serde writes it as a map of
/// unknown length.
#[derive(Debug, PartialEq, Arbitrary, Serialize, Deserialize)]
struct Flat {
    a: u8,
    #[serde(flatten)]
    extra: BTreeMap<String, u32>,
}

#[derive(Debug, PartialEq, Arbitrary, Serialize, Deserialize)]
struct Model<'a> {
    #[serde(borrow)]
    known: Known<'a>,
    tagged: Tagged,
    untagged: Untagged,
    unsized_: Unsized,
    flat: Flat,
}

/// `value` written every way, and read back as `T`.
fn write<'a, T>(value: &T, needs_memory: bool) -> Vec<u8>
where
    T: Serialize + fmt::Debug,
{
    let bytes = to_vec(value).unwrap_or_else(|e| panic!("{value:?} does not write: {e:?}"));
    let len = bytes.len();
    assert_eq!(encoded_len(value), Ok(len), "encoded_len of {value:?}");

    // A buffer of exactly the frame's length fits it.
    let mut buf = vec![0xaa; len];
    assert_eq!(to_slice(value, &mut buf).map(<[u8]>::to_vec), Ok(bytes.clone()));
    // One byte less does not, and says so.
    let mut short = vec![0xaa; len - 1];
    match to_slice(value, &mut short) {
        Err(e @ Error::Encode(gateway_etf::Error::BufferFull { needed })) => {
            assert_eq!(needed, len, "BufferFull of a {len}-byte frame in {} bytes", len - 1);
            assert!(e.to_string().contains("buffer full"), "{e}");
        }
        other => panic!("{value:?} into {} bytes of {len}: {other:?}", len - 1),
    }
    // heapless: fits or BufferFull.
    match to_heapless::<512, _>(value) {
        Ok(v) => assert_eq!(&v[..], &bytes[..]),
        Err(Error::Encode(gateway_etf::Error::BufferFull { .. })) => assert!(len > 512),
        Err(e) => panic!("to_heapless: {e:?}"),
    }
    // Any sink: counts, unless something needs patching.
    let mut counting = CountingSink::new();
    match to_sink(value, &mut counting) {
        Ok(n) => {
            assert!(!needs_memory, "to_sink wrote a value of unknown length");
            assert_eq!(n, len);
            let mut out = Vec::new();
            assert_eq!(to_sink(value, &mut out), Ok(len));
            assert_eq!(out, bytes);
        }
        Err(Error::UnknownLength) => assert!(needs_memory, "to_sink refused {value:?}"),
        Err(e) => panic!("to_sink: {e:?}"),
    }
    bytes
}

/// Field names of `Flat`: extra keys colliding with them do not round trip.
const FLAT_FIELDS: [&str; 1] = ["a"];

fn round_trip(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(mut model) = Model::arbitrary(&mut u) else { return };
    model.flat.extra.retain(|k, _| !FLAT_FIELDS.contains(&k.as_str()));

    let bytes = write(&model, true);
    match from_slice::<Model<'_>>(&bytes) {
        Ok(back) => assert_eq!(back, model, "read back from {bytes:?}"),
        Err(e) => panic!("{model:?} written as {bytes:?} does not read back: {e:?}"),
    }
    // The parts with a known length also go into any sink.
    let bytes = write(&model.known, false);
    assert_eq!(from_slice::<Known<'_>>(&bytes).as_ref(), Ok(&model.known));

    // A non-finite float is refused, not written.
    if let Ok(v) = f64::arbitrary(&mut u) {
        if !v.is_finite() {
            assert!(matches!(to_vec(&v), Err(Error::Encode(gateway_etf::Error::NonFiniteFloat))));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    read_frame(data);
    round_trip(data);
});
