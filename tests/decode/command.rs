//! Client frames as a mock gateway receives them: liberal reading, and the
//! strict check with the close code Discord would send.

use crate::support::decode::{encode, fixture};
use gateway_etf::decode::{
    ClientCommand, CloseCode, DecodeCommand, Error, Kind, Mode, validate_client_frame,
};
use gateway_etf::encode::SliceSink;
use gateway_etf::encode::Writer;
use gateway_etf::{
    Heartbeat, Identify, Intents, Items, MemberFilter, Opcode, RequestGuildMembers, Resume, Snowflake,
    Status, UpdatePresence,
};

/// A frame `#{"d" => d, "op" => op}` with `d` written by `write`.
fn frame(op: u8, write: impl FnOnce(&mut Writer<SliceSink<'_>>)) -> Vec<u8> {
    let mut buf = vec![0u8; 8192];
    let mut w = Writer::new(SliceSink::new(&mut buf));
    w.version().unwrap().map(2).unwrap().str("d").unwrap();
    write(&mut w);
    w.str("op").unwrap().int(op.into()).unwrap();
    w.into_sink().into_written().to_vec()
}

#[test]
fn atom_keys_are_read_liberally_and_refused_strictly() {
    let bytes = fixture("client_identify_atom_keys");
    let view = Identify::decode(bytes).unwrap();
    assert_eq!((view.token, view.intents.bits()), ("tkn", 513));
    assert_eq!(view.properties.browser, "crux");
    let err = validate_client_frame(bytes).unwrap_err();
    assert_eq!(err, Error::NonStringKey { offset: 6 });
    assert_eq!(err.close_code(), CloseCode::DecodeError);
    assert_eq!(err.close_code().code(), 4002);
}

#[test]
fn deprecated_property_names_are_accepted() {
    let view = Identify::decode_strict(fixture("client_identify_old_properties")).unwrap();
    assert_eq!((view.properties.os, view.properties.browser, view.properties.device), ("linux", "b", "d"));
}

#[test]
fn invalid_shard_closes_with_4010() {
    let err = ClientCommand::decode(fixture("client_identify_bad_shard")).unwrap_err();
    assert!(matches!(err, Error::InvalidShard { id: 2, count: 2, .. }), "{err:?}");
    assert_eq!(err.close_code(), CloseCode::InvalidShard);
}

#[test]
fn undocumented_intents_close_with_4013_when_strict() {
    let sent = Identify::new("t", Intents::from_bits_retain(1 << 30 | 1));
    let bytes = encode(&sent).unwrap();
    assert_eq!(Identify::decode(&bytes).unwrap().intents.bits(), 1 << 30 | 1);
    let err = Identify::decode_strict(&bytes).unwrap_err();
    assert!(matches!(err, Error::UnknownIntents { bits, .. } if bits == 1 << 30 | 1));
    assert_eq!(err.close_code().code(), 4013);
}

#[test]
fn heartbeat_without_d() {
    let bytes = fixture("client_heartbeat_no_d");
    assert_eq!(Heartbeat::decode(bytes).unwrap(), Heartbeat::new(None));
    let err = Heartbeat::decode_strict(bytes).unwrap_err();
    assert_eq!(err, Error::MissingField { offset: 1, field: "d" });
    assert_eq!(err.close_code(), CloseCode::UnknownOpcode);
}

#[test]
fn presence_with_status_only() {
    let bytes = fixture("client_presence_status_only");
    let view = UpdatePresence::decode(bytes).unwrap();
    assert_eq!(view, UpdatePresence::new(Status::Idle));
    let err = UpdatePresence::decode_strict(bytes).unwrap_err();
    assert!(matches!(err, Error::MissingField { field: "since" | "activities" | "afk", .. }), "{err:?}");
    assert_eq!(err.close_code().code(), 4001);
}

#[test]
fn member_ids_as_digit_strings_and_as_a_byte_list() {
    let view = RequestGuildMembers::decode_strict(fixture("client_rgm_id_strings")).unwrap();
    assert_eq!(view.guild_id, Snowflake::new(81384788765712384));
    let MemberFilter::UserIds { ids, limit: None } = view.filter else { panic!("{view:?}") };
    assert!(ids.iter().eq(Snowflake::slice_from_u64(&[1, 1100000000000000000]).iter().copied()));

    let bytes = fixture("client_rgm_id_bytes");
    let view = RequestGuildMembers::decode_strict(bytes).unwrap();
    let MemberFilter::UserIds { ids, limit: Some(3) } = view.filter else { panic!("{view:?}") };
    let Items::Decoded(seq) = ids else { panic!("read from the frame") };
    assert!(seq.list().is_byte_list());
    assert_eq!(ids, Snowflake::slice_from_u64(&[1, 2, 3]));
}

/// A lone ID reads back as a one-element list and is written back as it
/// came, bare, byte for byte.
#[test]
fn member_ids_as_one_id_alone() {
    for name in ["client_rgm_one_id", "client_rgm_one_id_string"] {
        let bytes = fixture(name);
        let view = RequestGuildMembers::decode_strict(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let MemberFilter::UserIds { ids, limit: None } = view.filter else { panic!("{view:?}") };
        assert_eq!(ids, Snowflake::slice_from_u64(&[80351110224678912]), "{name}");
        let Items::Decoded(seq) = ids else { panic!("read from the frame") };
        assert!(seq.list().tail().is_none(), "{name}: no tail of its own");
        assert_eq!(encode(&view).unwrap(), bytes, "{name}: written back as Erlang wrote it");
        assert!(validate_client_frame(bytes).is_ok(), "{name}");
    }
}

#[test]
fn member_query_and_ids_together_conflict() {
    let err = RequestGuildMembers::decode(fixture("client_rgm_both")).unwrap_err();
    assert!(matches!(err, Error::ConflictingFields { field: "query", other: "user_ids", .. }));
    assert_eq!(err.close_code().code(), 4001);
}

#[test]
fn unknown_and_receive_only_opcodes() {
    let err = validate_client_frame(fixture("client_unknown_op")).unwrap_err();
    assert_eq!(err, Error::UnknownOpcode { op: 5 });
    assert_eq!(err.close_code().code(), 4001);
    for op in [0, 7, 9, 10, 11, 12, 255] {
        let bytes = frame(op, |w| {
            w.null().unwrap();
        });
        assert_eq!(ClientCommand::decode(&bytes).unwrap_err(), Error::UnknownOpcode { op });
    }
    // A typed decoder refuses other commands' frames.
    let hb = encode(&Heartbeat::new(Some(1))).unwrap();
    assert_eq!(Resume::decode(&hb).unwrap_err(), Error::WrongOpcode { expected: 6, found: 1 });
}

#[test]
fn wrongly_typed_field_closes_with_4001() {
    let err = Resume::decode(fixture("client_resume_wrong_type")).unwrap_err();
    assert!(matches!(err, Error::WrongType { expected: "string", found: Kind::Integer, .. }), "{err:?}");
    assert_eq!(err.close_code().code(), 4001);
}

#[test]
fn frames_over_4096_bytes_close_with_4002_when_strict() {
    let token = "t".repeat(4096);
    // The encoder refuses such a frame, so it is built by hand.
    let refused = encode(&Resume::new(&token, "s", 1)).unwrap_err();
    assert!(matches!(refused, gateway_etf::Error::PayloadTooLarge(_)));
    let big = frame(6, |w| {
        w.map(3).unwrap().str("seq").unwrap().int(1).unwrap();
        w.str("session_id").unwrap().str("s").unwrap().str("token").unwrap().str(&token).unwrap();
    });
    assert!(Resume::decode(&big).is_ok());
    let err = Resume::decode_strict(&big).unwrap_err();
    assert_eq!(err, Error::PayloadTooLarge { len: big.len() });
    assert_eq!(err.close_code().code(), 4002);
}

#[test]
fn malformed_frames_close_with_4002() {
    let bytes = encode(&Heartbeat::new(Some(300))).unwrap();
    let err = validate_client_frame(&bytes[..bytes.len() - 1]).unwrap_err();
    assert_eq!(err.close_code(), CloseCode::DecodeError);
    // Not a map at all.
    let err = validate_client_frame(&[131, 97, 1]).unwrap_err();
    assert_eq!(err, Error::WrongType { offset: 1, expected: "map", found: Kind::Integer });
}

#[test]
fn nested_atom_keys_are_found_strictly() {
    // A presence whose activity map has an atom key, as crux 0.1.3 sent it.
    let bytes = frame(3, |w| {
        w.map(4).unwrap();
        w.str("activities").unwrap().list(1).unwrap();
        w.map(2).unwrap().atom("name").unwrap().str("x").unwrap().str("type").unwrap().int(0).unwrap();
        w.tail().unwrap();
        w.str("afk").unwrap().bool(false).unwrap();
        w.str("since").unwrap().null().unwrap();
        w.str("status").unwrap().str("online").unwrap();
    });
    assert_eq!(UpdatePresence::decode(&bytes).unwrap().activities.iter().next().unwrap().name, "x");
    let err = UpdatePresence::decode_with(&bytes, Mode::Strict).unwrap_err();
    assert!(matches!(err, Error::NonStringKey { offset } if bytes[offset] == 119), "{err:?}");
}

#[test]
fn unknown_values() {
    let bytes = frame(3, |w| {
        w.map(4).unwrap();
        w.str("activities").unwrap().tail().unwrap();
        w.str("afk").unwrap().bool(false).unwrap();
        w.str("since").unwrap().null().unwrap();
        w.str("status").unwrap().str("away").unwrap();
    });
    let err = UpdatePresence::decode(&bytes).unwrap_err();
    assert!(matches!(err, Error::UnknownValue { expected: "status", .. }), "{err:?}");
    assert_eq!(err.close_code(), CloseCode::UnknownOpcode);
}

#[test]
fn client_command_reports_its_opcode() {
    let bytes = encode(&Heartbeat::new(None)).unwrap();
    assert_eq!(ClientCommand::decode_strict(&bytes).unwrap().opcode(), Opcode::Heartbeat);
}
