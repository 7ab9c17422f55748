//! `serde` both ways, without an allocator (feature `serde`).
//!
//! Reading: [`from_slice`] drives any `Deserialize` type over a frame,
//! checking each byte once as it reads or skips it (the checks of
//! [`decode::decode`](crate::decode::decode)), borrowing strings and bytes from the
//! frame (`&'de str` and `&'de [u8]` fields copy nothing). [`from_term`],
//! [`Term::deserialize_into`](crate::decode::Term::deserialize_into) and
//! [`Dispatch::data_as`](crate::decode::Dispatch::data_as) read a term
//! already decoded, such as a dispatch's `d`; [`Deserializer`] is the
//! `serde::Deserializer` itself, for a `DeserializeSeed`.
//!
//! Writing: [`to_slice`], [`to_heapless`], `to_vec` (feature `alloc`)
//! and [`to_sink`] write a frame (version byte 131, then the term) through
//! the term [`Writer`](crate::encode::Writer), so integers and floats take
//! the tags Erlang's `term_to_binary` picks; [`encoded_len`] measures one.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! struct Message<'a> {
//!     id: gateway_etf::Snowflake,
//!     content: &'a str,
//!     pinned: bool,
//!     edited: Option<&'a str>,
//! }
//!
//! let mut buf = [0u8; 128];
//! let msg = Message { id: 1100000000000000000.into(), content: "hi", pinned: false, edited: None };
//! let frame = gateway_etf::serde::to_slice(&msg, &mut buf)?;
//! let back: Message<'_> = gateway_etf::serde::from_slice(frame)?;
//! assert_eq!(back, msg);
//! # Ok::<(), gateway_etf::serde::Error>(())
//! ```
//!
//! # The data model
//!
//! | ETF (tag) | read as | written from |
//! |---|---|---|
//! | integer 97, 98, 110, 111 | any Rust integer type it fits, else [`IntegerOutOfRange`](crate::decode::Error::IntegerOutOfRange) at its offset; `deserialize_any`: `u64`, else `i64`, else `i128`/`u128` | `i8`…`u128`, with `term_to_binary`'s tag: 97 for 0..=255, 98 within `i32`, else 110 |
//! | float 70, 99 | `f64`/`f32` | `f32`, `f64` as 70; NaN and infinities refused |
//! | atom `nil` | `()`, `None`, unit struct | `()`, `None`, unit struct |
//! | atoms `true`, `false` | `bool` | `bool` |
//! | other atom | string (borrowed; Latin-1 beyond ASCII transcoded on the stack), identifier, unit variant | — (map keys and names are written as binaries) |
//! | binary 109 | `&str`/`String` if UTF-8, else `&[u8]`; `deserialize_bytes`: always bytes | `str`, `char`, `&[u8]` (`serialize_bytes`) |
//! | byte list 107 (`STRING_EXT`) | sequence of `u8`; also `&[u8]` and `&str` when the type asks for bytes or a string | — (sequences of `u8` are lists) |
//! | `[]` 106, list 108 | sequence; an improper list is [`Error::ImproperList`] | sequence, tuple, tuple struct: 108 … 106, or 106 alone when empty |
//! | tuple 104, 105 | sequence, tuple | — |
//! | map 116 | map; struct (keys: atoms or binaries) | map, struct: 116 with binary keys for fields and strings; other keys as the term they are |
//! | atom or binary `V` | unit variant `V` | unit variant: binary `V` |
//! | `#{V => X}` (one entry), or `{V, X}` | newtype, tuple or struct variant `V` with content `X` | `#{<<"V">> => X}` |
//!
//! A struct also reads from a list or tuple of its fields in order. A
//! missing `Option` field reads as `None` (serde's default);
//! [`deserialize_any`](::serde::Deserializer::deserialize_any) covers every
//! term, so `#[serde(untagged)]`, internally tagged enums,
//! `#[serde(flatten)]` (with `alloc`) and `serde_json::Value` work, and
//! `deserialize_ignored_any` skips a term without visiting it (checking
//! it on the way, unless the frame was validated already). Both directions say they are human-readable,
//! like JSON, so types that serialize differently for JSON (addresses,
//! times) use their JSON form.
//!
//! # Collections of unknown length
//!
//! ETF writes a map's or a list's count before its elements. When serde
//! does not know it (`serialize_map(None)` for `#[serde(flatten)]`,
//! `collect_seq` over a filter), the count is written as a placeholder,
//! counted while the elements are written and patched afterwards: nothing
//! is buffered. That needs the output to be memory: [`to_slice`],
//! [`to_heapless`] and `to_vec` do it; [`to_sink`] into an arbitrary sink
//! returns [`Error::UnknownLength`].
//!
//! # Discord's 4096-byte limit
//!
//! A command sent to Discord may not exceed [`MAX_PAYLOAD`](crate::MAX_PAYLOAD)
//! bytes (the gateway closes with 4002). Writing into a buffer of that
//! size enforces it: a longer frame fails with
//! [`BufferFull`](crate::Error::BufferFull) and is never handed out. Or
//! check the length of `to_vec`'s output, or ask [`encoded_len`] first.
//!
//! ```
//! use gateway_etf::{MAX_PAYLOAD, serde::{to_slice, Error}};
//!
//! #[derive(serde::Serialize)]
//! struct Command<'a> { op: u8, d: &'a str }
//!
//! let mut buf = [0u8; MAX_PAYLOAD];
//! assert!(to_slice(&Command { op: 3, d: "ok" }, &mut buf).is_ok());
//! let huge = "x".repeat(MAX_PAYLOAD);
//! let too_large = to_slice(&Command { op: 3, d: &huge }, &mut buf);
//! assert!(matches!(too_large, Err(Error::Encode(gateway_etf::Error::BufferFull { .. }))));
//! ```
//!
//! Discord closes the connection on atom map keys too (4002): this
//! serializer writes struct fields and string keys as binaries, and writes
//! atoms only for `nil`, `true` and `false`.

