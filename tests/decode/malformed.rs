//! Malformed input: every error is typed, carries a sensible offset, and
//! nothing panics or reads out of bounds.

use crate::support::decode::received;
use gateway_etf::decode::{
    self, ClientCommand, Error, GatewayEvent, MAX_DEPTH, Value, decode, decode_with_depth,
};

/// The tags the reader accepts inside a term (131 is only the version byte).
const ACCEPTED: [u8; 17] = [97, 98, 110, 111, 70, 99, 100, 115, 118, 119, 109, 107, 108, 106, 116, 104, 105];

#[test]
fn every_truncation_of_every_fixture_is_an_error() {
    let mut checked = 0;
    for (name, bytes) in received() {
        for n in 0..bytes.len() {
            let cut = &bytes[..n];
            let err = decode(cut).unwrap_err();
            match err {
                Error::BadVersion { found: None } => assert_eq!(n, 0),
                Error::Truncated { offset } | Error::LengthPastEnd { offset, .. } => {
                    assert!(offset <= n, "{name}[..{n}]: {err} points past the input")
                }
                other => panic!("{name}[..{n}]: unexpected {other:?}"),
            }
            assert_eq!(GatewayEvent::decode(cut).unwrap_err(), err);
            assert_eq!(ClientCommand::decode(cut).unwrap_err(), err);
            checked += 1;
        }
    }
    assert!(checked > 5000, "only {checked} truncations");
}

#[test]
fn trailing_bytes_are_refused_at_their_offset() {
    for (name, bytes) in received() {
        let mut longer = bytes.clone();
        longer.push(106);
        assert_eq!(decode(&longer).unwrap_err(), Error::TrailingBytes { offset: bytes.len() }, "{name}");
    }
}

#[test]
fn bad_version_and_empty_input() {
    assert_eq!(decode(&[]).unwrap_err(), Error::BadVersion { found: None });
    assert_eq!(decode(&[131]).unwrap_err(), Error::Truncated { offset: 1 });
    // A compressed term (tag 80) is not accepted.
    assert_eq!(decode(&[131, 80, 0, 0, 0, 1, 120]).unwrap_err(), Error::UnknownTag { offset: 1, tag: 80 });
    assert_eq!(decode(&[123, 97, 1]).unwrap_err(), Error::BadVersion { found: Some(123) });
}

#[test]
fn every_unknown_tag_is_reported_with_its_offset() {
    for tag in 0..=255u8 {
        // The tag as the second element of a list, after plenty of zeros.
        let mut bytes = vec![131, 108, 0, 0, 0, 2, 97, 7, tag];
        bytes.extend([0; 40]);
        let err = decode(&bytes).unwrap_err();
        if ACCEPTED.contains(&tag) {
            assert_ne!(err, Error::UnknownTag { offset: 8, tag }, "tag {tag}");
        } else {
            assert_eq!(err, Error::UnknownTag { offset: 8, tag }, "tag {tag}");
        }
    }
}

/// `depth` nested one-element lists around `[]`.
fn nested_lists(depth: usize) -> Vec<u8> {
    let mut bytes = vec![131];
    for _ in 0..depth {
        bytes.extend([108, 0, 0, 0, 1]);
    }
    bytes.push(106);
    bytes.extend(std::iter::repeat_n(106, depth));
    bytes
}

#[test]
fn depth_bomb_gives_the_depth_error() {
    assert!(decode(&nested_lists(MAX_DEPTH)).is_ok());
    assert_eq!(
        decode(&nested_lists(MAX_DEPTH + 1)).unwrap_err(),
        Error::TooDeep { offset: 1 + 5 * MAX_DEPTH, max: MAX_DEPTH }
    );
    // A million levels: refused at level 65, long before the end.
    let bomb = nested_lists(1_000_000);
    assert_eq!(decode(&bomb).unwrap_err(), Error::TooDeep { offset: 1 + 5 * MAX_DEPTH, max: MAX_DEPTH });
    // A lower limit, and a higher one that counts as MAX_DEPTH.
    assert_eq!(decode_with_depth(&nested_lists(10), 9).unwrap_err(), Error::TooDeep { offset: 46, max: 9 });
    assert!(decode_with_depth(&nested_lists(10), 10).is_ok());
    assert!(matches!(decode_with_depth(&bomb, usize::MAX), Err(Error::TooDeep { max: MAX_DEPTH, .. })));
}

