//! Types nobody here wrote: twilight-model's gateway events and commands.
//!
//! Events: each of Discord's documented payloads in golden/discord/ is
//! read twice through twilight's `GatewayEventDeserializer`, once from the
//! JSON (serde_json, the way twilight reads the JSON gateway) and once from
//! the ETF frame Erlang's `term_to_binary` wrote for it the way Discord's
//! ETF gateway sends it (golden/discord.hex: atom envelope keys, snowflakes
//! as integers, `nil`, atom booleans; golden/README.md has the rule), and
//! the two `GatewayEvent`s must be equal.
//!
//! Commands: twilight's client commands written by `serde::to_vec` must
//! pass `validate_client_frame` (Discord's rules) and carry the values
//! twilight put in, have binary keys only (eetf's independent reading),
//! and be read by Erlang's `binary_to_term` when `escript` is installed.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use gateway_etf::decode::{ClientCommand, GatewayEvent as EtfEnvelope, validate_client_frame};
use gateway_etf::encode::MemberFilter;
use gateway_etf::serde::{Deserializer, to_vec};
use gateway_etf::{Intents as EtfIntents, Snowflake};
use serde::de::DeserializeSeed;
use twilight_model::gateway::event::{DispatchEvent, GatewayEvent, GatewayEventDeserializer};
use twilight_model::gateway::payload::outgoing::identify::{IdentifyInfo, IdentifyProperties};
use twilight_model::gateway::payload::outgoing::request_guild_members::RequestGuildMembersBuilder;
use twilight_model::gateway::payload::outgoing::{
    Heartbeat, Identify, RequestGuildMembers, Resume, UpdatePresence, UpdateVoiceState,
};
use twilight_model::gateway::presence::{ActivityType, MinimalActivity, Status};
use twilight_model::gateway::{Capabilities, Intents, ShardId};
use twilight_model::id::Id;

use crate::support::golden::{DISCORD, to_hex};

/// golden/discord/, the JSON side.
fn discord_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("golden/discord")
}

