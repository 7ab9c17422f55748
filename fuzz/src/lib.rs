//! Checks shared by the fuzz targets in `fuzz_targets/`.
//!
//! - [`compare`]: our decoded terms against `eetf`, an independent decoder.
//! - [`inspect`]: every accessor and iterator of a decoded term, with the
//!   invariants that tie them together.
//! - [`frames`]: every typed decoder (events, client commands) on one frame.
//! - [`text`]: `Display` into a bounded, allocation-free sink.

pub mod compare;
pub mod frames;
pub mod inspect;
pub mod text;

use gateway_etf::decode::Error;

/// Checks what every decode error promises: an offset inside the payload
/// (or just past it, for a payload that ends where a term should start),
/// a close code and a message.
pub fn check_error(payload: &[u8], err: &Error) {
    if let Some(offset) = err.offset() {
        assert!(offset <= payload.len(), "{err:?} points past the {}-byte payload", payload.len());
    }
    let _ = err.close_code().code();
    assert!(!err.to_string().is_empty());
}

/// [`check_error`] on the error of a result, if any.
pub fn check<T>(payload: &[u8], result: &Result<T, Error>) {
    if let Err(e) = result {
        check_error(payload, e);
    }
}
