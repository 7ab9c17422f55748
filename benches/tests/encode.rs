//! The benchmarks compare equal work: for every payload, eetf's and
//! erltf's frames decode to the same Erlang term as ours, the JSON is the
//! same data with snowflakes as strings, and every contender runs.

use crate::common;

#[test]
fn every_contender_writes_the_same_payload() {
    let lens = common::check_all().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lens.len(), common::PAYLOADS.len());
}

/// The reference payloads have the sizes the issue quotes: Identify 388
/// bytes of ETF, 100 user IDs about 1.2 KB.
#[test]
fn reference_payloads_have_the_quoted_sizes() {
    let i = common::inputs();
    let frame = |name| common::payload(name).unwrap_or_else(|e| panic!("{e}")).frame(&i);
    assert_eq!(frame("identify").len(), 388);
    let by_ids = frame("members_by_ids").len();
    assert!((1100..1300).contains(&by_ids), "members_by_ids is {by_ids} bytes");
    assert_eq!(
        frame("heartbeat"),
        [131, 116, 0, 0, 0, 2, 109, 0, 0, 0, 1, b'd', 97, 251, 109, 0, 0, 0, 2, b'o', b'p', 97, 1]
    );
}

/// `ours_serde` on `identify` writes ours byte for byte (its structs list
/// the keys in Erlang's order), but for `shard`: serde writes `[0, 1]` as
/// a list (LIST_EXT, 10 bytes) where term_to_binary and ours write a
/// string of bytes (STRING_EXT, 5 bytes).
#[test]
fn ours_serde_identify_is_ours_but_the_shard_list() {
    let i = common::inputs();
    let ours = common::payload("identify").unwrap_or_else(|e| panic!("{e}")).frame(&i);
    let serde = gateway_etf::serde::to_vec(&<common::Identify as common::Case>::ours_serde(&i)).unwrap();
    let (string_ext, list_ext) = ([107, 0, 2, 0, 1], [108, 0, 0, 0, 2, 97, 0, 97, 1, 106]);
    let at = ours.windows(5).position(|w| w == string_ext).expect("the shard in ours");
    let expected = [&ours[..at], &list_ext[..], &ours[at + 5..]].concat();
    assert_eq!(serde, expected);
}
