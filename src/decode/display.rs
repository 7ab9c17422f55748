//! Erlang source text for terms: `#{<<"op">> => 1,<<"d">> => nil}`, `[1,2]`,
//! `{a,b}`, `'READY'`, `1.5`, `16#1FFFFFFFFFFFFFFFF`.
//!
//! `{}` prints on one line; `{:#}` puts the children of every container
//! that holds a non-empty container on lines of their own. Recursion is
//! bounded by the depth limit the payload was decoded with.
//!
//! Both forms are Erlang expressions that `erl_scan`, `erl_parse` and
//! `erl_eval` read back to exactly the term `binary_to_term` makes of the
//! same payload (`golden/printer.sh` checks this against Erlang on
//! thousands of random terms). The choices that takes:
//!
//! - Binaries print as a string, `<<"text">>` or `<<"tëxt"/utf8>>`, when
//!   they hold UTF-8 whose only control characters are `\n`, `\r` and
//!   `\t`, and no U+FFFE or U+FFFF; otherwise as bytes, `<<239,191,191>>`,
//!   as Erlang prints them. Erlang's scanner refuses the noncharacters
//!   U+FFFE and U+FFFF in a string or quoted atom in any form, raw or
//!   escaped (surrogates cannot occur: they are not UTF-8).
//! - Atoms print bare (`ok`) when Erlang reads them so, else quoted
//!   (`'READY'`, `'after'`, `'a\n'`, control characters as `\x{..}`). An
//!   atom holding U+FFFE or U+FFFF, which no quoted atom can spell, prints
//!   as the call that makes it: `binary_to_atom(<<239,191,191>>, utf8)`.
//!   That reads back anywhere an expression does (a value, a map key),
//!   though not in a pattern.
//! - Floats print in the shortest form that reads back to the same bits,
//!   with digits on both sides of the point: `1.0e16`, `5.0e-324`, `-0.0`.
//! - Integers wider than 64 bits print in base 16: `-16#10000000000000000`.
//! - Byte lists (STRING_EXT) print as lists of integers, `[104,105]`; a
//!   list of no elements with a tail other than `[]` (which Erlang never
//!   writes, but reads as its tail) prints as the tail.

use core::fmt::{self, Display, Formatter, Write};

use super::{Atom, BigInt, List, Map, Term, Tuple, Value};

/// Erlang's reserved words, which must be quoted as atoms.
const RESERVED: [&str; 29] = [
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case", "catch", "cond",
    "div", "else", "end", "fun", "if", "let", "maybe", "not", "of", "or", "orelse", "receive", "rem", "try",
    "when", "xor",
];

/// One child of a container as it is written: an element, a map's
/// `Key => Value`, or a list's `|Tail`.
#[derive(Clone, Copy)]
enum Child<'a> {
    Element(Term<'a>),
    Pair(Term<'a>, Term<'a>),
    Tail(Term<'a>),
}

impl Child<'_> {
    /// Whether it holds a non-empty container, which spreads its parent
    /// over lines.
    fn is_nested(self) -> bool {
        let nested = |t: Term<'_>| match t.value() {
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            _ => false,
        };
        match self {
            Child::Element(t) | Child::Tail(t) => nested(t),
            Child::Pair(k, v) => nested(k) || nested(v),
        }
    }
}

/// Where the formatter is: indentation level and whether to break lines.
#[derive(Clone, Copy)]
struct Layout {
    pretty: bool,
    indent: usize,
}

impl Layout {
    /// The layout for the children of a container.
    fn inner(self, nested: bool) -> Layout {
        Layout { pretty: self.pretty && nested, indent: self.indent + 1 }
    }

    /// Before a child: a comma unless first, and a line break if spread.
    fn sep(self, f: &mut Formatter<'_>, first: bool) -> fmt::Result {
        if !first {
            f.write_char(',')?;
        }
        self.newline(f, self.indent)
    }

    /// A line break to `indent` when spread.
    fn newline(self, f: &mut Formatter<'_>, indent: usize) -> fmt::Result {
        if self.pretty {
            f.write_char('\n')?;
            for _ in 0..indent {
                f.write_str("    ")?;
            }
        }
        Ok(())
    }
}