mod de;
mod error;
mod ser;
mod snowflake;
mod target;

pub use de::Deserializer;
pub use error::{Error, MESSAGE_LEN};
#[cfg(feature = "alloc")]
pub use ser::to_vec;
pub use ser::{encoded_len, to_heapless, to_sink, to_slice};

use ::serde::Deserialize;

use crate::decode::{Dispatch, Term};

/// Reads a frame (version byte 131 and one term) into `T`, borrowing
/// strings and bytes from it.
///
/// One pass, as serde_json reads: each term is checked as it is read,
/// each value `T` does not ask for is checked as it is skipped (the same
/// checks as [`decode::decode`](crate::decode::decode): tags, lengths,
/// UTF-8, floats, nesting), and the term must end the frame. A frame
/// with a fault anywhere is an error, but when it also holds a value of
/// the wrong type before the fault, that error may come first. Errors
/// carry the byte offset of the term at fault. [`Deserializer::from_slice`]
/// validates the whole frame before reading instead.
///
/// ```
/// use serde::Deserialize;
/// // term_to_binary(#{op => 10, d => #{heartbeat_interval => 41250}, s => nil, t => nil})
/// let hello = [131, 116, 0, 0, 0, 4, 119, 1, b'd', 116, 0, 0, 0, 1, 119, 18,
///     b'h', b'e', b'a', b'r', b't', b'b', b'e', b'a', b't', b'_', b'i', b'n', b't', b'e', b'r',
///     b'v', b'a', b'l', 98, 0, 0, 161, 34, 119, 2, b'o', b'p', 97, 10,
///     119, 1, b's', 119, 3, b'n', b'i', b'l', 119, 1, b't', 119, 3, b'n', b'i', b'l'];
///
/// #[derive(Deserialize)]
/// struct Payload<'a> { op: u8, d: Hello, s: Option<u64>, #[serde(borrow)] t: Option<&'a str> }
/// #[derive(Deserialize)]
/// struct Hello { heartbeat_interval: u32 }
///
/// let p: Payload<'_> = gateway_etf::serde::from_slice(&hello)?;
/// assert_eq!((p.op, p.d.heartbeat_interval, p.s, p.t), (10, 41250, None, None));
///
/// // heartbeat_interval does not fit a u8: the error points at it
/// #[derive(Debug, Deserialize)]
/// struct Tiny { heartbeat_interval: u8 }
/// #[derive(Debug, Deserialize)]
/// struct Small { d: Tiny }
/// let err = gateway_etf::serde::from_slice::<Small>(&hello).unwrap_err();
/// assert_eq!(err.offset(), Some(34));
/// # Ok::<(), gateway_etf::serde::Error>(())
/// ```
pub fn from_slice<'de, T: Deserialize<'de>>(frame: &'de [u8]) -> Result<T, Error> {
    Deserializer::read_frame(frame)
}

