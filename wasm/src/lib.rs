//! gateway-etf as a WebAssembly module: no std, no allocator, no imports.
//!
//! The host writes string inputs back to back into the exported input
//! buffer (`input_ptr`, `input_cap`), calls an encoder with their byte
//! lengths, and reads the frame from the output buffer (`output_ptr`).
//! Every encoder returns the frame length, or a negative error code:
//!
//! | code | meaning |
//! |---|---|
//! | -1 | `BufferFull` |
//! | -2 | `LargeThresholdOutOfRange` |
//! | -3 | `TooManyUserIds` |
//! | -4 | `LimitTooHigh` |
//! | -5 | `NonceTooLong` |
//! | -6 | `PayloadTooLarge` (over 4096 bytes) |
//! | -7 | `InvalidShard` |
//! | -8 | `NonFiniteFloat` |
//! | -9 | `AtomTooLong` |
//! | -10 | `LengthOverflow` |
//! | -98 | an error this module does not know yet |
//! | -99 | the input lengths overrun the input buffer |
//! | -100 | an input string is not UTF-8 |
//!
//! 64-bit parameters are BigInts on the JavaScript side.
#![no_std]

use core::cell::UnsafeCell;
use gateway_etf::{Command, ConnectionProperties, Error, Heartbeat, Identify, Intents, Resume, ShardId};

/// Bytes the host may write as input.
pub const INPUT_CAP: usize = 8192;
/// Bytes of output: the largest frame Discord accepts.
pub const OUTPUT_CAP: usize = Error::MAX_PAYLOAD;

/// The input lengths overrun the input buffer.
const E_INPUT_RANGE: i32 = -99;
/// An input string is not UTF-8.
const E_UTF8: i32 = -100;

/// A buffer in linear memory shared with the host.
#[repr(C, align(8))]
struct Buffer<const N: usize>(UnsafeCell<[u8; N]>);

// SAFETY: wasm32-unknown-unknown without threads runs one call at a time,
// and each export takes at most one reference to each buffer.
unsafe impl<const N: usize> Sync for Buffer<N> {}

static INPUT: Buffer<INPUT_CAP> = Buffer(UnsafeCell::new([0; INPUT_CAP]));
static OUTPUT: Buffer<OUTPUT_CAP> = Buffer(UnsafeCell::new([0; OUTPUT_CAP]));

/// Where the host writes inputs.
#[unsafe(no_mangle)]
pub extern "C" fn input_ptr() -> *mut u8 {
    INPUT.0.get().cast()
}

/// How many input bytes fit.
#[unsafe(no_mangle)]
pub extern "C" fn input_cap() -> u32 {
    INPUT_CAP as u32
}

/// Where the frame is written.
#[unsafe(no_mangle)]
pub extern "C" fn output_ptr() -> *const u8 {
    OUTPUT.0.get().cast()
}

/// How many output bytes fit.
#[unsafe(no_mangle)]
pub extern "C" fn output_cap() -> u32 {
    OUTPUT_CAP as u32
}

/// Heartbeat (op 1): `d` is `seq`, or `nil` when `has_seq` is 0.
#[unsafe(no_mangle)]
pub extern "C" fn heartbeat(has_seq: u32, seq: u64) -> i32 {
    emit(&Heartbeat::new((has_seq != 0).then_some(seq)))
}

/// Identify (op 2). Inputs: token, os, browser, device. `shard_count` 0
/// leaves out `shard`, `large_threshold` 0 leaves it out, `compress` is
/// 0 (false), 1 (true) or anything else (left out).
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn identify(
    token_len: u32,
    os_len: u32,
    browser_len: u32,
    device_len: u32,
    intents: u64,
    shard_id: u32,
    shard_count: u32,
    large_threshold: u32,
    compress: u32,
) -> i32 {
    let [token, os, browser, device] = match inputs([token_len, os_len, browser_len, device_len]) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut cmd = Identify::new(token, Intents::from_bits_retain(intents))
        .properties(ConnectionProperties::new(os, browser, device));
    if shard_count != 0 {
        match ShardId::new(shard_id, shard_count) {
            Ok(shard) => cmd = cmd.shard(shard),
            Err(e) => return code(e),
        }
    }
    if large_threshold != 0 {
        cmd = cmd.large_threshold(large_threshold);
    }
    if compress <= 1 {
        cmd = cmd.compress(compress == 1);
    }
    emit(&cmd)
}

/// Resume (op 6). Inputs: token, session id.
#[unsafe(no_mangle)]
pub extern "C" fn resume(token_len: u32, session_len: u32, seq: u64) -> i32 {
    match inputs([token_len, session_len]) {
        Ok([token, session]) => emit(&Resume::new(token, session, seq)),
        Err(code) => code,
    }
}

/// Encodes `cmd` into the output buffer: its length or an error code.
fn emit<C: Command>(cmd: &C) -> i32 {
    // SAFETY: the only reference to OUTPUT during this call (see `Buffer`).
    let out = unsafe { &mut *OUTPUT.0.get() };
    match cmd.encode(out) {
        // A frame is at most OUTPUT_CAP bytes, so it fits an i32.
        Ok(frame) => i32::try_from(frame.len()).unwrap_or(i32::MAX),
        Err(e) => code(e),
    }
}

/// Splits the start of the input buffer into `K` strings of these lengths.
fn inputs<const K: usize>(lens: [u32; K]) -> Result<[&'static str; K], i32> {
    // SAFETY: the only reference to INPUT during this call (see `Buffer`);
    // the host writes it only between calls.
    let mut rest: &'static [u8] = unsafe { &*INPUT.0.get() };
    let mut out = [""; K];
    for (slot, len) in out.iter_mut().zip(lens) {
        let len = usize::try_from(len).map_err(|_| E_INPUT_RANGE)?;
        let (s, tail) = rest.split_at_checked(len).ok_or(E_INPUT_RANGE)?;
        *slot = core::str::from_utf8(s).map_err(|_| E_UTF8)?;
        rest = tail;
    }
    Ok(out)
}

/// The error code of `e`.
fn code(e: Error) -> i32 {
    match e {
        Error::BufferFull { .. } => -1,
        Error::LargeThresholdOutOfRange(_) => -2,
        Error::TooManyUserIds(_) => -3,
        Error::LimitTooHigh(_) => -4,
        Error::NonceTooLong(_) => -5,
        Error::PayloadTooLarge(_) => -6,
        Error::InvalidShard { .. } => -7,
        Error::NonFiniteFloat => -8,
        Error::AtomTooLong(_) => -9,
        Error::LengthOverflow(_) => -10,
        _ => -98,
    }
}

/// The encoder never panics; should anything else, trap.
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
