//! Why a payload could not be read, and which close code Discord would send.

use core::fmt;

use crate::CloseCode;

/// The kind of a term, as reported when another kind was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Kind {
    /// An integer of any width (tags 97, 98, 110, 111).
    Integer,
    /// A float (tags 70, 99).
    Float,
    /// An atom (tags 100, 115, 118, 119), including `nil`, `true`, `false`.
    Atom,
    /// A binary (tag 109), the way strings travel.
    Binary,
    /// A list: `[]` (106), a byte list (107) or a general list (108).
    List,
    /// A map (116).
    Map,
    /// A tuple (104, 105).
    Tuple,
}

impl Kind {
    /// The name used in error messages.
    ///
    /// ```
    /// # use gateway_etf::decode::Kind;
    /// assert_eq!(Kind::Binary.as_str(), "binary");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Integer => "integer",
            Kind::Float => "float",
            Kind::Atom => "atom",
            Kind::Binary => "binary",
            Kind::List => "list",
            Kind::Map => "map",
            Kind::Tuple => "tuple",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything that can stop a payload from being read.
///
/// Offsets count bytes from the start of the payload, version byte
/// included, and point at the start of the offending term unless said
/// otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// The payload does not start with the version byte 131.
    BadVersion {
        /// The first byte, or `None` for an empty payload.
        found: Option<u8>,
    },
    /// The input ends inside the fixed-size part of a term (its tag, length
    /// field or fixed body).
    Truncated {
        /// Where the cut-short term starts.
        offset: usize,
    },
    /// A length or count runs past the end of the input.
    LengthPastEnd {
        /// Where the term with that length starts.
        offset: usize,
        /// The length or element count it announces.
        len: u64,
    },
    /// A tag this reader does not accept (PIDs, references, funs, bit
    /// binaries, compressed terms…).
    UnknownTag {
        /// Where the tag is.
        offset: usize,
        /// The tag byte.
        tag: u8,
    },
    /// Containers nested deeper than the limit (see
    /// [`decode_with_depth`](super::decode_with_depth)).
    TooDeep {
        /// Where the container that goes over the limit starts.
        offset: usize,
        /// The limit.
        max: usize,
    },
    /// Bytes after the end of the term.
    TrailingBytes {
        /// Where the extra bytes start.
        offset: usize,
    },
    /// Invalid UTF-8 in a UTF-8 atom, or in a binary read as a string.
    InvalidUtf8 {
        /// The first byte that is not valid UTF-8.
        offset: usize,
    },
    /// A float that is NaN, infinite, or (tag 99) not a number at all.
    InvalidFloat {
        /// Where the float starts.
        offset: usize,
    },
    /// An integer over 64 bits where a 64-bit integer was asked for. The
    /// payload itself is fine: such integers are skipped without error.
    IntegerTooWide {
        /// Where the integer starts.
        offset: usize,
    },
    /// An integer that fits 64 bits but not the type asked for (a
    /// negative count, an opcode over 255…).
    IntegerOutOfRange {
        /// Where the integer starts.
        offset: usize,
    },
    /// A term of another kind than the one asked for.
    WrongType {
        /// Where the term starts.
        offset: usize,
        /// What was asked for ("string", "boolean", "snowflake"…).
        expected: &'static str,
        /// What was found.
        found: Kind,
    },
    /// A string or number outside the values Discord defines (a status
    /// `"away"`, an activity type 9…).
    UnknownValue {
        /// Where the term starts.
        offset: usize,
        /// What was asked for.
        expected: &'static str,
    },
    /// A required key is absent from a map.
    MissingField {
        /// Where the map starts.
        offset: usize,
        /// The key.
        field: &'static str,
    },
    /// Two keys that exclude each other are both present.
    ConflictingFields {
        /// Where the map starts.
        offset: usize,
        /// One key.
        field: &'static str,
        /// The other key.
        other: &'static str,
    },
    /// A frame of another opcode than the command being decoded.
    WrongOpcode {
        /// The opcode of the command asked for.
        expected: u8,
        /// The opcode in the frame.
        found: u8,
    },
    /// An opcode that clients do not send.
    UnknownOpcode {
        /// The opcode in the frame.
        op: u8,
    },
    /// Strict mode: a map key that is not a binary (Discord closes with
    /// 4002 on atom keys).
    NonStringKey {
        /// Where the key starts.
        offset: usize,
    },
    /// Strict mode: a frame over Discord's 4096-byte limit.
    PayloadTooLarge {
        /// The frame length.
        len: usize,
    },
    /// A shard `[id, count]` without `id < count`.
    InvalidShard {
        /// Where the shard list starts.
        offset: usize,
        /// The shard id.
        id: u32,
        /// The shard count.
        count: u32,
    },
    /// Strict mode: intents with bits that no documented intent uses.
    UnknownIntents {
        /// Where the integer starts.
        offset: usize,
        /// The whole bit set.
        bits: u64,
    },
    /// A caller-provided slice is too short for the decoded elements.
    BufferTooSmall {
        /// How many elements it needed to hold.
        needed: usize,
    },
}

