//! `Display` for decoded terms prints Erlang source that Erlang reads back
//! (issue 14): the cases that once printed text Erlang refuses, pinned to
//! exact strings. Each expected string was checked with OTP 25's
//! `erl_scan:string`, `erl_parse:parse_exprs` and `erl_eval:exprs`, which
//! read it back `=:=` to `binary_to_term` of the frame;
//! `golden/printer.sh` runs that check on thousands of terms.

use gateway_etf::decode;

/// The compact and pretty printouts of `frame`.
fn printed(frame: &[u8]) -> (String, String) {
    let term = decode::decode(frame).unwrap();
    (format!("{term}"), format!("{term:#}"))
}

/// `frame` prints as `expected` both ways (it does not nest).
#[track_caller]
fn prints(frame: &[u8], expected: &str) {
    assert_eq!(printed(frame), (expected.to_string(), expected.to_string()), "{frame:?}");
}

/// The smallest failing input of issue 14: the binary `<<239,191,191>>`
/// is valid UTF-8 for U+FFFF, which Erlang refuses in a string raw or as
/// `\x{FFFF}`; it prints as bytes, as Erlang prints it.
#[test]
fn binary_with_a_noncharacter_prints_as_bytes() {
    prints(&[0x83, 0x6d, 0, 0, 0, 3, 0xef, 0xbf, 0xbf], "<<239,191,191>>");
    // "a", U+FFFE, "b"
    prints(&[131, 109, 0, 0, 0, 5, b'a', 0xef, 0xbf, 0xbe, b'b'], "<<97,239,191,190,98>>");
    // Other noncharacters are fine in an Erlang string: U+FDD0, U+1FFFF.
    prints(
        &[131, 109, 0, 0, 0, 7, 0xef, 0xb7, 0x90, 0xf0, 0x9f, 0xbf, 0xbf],
        "<<\"\u{FDD0}\u{1FFFF}\"/utf8>>",
    );
}

/// An atom holding U+FFFE or U+FFFF cannot be quoted: it prints as the
/// call that makes it.
#[test]
fn atom_with_a_noncharacter_prints_as_binary_to_atom() {
    // ATOM_UTF8_EXT '\x{FFFF}'
    prints(&[131, 118, 0, 3, 0xef, 0xbf, 0xbf], "binary_to_atom(<<239,191,191>>, utf8)");
    // SMALL_ATOM_UTF8_EXT 'a\x{FFFE}b'
    prints(&[131, 119, 5, b'a', 0xef, 0xbf, 0xbe, b'b'], "binary_to_atom(<<97,239,191,190,98>>, utf8)");
}

/// The call works as a map key, and inside a structure printed over lines.
#[test]
fn noncharacters_inside_containers() {
    // [#{'\x{FFFF}' => <<"a", 239,191,190>>}]
    let frame = [
        131, 108, 0, 0, 0, 1, 116, 0, 0, 0, 1, 119, 3, 0xef, 0xbf, 0xbf, 109, 0, 0, 0, 4, b'a', 0xef, 0xbf,
        0xbe, 106,
    ];
    let (compact, pretty) = printed(&frame);
    assert_eq!(compact, "[#{binary_to_atom(<<239,191,191>>, utf8) => <<97,239,191,190>>}]");
    assert_eq!(pretty, "[\n    #{binary_to_atom(<<239,191,191>>, utf8) => <<97,239,191,190>>}\n]");
}

/// Atoms that need quotes still get them, with Erlang's escapes.
#[test]
fn quoted_atoms() {
    // SMALL_ATOM_UTF8_EXT "it's\n"
    prints(&[131, 119, 5, b'i', b't', b'\'', b's', b'\n'], r"'it\'s\n'");
    // A reserved word, and an atom starting with a capital.
    prints(&[131, 119, 5, b'a', b'f', b't', b'e', b'r'], "'after'");
    prints(&[131, 119, 5, b'R', b'E', b'A', b'D', b'Y'], "'READY'");
    // ATOM_EXT, Latin-1: é and the C1 control U+0085.
    prints(&[131, 100, 0, 2, 0xe9, 0x85], r"'é\x{85}'");
    // The empty atom.
    prints(&[131, 119, 0], "''");
}

/// A LIST_EXT of no elements is its tail: Erlang reads `108, 0,0,0,0,
/// 97,1` as 1, and `[|1]` is no Erlang.
#[test]
fn list_of_no_elements_is_its_tail() {
    prints(&[131, 108, 0, 0, 0, 0, 97, 1], "1");
    // ... and when that tail is a list, the list: [2].
    prints(&[131, 108, 0, 0, 0, 0, 108, 0, 0, 0, 1, 97, 2, 106], "[2]");
    // Elements and a tail: as before.
    prints(&[131, 108, 0, 0, 0, 1, 97, 1, 97, 2], "[1|2]");
}

/// Floats Erlang reads back to the same bits: signed zero, the smallest
/// subnormal, the exponent form with digits on both sides of the point.
#[test]
fn floats_read_back_bit_for_bit() {
    let float = |v: f64| {
        let mut frame = vec![131, 70];
        frame.extend(v.to_be_bytes());
        printed(&frame).0
    };
    assert_eq!(float(-0.0), "-0.0");
    assert_eq!(float(5e-324), "5.0e-324");
    assert_eq!(float(1e16), "1.0e16");
    assert_eq!(float(f64::MAX), "1.7976931348623157e308");
}

/// A fixed-size `core::fmt::Write` target, as a `no_std` caller would use.
struct Stack {
    bytes: [u8; 256],
    len: usize,
}

impl core::fmt::Write for Stack {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        self.bytes.get_mut(self.len..end).ok_or(core::fmt::Error)?.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Printing, the fallbacks included, allocates nothing (allocation-counter
/// installs a counting global allocator in this test binary only).
#[test]
fn printing_allocates_nothing() {
    use core::fmt::Write;
    // [#{'\x{FFFF}' => <<"a", 239,191,190>>}, 'a\x{FFFE}b', -0.0]
    let frame = [
        131, 108, 0, 0, 0, 3, 116, 0, 0, 0, 1, 119, 3, 0xef, 0xbf, 0xbf, 109, 0, 0, 0, 4, b'a', 0xef, 0xbf,
        0xbe, 119, 5, b'a', 0xef, 0xbf, 0xbe, b'b', 70, 0x80, 0, 0, 0, 0, 0, 0, 0, 106,
    ];
    let term = decode::decode(&frame).unwrap();
    let mut out = Stack { bytes: [0; 256], len: 0 };
    let n = allocation_counter::measure(|| {
        write!(out, "{term} {term:#}").unwrap();
    })
    .count_total;
    assert_eq!(n, 0);
    let text = core::str::from_utf8(&out.bytes[..out.len]).unwrap();
    let compact = "[#{binary_to_atom(<<239,191,191>>, utf8) => <<97,239,191,190>>},\
                   binary_to_atom(<<97,239,191,190,98>>, utf8),-0.0]";
    let pretty = "[\n    #{binary_to_atom(<<239,191,191>>, utf8) => <<97,239,191,190>>},\n    \
                  binary_to_atom(<<97,239,191,190,98>>, utf8),\n    -0.0\n]";
    assert_eq!(text, format!("{compact} {pretty}"));
}
