//! The module's statics: buffers shared with the host and the state kept
//! between calls, in linear memory, with no allocator.

use core::cell::UnsafeCell;

/// A static the exports read and write, one call at a time.
///
/// wasm32-unknown-unknown without threads runs one export at a time, and
/// the host touches a buffer only between calls, so an export may hold the
/// one reference to each `Global` for the length of its call.
#[repr(C, align(8))]
pub struct Global<T>(UnsafeCell<T>);

// SAFETY: no threads (see `Global`): never two calls at once.
unsafe impl<T> Sync for Global<T> {}

impl<T> Global<T> {
    /// A static holding `value`.
    pub const fn new(value: T) -> Self {
        Global(UnsafeCell::new(value))
    }

    /// Its address, for the host.
    pub const fn ptr(&self) -> *mut T {
        self.0.get()
    }

    /// The value, for the length of one export's call.
    ///
    /// # Safety
    ///
    /// No other reference to this static may be alive: each export takes
    /// at most one, and none outlives its call.
    #[allow(clippy::mut_from_ref)]
    pub unsafe fn get(&self) -> &mut T {
        // SAFETY: the caller holds the only reference (see above).
        unsafe { &mut *self.0.get() }
    }
}

/// `N` bytes of linear memory shared with the host.
pub type Bytes<const N: usize> = Global<[u8; N]>;
