//! The decode benchmarks compare equal work: for every payload, each
//! contender (ours, eetf, erltf, serde_json) reads the same values, and
//! those are the values golden/*.terms holds.

use crate::decode_common::{self, Case, Field, Frames, Hello, MessageCreate, Ready, Record};

#[test]
fn every_contender_reads_the_expected_values() {
    let sizes = decode_common::check_all().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sizes.len(), decode_common::PAYLOADS.len());
}

/// The frames are Erlang's, sized like what Discord sends: Hello is
/// received.terms' hello_v2, READY and MESSAGE_CREATE are over a kilobyte.
#[test]
fn frames_are_the_golden_bytes() {
    let hello = Hello::etf();
    assert_eq!(hello.len(), 129);
    assert_eq!(&hello[..7], [131, 116, 0, 0, 0, 4, 119]);
    for (name, len) in [("READY", Ready::etf().len()), ("MESSAGE_CREATE", MessageCreate::etf().len())] {
        assert!((1200..2000).contains(&len), "{name} is {len} bytes");
    }
}

/// The JSON form is Discord's: `t` first, snowflakes as strings.
#[test]
fn json_form_has_discords_shape() {
    let json = String::from_utf8(Frames::new::<MessageCreate>().json).unwrap();
    assert!(json.starts_with(r#"{"t":"MESSAGE_CREATE","s":42,"op":0,"d":{"#), "{json}");
    assert!(json.contains(r#""guild_id":"81384788765712384""#), "{json}");
}

/// The values come from the bytes: with the interval changed in the
/// frame, ours and a peer both read the new one, and it is not expected.
#[test]
fn values_are_read_from_the_frame() {
    let mut frame = Hello::etf();
    // heartbeat_interval 41250 is INTEGER_EXT 98, 0, 0, 161, 34.
    let at = frame.windows(5).position(|w| w == [98, 0, 0, 161, 34]).expect("interval in the frame");
    frame[at + 4] = 35;
    let mut ours = Record::default();
    Hello::ours(&frame, &mut ours).unwrap();
    let mut eetf = Record::default();
    Hello::tree(&eetf::Term::decode(&frame[..]).unwrap(), &mut eetf).unwrap();
    assert_eq!(ours.0, [Field::Int(41251)]);
    assert_eq!(eetf.0, ours.0);
    assert_ne!(ours.0, Hello::expected());
}