#[test]
fn nested_maps_and_tuples_count_towards_depth() {
    // #{a => {#{a => {...}}}}
    let mut bytes = vec![131];
    for _ in 0..MAX_DEPTH {
        bytes.extend([116, 0, 0, 0, 1, 119, 1, b'a', 104, 1]);
    }
    bytes.push(106);
    let err = decode(&bytes).unwrap_err();
    assert_eq!(err, Error::TooDeep { offset: 1 + 10 * (MAX_DEPTH / 2), max: MAX_DEPTH });
}

#[test]
fn lengths_past_the_end() {
    let cases: [(&[u8], u64); 9] = [
        (&[131, 109, 255, 255, 255, 255, 1, 2, 3], u32::MAX.into()),
        (&[131, 107, 0, 10, 1, 2], 10),
        (&[131, 100, 0, 5, b'a'], 5),
        (&[131, 119, 9, b'a'], 9),
        (&[131, 110, 8, 0, 1, 2], 8),
        (&[131, 111, 0, 0, 1, 0, 0, 1], 256),
        // Counts larger than the bytes left are refused before any element.
        (&[131, 108, 255, 255, 255, 255, 97, 1], u64::from(u32::MAX) + 1),
        (&[131, 116, 255, 255, 255, 255, 97, 1, 97, 1], 2 * u64::from(u32::MAX)),
        (&[131, 105, 0, 1, 0, 0, 106], 65536),
    ];
    for (bytes, len) in cases {
        assert_eq!(decode(bytes).unwrap_err(), Error::LengthPastEnd { offset: 1, len }, "{bytes:?}");
    }
}

#[test]
fn fixed_size_parts_cut_short_are_truncated() {
    for bytes in
        [&[131, 98, 0, 0][..], &[131, 70, 0, 0, 0], &[131, 99, b'1'], &[131, 110], &[131, 111, 0, 0, 0, 9]]
    {
        assert_eq!(decode(bytes).unwrap_err(), Error::Truncated { offset: 1 }, "{bytes:?}");
    }
}