/// Reads a term already decoded into `T`, borrowing from its frame.
///
/// ```
/// use gateway_etf::decode::decode;
/// // [1, 2, 3] as Erlang writes it: a byte list (STRING_EXT)
/// let term = decode(&[131, 107, 0, 3, 1, 2, 3])?;
/// let v: [u16; 3] = gateway_etf::serde::from_term(term)?;
/// assert_eq!(v, [1, 2, 3]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn from_term<'de, T: Deserialize<'de>>(term: Term<'de>) -> Result<T, Error> {
    T::deserialize(&mut Deserializer::from_term(term))
}

impl<'de> Term<'de> {
    /// Reads the term into `T` with serde (feature `serde`); see
    /// [`from_term`](crate::serde::from_term).
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// // #{<<"id">> => <<"81384788765712384">>}
    /// let frame = [131, 116, 0, 0, 0, 1, 109, 0, 0, 0, 2, b'i', b'd',
    ///     109, 0, 0, 0, 17, b'8', b'1', b'3', b'8', b'4', b'7', b'8', b'8', b'7', b'6', b'5', b'7', b'1', b'2', b'3', b'8', b'4'];
    /// #[derive(serde::Deserialize)]
    /// struct User { id: gateway_etf::Snowflake }
    /// let user: User = decode(&frame)?.deserialize_into()?;
    /// assert_eq!(user.id.get(), 81384788765712384);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deserialize_into<T: Deserialize<'de>>(self) -> Result<T, Error> {
        from_term(self)
    }
}

impl<'de> Dispatch<'de> {
    /// Reads the event's data, `d`, into `T` with serde (feature `serde`).
    ///
    /// ```
    /// use gateway_etf::decode::{Event, GatewayEvent};
    /// // term_to_binary(#{op => 0, s => 3, t => 'TYPING_START', d => #{<<"user_id">> => 42}})
    /// let frame = [131, 116, 0, 0, 0, 4, 119, 1, b'd', 116, 0, 0, 0, 1, 109, 0, 0, 0, 7,
    ///     b'u', b's', b'e', b'r', b'_', b'i', b'd', 97, 42, 119, 2, b'o', b'p', 97, 0,
    ///     119, 1, b's', 97, 3, 119, 1, b't', 119, 12,
    ///     b'T', b'Y', b'P', b'I', b'N', b'G', b'_', b'S', b'T', b'A', b'R', b'T'];
    /// #[derive(serde::Deserialize)]
    /// struct TypingStart { user_id: u64 }
    /// let Event::Dispatch(dispatch) = GatewayEvent::decode(&frame)?.event()? else { panic!() };
    /// assert_eq!(dispatch.name, "TYPING_START");
    /// assert_eq!(dispatch.data_as::<TypingStart>()?.user_id, 42);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn data_as<T: Deserialize<'de>>(&self) -> Result<T, Error> {
        from_term(self.data)
    }
}
