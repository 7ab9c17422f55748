//! Arbitrary bytes into the reader and every typed decoder: no panic, no
//! hang, and every invariant of `gateway_etf_fuzz::inspect` and `frames`.
#![no_main]

use gateway_etf::decode::{self, Error, MAX_DEPTH};
use gateway_etf_fuzz::{check_error, compare, frames, inspect, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|payload: &[u8]| {
    let term = decode::decode(payload);
    // Every typed decoder runs whether or not the payload decodes.
    frames::gateway_event(payload);
    frames::client_commands(payload);
    let term = match term {
        Ok(t) => t,
        Err(e) => return check_error(payload, &e),
    };
    assert_eq!(term.offset(), 1);
    let shape = inspect::inspect(payload, term);
    text::check_display(&term);
    compare::against_eetf(payload, term);

    // The depth limit: the shape's depth is a lower bound of the real one,
    // exact unless a non-canonical empty list (LIST_EXT, length 0) is there.
    assert!(shape.depth <= MAX_DEPTH);
    if shape.depth > 0 {
        let too_shallow = decode::decode_with_depth(payload, shape.depth - 1);
        assert!(matches!(too_shallow, Err(Error::TooDeep { .. })), "{too_shallow:?}");
    }
    if !payload.windows(5).any(|w| w == [108, 0, 0, 0, 0]) {
        assert!(decode::decode_with_depth(payload, shape.depth).is_ok());
    }

    // ETF is self-delimiting: a proper prefix never decodes, and neither
    // does the payload with a byte more.
    for cut in [1, payload.len() / 2, payload.len() - 1] {
        assert!(decode::decode(&payload[..cut]).is_err(), "prefix of {cut} bytes decodes");
    }
    let mut longer = payload.to_vec();
    longer.push(0);
    assert_eq!(decode::decode(&longer).err(), Some(Error::TrailingBytes { offset: payload.len() }));
});
