//! Decoding, looking up, skipping and iterating allocate nothing: a
//! counting global allocator watches this test's thread.

mod support;

use gateway_etf::decode::{ClientCommand, DecodeCommand, GatewayEvent, Seq, decode};
use gateway_etf::{
    Activity, ActivityType, Command, Identify, Intents, MemberFilter, RequestGuildMembers, ShardId,
    Snowflake, Status, UpdatePresence,
};
use support::decode::{encode, fixture};

/// Allocations made on this thread while running `f` (allocation-counter
/// installs a counting global allocator in this test binary only).
fn allocations(f: impl FnOnce()) -> u64 {
    allocation_counter::measure(f).count_total
}

#[test]
fn reading_received_payloads_allocates_nothing() {
    let ready = fixture("ready_v1");
    let message = fixture("message_create_v2");
    let n = allocations(|| {
        let ev = GatewayEvent::decode(ready).unwrap();
        let r = ev.dispatch().unwrap().ready().unwrap();
        assert_eq!(r.user_id, Snowflake::new(1100000000000000000));
        // Skip to the last key, iterate a list of maps.
        let d = ev.data.unwrap();
        assert!(d.get("_trace").is_some());
        let guilds: Seq<gateway_etf::decode::Map> = d.get("guilds").unwrap().parse().unwrap();
        assert_eq!(guilds.iter().filter(|g| g.contains_key("unavailable")).count(), 2);

        let m = decode(message).unwrap();
        let content = m.get("d").unwrap().get("content").unwrap().as_str().unwrap();
        assert!(content.starts_with("héllo"));
        assert!(m.get("d").unwrap().get("no_such_key").is_none());
    });
    assert_eq!(n, 0);
}

#[test]
fn reading_client_commands_allocates_nothing() {
    let acts =
        [Activity::new("a", ActivityType::Playing), Activity::new("b", ActivityType::Custom).state("s")];
    let identify = Identify::new("token", Intents::GUILDS)
        .shard(ShardId::new(0, 2).unwrap())
        .presence(UpdatePresence::new(Status::Idle).activities(&acts));
    let ids: Vec<Snowflake> = (0..100).map(|i| Snowflake::new(1 << 40 | i)).collect();
    let rgm = RequestGuildMembers::user_ids(Snowflake::new(1), &ids);
    let (id_frame, rgm_frame) = (encode(&identify).unwrap(), encode(&rgm).unwrap());
    let mut again = [0u8; 4096];
    let mut id_slots = [Snowflake::default(); 100];
    let n = allocations(|| {
        let read = Identify::decode_strict(&id_frame).unwrap();
        assert_eq!(read, identify);
        assert_eq!(read.encode(&mut again).unwrap(), &id_frame[..], "encodes again to the same bytes");
        let ClientCommand::RequestGuildMembers(v) = ClientCommand::decode_strict(&rgm_frame).unwrap() else {
            panic!("not op 8")
        };
        assert_eq!(v, rgm);
        let MemberFilter::UserIds { ids: read_ids, .. } = v.filter else { panic!("by ids") };
        assert_eq!(read_ids.copy_into(&mut id_slots).unwrap(), &ids[..]);
    });
    assert_eq!(n, 0);
}