impl Error {
    /// The close code Discord's gateway uses for a client frame failing
    /// this way: malformed ETF, non-string keys and oversized frames are
    /// decode errors (4002); a bad opcode or a missing or wrongly typed field
    /// is 4001; a bad shard 4010, unknown intents 4013. A caller's slice
    /// too small is not the frame's fault: 4000.
    ///
    /// ```
    /// use gateway_etf::decode::{CloseCode, Error};
    /// assert_eq!(Error::NonStringKey { offset: 6 }.close_code(), CloseCode::DecodeError);
    /// assert_eq!(Error::MissingField { offset: 1, field: "token" }.close_code(), CloseCode::UnknownOpcode);
    /// ```
    pub const fn close_code(&self) -> CloseCode {
        // One line a variant: each code reads beside its variant.
        match self {
            Error::BadVersion { .. } => CloseCode::DecodeError,
            Error::Truncated { .. } => CloseCode::DecodeError,
            Error::LengthPastEnd { .. } => CloseCode::DecodeError,
            Error::UnknownTag { .. } => CloseCode::DecodeError,
            Error::TooDeep { .. } => CloseCode::DecodeError,
            Error::TrailingBytes { .. } => CloseCode::DecodeError,
            Error::InvalidUtf8 { .. } => CloseCode::DecodeError,
            Error::InvalidFloat { .. } => CloseCode::DecodeError,
            Error::NonStringKey { .. } => CloseCode::DecodeError,
            Error::PayloadTooLarge { .. } => CloseCode::DecodeError,
            Error::IntegerTooWide { .. } => CloseCode::UnknownOpcode,
            Error::IntegerOutOfRange { .. } => CloseCode::UnknownOpcode,
            Error::WrongType { .. } => CloseCode::UnknownOpcode,
            Error::UnknownValue { .. } => CloseCode::UnknownOpcode,
            Error::MissingField { .. } => CloseCode::UnknownOpcode,
            Error::ConflictingFields { .. } => CloseCode::UnknownOpcode,
            Error::WrongOpcode { .. } => CloseCode::UnknownOpcode,
            Error::UnknownOpcode { .. } => CloseCode::UnknownOpcode,
            Error::InvalidShard { .. } => CloseCode::InvalidShard,
            Error::UnknownIntents { .. } => CloseCode::InvalidIntents,
            Error::BufferTooSmall { .. } => CloseCode::UnknownError,
        }
    }