fn write_value(f: &mut Formatter<'_>, value: Value<'_>, layout: Layout) -> fmt::Result {
    match value {
        Value::Int(v) => write!(f, "{v}"),
        Value::BigInt(b) => Display::fmt(&b, f),
        Value::Float(v) => write_float(f, v),
        Value::Atom(a) => Display::fmt(&a, f),
        Value::Binary(b) => write_binary(f, b),
        Value::List(l) => write_list(f, l, layout),
        Value::Map(m) => write_children(f, layout, ["#{", "}"], m.iter().map(|(k, v)| Child::Pair(k, v))),
        Value::Tuple(t) => write_children(f, layout, ["{", "}"], t.iter().map(Child::Element)),
    }
}

fn write_list(f: &mut Formatter<'_>, list: List<'_>, layout: Layout) -> fmt::Result {
    let tail = list.tail();
    if let (true, Some(t)) = (list.is_empty(), tail) {
        // A LIST_EXT of no elements is its tail (binary_to_term reads
        // `108, 0,0,0,0, 97,1` as 1); `[|1]` is no Erlang.
        return write_value(f, t.value(), layout);
    }
    let children = list.iter().map(Child::Element).chain(tail.map(Child::Tail));
    write_children(f, layout, ["[", "]"], children)
}

/// `open`, the children, `close`; with `{:#}`, the children of a container
/// that nests are spread one per line.
fn write_children<'a>(
    f: &mut Formatter<'_>,
    layout: Layout,
    [open, close]: [&str; 2],
    children: impl Iterator<Item = Child<'a>> + Clone,
) -> fmt::Result {
    let inner = layout.inner(children.clone().any(Child::is_nested));
    f.write_str(open)?;
    let mut first = true;
    for child in children {
        match child {
            Child::Element(t) => {
                inner.sep(f, first)?;
                write_value(f, t.value(), inner)?;
            }
            Child::Pair(k, v) => {
                inner.sep(f, first)?;
                write_value(f, k.value(), inner)?;
                f.write_str(" => ")?;
                write_value(f, v.value(), inner)?;
            }
            Child::Tail(t) => {
                inner.newline(f, inner.indent)?;
                f.write_char('|')?;
                write_value(f, t.value(), inner)?;
            }
        }
        first = false;
    }
    if !first {
        inner.newline(f, layout.indent)?;
    }
    f.write_str(close)
}

/// A float as Erlang reads it: digits on both sides of the point, so
/// Rust's `1e20` becomes `1.0e20`.
fn write_float(f: &mut Formatter<'_>, v: f64) -> fmt::Result {
    let mut buf = Buf { bytes: [0; 40], len: 0 };
    write!(buf, "{v:?}")?;
    let text = buf.as_str();
    match text.split_once('e') {
        Some((mantissa, exp)) if !mantissa.contains('.') => write!(f, "{mantissa}.0e{exp}"),
        _ => f.write_str(text),
    }
}

/// A small stack buffer to format a float into.
struct Buf {
    bytes: [u8; 40],
    len: usize,
}

impl Buf {
    fn as_str(&self) -> &str {
        self.bytes.get(..self.len).and_then(|b| core::str::from_utf8(b).ok()).unwrap_or_default()
    }
}

