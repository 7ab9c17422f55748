//! serde errors: each with the exact offset of the term at fault, a
//! message saying what was expected, and no panic on any input.

use gateway_etf::decode;
use gateway_etf::serde::{Deserializer, Error, from_slice, to_sink, to_slice, to_vec};
use proptest::prelude::*;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::support::decode::fixture;

#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Op {
    op: u8,
}

/// `#{<<"op">> => X}` with `x` the bytes of the value's term.
fn op_frame(x: &[u8]) -> Vec<u8> {
    let mut f = vec![131, 116, 0, 0, 0, 1, 109, 0, 0, 0, 2, b'o', b'p'];
    f.extend_from_slice(x);
    f
}

#[test]
fn integer_out_of_range() {
    // 256 as INTEGER_EXT at offset 13.
    let err = from_slice::<Op>(&op_frame(&[98, 0, 0, 1, 0])).unwrap_err();
    assert_eq!(err, Error::Decode(decode::Error::IntegerOutOfRange { offset: 13 }));
    assert_eq!(err.offset(), Some(13));
    assert_eq!(err.to_string(), "integer at offset 13 is out of range for its field");
    // -1 into an unsigned type; 2^31 (SMALL_BIG_EXT) into an i32.
    assert_eq!(
        from_slice::<u64>(&[131, 98, 255, 255, 255, 255]).unwrap_err(),
        Error::Decode(decode::Error::IntegerOutOfRange { offset: 1 })
    );
    assert_eq!(
        from_slice::<i32>(&[131, 110, 4, 0, 0, 0, 0, 128]).unwrap_err(),
        Error::Decode(decode::Error::IntegerOutOfRange { offset: 1 })
    );
    // In range, whatever the tag.
    assert_eq!(from_slice::<i8>(&[131, 98, 255, 255, 255, 128]).unwrap(), -128);
    assert_eq!(from_slice::<u16>(&[131, 110, 2, 0, 255, 255]).unwrap(), u16::MAX);
    assert_eq!(from_slice::<u8>(&[131, 111, 0, 0, 0, 1, 0, 7]).unwrap(), 7);
}

#[test]
fn improper_list() {
    // {<<"op">> => [1 | 2]}: the tail 2 is at offset 20.
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Ops {
        op: Vec<u8>,
    }
    let frame = op_frame(&[108, 0, 0, 0, 1, 97, 1, 97, 2]);
    assert_eq!(from_slice::<Ops>(&frame).unwrap_err(), Error::ImproperList { offset: 20 });
}

#[test]
fn wrong_type() {
    // A binary where an integer is expected, at offset 13.
    let err = from_slice::<Op>(&op_frame(&[109, 0, 0, 0, 1, b'x'])).unwrap_err();
    assert_eq!(err.offset(), Some(13));
    assert_eq!(err.to_string(), "invalid type: string \"x\", expected u8 at offset 13");
    // A list where a struct is expected, at offset 1.
    let err = from_slice::<Op>(&[131, 97, 1]).unwrap_err();
    assert_eq!(err.to_string(), "invalid type: integer `1`, expected struct Op at offset 1");
    // nil where a string is expected.
    let err = from_slice::<&str>(&[131, 119, 3, b'n', b'i', b'l']).unwrap_err();
    assert_eq!(err.to_string(), "invalid type: unit value, expected a borrowed string at offset 1");
    // A non-UTF-8 binary read as a string: the first bad byte.
    assert_eq!(
        from_slice::<&str>(&[131, 109, 0, 0, 0, 2, b'a', 0xff]).unwrap_err(),
        Error::Decode(decode::Error::InvalidUtf8 { offset: 7 })
    );
    // The same for an atom (ATOM_UTF8_EXT, small and not) read as a
    // string, and as a struct's key: the bad byte, as validation says.
    let atom: [(&[u8], usize); 2] = [(&[131, 119, 2, b'a', 0xff], 4), (&[131, 118, 0, 2, b'a', 0xff], 5)];
    for (frame, bad) in atom {
        let want = decode::Error::InvalidUtf8 { offset: bad };
        assert_eq!(decode::decode(frame).err(), Some(want), "{frame:?}");
        assert_eq!(from_slice::<&str>(frame).unwrap_err(), Error::Decode(want), "{frame:?}");
    }
    let key = [131, 116, 0, 0, 0, 1, 119, 2, b'a', 0xff, 97, 1];
    let want = decode::Error::InvalidUtf8 { offset: 9 };
    assert_eq!(decode::decode(&key).err(), Some(want));
    assert_eq!(from_slice::<Op>(&key).unwrap_err(), Error::Decode(want));
}

