//! The resume state, kept across a reboot with postcard.
//!
//! A real device would write it to a flash page. Here a fixed byte array in
//! `.uninit` RAM stands in for that page: cortex-m-rt neither zeroes nor
//! initialises `.uninit`, and QEMU keeps RAM across a system reset, so the
//! bytes survive [`cortex_m::peripheral::SCB::sys_reset`] just as flash
//! survives a power cycle.

use core::cell::UnsafeCell;
use core::mem::MaybeUninit;
use serde::{Deserialize, Serialize};

/// Size of the "flash page".
pub const PAGE: usize = 256;
/// Marks a written page ("GWRS" little-endian); anything else is erased or
/// garbage.
const MAGIC: u32 = u32::from_le_bytes(*b"GWRS");
/// Magic (4 bytes) and record length (2 bytes) before the record.
const HEADER: usize = 6;
/// What an erased flash cell reads as.
const ERASED: u8 = 0xFF;

/// What a bot needs to resume its session after a reboot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, defmt::Format)]
pub struct ResumeState {
    /// `session_id` from READY.
    pub session_id: heapless::String<64>,
    /// The last sequence number received.
    pub seq: u64,
    /// `resume_gateway_url` from READY: where the Resume goes.
    pub resume_url: heapless::String<128>,
}

/// Why a page could not be written or read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, defmt::Format)]
pub enum PersistError {
    /// No magic: nothing was saved (or the page was erased).
    Empty,
    /// The record length in the header does not fit the page.
    BadLength(u16),
    /// postcard could not write or read the record.
    Postcard,
}

/// The page in `.uninit` RAM.
#[repr(transparent)]
struct Page(UnsafeCell<MaybeUninit<[u8; PAGE]>>);

// SAFETY: the firmware is single-threaded and `take` hands out the only
// reference, once.
unsafe impl Sync for Page {}

#[unsafe(link_section = ".uninit.FLASH_PAGE")]
static FLASH_PAGE: Page = Page(UnsafeCell::new(MaybeUninit::uninit()));

/// The page, once per boot (`None` on a second call).
pub fn take() -> Option<&'static mut [u8; PAGE]> {
    use core::sync::atomic::{AtomicBool, Ordering};
    static TAKEN: AtomicBool = AtomicBool::new(false);
    if TAKEN.swap(true, Ordering::AcqRel) {
        return None;
    }
    let page = FLASH_PAGE.0.get();
    // SAFETY: the one reference to the page (guarded by TAKEN). After a
    // power-up the RAM holds whatever the hardware left (zeroes under
    // QEMU); Rust cannot "freeze" such memory, so, as crates that keep data
    // across resets do, each byte is read and written back with volatile
    // accesses the compiler cannot reason away, and the magic check
    // rejects garbage.
    unsafe {
        let bytes = page.cast::<u8>();
        for i in 0..PAGE {
            bytes.add(i).write_volatile(bytes.add(i).read_volatile());
        }
        Some((*page).assume_init_mut())
    }
}

/// Erases the page.
pub fn erase(page: &mut [u8; PAGE]) {
    page.fill(ERASED);
}

/// Writes `state` to the page; returns the bytes used.
pub fn save(page: &mut [u8; PAGE], state: &ResumeState) -> Result<usize, PersistError> {
    erase(page);
    let (header, body) = page.split_at_mut(HEADER);
    let len = postcard::to_slice(state, body).map_err(|_| PersistError::Postcard)?.len();
    let len16 = u16::try_from(len).map_err(|_| PersistError::Postcard)?;
    header[..4].copy_from_slice(&MAGIC.to_le_bytes());
    header[4..].copy_from_slice(&len16.to_le_bytes());
    Ok(HEADER + len)
}

/// Reads the state back from the page.
pub fn load(page: &[u8; PAGE]) -> Result<ResumeState, PersistError> {
    let (header, body) = page.split_at(HEADER);
    if header[..4] != MAGIC.to_le_bytes() {
        return Err(PersistError::Empty);
    }
    let len = u16::from_le_bytes([header[4], header[5]]);
    let record = body.get(..usize::from(len)).ok_or(PersistError::BadLength(len))?;
    postcard::from_bytes(record).map_err(|_| PersistError::Postcard)
}
