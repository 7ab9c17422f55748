//! Received frames: the host puts a frame into the frame buffer (or
//! `inflate_push` does), `decode` reads it once, and the getters hand out
//! what a bot needs to run its session. Numbers are returned; strings are
//! an offset into the frame buffer and a length (-1: absent).

use gateway_etf::decode::{Event, GatewayEvent};

use crate::code::{Code, reply};
use crate::memory::{Bytes, Global};

/// Bytes of the largest frame received: a GUILD_CREATE of a large guild
/// runs to megabytes.
pub const FRAME_CAP: usize = 2 << 20;

/// The received frame.
pub static FRAME: Bytes<FRAME_CAP> = Bytes::new([0; FRAME_CAP]);

/// A string in the frame buffer.
#[derive(Clone, Copy)]
struct Span {
    offset: u32,
    /// -1 when absent.
    len: i32,
}

impl Span {
    const ABSENT: Span = Span { offset: 0, len: -1 };

    /// Where `s`, borrowed from `frame`, lies in it.
    fn of(frame: &[u8], s: &str) -> Result<Span, Code> {
        let offset = (s.as_ptr() as usize).wrapping_sub(frame.as_ptr() as usize);
        if offset.checked_add(s.len()).is_none_or(|end| end > frame.len()) {
            return Err(Code::OutsideFrame);
        }
        Ok(Span {
            offset: u32::try_from(offset).map_err(|_| Code::OutsideFrame)?,
            len: i32::try_from(s.len()).map_err(|_| Code::OutsideFrame)?,
        })
    }
}

/// What the last `decode` read.
#[derive(Clone, Copy)]
struct Decoded {
    seq: Option<u64>,
    name: Span,
    heartbeat_interval: u64,
    resumable: bool,
    session_id: Span,
    resume_gateway_url: Span,
    user_id: u64,
}

impl Decoded {
    /// Nothing read.
    const NONE: Decoded = Decoded {
        seq: None,
        name: Span::ABSENT,
        heartbeat_interval: 0,
        resumable: false,
        session_id: Span::ABSENT,
        resume_gateway_url: Span::ABSENT,
        user_id: 0,
    };
}

static DECODED: Global<Decoded> = Global::new(Decoded::NONE);

/// Where the host (or `inflate_push`) writes a received frame.
#[unsafe(no_mangle)]
pub extern "C" fn frame_ptr() -> *mut u8 {
    FRAME.ptr().cast()
}

/// How many frame bytes fit.
#[unsafe(no_mangle)]
pub extern "C" fn frame_cap() -> u32 {
    FRAME_CAP as u32
}

/// Decodes the first `len` bytes of the frame buffer: the opcode, or a
/// negative code (the getters then read as after a frame with no fields).
/// The whole frame is validated; for Hello, Invalid Session and READY
/// their fields are read too.
#[unsafe(no_mangle)]
pub extern "C" fn decode(len: u32) -> i32 {
    // SAFETY: the only references to FRAME and DECODED during this call
    // (see `Global`).
    let (frame, decoded) = unsafe { (FRAME.get(), DECODED.get()) };
    *decoded = Decoded::NONE;
    let Some(frame) = usize::try_from(len).ok().and_then(|len| frame.get(..len)) else {
        return Code::InputRange as i32;
    };
    let result = read(frame);
    if let Ok(read) = result {
        *decoded = read.1;
    }
    reply(result.map(|(op, _)| usize::from(op)))
}

/// The opcode and fields of `frame`.
fn read(frame: &[u8]) -> Result<(u8, Decoded), Code> {
    let event = GatewayEvent::decode(frame)?;
    let mut decoded = Decoded { seq: event.seq, ..Decoded::NONE };
    if let Some(name) = event.name {
        decoded.name = Span::of(frame, name)?;
    }
    match event.event()? {
        Event::Hello(hello) => decoded.heartbeat_interval = hello.heartbeat_interval,
        Event::InvalidSession { resumable } => decoded.resumable = resumable,
        Event::Dispatch(dispatch) if dispatch.name == "READY" => {
            let ready = dispatch.ready()?;
            decoded.session_id = Span::of(frame, ready.session_id)?;
            decoded.resume_gateway_url = Span::of(frame, ready.resume_gateway_url)?;
            decoded.user_id = ready.user_id.get();
        }
        _ => {}
    }
    Ok((event.op, decoded))
}

/// What the last `decode` read.
fn last() -> Decoded {
    // SAFETY: the only reference to DECODED during this call (see `Global`).
    unsafe { *DECODED.get() }
}

/// 1 if the last frame had a sequence number `s`, else 0.
#[unsafe(no_mangle)]
pub extern "C" fn event_has_seq() -> u32 {
    u32::from(last().seq.is_some())
}

/// The last frame's `s` (0 if it had none): send it back in heartbeats
/// and Resume.
#[unsafe(no_mangle)]
pub extern "C" fn event_seq() -> u64 {
    last().seq.unwrap_or(0)
}

/// Where the last frame's event name `t` starts in the frame buffer.
#[unsafe(no_mangle)]
pub extern "C" fn event_name_offset() -> u32 {
    last().name.offset
}

/// The length of the last frame's event name `t`; -1 if it had none.
#[unsafe(no_mangle)]
pub extern "C" fn event_name_len() -> i32 {
    last().name.len
}

/// Hello's heartbeat interval in milliseconds (0 after any other frame).
#[unsafe(no_mangle)]
pub extern "C" fn hello_heartbeat_interval() -> u64 {
    last().heartbeat_interval
}

/// 1 if the last frame was an Invalid Session that may be resumed, else 0.
#[unsafe(no_mangle)]
pub extern "C" fn invalid_session_resumable() -> u32 {
    u32::from(last().resumable)
}

/// Where READY's `session_id` starts in the frame buffer.
#[unsafe(no_mangle)]
pub extern "C" fn ready_session_id_offset() -> u32 {
    last().session_id.offset
}

/// The length of READY's `session_id`; -1 after any other frame.
#[unsafe(no_mangle)]
pub extern "C" fn ready_session_id_len() -> i32 {
    last().session_id.len
}

/// Where READY's `resume_gateway_url` starts in the frame buffer.
#[unsafe(no_mangle)]
pub extern "C" fn ready_resume_gateway_url_offset() -> u32 {
    last().resume_gateway_url.offset
}

/// The length of READY's `resume_gateway_url`; -1 after any other frame.
#[unsafe(no_mangle)]
pub extern "C" fn ready_resume_gateway_url_len() -> i32 {
    last().resume_gateway_url.len
}

/// READY's `user.id`, the bot's own (0 after any other frame).
#[unsafe(no_mangle)]
pub extern "C" fn ready_user_id() -> u64 {
    last().user_id
}
