//! The one error of both directions, allocation-free.

use core::fmt::{self, Write as _};

use crate::decode;

/// The longest message [`Error::Message`] keeps, in bytes; longer ones
/// are cut at a character boundary and end in `…`.
pub const MESSAGE_LEN: usize = 64;

/// Why a value could not be read from a frame or written into one.
///
/// Allocates nothing: serde's messages (`invalid type: …, expected …`)
/// are kept in a fixed [`MESSAGE_LEN`]-byte string, cut if longer. Every
/// error raised while reading a term carries the byte offset of that term
/// in the frame ([`offset`](Self::offset)), the version byte counting as 0.
///
/// ```
/// use gateway_etf::serde::{Error, from_slice};
/// // [1, 2 | 3]: an improper list, refused where a sequence is read
/// let frame = [131, 108, 0, 0, 0, 2, 97, 1, 97, 2, 97, 3];
/// let err = from_slice::<[u8; 2]>(&frame).unwrap_err();
/// assert_eq!(err, Error::ImproperList { offset: 10 });
/// assert_eq!(err.offset(), Some(10));
/// assert_eq!(err.to_string(), "expected a proper list, found an improper list whose tail is at offset 10");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// The frame is not valid ETF, or a term is not what the type asked
    /// for in a way the decoder reports: an integer out of the target
    /// type's range or too wide
    /// ([`IntegerOutOfRange`](decode::Error::IntegerOutOfRange),
    /// [`IntegerTooWide`](decode::Error::IntegerTooWide)), a binary read as
    /// a string that is not UTF-8. The decode error carries the offset.
    Decode(decode::Error),
    /// The writer or the buffer failed (buffer full, NaN, a length over
    /// 32 bits…).
    Encode(crate::Error),
    /// A list whose tail is not `[]` where a sequence was read.
    ImproperList {
        /// Where the tail starts.
        offset: usize,
    },
    /// [`to_sink`](super::to_sink) was given a map or sequence of unknown
    /// length (`serialize_map(None)`, `#[serde(flatten)]`, `collect_seq`
    /// over an iterator without an exact size): ETF writes the count
    /// first, and only memory can be patched afterwards. Use
    /// [`to_slice`](super::to_slice), `to_vec` or
    /// [`to_heapless`](super::to_heapless).
    UnknownLength,
    /// A `Serialize` implementation wrote a different number of elements
    /// than it announced.
    LengthMismatch {
        /// The length announced to `serialize_seq`, `serialize_map`…
        announced: usize,
        /// The elements or entries actually written.
        written: usize,
    },
    /// A message from serde or from a `Serialize`/`Deserialize`
    /// implementation (wrong type, unknown variant, missing field…), cut
    /// to [`MESSAGE_LEN`] bytes, with the offset of the term being read
    /// when there is one.
    Message {
        /// Where the term being read starts; `None` when writing.
        offset: Option<usize>,
        /// The message.
        message: heapless::String<MESSAGE_LEN>,
    },
}

impl Error {
    /// The byte offset in the frame the error points at, if it has one.
    ///
    /// ```
    /// use gateway_etf::serde::from_slice;
    /// // [1, <<"x">>] read as two integers: the binary at offset 8 is wrong
    /// let frame = [131, 108, 0, 0, 0, 2, 97, 1, 109, 0, 0, 0, 1, b'x', 106];
    /// let err = from_slice::<(u8, u8)>(&frame).unwrap_err();
    /// assert_eq!(err.offset(), Some(8));
    /// assert_eq!(err.to_string(), "invalid type: string \"x\", expected u8 at offset 8");
    /// ```
    pub fn offset(&self) -> Option<usize> {
        match self {
            Error::Decode(e) => e.offset(),
            Error::ImproperList { offset } => Some(*offset),
            Error::Message { offset, .. } => *offset,
            Error::Encode(_) | Error::UnknownLength | Error::LengthMismatch { .. } => None,
        }
    }

    /// A message with its offset, if the message has none yet.
    pub(crate) fn at(self, at: usize) -> Self {
        match self {
            Error::Message { offset: None, message } => Error::Message { offset: Some(at), message },
            other => other,
        }
    }

    /// A message, cut to [`MESSAGE_LEN`] bytes.
    fn message(args: fmt::Arguments<'_>) -> Self {
        let mut w = Truncating { out: heapless::String::new(), cut: false };
        // `Truncating` never fails; a `Display` impl that does leaves what
        // it wrote so far.
        let _ = w.write_fmt(args);
        if w.cut {
            // `Truncating` leaves room for the mark.
            let _ = w.out.push('…');
        }
        Error::Message { offset: None, message: w.out }
    }
}

/// Writes into a fixed string, dropping what does not fit (and leaving 3
/// bytes for `…`).
struct Truncating {
    out: heapless::String<MESSAGE_LEN>,
    cut: bool,
}

impl fmt::Write for Truncating {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        const ROOM: usize = MESSAGE_LEN - '…'.len_utf8();
        for c in s.chars() {
            if self.cut || self.out.len() + c.len_utf8() > ROOM {
                self.cut = true;
                return Ok(());
            }
            // Checked just above: fits.
            let _ = self.out.push(c);
        }
        Ok(())
    }
}

impl From<decode::Error> for Error {
    fn from(e: decode::Error) -> Self {
        Error::Decode(e)
    }
}

impl From<crate::Error> for Error {
    fn from(e: crate::Error) -> Self {
        Error::Encode(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Decode(e) => fmt::Display::fmt(e, f),
            Error::Encode(e) => fmt::Display::fmt(e, f),
            Error::ImproperList { offset } => {
                write!(f, "expected a proper list, found an improper list whose tail is at offset {offset}")
            }
            Error::UnknownLength => f.write_str(
                "a map or sequence of unknown length can only be written into memory (to_slice, to_vec, to_heapless)",
            ),
            Error::LengthMismatch { announced, written } => {
                write!(f, "Serialize announced {announced} elements and wrote {written}")
            }
            Error::Message { offset: Some(at), message } => write!(f, "{message} at offset {at}"),
            Error::Message { offset: None, message } => f.write_str(message),
        }
    }
}

impl core::error::Error for Error {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Error::Decode(e) => Some(e),
            Error::Encode(e) => Some(e),
            _ => None,
        }
    }
}

impl ::serde::de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::message(format_args!("{msg}"))
    }
}

impl ::serde::ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::message(format_args!("{msg}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::serde::de::Error as _;

    #[test]
    fn long_messages_are_cut_at_a_char_boundary() {
        let e = Error::custom("é".repeat(100));
        let Error::Message { message, .. } = &e else { panic!("not a message") };
        assert!(message.len() <= MESSAGE_LEN);
        assert!(message.ends_with('…'));
        assert!(message.starts_with("éé"));
        assert_eq!(
            Error::custom("short"),
            Error::Message { offset: None, message: "short".try_into().unwrap() }
        );
    }
}
