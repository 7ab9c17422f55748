//! The error codes every export returns instead of a length or an opcode:
//! negative, one table ([`Code`]), each with its name for the host
//! (`error_name`).

use gateway_etf::{Error, decode};

/// Declares [`Code`] and its names from one list.
macro_rules! codes {
    ($($(#[doc = $doc:literal])* $name:ident = $value:literal,)*) => {
        /// Why an export failed: its return value, always negative.
        #[repr(i32)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Code {
            $($(#[doc = $doc])* $name = $value,)*
        }

        impl Code {
            /// Every code, for looking one up by number.
            const ALL: [Code; [$($value),*].len()] = [$(Code::$name),*];

            /// The variant's name, as the host shows it.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Code::$name => stringify!($name),)*
                }
            }
        }
    };
}

codes! {
    // The encoder's errors (`gateway_etf::Error`).
    /// The output buffer is too small (never for a valid command).
    BufferFull = -1,
    /// `large_threshold` outside 50..=250.
    LargeThresholdOutOfRange = -2,
    /// Over 100 user IDs.
    TooManyUserIds = -3,
    /// `limit` over 100 with a query prefix.
    LimitTooHigh = -4,
    /// A nonce over 32 bytes.
    NonceTooLong = -5,
    /// A frame over 4096 bytes.
    PayloadTooLarge = -6,
    /// A shard without `id < count`.
    InvalidShard = -7,
    /// A NaN or infinite float.
    NonFiniteFloat = -8,
    /// An atom over 255 characters.
    AtomTooLong = -9,
    /// A length over the format's 32 bits.
    LengthOverflow = -10,

    // The decoder's errors (`gateway_etf::decode::Error`).
    /// The frame does not start with the version byte 131.
    BadVersion = -20,
    /// The frame ends inside a term.
    Truncated = -21,
    /// A length or count runs past the end of the frame.
    LengthPastEnd = -22,
    /// A tag the decoder does not accept.
    UnknownTag = -23,
    /// Terms nested too deep.
    TooDeep = -24,
    /// Bytes after the end of the term.
    TrailingBytes = -25,
    /// A string that is not UTF-8.
    InvalidUtf8 = -26,
    /// A NaN, infinite or unreadable float.
    InvalidFloat = -27,
    /// An integer over 64 bits where one is read.
    IntegerTooWide = -28,
    /// An integer outside the range of the field.
    IntegerOutOfRange = -29,
    /// A field of another type than expected.
    WrongType = -30,
    /// A value Discord does not define.
    UnknownValue = -31,
    /// A required field is missing.
    MissingField = -32,
    /// Two fields that exclude each other.
    ConflictingFields = -33,
    /// Another opcode than the one read.
    WrongOpcode = -34,
    /// An opcode the gateway does not define.
    UnknownOpcode = -35,
    /// A map key that is not a string.
    NonStringKey = -36,
    /// A client frame over 4096 bytes.
    DecodePayloadTooLarge = -37,
    /// A shard without `id < count` in a frame.
    DecodeInvalidShard = -38,
    /// Intent bits Discord does not define.
    UnknownIntents = -39,
    /// A slice too small for what was decoded.
    BufferTooSmall = -40,

    // The inflater's errors (`gateway_etf::transport::InflateError`).
    /// The input is not a zlib stream.
    Corrupt = -50,
    /// The frame is larger than the frame buffer.
    FrameTooLarge = -51,
    /// The zlib stream ended (Discord's never does).
    StreamEnded = -52,
    /// An earlier error stopped the stream: `inflate_reset` first.
    NeedsReset = -53,

    // The module's own.
    /// A string read from the frame does not lie in the frame buffer.
    OutsideFrame = -97,
    /// An error this module does not know yet.
    Unknown = -98,
    /// A length overruns its buffer (an absent, -1, required string too).
    InputRange = -99,
    /// An input string is not UTF-8.
    Utf8 = -100,
    /// A name or number the command does not know (a status, an activity
    /// type, a channel info field).
    UnknownName = -101,
}

impl Code {
    /// The code numbered `n`, if there is one.
    pub fn from_i32(n: i32) -> Option<Code> {
        Code::ALL.into_iter().find(|c| *c as i32 == n)
    }
}

impl From<Error> for Code {
    fn from(e: Error) -> Code {
        match e {
            Error::BufferFull { .. } => Code::BufferFull,
            Error::LargeThresholdOutOfRange(_) => Code::LargeThresholdOutOfRange,
            Error::TooManyUserIds(_) => Code::TooManyUserIds,
            Error::LimitTooHigh(_) => Code::LimitTooHigh,
            Error::NonceTooLong(_) => Code::NonceTooLong,
            Error::PayloadTooLarge(_) => Code::PayloadTooLarge,
            Error::InvalidShard { .. } => Code::InvalidShard,
            Error::NonFiniteFloat => Code::NonFiniteFloat,
            Error::AtomTooLong(_) => Code::AtomTooLong,
            Error::LengthOverflow(_) => Code::LengthOverflow,
            _ => Code::Unknown,
        }
    }
}

impl From<decode::Error> for Code {
    fn from(e: decode::Error) -> Code {
        use decode::Error as D;
        match e {
            D::BadVersion { .. } => Code::BadVersion,
            D::Truncated { .. } => Code::Truncated,
            D::LengthPastEnd { .. } => Code::LengthPastEnd,
            D::UnknownTag { .. } => Code::UnknownTag,
            D::TooDeep { .. } => Code::TooDeep,
            D::TrailingBytes { .. } => Code::TrailingBytes,
            D::InvalidUtf8 { .. } => Code::InvalidUtf8,
            D::InvalidFloat { .. } => Code::InvalidFloat,
            D::IntegerTooWide { .. } => Code::IntegerTooWide,
            D::IntegerOutOfRange { .. } => Code::IntegerOutOfRange,
            D::WrongType { .. } => Code::WrongType,
            D::UnknownValue { .. } => Code::UnknownValue,
            D::MissingField { .. } => Code::MissingField,
            D::ConflictingFields { .. } => Code::ConflictingFields,
            D::WrongOpcode { .. } => Code::WrongOpcode,
            D::UnknownOpcode { .. } => Code::UnknownOpcode,
            D::NonStringKey { .. } => Code::NonStringKey,
            D::PayloadTooLarge { .. } => Code::DecodePayloadTooLarge,
            D::InvalidShard { .. } => Code::DecodeInvalidShard,
            D::UnknownIntents { .. } => Code::UnknownIntents,
            D::BufferTooSmall { .. } => Code::BufferTooSmall,
            _ => Code::Unknown,
        }
    }
}

/// Writes the name of error `code` into the output buffer: its length, or
/// -1 for a number that is no code.
#[unsafe(no_mangle)]
pub extern "C" fn error_name(code: i32) -> i32 {
    match Code::from_i32(code) {
        Some(code) => reply(crate::encode::write_output(code.name().as_bytes())),
        None => -1,
    }
}

/// A length, an opcode or another count as the export's return value, or
/// the error's code.
pub fn reply(result: Result<usize, Code>) -> i32 {
    match result {
        // Every length this module returns is under its 4 GiB of memory;
        // one that is not would be a bug, reported as `Unknown`.
        Ok(n) => i32::try_from(n).unwrap_or(Code::Unknown as i32),
        Err(code) => code as i32,
    }
}
