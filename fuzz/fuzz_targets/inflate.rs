//! zlib-stream (`transport::ZlibStream`): arbitrary messages never panic
//! and keep the stream's promises; deflated frames come back whole.
//!
//! The first byte picks the mode:
//!
//! - even, **raw**: the rest is messages, each a length byte and that many
//!   bytes (the last one may be short), pushed into a stream with a 64-byte
//!   buffer and one with a 64 KiB buffer. Both see the same frames until the
//!   small one overflows; after an error, input is refused until a reset.
//! - odd, **round trip**: frames from the rest (one in eight repeated up to
//!   128 times, for frames past the 32 KiB window), deflated by miniz_oxide
//!   with a sync flush per frame at an arbitrary level, each message cut
//!   into arbitrary parts: every frame comes back whole, from the last part
//!   of its message only; a buffer of exactly the frame's length fits it,
//!   a 64-byte one overflows exactly when the frame is longer.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use gateway_etf::transport::{InflateError, SYNC_FLUSH, ZlibStream};
use libfuzzer_sys::fuzz_target;
use miniz_oxide::deflate::core::{CompressorOxide, create_comp_flags_from_zip_params};
use miniz_oxide::deflate::stream::deflate;
use miniz_oxide::{MZFlush, MZStatus};

const SMALL: usize = 64;
const LARGE: usize = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    if mode % 2 == 0 {
        raw(rest);
    } else {
        let _ = round_trip(&mut Unstructured::new(rest));
    }
});

/// One push, with what holds whatever the input: a frame fits the buffer
/// and leaves nothing pending; after an error, only `NeedsReset`.
fn push(
    stream: &mut ZlibStream,
    stopped: &mut bool,
    part: &[u8],
    out: &mut [u8],
) -> Result<Option<Vec<u8>>, InflateError> {
    let capacity = out.len();
    let result = stream.push(part, out).map(|f| f.map(<[u8]>::to_vec));
    if *stopped {
        assert_eq!(result, Err(InflateError::NeedsReset));
    }
    match &result {
        Ok(Some(frame)) => {
            assert!(frame.len() <= capacity);
            assert_eq!(stream.pending(), 0);
        }
        Ok(None) => assert!(stream.pending() <= capacity),
        Err(InflateError::FrameTooLarge { capacity: c }) => assert_eq!(*c, capacity),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    *stopped |= result.is_err();
    result
}

fn raw(rest: &[u8]) {
    let (mut small, mut large) = (ZlibStream::new(), ZlibStream::new());
    let (mut small_out, mut large_out) = (vec![0u8; SMALL], vec![0u8; LARGE]);
    let (mut small_stopped, mut large_stopped) = (false, false);
    let mut input = rest;
    while let Some((&len, after)) = input.split_first() {
        let (part, after) = after.split_at(usize::from(len).min(after.len()));
        input = after;
        let small_was_stopped = small_stopped;
        let s = push(&mut small, &mut small_stopped, part, &mut small_out);
        let l = push(&mut large, &mut large_stopped, part, &mut large_out);
        if small_was_stopped {
            continue;
        }
        if s == Err(InflateError::FrameTooLarge { capacity: SMALL }) {
            // The small buffer overflowed on this part: the large one went
            // past 64 bytes of the frame, or met an error of its own.
            match &l {
                Ok(Some(frame)) => assert!(frame.len() > SMALL),
                Ok(None) => assert!(large.pending() > SMALL),
                Err(e) => assert_ne!(*e, InflateError::NeedsReset),
            }
        } else {
            // The same input, and neither buffer too small: the same result.
            assert_eq!(s, l);
        }
    }
    // A reset makes either stream as good as new.
    for (stream, out) in [(&mut small, &mut small_out), (&mut large, &mut large_out)] {
        stream.reset();
        assert_eq!(stream.pending(), 0);
        assert_eq!(stream.push(&[0x78, 0x9c], out), Ok(None));
    }
}

/// Frames, some repeated, deflated and split as the input says.
fn round_trip(u: &mut Unstructured) -> arbitrary::Result<()> {
    let level = u8::arbitrary(u)? % 11;
    let mut deflater = CompressorOxide::new(create_comp_flags_from_zip_params(level.into(), 15, 0));
    let mut frames = Vec::new();
    while !u.is_empty() && frames.len() < 16 {
        let bytes: &[u8] = u.arbitrary()?;
        // One frame in eight repeated 4 to 128 times, to reach past the window.
        let times = match u8::arbitrary(u)? {
            r @ 224.. => usize::from(r - 223) * 4,
            _ => 1,
        };
        let frame = bytes.repeat(times);
        let chunk = usize::from(u16::arbitrary(u)?);
        // Discord sends no empty frame, and zlib flushes nothing for one.
        if !frame.is_empty() {
            frames.push((frame, chunk));
        }
    }
    let mut exact = ZlibStream::new();
    let mut small = ZlibStream::new();
    let mut small_out = [0u8; SMALL];
    let mut small_stopped = false;
    for (frame, chunk) in &frames {
        let message = deflate_sync(&mut deflater, frame);
        assert!(message.ends_with(&SYNC_FLUSH), "level {level}: a sync flush ends the message");
        // Parts of `chunk` bytes (the whole message for 0), the last one
        // short, and a second cut inside the suffix when chunk is odd.
        let parts: Vec<&[u8]> = match chunk {
            0 => vec![&message[..]],
            c if c % 2 == 1 && message.len() > 2 => {
                let (head, tail) = message.split_at(message.len() - 2);
                head.chunks(*c).chain([tail]).collect()
            }
            c => message.chunks(*c).collect(),
        };
        let mut out = vec![0u8; frame.len()];
        let (last, init) = parts.split_last().expect("a message has a part");
        for part in init {
            assert_eq!(exact.push(part, &mut out), Ok(None));
        }
        assert_eq!(exact.push(last, &mut out), Ok(Some(&frame[..])));

        // The small buffer, until the first frame too large for it.
        if small_stopped {
            continue;
        }
        let mut result = Ok(None);
        for part in &parts {
            result = push(&mut small, &mut small_stopped, part, &mut small_out);
            if result.is_err() {
                break;
            }
        }
        if frame.len() <= SMALL {
            assert_eq!(result, Ok(Some(frame.clone())));
        } else {
            assert_eq!(result, Err(InflateError::FrameTooLarge { capacity: SMALL }));
        }
    }
    Ok(())
}

/// One frame through the connection's deflater with a sync flush, as a
/// gateway sends it: the whole message, in one call with room for all of
/// it (miniz_oxide's streaming `deflate` may return with its input read
/// but not yet flushed when the output fills).
fn deflate_sync(deflater: &mut CompressorOxide, frame: &[u8]) -> Vec<u8> {
    // Stored blocks' worst case: 5 bytes per 64 KiB block, plus the
    // zlib header and the flushes.
    let mut message = vec![0u8; frame.len() + frame.len() / 1024 + 64];
    let result = deflate(deflater, frame, &mut message, MZFlush::Sync);
    assert_eq!(result.status, Ok(MZStatus::Ok));
    assert_eq!(result.bytes_consumed, frame.len());
    assert!(result.bytes_written < message.len(), "room to spare: the flush is whole");
    message.truncate(result.bytes_written);
    message
}
