//! The benchmarks compare equal work: for every payload, eetf's and
//! erltf's frames decode to the same Erlang term as ours, the JSON is the
//! same data with snowflakes as strings, and every contender runs.

use crate::common;

#[test]
fn every_contender_writes_the_same_payload() {
    let lens = common::check_all().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lens.len(), common::CASES.len());
}

/// The reference payloads have the sizes the issue quotes: Identify 388
/// bytes of ETF, 100 user IDs about 1.2 KB.
#[test]
fn reference_payloads_have_the_quoted_sizes() {
    let i = common::inputs();
    assert_eq!(common::our_frame::<common::I>(&i).len(), 388);
    let r = common::our_frame::<common::R>(&i).len();
    assert!((1100..1300).contains(&r), "R is {r} bytes");
    assert_eq!(
        common::our_frame::<common::H>(&i),
        [131, 116, 0, 0, 0, 2, 109, 0, 0, 0, 1, b'd', 97, 251, 109, 0, 0, 0, 2, b'o', b'p', 97, 1]
    );
}
