//! gateway-etf on a Cortex-M3 (QEMU's `lm3s6965evb`): the frames a gateway
//! sends, as Erlang wrote them, decoded (dispatches into borrowing serde
//! structs); a bot's gateway session encoded offline into fixed buffers,
//! each frame printed as hex over semihosting; the resume state saved with postcard, a real system
//! reset, and the Resume encoded from the state read back.
//!
//! `cargo run --release` boots it in QEMU (see `.cargo/config.toml`);
//! `check.sh` compares every frame with Erlang's `term_to_binary`.
#![no_std]
#![no_main]

mod console;
mod host;
mod log;
mod persist;
mod receive;
mod session;
mod stack;

use console::{Console, FRAME_CAP};
use core::fmt::Write;
use cortex_m_rt::entry;
use host::{HostFile, Line};
use log::Event;
use persist::PersistError;

/// Room for `FRAME <name> <hex>` of the largest frame.
const LINE_CAP: usize = 2 * FRAME_CAP + 64;

#[entry]
fn main() -> ! {
    // cortex-m-rt turns these into `&'static mut`: the buffers live in
    // .bss, not on the stack, and the stack figures leave them out.
    static mut LINE: [u8; LINE_CAP] = [0; LINE_CAP];
    static mut FRAME: [u8; FRAME_CAP] = [0; FRAME_CAP];
    // The zlib-stream inflater and its output: ZlibStream::new() is all
    // zeros, so these cost RAM (.bss), not flash.
    #[cfg(feature = "inflate")]
    static mut STREAM: gateway_etf::transport::ZlibStream = gateway_etf::transport::ZlibStream::new();
    #[cfg(feature = "inflate")]
    static mut INFLATED: [u8; 2048] = [0; 2048];

    let (Some(out), Some(page)) = (HostFile::stdout(), persist::take()) else { host::exit(false) };
    let mut c = Console::new(out, LINE, FRAME);

    match persist::load(page) {
        Err(PersistError::Empty) => {
            log::log(&Event::Boot { resumed: false });
            c.say(format_args!("BOOT cold"));
            receive::replay(&mut c);
            #[cfg(feature = "inflate")]
            receive::inflate(&mut c, STREAM, INFLATED);
            let state = session::play(&mut c);
            match persist::save(page, &state) {
                Ok(n) => {
                    log::log(&Event::Saved(n));
                    c.say(format_args!("SAVED {n}"));
                }
                Err(e) => {
                    log::log(&Event::Persist(e));
                    c.say(format_args!("PERSIST_ERROR {e:?}"));
                    host::exit(false);
                }
            }
            c.say(format_args!("REBOOT"));
            cortex_m::peripheral::SCB::sys_reset();
        }
        Ok(state) => {
            log::append_after_reboot();
            log::log(&Event::Boot { resumed: true });
            log::log(&Event::Restored(&state));
            c.say(format_args!("BOOT warm"));
            c.say(format_args!("RESTORED seq={} session_id={}", state.seq, state.session_id));
            session::resume(&mut c, &state);
            // Resumed: the saved state is spent.
            persist::erase(page);
            c.say(format_args!("DONE"));
            host::exit(true);
        }
        Err(e) => {
            log::log(&Event::Persist(e));
            c.say(format_args!("PERSIST_ERROR {e:?}"));
            persist::erase(page);
            host::exit(false);
        }
    }
}

/// Prints `PANIC <message>` and fails the QEMU run.
#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    if let Some(mut out) = HostFile::stdout() {
        let mut buf = [0u8; 160];
        let mut line = Line::new(&mut buf);
        let _ = write!(line, "PANIC {info}");
        line.send(&mut out);
    }
    host::exit(false)
}