#[test]
fn wide_integers_are_skipped_but_not_converted() {
    // #{a => 2^64, big => 2^2048 (LARGE_BIG_EXT), op => 1}
    let mut bytes = vec![131, 116, 0, 0, 0, 3, 119, 1, b'a', 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    bytes.extend([119, 3, b'b', b'i', b'g', 111, 0, 0, 1, 1, 0]);
    bytes.extend([0; 256]);
    bytes.push(1);
    bytes.extend([119, 2, b'o', b'p', 97, 1]);
    let map = decode(&bytes).unwrap().as_map().unwrap();
    assert_eq!(map.required::<u8>("op"), Ok(1));
    assert_eq!(map.required::<u64>("a"), Err(Error::IntegerTooWide { offset: 9 }));
    assert_eq!(map.required::<i64>("big"), Err(Error::IntegerTooWide { offset: 26 }));
    assert_eq!(
        map.get("a").unwrap().as_f64(),
        Err(Error::WrongType { offset: 9, expected: "number", found: decode::Kind::Integer })
    );
    // Non-minimal encodings of small values still convert.
    assert_eq!(
        decode(&[131, 111, 0, 0, 0, 12, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).unwrap().as_i64(),
        Ok(-5)
    );
    assert_eq!(decode(&[131, 110, 0, 0]).unwrap().as_u64(), Ok(0));
}

#[test]
fn out_of_range_integers() {
    let t = decode(&[131, 98, 255, 255, 255, 255]).unwrap();
    assert_eq!(t.parse::<u32>(), Err(Error::IntegerOutOfRange { offset: 1 }));
    let op_300 = [131, 116, 0, 0, 0, 1, 119, 2, b'o', b'p', 98, 0, 0, 1, 44];
    assert_eq!(GatewayEvent::decode(&op_300).unwrap_err(), Error::IntegerOutOfRange { offset: 10 });
}

#[test]
fn invalid_utf8() {
    // In atoms the payload itself is malformed.
    assert_eq!(decode(&[131, 119, 2, b'a', 0xff]).unwrap_err(), Error::InvalidUtf8 { offset: 4 });
    assert_eq!(decode(&[131, 118, 0, 1, 0xc3]).unwrap_err(), Error::InvalidUtf8 { offset: 4 });
    // Latin-1 atoms have no invalid bytes.
    assert!(decode(&[131, 115, 1, 0xff]).is_ok());
    // In binaries only reading them as text fails.
    let t = decode(&[131, 109, 0, 0, 0, 3, b'o', b'k', 0xfe]).unwrap();
    assert_eq!(t.as_binary(), Ok(&b"ok\xfe"[..]));
    assert_eq!(t.as_str(), Err(Error::InvalidUtf8 { offset: 8 }));
    assert_eq!(t.as_str().unwrap_err().close_code().code(), 4002);
}

#[test]
fn floats_that_are_not_finite_numbers() {
    let nan = [131, 70, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0];
    let inf = [131, 70, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0];
    assert_eq!(decode(&nan).unwrap_err(), Error::InvalidFloat { offset: 1 });
    assert_eq!(decode(&inf).unwrap_err(), Error::InvalidFloat { offset: 1 });
    for text in [&b"abc"[..], b"nan", b"inf", b"", b"1.0e999", &[0xff, b'1']] {
        let mut bytes = vec![131, 99];
        bytes.extend(text);
        bytes.resize(33, 0);
        assert_eq!(decode(&bytes).unwrap_err(), Error::InvalidFloat { offset: 1 }, "{text:?}");
    }
    let mut ok = vec![131, 99];
    ok.extend(b"-2.50000000000000000000e+01");
    ok.resize(33, 0);
    assert_eq!(decode(&ok).unwrap().as_f64(), Ok(-25.0));
}

/// `name` as an atom under each of the four atom tags.
fn atom_spellings(name: &str) -> [Vec<u8>; 4] {
    let n = name.len() as u8;
    let mut out = [vec![131, 100, 0, n], vec![131, 115, n], vec![131, 118, 0, n], vec![131, 119, n]];
    for bytes in &mut out {
        bytes.extend(name.as_bytes());
    }
    out
}

#[test]
fn nil_true_false_in_all_four_atom_spellings() {
    for bytes in atom_spellings("nil") {
        let t = decode(&bytes).unwrap();
        assert!(t.is_nil() && t.non_nil().is_none(), "{bytes:?}");
        assert_eq!(t.parse::<Option<bool>>(), Ok(None));
    }
    for (name, value) in [("true", true), ("false", false)] {
        for bytes in atom_spellings(name) {
            assert_eq!(decode(&bytes).unwrap().as_bool(), Ok(value), "{bytes:?}");
        }
    }
    // An envelope whose keys use all four spellings: d (100), op (115),
    // s (118), t (119).
    let mut ev = vec![131, 116, 0, 0, 0, 4];
    for (i, (key, value)) in
        [("d", None), ("op", Some(11u8)), ("s", None), ("t", None)].into_iter().enumerate()
    {
        ev.extend(&atom_spellings(key)[i][1..]);
        match value {
            Some(op) => ev.extend([97, op]),
            None => ev.extend(&atom_spellings("nil")[i][1..]),
        }
    }
    let ev = GatewayEvent::decode(&ev).unwrap();
    assert_eq!((ev.op, ev.seq, ev.name), (11, None, None));
    assert!(ev.data.unwrap().is_nil());
}

#[test]
fn large_tuple() {
    // {0, 1, ..., 299} as LARGE_TUPLE_EXT
    let mut bytes = vec![131, 105, 0, 0, 1, 44];
    for i in 0..300u32 {
        if i < 256 {
            bytes.extend([97, i as u8]);
        } else {
            bytes.push(98);
            bytes.extend(i.to_be_bytes());
        }
    }
    let t = decode(&bytes).unwrap().as_tuple().unwrap();
    assert_eq!(t.len(), 300);
    assert_eq!(t.get(299).unwrap().as_u64(), Ok(299));
    assert!(t.iter().enumerate().all(|(i, e)| e.as_u64() == Ok(i as u64)));
}

#[test]
fn empty_byte_list_and_empty_list_ext_are_nil() {
    for bytes in [&[131, 106][..], &[131, 107, 0, 0], &[131, 108, 0, 0, 0, 0, 106]] {
        let l = decode(bytes).unwrap().as_list().unwrap();
        assert!(l.is_empty() && l.is_proper(), "{bytes:?}");
        assert_eq!(decode(bytes).unwrap().to_string(), "[]");
    }
}

#[test]
fn type_errors_name_what_was_expected_and_found() {
    let t = decode(&[131, 109, 0, 0, 0, 0]).unwrap();
    let err = t.as_u64().unwrap_err();
    assert_eq!(err, Error::WrongType { offset: 1, expected: "integer", found: decode::Kind::Binary });
    assert_eq!(err.to_string(), "expected integer, found binary at offset 1");
    assert!(matches!(t.value(), Value::Binary(b) if b.is_empty()));
}
