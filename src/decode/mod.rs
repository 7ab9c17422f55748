//! Zero-copy decoding of ETF payloads: received gateway events, and the
//! commands a client sends (for mock gateways, proxies and tests).
//!
//! [`decode`] walks the whole payload once, without recursion or
//! allocation, checking every tag, length, UTF-8 atom, float and the
//! nesting depth, and refusing trailing bytes. What it returns is a
//! [`Term`] borrowed from the payload: strings and binaries are slices of
//! it, lists and maps are read lazily by iterators that cannot fail, and a
//! lookup such as [`Map::get`] skips over values without allocating.
//! Accessors (`as_u64`, `as_str`, [`Term::parse`]…) check types and report
//! a typed [`Error`] with the byte offset.
//!
//! Every tag Discord's side may send is accepted: integers 97, 98, 110,
//! 111; floats 70 and 99; atoms 100, 115, 118, 119; binaries 109; byte
//! lists 107; lists 108 with any tail; `[]` 106; maps 116; tuples 104 and
//! 105. Map keys may be atoms or binaries, and `get("op")` finds either.
//!
//! On top of terms:
//! - [`GatewayEvent`]: the `{op, d, s, t}` envelope of received payloads,
//!   with [`Hello`], Invalid Session, [`Dispatch`] and [`Ready`].
//! - [`DecodeCommand`] and [`ClientCommand`]: every sent command read back,
//!   liberally or with Discord's rules ([`validate_client_frame`]).
//! - [`FromTerm`] and [`Seq`]: conversions, also for your own types.
//!
//! ```
//! use gateway_etf::decode::{Event, GatewayEvent};
//! use gateway_etf::{Command, Heartbeat, Opcode, decode::DecodeCommand};
//!
//! // term_to_binary(#{op => 10, d => #{heartbeat_interval => 41250}, s => nil, t => nil})
//! // as OTP 25 writes it by default: atoms as ATOM_EXT.
//! let hello = [131, 116, 0, 0, 0, 4, 100, 0, 1, b'd', 116, 0, 0, 0, 1, 100, 0, 18,
//!     b'h', b'e', b'a', b'r', b't', b'b', b'e', b'a', b't', b'_', b'i', b'n', b't', b'e', b'r',
//!     b'v', b'a', b'l', 98, 0, 0, 161, 34, 100, 0, 2, b'o', b'p', 97, 10,
//!     100, 0, 1, b's', 100, 0, 3, b'n', b'i', b'l', 100, 0, 1, b't', 100, 0, 3, b'n', b'i', b'l'];
//! let event = GatewayEvent::decode(&hello)?;
//! assert_eq!(event.opcode(), Some(Opcode::Hello));
//! let Event::Hello(h) = event.event()? else { panic!("not a hello") };
//! assert_eq!(h.heartbeat_interval, 41250);
//!
//! // A mock gateway reads what the client sent back into the encoder's type.
//! let mut buf = [0u8; 64];
//! let frame = Heartbeat::new(Some(7)).encode(&mut buf).unwrap();
//! assert_eq!(Heartbeat::decode_strict(frame)?, Heartbeat::new(Some(7)));
//! # Ok::<(), gateway_etf::decode::Error>(())
//! ```

mod atom;
mod command;
mod container;
mod display;
mod error;
mod event;
mod from_term;
pub(crate) mod head;
mod iter;
mod list;
mod map;
pub(crate) mod reader;
mod term;
mod tuple;

pub use crate::CloseCode;
pub use atom::{Atom, AtomChars};
pub use command::{ClientCommand, DecodeCommand, Mode, validate_client_frame};
pub use error::{Error, Kind};
pub use event::{Dispatch, Event, GatewayEvent, Hello, Ready};
pub use from_term::{FromTerm, Seq, SeqIter};
pub use iter::{Elements, Entries};
pub use list::List;
pub use map::Map;
pub use term::{BigInt, Term, Value};
pub use tuple::Tuple;

use crate::tag;

/// The deepest nesting of containers [`decode`] accepts (a map in a list
/// in a map is depth 3); Discord's payloads stay far below it. The walk
/// keeps one counter per level on the stack, so this bounds its size; it
/// also bounds any recursion over the decoded term, such as its
/// [`Display`](core::fmt::Display).
pub const MAX_DEPTH: usize = 64;

// The walk marks map levels in a u64.
const _: () = assert!(MAX_DEPTH <= 64);

/// Decodes a payload (version byte 131 and exactly one term), checking all
/// of it, with the nesting limit [`MAX_DEPTH`].
///
/// ```
/// use gateway_etf::decode::{decode, Error};
/// assert_eq!(decode(&[131, 97, 1])?.as_u64()?, 1);
/// assert_eq!(decode(&[131, 97]).unwrap_err(), Error::Truncated { offset: 1 });
/// assert_eq!(decode(&[131, 97, 1, 0]).unwrap_err(), Error::TrailingBytes { offset: 3 });
/// assert_eq!(decode(&[130]).unwrap_err(), Error::BadVersion { found: Some(130) });
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
pub fn decode(payload: &[u8]) -> Result<Term<'_>, Error> {
    decode_with_depth(payload, MAX_DEPTH)
}

/// [`decode`] with a lower nesting limit (values above [`MAX_DEPTH`] count
/// as [`MAX_DEPTH`]), for callers that recurse over the result on a small
/// stack.
///
/// ```
/// use gateway_etf::decode::{decode_with_depth, Error};
/// let nested = [131, 108, 0, 0, 0, 1, 108, 0, 0, 0, 1, 106, 106, 106]; // [[[]]]
/// assert!(decode_with_depth(&nested, 2).is_ok());
/// assert_eq!(decode_with_depth(&nested, 1).unwrap_err(), Error::TooDeep { offset: 6, max: 1 });
/// ```
pub fn decode_with_depth(payload: &[u8], max_depth: usize) -> Result<Term<'_>, Error> {
    version(payload)?;
    // The walk's one copy without a key callback, shared with the serde
    // reader's skips.
    whole(payload, reader::check(payload, 1, max_depth)?)
}

/// Checks the whole payload, calling `on_key(depth, offset, end)` for
/// every map key (see [`reader::walk`]), and returns its term.
#[inline(always)]
pub(crate) fn validate<F>(payload: &[u8], max_depth: usize, on_key: F) -> Result<Term<'_>, Error>
where
    F: FnMut(usize, usize, usize) -> Result<(), Error>,
{
    version(payload)?;
    whole(payload, reader::walk(payload, 1, max_depth, on_key)?)
}

/// The version byte that starts every frame, or [`Error::BadVersion`].
#[inline(always)]
pub(crate) fn version(payload: &[u8]) -> Result<(), Error> {
    match payload.first() {
        Some(&tag::VERSION) => Ok(()),
        found => Err(Error::BadVersion { found: found.copied() }),
    }
}

/// The payload's term, whose walk ended at `end`: [`Error::TrailingBytes`]
/// unless that is the payload's end.
#[inline(always)]
fn whole(payload: &[u8], end: usize) -> Result<Term<'_>, Error> {
    if end != payload.len() {
        return Err(Error::TrailingBytes { offset: end });
    }
    // Just validated: reading its header cannot fail.
    Term::at(payload, 1).ok_or(Error::Truncated { offset: 1 })
}