#[test]
fn missing_field_unknown_variant_and_lengths() {
    // #{} read as Op: the map at offset 1 lacks op.
    let err = from_slice::<Op>(&[131, 116, 0, 0, 0, 0]).unwrap_err();
    assert_eq!(err.to_string(), "missing field `op` at offset 1");
    #[derive(Deserialize, Debug)]
    enum E {
        A,
    }
    let err = from_slice::<E>(&[131, 109, 0, 0, 0, 1, b'B']).unwrap_err();
    assert_eq!(err.offset(), Some(1));
    assert!(err.to_string().starts_with("unknown variant `B`, expected `A`"));
    // A two-entry map is not an enum.
    let two = [131, 116, 0, 0, 0, 2, 119, 1, b'A', 97, 1, 119, 1, b'B', 97, 2];
    assert_eq!(from_slice::<E>(&two).unwrap_err().offset(), Some(1));
    // [1, 2, 3] into [u8; 2]: too long.
    let err = from_slice::<[u8; 2]>(&[131, 107, 0, 3, 1, 2, 3]).unwrap_err();
    assert_eq!(err.to_string(), "invalid length 3, expected 2 elements at offset 1");
    // A frame that is not ETF at all.
    assert_eq!(
        from_slice::<u8>(&[131, 97]).unwrap_err(),
        Error::Decode(decode::Error::Truncated { offset: 1 })
    );
}

#[test]
fn writing_errors() {
    let mut buf = [0u8; 4];
    assert_eq!(
        to_slice(&"hello", &mut buf).unwrap_err(),
        Error::Encode(gateway_etf::Error::BufferFull { needed: 11 })
    );
    assert_eq!(to_vec(&f64::NAN).unwrap_err(), Error::Encode(gateway_etf::Error::NonFiniteFloat));

    /// Announces two elements and writes one.
    struct Liar;
    impl Serialize for Liar {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq;
            let mut seq = s.serialize_seq(Some(2))?;
            seq.serialize_element(&1u8)?;
            seq.end()
        }
    }
    assert_eq!(to_vec(&Liar).unwrap_err(), Error::LengthMismatch { announced: 2, written: 1 });

    #[derive(Serialize)]
    struct Flat {
        #[serde(flatten)]
        rest: std::collections::BTreeMap<String, u8>,
    }
    let mut sink = gateway_etf::encode::CountingSink::new();
    let err = to_sink(&Flat { rest: Default::default() }, &mut sink).unwrap_err();
    assert_eq!(err, Error::UnknownLength);
    assert!(err.to_string().contains("to_slice"));
}

/// `#{<<"op">> => 1, <<"x">> => X}`: `op` read, `x` skipped.
fn skipped_frame(x: &[u8]) -> Vec<u8> {
    let mut f = vec![131, 116, 0, 0, 0, 2, 109, 0, 0, 0, 2, b'o', b'p', 97, 1, 109, 0, 0, 0, 1, b'x'];
    f.extend_from_slice(x);
    f
}

/// `n` lists nested, the innermost holding `[]`: `n + 1` levels with
/// `n` containers that have children.
fn nested(n: usize) -> Vec<u8> {
    let mut f = vec![131];
    for _ in 0..n {
        f.extend_from_slice(&[108, 0, 0, 0, 1]);
    }
    f.push(106);
    f.extend(std::iter::repeat_n(106, n));
    f
}

