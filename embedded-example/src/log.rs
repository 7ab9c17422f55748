//! The firmware's log: events that derive `defmt::Format` (the encoder's
//! `Error` does, through gateway-etf's `defmt` feature), and a defmt global
//! logger that writes the binary defmt frames to a host file over
//! semihosting, apart from the text on stdout. Decode the file with
//! `defmt-print -e <the ELF> < target/defmt.bin`.

use crate::host::HostFile;
use crate::persist::{PersistError, ResumeState};
use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, Ordering};
use cortex_m_semihosting::nr;
use gateway_etf::Error;

/// Where the defmt frames go, relative to QEMU's working directory. If it
/// cannot be opened the frames are dropped.
const LOG_PATH: &str = "target/defmt.bin\0";

/// Something the firmware did.
#[derive(defmt::Format)]
pub enum Event<'a> {
    /// Booted; `resumed` once the page held a resume state.
    Boot {
        /// A state was found.
        resumed: bool,
    },
    /// A frame was encoded.
    Frame {
        /// The frame's name.
        name: &'a str,
        /// Its length in bytes.
        len: usize,
        /// Peak stack of encoding it.
        stack: usize,
    },
    /// The encoder refused a command.
    Rejected {
        /// The command's name.
        name: &'a str,
        /// Why.
        error: Error,
    },
    /// The resume state was written to the page.
    Saved(usize),
    /// The resume state was read back.
    Restored(&'a ResumeState),
    /// The page could not be read or written.
    Persist(PersistError),
}

/// Logs `event` through defmt.
pub fn log(event: &Event<'_>) {
    match event {
        Event::Rejected { .. } | Event::Persist(_) => defmt::warn!("{}", event),
        _ => defmt::info!("{}", event),
    }
}

/// Makes the next open of the log file append instead of truncating (after
/// a reboot, so both boots end up in one file).
pub fn append_after_reboot() {
    APPEND.store(true, Ordering::Relaxed);
}

static APPEND: AtomicBool = AtomicBool::new(false);

/// The logger's state, touched only between `acquire` and `release`.
struct State {
    encoder: defmt::Encoder,
    file: Option<HostFile>,
    opened: bool,
    restore: critical_section::RestoreState,
}

struct Shared(UnsafeCell<State>);

// SAFETY: only used inside the critical section `acquire` takes.
unsafe impl Sync for Shared {}

static STATE: Shared = Shared(UnsafeCell::new(State {
    encoder: defmt::Encoder::new(),
    file: None,
    opened: false,
    restore: critical_section::RestoreState::invalid(),
}));
static TAKEN: AtomicBool = AtomicBool::new(false);

#[defmt::global_logger]
struct HostFileLogger;

// SAFETY: `acquire` takes a critical section and refuses re-entry, so the
// state has one user at a time; `release` ends what `acquire` started.
unsafe impl defmt::Logger for HostFileLogger {
    fn acquire() {
        // SAFETY: paired with the release in `release`.
        let restore = unsafe { critical_section::acquire() };
        if TAKEN.swap(true, Ordering::Relaxed) {
            panic!("defmt logger taken reentrantly");
        }
        // SAFETY: inside the critical section, and the only user.
        let state = unsafe { &mut *STATE.0.get() };
        state.restore = restore;
        if !state.opened {
            state.opened = true;
            state.file = if APPEND.load(Ordering::Relaxed) {
                HostFile::open(LOG_PATH, nr::open::W_APPEND_BINARY).filter(|f| f.clone().seek_end())
            } else {
                HostFile::open(LOG_PATH, nr::open::W_TRUNC_BINARY)
            };
        }
        let file = &mut state.file;
        state.encoder.start_frame(|bytes| write(file, bytes));
    }

    unsafe fn flush() {}

    unsafe fn release() {
        // SAFETY: called after `acquire`, inside its critical section.
        let state = unsafe { &mut *STATE.0.get() };
        let file = &mut state.file;
        state.encoder.end_frame(|bytes| write(file, bytes));
        let restore = state.restore;
        TAKEN.store(false, Ordering::Relaxed);
        // SAFETY: ends the critical section `acquire` took.
        unsafe { critical_section::release(restore) };
    }

    unsafe fn write(bytes: &[u8]) {
        // SAFETY: called between `acquire` and `release`.
        let state = unsafe { &mut *STATE.0.get() };
        let file = &mut state.file;
        state.encoder.write(bytes, |bytes| write(file, bytes));
    }
}

fn write(file: &mut Option<HostFile>, bytes: &[u8]) {
    if let Some(f) = file {
        f.write_all(bytes);
    }
}
