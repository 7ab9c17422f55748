//! Round trip of every command: arbitrary values (unicode strings,
//! boundary integers, empty and full ID lists) are encoded, decoded back
//! liberally and strictly, and compared with the original; eetf, a decoder
//! we did not write, reads the same bytes field by field, so a bug shared
//! by our encoder and decoder is still caught.

mod support;

use eetf::Term as E;
use gateway_etf::decode::{ClientCommand, DecodeCommand};
use gateway_etf::{
    Activity, ActivityType, ChannelInfoField, Command, ConnectionProperties, Heartbeat, Identify, Intents,
    MemberFilter, RequestChannelInfo, RequestGuildMembers, RequestSoundboardSounds, Resume, ShardId,
    Snowflake, Status, UpdatePresence, UpdateVoiceState,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use support::decode::{cases, eetf_decode, eetf_get, encode};

fn config() -> ProptestConfig {
    ProptestConfig { cases: cases(1500), failure_persistence: None, ..ProptestConfig::default() }
}

// ---- strategies ----

/// Integers around every encoding boundary, and anything else.
fn int() -> impl Strategy<Value = u64> {
    prop_oneof![
        3 => any::<u64>(),
        2 => select(vec![0, 1, 255, 256, 65535, 65536, i32::MAX as u64, 1 << 31, u32::MAX as u64, 1 << 32,
                         (1 << 40) - 1, i64::MAX as u64, 1 << 63, u64::MAX - 1, u64::MAX]),
        2 => 0u64..=255,
        1 => 256u64..=(i32::MAX as u64),
    ]
}

fn snowflake() -> impl Strategy<Value = Snowflake> {
    int().prop_map(Snowflake::new)
}

/// ID lists: empty, all small (a STRING_EXT), mixed, and full (100).
fn ids() -> impl Strategy<Value = Vec<Snowflake>> {
    prop_oneof![
        Just(vec![]),
        vec((0u64..=255).prop_map(Snowflake::new), 1..=100),
        vec(snowflake(), 0..=100),
        vec(snowflake(), 100),
    ]
}

/// Any Unicode text (control characters and astral planes included).
fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::string::string_regex(&format!("(?s).{{0,{max}}}")).unwrap(),
        proptest::string::string_regex(&format!("[a-z0-9 éü🎉\\u{{0}}\"\\\\]{{0,{max}}}")).unwrap(),
    ]
}

fn status() -> impl Strategy<Value = Status> {
    select(vec![Status::Online, Status::Dnd, Status::Idle, Status::Invisible, Status::Offline])
}

#[derive(Debug, Clone)]
struct OwnedActivity {
    name: String,
    kind: u8,
    url: Option<String>,
    state: Option<String>,
}

impl OwnedActivity {
    fn borrow(&self) -> Activity<'_> {
        let mut a = Activity::new(&self.name, ActivityType::from_u8(self.kind).unwrap());
        a.url = self.url.as_deref();
        a.state = self.state.as_deref();
        a
    }
}

fn activity() -> impl Strategy<Value = OwnedActivity> {
    (text(20), 0u8..=5, option::of(text(20)), option::of(text(20)))
        .prop_map(|(name, kind, url, state)| OwnedActivity { name, kind, url, state })
}

#[derive(Debug, Clone)]
struct OwnedPresence {
    since: Option<u64>,
    activities: Vec<OwnedActivity>,
    status: Status,
    afk: bool,
}

impl OwnedPresence {
    fn activities(&self) -> Vec<Activity<'_>> {
        self.activities.iter().map(OwnedActivity::borrow).collect()
    }
}

fn presence() -> impl Strategy<Value = OwnedPresence> {
    (option::of(int()), vec(activity(), 0..=5), status(), any::<bool>())
        .prop_map(|(since, activities, status, afk)| OwnedPresence { since, activities, status, afk })
}

#[derive(Debug, Clone)]
struct OwnedIdentify {
    token: String,
    intents: u64,
    props: [String; 3],
    compress: Option<bool>,
    large_threshold: Option<u32>,
    shard: Option<(u32, u32)>,
    presence: Option<OwnedPresence>,
}

fn shard() -> impl Strategy<Value = (u32, u32)> {
    prop_oneof![Just(u32::MAX), 1u32..=16, 1u32..].prop_flat_map(|count| (0..count, Just(count)))
}

fn identify() -> impl Strategy<Value = OwnedIdentify> {
    (
        text(80),
        prop_oneof![any::<u64>().prop_map(|b| b & Intents::ALL.bits()), any::<u64>()],
        [text(12), text(12), text(12)],
        option::of(any::<bool>()),
        option::of(50u32..=250),
        option::of(shard()),
        option::of(presence()),
    )
        .prop_map(|(token, intents, props, compress, large_threshold, shard, presence)| OwnedIdentify {
            token,
            intents,
            props,
            compress,
            large_threshold,
            shard,
            presence,
        })
}