/// `from_slice` reads in one pass: a fault in a value it skips, or after
/// the term, is the error validation gives, at the same offset, though
/// the value it reads is fine.
#[test]
fn faults_in_skipped_values_are_the_errors_validation_gives() {
    let faults: [(&str, &[u8]); 7] = [
        ("an atom that is not UTF-8", &[119, 2, b'a', 0xff]),
        ("an infinite float", &[70, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0]),
        ("an unknown tag", &[200]),
        ("a list that announces more elements than bytes", &[108, 0, 0, 1, 0, 106]),
        ("a binary cut short", &[109, 0, 0, 0, 9, b'a']),
        ("a FLOAT_EXT that is not a number", b"cnot a float\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"),
        ("a map's value missing", &[116, 0, 0, 0, 1, 97, 1]),
    ];
    for (what, x) in faults {
        let frame = skipped_frame(x);
        let want = decode::decode(&frame).expect_err(what);
        assert_eq!(from_slice::<Op>(&frame).unwrap_err(), Error::Decode(want), "{what}");
        assert_eq!(from_slice::<IgnoredAny>(&frame).unwrap_err(), Error::Decode(want), "{what}");
        assert_eq!(Deserializer::from_slice(&frame).err(), Some(Error::Decode(want)), "{what}");
    }
    // Nesting past the limit, skipped.
    let mut deep = skipped_frame(&nested(decode::MAX_DEPTH)[1..]);
    let want = decode::Error::TooDeep { offset: 21 + 5 * (decode::MAX_DEPTH - 1), max: decode::MAX_DEPTH };
    assert_eq!(decode::decode(&deep).err(), Some(want));
    assert_eq!(from_slice::<Op>(&deep).unwrap_err(), Error::Decode(want));
    // One level less is fine.
    deep = skipped_frame(&nested(decode::MAX_DEPTH - 2)[1..]);
    assert_eq!(from_slice::<Op>(&deep).unwrap().op, 1);
    // Bytes after the term.
    let mut trailing = skipped_frame(&[97, 2]);
    trailing.push(0);
    let want = decode::Error::TrailingBytes { offset: trailing.len() - 1 };
    assert_eq!(decode::decode(&trailing).err(), Some(want));
    assert_eq!(from_slice::<Op>(&trailing).unwrap_err(), Error::Decode(want));
    // And the version byte.
    assert_eq!(
        from_slice::<Op>(&trailing[1..]).unwrap_err(),
        Error::Decode(decode::Error::BadVersion { found: Some(116) })
    );
    assert_eq!(from_slice::<Op>(&[]).unwrap_err(), Error::Decode(decode::Error::BadVersion { found: None }));
}

/// The same faults where the type reads them: nesting past the limit
/// stops the recursion with validation's error, floats are checked.
#[test]
fn faults_in_read_values_are_errors() {
    let deep = nested(decode::MAX_DEPTH + 1);
    let want = decode::Error::TooDeep { offset: 1 + 5 * decode::MAX_DEPTH, max: decode::MAX_DEPTH };
    assert_eq!(decode::decode(&deep).err(), Some(want));
    assert_eq!(from_slice::<serde_json::Value>(&deep).unwrap_err(), Error::Decode(want));
    // MAX_DEPTH lists with children read.
    assert!(from_slice::<serde_json::Value>(&nested(decode::MAX_DEPTH)).is_ok());
    let inf = op_frame(&[70, 0xff, 0xf0, 0, 0, 0, 0, 0, 0]);
    let want = decode::Error::InvalidFloat { offset: 13 };
    assert_eq!(decode::decode(&inf).err(), Some(want));
    assert_eq!(from_slice::<serde_json::Value>(&inf).unwrap_err(), Error::Decode(want));
    // A map announcing more entries than bytes: refused before reading.
    let many = [131, 116, 0, 0, 1, 0, 97, 1];
    let want = decode::Error::LengthPastEnd { offset: 1, len: 512 };
    assert_eq!(decode::decode(&many).err(), Some(want));
    assert_eq!(from_slice::<serde_json::Value>(&many).unwrap_err(), Error::Decode(want));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// One pass accepts exactly what validation accepts: skipping a whole
    /// frame gives validation's error on every mutation of a frame Erlang
    /// wrote, and reading it into any type succeeds only on valid frames.
    #[test]
    fn one_pass_accepts_what_validation_accepts(
        name in prop::sample::select(&["hello_v2", "ready_v1", "message_create_v2", "float_old", "atoms_v1", "tuples", "improper_list", "int_large_big"][..]),
        flips in proptest::collection::vec(any::<(usize, u8)>(), 1..3),
        cut in any::<usize>(),
    ) {
        let mut frame = fixture(name).to_vec();
        for (i, x) in flips {
            let i = i % frame.len();
            frame[i] ^= x;
        }
        if cut % 4 == 0 {
            frame.truncate(cut / 4 % (frame.len() + 1));
        }
        let valid = decode::decode(&frame);
        prop_assert_eq!(from_slice::<IgnoredAny>(&frame).err(), valid.err().map(Error::Decode));
        if from_slice::<serde_json::Value>(&frame).is_ok() {
            prop_assert!(valid.is_ok());
        }
    }

    /// Arbitrary bytes and mutated valid frames: errors, never panics.
    #[test]
    fn any_input_is_an_error_or_a_value(bytes in proptest::collection::vec(any::<u8>(), 0..64), flip in any::<(usize, u8)>()) {
        let _ = from_slice::<serde_json::Value>(&bytes);
        let frame = to_vec(&serde_json::json!({"a": [1, 2.5, "x", null, {"b": true}], "c": u64::MAX})).unwrap();
        let mut mutated = frame.clone();
        let i = flip.0 % mutated.len();
        mutated[i] ^= flip.1;
        let _ = from_slice::<serde_json::Value>(&mutated);
        let _ = from_slice::<(Op, Vec<&str>)>(&mutated);
    }
}
