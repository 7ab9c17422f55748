//! zlib-stream (`compress=zlib-stream`): the host writes each received
//! WebSocket message into the message buffer and calls `inflate_push`;
//! when a frame is whole it is in the frame buffer, ready for `decode`.
//! One stream per connection: `inflate_reset` before each new one.

use gateway_etf::transport::{InflateError, ZlibStream};

use crate::code::{Code, reply};
use crate::decode::FRAME;
use crate::memory::{Bytes, Global};

/// Bytes of one push. A longer message is pushed in pieces of this size
/// (the stream ends a frame only at a real sync flush, wherever the pieces
/// are cut): most messages are far smaller, and a larger buffer saves only
/// calls.
pub const MESSAGE_CAP: usize = 8 << 10;

/// The message (or piece of one) to inflate.
static MESSAGE: Bytes<MESSAGE_CAP> = Bytes::new([0; MESSAGE_CAP]);
/// The connection's inflater (its 32 KiB window and decompressor state):
/// `ZlibStream::new()` is all zeros, so this costs the module no data.
static STREAM: Global<ZlibStream> = Global::new(ZlibStream::new());

/// The inflater, for the length of one export's call.
fn stream() -> &'static mut ZlibStream {
    // SAFETY: the only reference to STREAM during this call (see `Global`).
    unsafe { STREAM.get() }
}

/// Where the host writes a received message.
#[unsafe(no_mangle)]
pub extern "C" fn message_ptr() -> *mut u8 {
    MESSAGE.ptr().cast()
}

/// How many message bytes fit.
#[unsafe(no_mangle)]
pub extern "C" fn message_cap() -> u32 {
    MESSAGE_CAP as u32
}

/// Inflates the first `len` bytes of the message buffer: the length of
/// the frame they end (in the frame buffer), 0 when the frame goes on in
/// the next message, or a negative code. After an error every push fails
/// (`NeedsReset`) until `inflate_reset`: reconnect.
#[unsafe(no_mangle)]
pub extern "C" fn inflate_push(len: u32) -> i32 {
    // SAFETY: the only references to MESSAGE and FRAME during this call
    // (see `Global`).
    let (message, frame) = unsafe { (MESSAGE.get(), FRAME.get()) };
    let Some(message) = usize::try_from(len).ok().and_then(|len| message.get(..len)) else {
        return Code::InputRange as i32;
    };
    reply(match stream().push(message, frame) {
        Ok(frame) => Ok(frame.map_or(0, <[u8]>::len)),
        Err(e) => Err(e.into()),
    })
}

/// Starts a new stream, for a new connection (a resume too), and clears
/// an error.
#[unsafe(no_mangle)]
pub extern "C" fn inflate_reset() {
    stream().reset();
}

/// Bytes of the unfinished frame inflated so far: 0 between frames.
#[unsafe(no_mangle)]
pub extern "C" fn inflate_pending() -> u32 {
    stream().pending() as u32
}

impl From<InflateError> for Code {
    fn from(e: InflateError) -> Code {
        match e {
            InflateError::Corrupt => Code::Corrupt,
            InflateError::FrameTooLarge { .. } => Code::FrameTooLarge,
            InflateError::StreamEnded => Code::StreamEnded,
            InflateError::NeedsReset => Code::NeedsReset,
            _ => Code::Unknown,
        }
    }
}