#[derive(Debug, Clone)]
enum OwnedFilter {
    Query(String, u32),
    Ids(Vec<Snowflake>, Option<u32>),
}

fn member_filter() -> impl Strategy<Value = OwnedFilter> {
    prop_oneof![
        (Just(String::new()), any::<u32>()).prop_map(|(p, l)| OwnedFilter::Query(p, l)),
        (text(20), 0u32..=100).prop_map(|(p, l)| OwnedFilter::Query(p, l)),
        (ids(), option::of(any::<u32>())).prop_map(|(i, l)| OwnedFilter::Ids(i, l)),
    ]
}

/// A nonce of at most 32 bytes.
fn nonce() -> impl Strategy<Value = String> {
    text(32).prop_map(|mut s| {
        while s.len() > 32 {
            s.pop();
        }
        s
    })
}

fn fields() -> impl Strategy<Value = Vec<ChannelInfoField>> {
    vec(select(vec![ChannelInfoField::Status, ChannelInfoField::VoiceStartTime]), 0..=4)
}

// ---- the round trip ----

/// Liberal and strict decoding of `frame` both give back `sent`, and the
/// untyped ClientCommand path agrees.
fn check<'a, D, C>(frame: &'a [u8], sent: &C) -> D
where
    D: DecodeCommand<'a> + PartialEq<C> + std::fmt::Debug,
    C: std::fmt::Debug + Command,
{
    let liberal = D::decode(frame).unwrap();
    assert_eq!(liberal, *sent);
    assert_eq!(D::decode_strict(frame).unwrap(), *sent);
    let any = ClientCommand::decode_strict(frame).unwrap();
    assert_eq!(any.opcode(), C::OPCODE);
    liberal
}

// ---- the eetf oracle ----

/// `d` and `op` of a frame, by eetf, with binary keys only.
fn eetf_frame(bytes: &[u8], op: u8) -> E {
    let root = eetf_decode(bytes).unwrap();
    let E::Map(m) = &root else { panic!("not a map") };
    assert_eq!(m.map.len(), 2);
    assert_eq!(eetf_get(&root, "op"), Some(&E::from(eetf::FixInteger::from(i32::from(op)))));
    eetf_get(&root, "d").unwrap().clone()
}

fn e_field<'t>(map: &'t E, key: &str) -> &'t E {
    eetf_get(map, key).unwrap_or_else(|| panic!("eetf: no key {key} in {map}"))
}

fn e_len(map: &E) -> usize {
    let E::Map(m) = map else { panic!("not a map: {map}") };
    m.map.len()
}

fn e_u64(t: &E) -> u64 {
    match t {
        E::FixInteger(i) => u64::try_from(i.value).unwrap(),
        E::BigInteger(b) => b.value.to_string().parse().unwrap(),
        other => panic!("not an integer: {other}"),
    }
}

fn e_str(t: &E) -> String {
    let E::Binary(b) = t else { panic!("not a binary: {t}") };
    String::from_utf8(b.bytes.clone()).unwrap()
}

fn e_atom(t: &E) -> &str {
    let E::Atom(a) = t else { panic!("not an atom: {t}") };
    &a.name
}

fn e_bool(t: &E) -> bool {
    match e_atom(t) {
        "true" => true,
        "false" => false,
        other => panic!("not a boolean: {other}"),
    }
}

fn e_list(t: &E) -> Vec<E> {
    match t {
        E::List(l) => l.elements.clone(),
        E::ByteList(b) => b.bytes.iter().map(|&x| E::from(eetf::FixInteger::from(i32::from(x)))).collect(),
        other => panic!("not a proper list: {other}"),
    }
}

fn e_ids(t: &E) -> Vec<Snowflake> {
    e_list(t).iter().map(|x| Snowflake::new(e_u64(x))).collect()
}

fn e_opt<T>(map: &E, key: &str, read: impl Fn(&E) -> T) -> Option<T> {
    eetf_get(map, key).map(read)
}