    /// The byte offset the error points at, if it has one.
    ///
    /// ```
    /// # use gateway_etf::decode::Error;
    /// assert_eq!(Error::TrailingBytes { offset: 9 }.offset(), Some(9));
    /// assert_eq!(Error::BufferTooSmall { needed: 3 }.offset(), None);
    /// ```
    pub const fn offset(&self) -> Option<usize> {
        match *self {
            Error::BadVersion { .. } => Some(0),
            Error::Truncated { offset }
            | Error::LengthPastEnd { offset, .. }
            | Error::UnknownTag { offset, .. }
            | Error::TooDeep { offset, .. }
            | Error::TrailingBytes { offset }
            | Error::InvalidUtf8 { offset }
            | Error::InvalidFloat { offset }
            | Error::IntegerTooWide { offset }
            | Error::IntegerOutOfRange { offset }
            | Error::WrongType { offset, .. }
            | Error::UnknownValue { offset, .. }
            | Error::MissingField { offset, .. }
            | Error::ConflictingFields { offset, .. }
            | Error::NonStringKey { offset }
            | Error::InvalidShard { offset, .. }
            | Error::UnknownIntents { offset, .. } => Some(offset),
            Error::WrongOpcode { .. }
            | Error::UnknownOpcode { .. }
            | Error::PayloadTooLarge { .. }
            | Error::BufferTooSmall { .. } => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Grouped by close code, as in `close_code`.
        match *self {
            Error::BadVersion { found: Some(b) } => {
                write!(f, "first byte is {b}, not the ETF version byte 131")
            }
            Error::BadVersion { found: None } => f.write_str("empty payload: no ETF version byte"),
            Error::Truncated { offset } => write!(f, "input ends inside the term at offset {offset}"),
            Error::LengthPastEnd { offset, len } => {
                write!(
                    f,
                    "term at offset {offset} announces {len} bytes or elements, past the end of the input"
                )
            }
            Error::UnknownTag { offset, tag } => write!(f, "unsupported tag {tag} at offset {offset}"),
            Error::TooDeep { offset, max } => {
                write!(f, "container at offset {offset} nests deeper than the limit of {max}")
            }
            Error::TrailingBytes { offset } => {
                write!(f, "trailing bytes after the term, from offset {offset}")
            }
            Error::InvalidUtf8 { offset } => write!(f, "invalid UTF-8 at offset {offset}"),
            Error::InvalidFloat { offset } => write!(f, "float at offset {offset} is not a finite number"),
            Error::NonStringKey { offset } => {
                write!(f, "map key at offset {offset} is not a binary (Discord closes with 4002)")
            }
            Error::PayloadTooLarge { len } => {
                write!(f, "frame of {len} bytes is over Discord's 4096-byte limit")
            }
            Error::IntegerTooWide { offset } => write!(f, "integer at offset {offset} is wider than 64 bits"),
            Error::IntegerOutOfRange { offset } => {
                write!(f, "integer at offset {offset} is out of range for its field")
            }
            Error::WrongType { offset, expected, found } => {
                write!(f, "expected {expected}, found {found} at offset {offset}")
            }
            Error::UnknownValue { offset, expected } => write!(f, "unknown {expected} at offset {offset}"),
            Error::MissingField { offset, field } => {
                write!(f, "map at offset {offset} lacks the required key {field:?}")
            }
            Error::ConflictingFields { offset, field, other } => {
                write!(f, "map at offset {offset} has both {field:?} and {other:?}")
            }
            Error::WrongOpcode { expected, found } => {
                write!(f, "frame has opcode {found}, expected {expected}")
            }
            Error::UnknownOpcode { op } => write!(f, "opcode {op} is not one a client sends"),
            Error::InvalidShard { offset, id, count } => {
                write!(f, "shard [{id}, {count}] at offset {offset} is invalid: need id < count")
            }
            Error::UnknownIntents { offset, bits } => {
                write!(f, "intents {bits} at offset {offset} set undefined bits")
            }
            Error::BufferTooSmall { needed } => write!(f, "the caller's slice cannot hold {needed} elements"),
        }
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use core::fmt::Write;

    use super::{Error, Kind};

    /// A fixed buffer to format into, without an allocator.
    struct Text {
        buf: [u8; 128],
        len: usize,
    }

    impl Write for Text {
        fn write_str(&mut self, s: &str) -> core::fmt::Result {
            let end = self.len + s.len();
            self.buf.get_mut(self.len..end).ok_or(core::fmt::Error)?.copy_from_slice(s.as_bytes());
            self.len = end;
            Ok(())
        }
    }

    /// Every error's message and close code, as callers and logs see them.
    #[test]
    fn every_error_has_its_message_and_close_code() {
        let cases: [(Error, u16, &str); 22] = [
            (Error::BadVersion { found: Some(130) }, 4002, "first byte is 130, not the ETF version byte 131"),
            (Error::BadVersion { found: None }, 4002, "empty payload: no ETF version byte"),
            (Error::Truncated { offset: 5 }, 4002, "input ends inside the term at offset 5"),
            (
                Error::LengthPastEnd { offset: 5, len: 9 },
                4002,
                "term at offset 5 announces 9 bytes or elements, past the end of the input",
            ),
            (Error::UnknownTag { offset: 5, tag: 80 }, 4002, "unsupported tag 80 at offset 5"),
            (
                Error::TooDeep { offset: 5, max: 64 },
                4002,
                "container at offset 5 nests deeper than the limit of 64",
            ),
            (Error::TrailingBytes { offset: 5 }, 4002, "trailing bytes after the term, from offset 5"),
            (Error::InvalidUtf8 { offset: 5 }, 4002, "invalid UTF-8 at offset 5"),
            (Error::InvalidFloat { offset: 5 }, 4002, "float at offset 5 is not a finite number"),
            (Error::IntegerTooWide { offset: 5 }, 4001, "integer at offset 5 is wider than 64 bits"),
            (
                Error::IntegerOutOfRange { offset: 5 },
                4001,
                "integer at offset 5 is out of range for its field",
            ),
            (
                Error::WrongType { offset: 5, expected: "string", found: Kind::Binary },
                4001,
                "expected string, found binary at offset 5",
            ),
            (Error::UnknownValue { offset: 5, expected: "status" }, 4001, "unknown status at offset 5"),
            (
                Error::MissingField { offset: 5, field: "token" },
                4001,
                "map at offset 5 lacks the required key \"token\"",
            ),
            (
                Error::ConflictingFields { offset: 5, field: "query", other: "user_ids" },
                4001,
                "map at offset 5 has both \"query\" and \"user_ids\"",
            ),
            (Error::WrongOpcode { expected: 1, found: 2 }, 4001, "frame has opcode 2, expected 1"),
            (Error::UnknownOpcode { op: 9 }, 4001, "opcode 9 is not one a client sends"),
            (
                Error::NonStringKey { offset: 5 },
                4002,
                "map key at offset 5 is not a binary (Discord closes with 4002)",
            ),
            (
                Error::PayloadTooLarge { len: 5000 },
                4002,
                "frame of 5000 bytes is over Discord's 4096-byte limit",
            ),
            (
                Error::InvalidShard { offset: 5, id: 2, count: 1 },
                4010,
                "shard [2, 1] at offset 5 is invalid: need id < count",
            ),
            (
                Error::UnknownIntents { offset: 5, bits: 1 << 40 },
                4013,
                "intents 1099511627776 at offset 5 set undefined bits",
            ),
            (Error::BufferTooSmall { needed: 3 }, 4000, "the caller's slice cannot hold 3 elements"),
        ];
        for (error, code, message) in cases {
            let mut text = Text { buf: [0; 128], len: 0 };
            write!(text, "{error}").unwrap();
            assert_eq!(core::str::from_utf8(&text.buf[..text.len]), Ok(message));
            assert_eq!(error.close_code().code(), code, "{message}");
        }
    }
}