/// Every payload's JSON by name (the file name without `.json`).
fn payloads() -> BTreeMap<String, String> {
    std::fs::read_dir(discord_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| (p.file_stem().unwrap().to_str().unwrap().to_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect()
}

/// The event as twilight reads the JSON gateway: op, `t` and `s` scanned
/// by `from_json`, then the whole payload through serde_json.
fn from_json(json: &str) -> GatewayEvent {
    let seed = GatewayEventDeserializer::from_json(json).expect("op and t found");
    seed.deserialize(&mut serde_json::Deserializer::from_str(json)).unwrap()
}

/// The event from the ETF frame: op and `t` read with our decoder (twilight
/// needs them before the map), then the frame through our serde
/// `Deserializer`.
fn from_etf(frame: &[u8]) -> Result<GatewayEvent, gateway_etf::serde::Error> {
    let envelope = EtfEnvelope::decode(frame)?;
    let seed = GatewayEventDeserializer::new(envelope.op, envelope.name);
    seed.deserialize(&mut Deserializer::from_slice(frame)?)
}

/// `GatewayEvent` has no `PartialEq`; its variants' contents do.
fn same(a: &GatewayEvent, b: &GatewayEvent) -> bool {
    use GatewayEvent as G;
    match (a, b) {
        (G::Dispatch(s1, d1), G::Dispatch(s2, d2)) => s1 == s2 && d1 == d2,
        (G::Hello(x), G::Hello(y)) => x == y,
        (G::InvalidateSession(x), G::InvalidateSession(y)) => x == y,
        (G::Heartbeat, G::Heartbeat) | (G::HeartbeatAck, G::HeartbeatAck) | (G::Reconnect, G::Reconnect) => {
            true
        }
        _ => false,
    }
}

#[test]
fn every_payload_has_its_erlang_frame_and_no_more() {
    let json: Vec<String> = payloads().into_keys().collect();
    let etf: Vec<String> = DISCORD.cases().keys().map(|k| k.to_string()).collect();
    assert_eq!(json, etf, "golden/discord/*.json and golden/discord.hex disagree: run golden/regen.sh");
    assert!(json.len() >= 15, "only {} payloads", json.len());
}

#[test]
fn etf_and_json_read_into_equal_events() {
    for (name, json) in payloads() {
        let frame = DISCORD.get(&name);
        let expected = from_json(&json);
        let ours = from_etf(frame).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(same(&ours, &expected), "{name}:\n  from ETF:  {ours:?}\n  from JSON: {expected:?}");

        // The envelope as our decoder reads it, against twilight's scan of
        // the JSON.
        let envelope = EtfEnvelope::decode(frame).unwrap();
        let scanned = GatewayEventDeserializer::from_json(&json).unwrap();
        assert_eq!(envelope.op, scanned.op(), "{name}");
        assert_eq!(envelope.name, scanned.event_type(), "{name}");
        assert_eq!(envelope.seq, scanned.sequence(), "{name}");
    }
}

/// The comparison above is only worth something if the events carry the
/// payloads' values; a few of them, by hand.
#[test]
fn events_carry_the_payloads_values() {
    let event = |name: &str| from_etf(DISCORD.get(name)).unwrap();
    let dispatch = |name: &str| match event(name) {
        GatewayEvent::Dispatch(_, d) => d,
        other => panic!("{name}: {other:?}"),
    };

    assert!(matches!(event("hello"), GatewayEvent::Hello(h) if h.heartbeat_interval == 41250));
    assert!(matches!(event("invalid_session"), GatewayEvent::InvalidateSession(false)));
    assert!(matches!(event("heartbeat_ack"), GatewayEvent::HeartbeatAck));
    assert!(matches!(event("resumed"), GatewayEvent::Dispatch(58, DispatchEvent::Resumed)));

    let DispatchEvent::Ready(ready) = dispatch("ready") else { panic!() };
    assert_eq!(ready.user.id, Id::new(1087823045673943080));
    assert_eq!(ready.session_id, "9a6f7bb8a3c1e2f5d4b0c7e8a1f2d3c4");
    assert_eq!(ready.shard, Some(ShardId::ONE));
    assert_eq!(
        ready.guilds.iter().map(|g| g.id.get()).collect::<Vec<_>>(),
        [197038439483310086, 41771983444115456]
    );

    let DispatchEvent::MessageCreate(msg) = dispatch("message_create") else { panic!() };
    assert_eq!(msg.id, Id::new(334385199974967042));
    assert_eq!(msg.author.id, Id::new(53908099506183680));
    assert_eq!(msg.author.discriminator, 0);
    assert_eq!(msg.mention_roles, [Id::new(1144785519021789205)]);
    assert_eq!(msg.member.as_ref().unwrap().roles.len(), 2);
    assert_eq!(msg.content, "Supa Hot <@80351110224678912> <@&1144785519021789205>");

    let DispatchEvent::GuildCreate(guild) = dispatch("guild_create") else { panic!() };
    let twilight_model::gateway::payload::incoming::GuildCreate::Available(guild) = &*guild else { panic!() };
    assert_eq!(guild.owner_id, Id::new(73193882359173120));
    assert_eq!(guild.channels.len(), 2);
    assert_eq!(guild.roles[1].permissions.bits(), 1071698660929);

    let DispatchEvent::ReactionAdd(reaction) = dispatch("message_reaction_add") else { panic!() };
    assert_eq!(reaction.message_author_id, Some(Id::new(53908099506183680)));

    let DispatchEvent::MemberChunk(chunk) = dispatch("guild_members_chunk") else { panic!() };
    assert_eq!(chunk.not_found, [Id::new(1144785620553748481)]);
    assert_eq!(chunk.nonce.as_deref(), Some("chunk-7"));

    let DispatchEvent::InteractionCreate(interaction) = dispatch("interaction_create") else { panic!() };
    assert_eq!(interaction.application_id, Id::new(775799577604522054));
    assert_eq!(interaction.token, "A_UNIQUE_TOKEN");
}

// --- Commands ---------------------------------------------------------------

const GUILD: u64 = 41771983423143937;
const CHANNEL: u64 = 127121515262115840;

/// twilight's commands, each written by `to_vec`, by name.
fn commands() -> Vec<(&'static str, Vec<u8>)> {
    let activity =
        MinimalActivity { kind: ActivityType::Playing, name: "Save the Oxford Comma".into(), url: None };
    let presence = UpdatePresence::new([activity.into()], false, Some(91879201), Status::Online).unwrap();
    let identify = Identify::new(IdentifyInfo {
        capabilities: Capabilities::empty(),
        compress: false,
        intents: Intents::GUILDS | Intents::GUILD_MESSAGES,
        large_threshold: 250,
        presence: Some(presence.d.clone()),
        properties: IdentifyProperties::new("twilight", "twilight", "linux"),
        shard: Some(ShardId::new(0, 1)),
        token: "my_token".into(),
    });
    let by_query: RequestGuildMembers =
        RequestGuildMembersBuilder::new(Id::new(GUILD)).nonce("n1").query("", Some(0));
    let by_ids: RequestGuildMembers = RequestGuildMembersBuilder::new(Id::new(GUILD))
        .presences(true)
        .user_ids([Id::new(53908099506183680), Id::new(80351110224678912)])
        .unwrap();
    let by_id: RequestGuildMembers =
        RequestGuildMembersBuilder::new(Id::new(GUILD)).user_id(Id::new(53908099506183680));
    vec![
        ("heartbeat", to_vec(&Heartbeat::new(Some(251))).unwrap()),
        ("heartbeat_first", to_vec(&Heartbeat::new(None)).unwrap()),
        ("identify", to_vec(&identify).unwrap()),
        ("update_presence", to_vec(&presence).unwrap()),
        ("request_guild_members_query", to_vec(&by_query).unwrap()),
        ("request_guild_members_ids", to_vec(&by_ids).unwrap()),
        ("request_guild_members_id", to_vec(&by_id).unwrap()),
        (
            "update_voice_state",
            to_vec(&UpdateVoiceState::new(Id::new(GUILD), Id::new(CHANNEL), false, true)).unwrap(),
        ),
        ("leave_voice", to_vec(&UpdateVoiceState::new(Id::new(GUILD), None, false, false)).unwrap()),
        ("resume", to_vec(&Resume::new(1337, "evenmorerandomstring", "randomstring")).unwrap()),
    ]
}

#[test]
fn twilight_commands_pass_discords_rules_with_their_values() {
    let commands: BTreeMap<_, _> = commands().into_iter().collect();
    let check =
        |name: &str| validate_client_frame(&commands[name]).unwrap_or_else(|e| panic!("{name}: {e:?} ({e})"));
    let ids = |ids: gateway_etf::Items<'_, Snowflake>| ids.iter().map(Snowflake::get).collect::<Vec<_>>();

    assert!(matches!(check("heartbeat"), ClientCommand::Heartbeat(h) if h.seq == Some(251)));
    assert!(matches!(check("heartbeat_first"), ClientCommand::Heartbeat(h) if h.seq.is_none()));

    let ClientCommand::Identify(identify) = check("identify") else { panic!() };
    assert_eq!(identify.token, "my_token");
    assert_eq!(identify.intents, EtfIntents::GUILDS | EtfIntents::GUILD_MESSAGES);
    assert_eq!((identify.properties.os, identify.properties.browser), ("linux", "twilight"));
    assert_eq!(identify.compress, Some(false));
    assert_eq!(identify.large_threshold, Some(250));
    assert_eq!(identify.shard.map(|s| (s.id(), s.count())), Some((0, 1)));
    let presence = identify.presence.unwrap();
    assert_eq!(presence.since, Some(91879201));

    let ClientCommand::UpdatePresence(presence) = check("update_presence") else { panic!() };
    assert_eq!(
        (presence.since, presence.afk, presence.status),
        (Some(91879201), false, gateway_etf::Status::Online)
    );
    let activity = presence.activities.iter().next().unwrap();
    assert_eq!((activity.name, activity.kind), ("Save the Oxford Comma", gateway_etf::ActivityType::Playing));

    let ClientCommand::RequestGuildMembers(r) = check("request_guild_members_query") else { panic!() };
    assert_eq!(
        (r.guild_id.get(), r.filter, r.nonce),
        (GUILD, MemberFilter::Query { prefix: "", limit: 0 }, Some("n1"))
    );
    let ClientCommand::RequestGuildMembers(r) = check("request_guild_members_ids") else { panic!() };
    let MemberFilter::UserIds { ids: got, limit: None } = r.filter else { panic!("{:?}", r.filter) };
    assert_eq!(
        (r.guild_id.get(), ids(got), r.presences),
        (GUILD, vec![53908099506183680, 80351110224678912], Some(true))
    );
    // One ID, which twilight writes bare (`"user_ids": "5390…"`, its
    // `RequestGuildMemberId::One`), as Discord allows: a one-element list.
    let ClientCommand::RequestGuildMembers(r) = check("request_guild_members_id") else { panic!() };
    let MemberFilter::UserIds { ids: got, .. } = r.filter else { panic!("{:?}", r.filter) };
    assert_eq!((r.guild_id.get(), ids(got)), (GUILD, vec![53908099506183680]));

    let ClientCommand::UpdateVoiceState(v) = check("update_voice_state") else { panic!() };
    assert_eq!(
        (v.guild_id.get(), v.channel_id.map(Snowflake::get), v.self_mute, v.self_deaf),
        (GUILD, Some(CHANNEL), true, false)
    );
    let ClientCommand::UpdateVoiceState(v) = check("leave_voice") else { panic!() };
    assert_eq!((v.guild_id.get(), v.channel_id), (GUILD, None));

    let ClientCommand::Resume(r) = check("resume") else { panic!() };
    assert_eq!((r.token, r.session_id, r.seq), ("randomstring", "evenmorerandomstring", 1337));
}

/// Every map key in `t`, at any depth, is a binary (eetf's reading).
fn binary_keys_only(t: &eetf::Term) -> bool {
    use eetf::Term as E;
    match t {
        E::Map(m) => m.map.iter().all(|(k, v)| matches!(k, E::Binary(_)) && binary_keys_only(v)),
        E::List(l) => l.elements.iter().all(binary_keys_only),
        E::Tuple(t) => t.elements.iter().all(binary_keys_only),
        _ => true,
    }
}

#[test]
fn twilight_commands_have_binary_keys_only() {
    for (name, frame) in commands() {
        let term = eetf::Term::decode(frame.as_slice()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(matches!(&term, eetf::Term::Map(m) if m.map.len() == 2), "{name}: {term}");
        assert!(binary_keys_only(&term), "{name}: {term}");
    }
}

/// Erlang's `binary_to_term` reads every command (skipped without
/// `escript`; golden/ci.sh installs it).
#[test]
fn erlang_reads_twilight_commands() {
    if Command::new("escript").arg("-h").output().is_err() {
        eprintln!("skipped: escript not found (golden/ci.sh installs it)");
        return;
    }
    let lines: String =
        commands().iter().map(|(name, frame)| format!("{name} {}\n", to_hex(frame))).collect();
    let expr = "{ok, B} = file:read_file(Path), \
        [begin [N, H] = binary:split(L, <<\" \">>), \
               T = binary_to_term(binary:decode_hex(H)), \
               true = is_map(T) andalso lists:all(fun erlang:is_binary/1, maps:keys(T)), \
               io:format(\"~s ~p~n\", [N, maps:get(<<\"op\">>, T)]) end \
         || L <- binary:split(B, <<\"\\n\">>, [global, trim])], halt().";
    let path = std::env::temp_dir().join(format!("gateway-etf-twilight-{}.hex", std::process::id()));
    std::fs::write(&path, lines).unwrap();
    // No erl_crash.dump in the crate's directory if it fails.
    let out = Command::new("erl")
        .env("ERL_CRASH_DUMP_SECONDS", "0")
        .args(["-noshell", "-eval", &format!("Path = \"{}\", {expr}", path.display())])
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(out.status.success(), "erl: {}", String::from_utf8_lossy(&out.stderr));
    let expected: String =
        commands().iter().map(|(name, frame)| format!("{name} {}\n", eetf_op(frame))).collect();
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}

/// A frame's `op`, read by eetf.
fn eetf_op(frame: &[u8]) -> i32 {
    let eetf::Term::Map(m) = eetf::Term::decode(frame).unwrap() else { panic!() };
    let op = eetf::Term::from(eetf::Binary::from("op".as_bytes()));
    match &m.map[&op] {
        eetf::Term::FixInteger(i) => i.value,
        other => panic!("op {other}"),
    }
}