fn e_presence(d: &E, p: &UpdatePresence<'_>) {
    assert_eq!(e_len(d), 4);
    match p.since {
        Some(ms) => assert_eq!(e_u64(e_field(d, "since")), ms),
        None => assert_eq!(e_atom(e_field(d, "since")), "nil"),
    }
    assert_eq!(e_bool(e_field(d, "afk")), p.afk);
    assert_eq!(e_str(e_field(d, "status")), p.status.as_str());
    let acts = e_list(e_field(d, "activities"));
    assert_eq!(acts.len(), p.activities.len());
    for (e, a) in acts.iter().zip(p.activities) {
        assert_eq!(e_len(e), 2 + a.url.is_some() as usize + a.state.is_some() as usize);
        assert_eq!(e_str(e_field(e, "name")), a.name);
        assert_eq!(e_u64(e_field(e, "type")), a.kind as u64);
        assert_eq!(e_opt(e, "url", e_str).as_deref(), a.url);
        assert_eq!(e_opt(e, "state", e_str).as_deref(), a.state);
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn heartbeat(seq in option::of(int())) {
        let sent = Heartbeat::new(seq);
        let frame = encode(&sent).unwrap();
        check::<Heartbeat, _>(&frame, &sent);
        let d = eetf_frame(&frame, 1);
        match seq {
            Some(s) => prop_assert_eq!(e_u64(&d), s),
            None => prop_assert_eq!(e_atom(&d), "nil"),
        }
    }

    #[test]
    fn update_presence(p in presence()) {
        let acts = p.activities();
        let sent = UpdatePresence::new(p.status).activities(&acts).since(p.since).afk(p.afk);
        let frame = encode(&sent).unwrap();
        let view: UpdatePresence = check(&frame, &sent);
        prop_assert_eq!(encode(&view).unwrap(), frame.clone(), "read back, it encodes to the same bytes");
        e_presence(&eetf_frame(&frame, 3), &sent);
    }

    #[test]
    fn identify_round_trip(id in identify()) {
        let acts = id.presence.as_ref().map(OwnedPresence::activities).unwrap_or_default();
        let presence = id.presence.as_ref().map(|p| UpdatePresence::new(p.status).activities(&acts).since(p.since).afk(p.afk));
        let mut sent = Identify::new(&id.token, Intents::from_bits_retain(id.intents))
            .properties(ConnectionProperties::new(&id.props[0], &id.props[1], &id.props[2]));
        sent.compress = id.compress;
        sent.large_threshold = id.large_threshold;
        sent.shard = id.shard.map(|(i, c)| ShardId::new(i, c).unwrap());
        sent.presence = presence;
        let frame = encode(&sent).unwrap();
        let view = Identify::decode(&frame).unwrap();
        prop_assert_eq!(view, sent);
        let documented = Intents::ALL.contains(sent.intents);
        prop_assert_eq!(Identify::decode_strict(&frame).is_ok(), documented);
        if documented {
            check::<Identify, _>(&frame, &sent);
        }
        prop_assert_eq!(encode(&view).unwrap(), frame.clone(), "read back, it encodes to the same bytes");

        let d = eetf_frame(&frame, 2);
        let optional = [id.compress.is_some(), id.large_threshold.is_some(), id.shard.is_some(), id.presence.is_some()];
        prop_assert_eq!(e_len(&d), 3 + optional.iter().filter(|&&o| o).count());
        prop_assert_eq!(e_str(e_field(&d, "token")), id.token.clone());
        prop_assert_eq!(e_u64(e_field(&d, "intents")), id.intents);
        let props = e_field(&d, "properties");
        prop_assert_eq!(e_len(props), 3);
        prop_assert_eq!([e_str(e_field(props, "os")), e_str(e_field(props, "browser")), e_str(e_field(props, "device"))], id.props.clone());
        prop_assert_eq!(e_opt(&d, "compress", e_bool), id.compress);
        prop_assert_eq!(e_opt(&d, "large_threshold", e_u64), id.large_threshold.map(u64::from));
        let shard = e_opt(&d, "shard", |s| e_list(s).iter().map(e_u64).collect::<Vec<_>>());
        prop_assert_eq!(shard, id.shard.map(|(i, c)| vec![u64::from(i), u64::from(c)]));
        if let Some(p) = &sent.presence {
            e_presence(e_field(&d, "presence"), p);
        }
    }

    #[test]
    fn update_voice_state(guild in snowflake(), channel in option::of(snowflake()), mute in any::<bool>(), deaf in any::<bool>()) {
        let sent = UpdateVoiceState::new(guild, channel).self_mute(mute).self_deaf(deaf);
        let frame = encode(&sent).unwrap();
        check::<UpdateVoiceState, _>(&frame, &sent);
        let d = eetf_frame(&frame, 4);
        prop_assert_eq!(e_len(&d), 4);
        prop_assert_eq!(e_u64(e_field(&d, "guild_id")), guild.get());
        match channel {
            Some(c) => prop_assert_eq!(e_u64(e_field(&d, "channel_id")), c.get()),
            None => prop_assert_eq!(e_atom(e_field(&d, "channel_id")), "nil"),
        }
        prop_assert_eq!(e_bool(e_field(&d, "self_mute")), mute);
        prop_assert_eq!(e_bool(e_field(&d, "self_deaf")), deaf);
    }

    #[test]
    fn resume(token in text(80), session in text(40), seq in int()) {
        let sent = Resume::new(&token, &session, seq);
        let frame = encode(&sent).unwrap();
        check::<Resume, _>(&frame, &sent);
        let d = eetf_frame(&frame, 6);
        prop_assert_eq!(e_len(&d), 3);
        prop_assert_eq!(e_str(e_field(&d, "token")), token);
        prop_assert_eq!(e_str(e_field(&d, "session_id")), session);
        prop_assert_eq!(e_u64(e_field(&d, "seq")), seq);
    }

    #[test]
    fn request_guild_members(guild in snowflake(), filter in member_filter(), presences in option::of(any::<bool>()), nonce in option::of(nonce())) {
        let filter_ref = match &filter {
            OwnedFilter::Query(p, l) => MemberFilter::Query { prefix: p, limit: *l },
            OwnedFilter::Ids(ids, l) => MemberFilter::UserIds { ids: ids[..].into(), limit: *l },
        };
        let mut sent = RequestGuildMembers::user_ids(guild, &[]);
        sent.filter = filter_ref;
        sent.presences = presences;
        sent.nonce = nonce.as_deref();
        let frame = encode(&sent).unwrap();
        let view: RequestGuildMembers = check(&frame, &sent);
        prop_assert_eq!(encode(&view).unwrap(), frame.clone(), "read back, it encodes to the same bytes");

        let d = eetf_frame(&frame, 8);
        prop_assert_eq!(e_u64(e_field(&d, "guild_id")), guild.get());
        prop_assert_eq!(e_opt(&d, "presences", e_bool), presences);
        prop_assert_eq!(e_opt(&d, "nonce", e_str), nonce.clone());
        let limit = e_opt(&d, "limit", e_u64);
        match &filter {
            OwnedFilter::Query(p, l) => {
                prop_assert_eq!(e_str(e_field(&d, "query")), p.clone());
                prop_assert_eq!(limit, Some(u64::from(*l)));
                prop_assert!(eetf_get(&d, "user_ids").is_none());
            }
            OwnedFilter::Ids(ids, l) => {
                prop_assert_eq!(&e_ids(e_field(&d, "user_ids")), ids);
                prop_assert_eq!(limit, l.map(u64::from));
                prop_assert!(eetf_get(&d, "query").is_none());
            }
        }
        let expected_len = 2 + usize::from(limit.is_some()) + usize::from(presences.is_some()) + usize::from(nonce.is_some());
        prop_assert_eq!(e_len(&d), expected_len);
    }

    #[test]
    fn request_soundboard_sounds(guilds in ids()) {
        let sent = RequestSoundboardSounds::new(&guilds);
        let frame = encode(&sent).unwrap();
        let view: RequestSoundboardSounds = check(&frame, &sent);
        prop_assert!(view.guild_ids.iter().eq(guilds.iter().copied()));
        prop_assert_eq!(encode(&view).unwrap(), frame.clone(), "read back, it encodes to the same bytes");
        let d = eetf_frame(&frame, 31);
        prop_assert_eq!(e_len(&d), 1);
        prop_assert_eq!(e_ids(e_field(&d, "guild_ids")), guilds);
    }

    #[test]
    fn request_channel_info(guild in snowflake(), fields in fields()) {
        let sent = RequestChannelInfo::new(guild, &fields);
        let frame = encode(&sent).unwrap();
        let view: RequestChannelInfo = check(&frame, &sent);
        prop_assert_eq!(encode(&view).unwrap(), frame.clone(), "read back, it encodes to the same bytes");
        let d = eetf_frame(&frame, 43);
        prop_assert_eq!(e_len(&d), 2);
        prop_assert_eq!(e_u64(e_field(&d, "guild_id")), guild.get());
        let names: Vec<String> = e_list(e_field(&d, "fields")).iter().map(e_str).collect();
        prop_assert_eq!(names, fields.iter().map(|f| f.as_str().to_string()).collect::<Vec<_>>());
    }
}

#[test]
fn full_id_list_round_trips_through_a_caller_slice() {
    let ids: Vec<Snowflake> = (0..100).map(|i| Snowflake::new(u64::MAX - i)).collect();
    let sent = RequestSoundboardSounds::new(&ids);
    let frame = encode(&sent).unwrap();
    let view = RequestSoundboardSounds::decode_strict(&frame).unwrap();
    assert_eq!(view.guild_ids.len(), 100);
    let mut short = [Snowflake::default(); 99];
    assert_eq!(
        view.guild_ids.copy_into(&mut short).unwrap_err(),
        gateway_etf::decode::Error::BufferTooSmall { needed: 100 }
    );
    let mut exact = [Snowflake::default(); 100];
    assert_eq!(view.guild_ids.copy_into(&mut exact).unwrap(), &ids[..]);
    assert_eq!(RequestSoundboardSounds::new(&exact), sent);
}
