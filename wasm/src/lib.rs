//! gateway-etf as a WebAssembly module, the core of a bot: no std, no
//! allocator, no imports. JavaScript moves bytes and keeps the timers; this
//! module does every bit of ETF (and, with zlib-stream, inflate).
//!
//! - Sending ([`encode`]): the host writes string inputs into the input
//!   buffer (`input_ptr`, `input_cap`), calls a command's export with
//!   their lengths, and reads the frame from the output buffer
//!   (`output_ptr`).
//! - Receiving ([`decode`]): the host writes a frame into the frame buffer
//!   (`frame_ptr`, `frame_cap`), calls `decode(len)` for its opcode, and
//!   reads the fields with the getters.
//! - Compressed (`compress=zlib-stream`, [`inflate`]): the host writes each
//!   received message into the message buffer (`message_ptr`,
//!   `message_cap`) and calls `inflate_push(len)`, which puts each whole
//!   frame into the frame buffer for `decode`.
//!
//! Every export that can fail returns a negative error code, one of
//! [`code::Code`]; `error_name(code)` writes its name into the output
//! buffer.
#![no_std]

pub mod code;
pub mod decode;
pub mod encode;
pub mod inflate;
mod memory;

/// Nothing here panics on any input; should anything, trap.
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