impl Write for Buf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Whether Erlang's scanner accepts `c` in a string or a quoted atom,
/// raw or escaped: every character but the noncharacters U+FFFE and
/// U+FFFF (`erl_scan` refuses them in any form; surrogates are no `char`).
fn is_quotable(c: char) -> bool {
    !matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Writes `bytes` as decimal numbers separated by commas: the inside of
/// `<<1,2,255>>`.
fn write_bytes(f: &mut Formatter<'_>, bytes: impl IntoIterator<Item = u8>) -> fmt::Result {
    for (i, b) in bytes.into_iter().enumerate() {
        if i > 0 {
            f.write_char(',')?;
        }
        write!(f, "{b}")?;
    }
    Ok(())
}

/// Writes `c` escaped for a string or quoted atom closed by `quote`.
fn write_escaped(f: &mut Formatter<'_>, c: char, quote: char) -> fmt::Result {
    match c {
        '\n' => f.write_str("\\n"),
        '\r' => f.write_str("\\r"),
        '\t' => f.write_str("\\t"),
        '\\' => f.write_str("\\\\"),
        c if c == quote => write!(f, "\\{c}"),
        c if c.is_control() => write!(f, "\\x{{{:X}}}", c as u32),
        c => f.write_char(c),
    }
}

/// `<<"text">>`, `<<"tëxt"/utf8>>`, or `<<1,2,255>>` for other bytes
/// (not UTF-8, other control characters, or U+FFFE or U+FFFF, which no
/// Erlang string can hold).
fn write_binary(f: &mut Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    let in_string = |c: char| is_quotable(c) && (!c.is_control() || matches!(c, '\n' | '\r' | '\t'));
    let text = core::str::from_utf8(bytes).ok().filter(|s| !s.is_empty() && s.chars().all(in_string));
    f.write_str("<<")?;
    if let Some(s) = text {
        f.write_char('"')?;
        for c in s.chars() {
            write_escaped(f, c, '"')?;
        }
        f.write_char('"')?;
        if !s.is_ascii() {
            f.write_str("/utf8")?;
        }
    } else {
        write_bytes(f, bytes.iter().copied())?;
    }
    f.write_str(">>")
}

impl Display for Atom<'_> {
    /// The atom as Erlang source: bare when it can be (`ok`), else quoted
    /// (`'READY'`, `'after'`, `'a b'`, `'\n'`); an atom holding U+FFFE or
    /// U+FFFF, which Erlang cannot write quoted, as the expression that
    /// makes it from its UTF-8 bytes: `binary_to_atom(<<239,191,191>>, utf8)`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut chars = self.chars();
        let bare = matches!(chars.next(), Some('a'..='z'))
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@')
            && !self.as_str().is_some_and(|s| RESERVED.contains(&s));
        if bare {
            return self.chars().try_for_each(|c| f.write_char(c));
        }
        // Only a UTF-8 atom can hold them: Latin-1 stops at U+00FF.
        if !self.is_latin1() && !self.chars().all(is_quotable) {
            f.write_str("binary_to_atom(<<")?;
            write_bytes(f, self.as_bytes().iter().copied())?;
            return f.write_str(">>, utf8)");
        }
        f.write_char('\'')?;
        for c in self.chars() {
            write_escaped(f, c, '\'')?;
        }
        f.write_char('\'')
    }
}

impl fmt::Debug for Atom<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Display::fmt(self, f)
    }
}

impl Display for BigInt<'_> {
    /// In Erlang's base-16 notation, `16#…` (no allocation needed).
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.is_negative() {
            f.write_char('-')?;
        }
        f.write_str("16#")?;
        let mut digits = self.magnitude_le().iter().rev();
        if let Some(top) = digits.next() {
            write!(f, "{top:X}")?;
        }
        digits.try_for_each(|b| write!(f, "{b:02X}"))
    }
}

impl fmt::Debug for BigInt<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        Display::fmt(self, f)
    }
}

/// Display (Erlang source, `{:#}` spread over lines) and Debug (the same,
/// on one line) for the term types.
macro_rules! erlang_fmt {
    ($($ty:ident => $value:expr;)*) => {$(
        impl Display for $ty<'_> {
            /// Erlang source that reads back (`erl_scan`, `erl_parse`,
            /// `erl_eval`) to the term `binary_to_term` makes of the
            /// payload: `{}` on one line, `{:#}` spread over lines where it
            /// nests. Binaries that no Erlang string can hold (not UTF-8,
            /// control characters, U+FFFE or U+FFFF) print as bytes,
            /// `<<239,191,191>>`; an atom holding U+FFFE or U+FFFF prints
            /// as `binary_to_atom(<<239,191,191>>, utf8)`.
            fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
                let to_value: fn(&Self) -> Value<'_> = $value;
                write_value(f, to_value(self), Layout { pretty: f.alternate(), indent: 0 })
            }
        }

        impl fmt::Debug for $ty<'_> {
            fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
                let to_value: fn(&Self) -> Value<'_> = $value;
                write_value(f, to_value(self), Layout { pretty: false, indent: 0 })
            }
        }
    )*};
}

erlang_fmt! {
    Term => |t| t.value();
    Value => |v| *v;
    List => |l| Value::List(*l);
    Map => |m| Value::Map(*m);
    Tuple => |t| Value::Tuple(*t);
}
