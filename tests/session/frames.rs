//! The mock gateway's frames, byte for byte against Erlang: each case of
//! golden/session.terms (term_to_binary by golden/gen.escript) built with
//! examples/support/frames.rs from the same values.

use crate::support::events;
use crate::support::frames::{self, InteractionData, MembersChunk, MessageData, ReadyData};
use crate::support::mock::{APPLICATION_ID, AUTHOR, BOT, CHANNEL_ID, ECHO_COMMAND_ID, GUILD_ID, ROSTER};
use gateway_etf::decode::{Event, GatewayEvent};
use gateway_etf::{ShardId, Snowflake};

use crate::golden;

/// Every case, built by the mock's frame writer.
fn ours() -> Vec<(&'static str, Vec<u8>)> {
    let ready = ReadyData {
        application_id: APPLICATION_ID,
        guilds: &[GUILD_ID],
        resume_gateway_url: "wss://gateway-us-east1-b.discord.gg",
        session_id: "3a1f0c9e5b7d4e2f8a6c1b0d9e7f5a3c",
        shard: Some(ShardId::new(0, 1).unwrap()),
        user: BOT,
    };
    let unsharded = ReadyData {
        guilds: &[],
        resume_gateway_url: "ws://127.0.0.1:4000/resume",
        session_id: "mock-session-1",
        shard: None,
        ..ready
    };
    let message = MessageData {
        author: AUTHOR,
        channel_id: CHANNEL_ID,
        content: "héllo from Erlang",
        id: Snowflake::new(1_200_000_000_000_000_001),
    };
    let interaction = interaction();
    let members = [ROSTER[0], ROSTER[1]];
    let not_found = Snowflake::slice_from_u64(&[7, 1_100_000_000_000_000_099]);
    let chunk = MembersChunk { guild_id: GUILD_ID, members: &members, nonce: Some("chunk-1"), not_found };
    let empty = MembersChunk { guild_id: GUILD_ID, members: &[], nonce: None, not_found: &[] };
    let cases = [
        ("session_hello", frames::hello(41250)),
        ("session_heartbeat_ack", frames::heartbeat_ack()),
        ("session_heartbeat_request", frames::heartbeat_request()),
        ("session_reconnect", frames::reconnect()),
        ("session_invalid_session_true", frames::invalid_session(true)),
        ("session_invalid_session_false", frames::invalid_session(false)),
        ("session_ready", frames::ready(1, &ready)),
        ("session_ready_unsharded_no_guilds", frames::ready(1, &unsharded)),
        ("session_resumed", frames::resumed(7)),
        ("session_message_create", frames::message_create(4, &message)),
        ("session_interaction_create", frames::interaction_create(5, &interaction)),
        ("session_members_chunk", frames::guild_members_chunk(300, &chunk)),
        ("session_members_chunk_empty", frames::guild_members_chunk(70000, &empty)),
    ];
    cases.into_iter().map(|(name, frame)| (name, frame.unwrap_or_else(|e| panic!("{name}: {e}")))).collect()
}

/// The slash command of golden/session.terms.
fn interaction() -> InteractionData<'static> {
    InteractionData {
        application_id: APPLICATION_ID,
        channel_id: CHANNEL_ID,
        command_id: ECHO_COMMAND_ID,
        command: "echo",
        guild_id: GUILD_ID,
        id: Snowflake::new(1_200_000_000_000_000_002),
        user: ROSTER[1],
        text: "¡hola!",
        token: "mock-interaction-token",
    }
}

#[test]
fn every_server_frame_is_what_erlang_writes() {
    let expected = golden::SESSION.cases();
    let ours = ours();
    let mut names: Vec<_> = ours.iter().map(|(name, _)| *name).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        expected.keys().copied().collect::<Vec<_>>(),
        "every golden case is built, and no other"
    );
    for (name, frame) in ours {
        assert_eq!(frame, expected[name], "{name}");
    }
}

#[test]
fn the_bots_decoder_reads_the_erlang_frames() {
    let expected = golden::SESSION.cases();
    let hello = GatewayEvent::decode(&expected["session_hello"]).unwrap();
    assert!(matches!(hello.event().unwrap(), Event::Hello(h) if h.heartbeat_interval == 41250));
    let event = GatewayEvent::decode(&expected["session_ready"]).unwrap();
    let ready = event.dispatch().unwrap().ready().unwrap();
    assert_eq!(
        (ready.version, ready.session_id, ready.resume_gateway_url, ready.user_id),
        (Some(10), "3a1f0c9e5b7d4e2f8a6c1b0d9e7f5a3c", "wss://gateway-us-east1-b.discord.gg", BOT.id)
    );
    assert_eq!(
        (ready.shard, ready.application_id),
        (Some(ShardId::new(0, 1).unwrap()), Some(APPLICATION_ID))
    );
    let invalid = GatewayEvent::decode(&expected["session_invalid_session_false"]).unwrap();
    assert!(matches!(invalid.event().unwrap(), Event::InvalidSession { resumable: false }));
    let resumed = GatewayEvent::decode(&expected["session_resumed"]).unwrap();
    assert_eq!((resumed.seq, resumed.name), (Some(7), Some("RESUMED")));
}

/// The bot reads MESSAGE_CREATE into its own serde type
/// (examples/support/events.rs), borrowing the strings from Erlang's frame.
#[test]
fn the_bot_reads_erlangs_message_create_into_its_own_type() {
    let frame = &golden::SESSION.cases()["session_message_create"];
    let event = GatewayEvent::decode(frame).unwrap();
    let message: events::Message<'_> = event.dispatch().unwrap().data_as().unwrap();
    assert_eq!(
        message,
        events::Message {
            id: Snowflake::new(1200000000000000001),
            channel_id: Snowflake::new(81384788765712385),
            author: events::Author { id: Snowflake::new(80351110224678912), username: "nelly" },
            content: "héllo from Erlang",
        }
    );
    // Borrowed: the content is a slice of the frame, not a copy.
    let within = frame.as_ptr_range();
    assert!(within.contains(&message.content.as_ptr()));
}

/// The bot reads INTERACTION_CREATE into its own serde types, an untagged
/// enum among them, and logs who used which command.
#[test]
fn the_bot_reads_erlangs_interaction_create_into_its_own_types() {
    let frame = &golden::SESSION.cases()["session_interaction_create"];
    let event = GatewayEvent::decode(frame).unwrap();
    let dispatch = event.dispatch().unwrap();
    let interaction: events::Interaction<'_> = dispatch.data_as().unwrap();
    assert_eq!(
        interaction,
        events::Interaction {
            id: Snowflake::new(1200000000000000002),
            kind: 2,
            channel_id: Some(Snowflake::new(81384788765712385)),
            data: Some(events::CommandData {
                name: "echo",
                options: vec![events::CommandOption {
                    name: "text",
                    value: Some(events::OptionValue::Str("¡hola!"))
                }],
            }),
            member: Some(events::Member {
                user: events::Author { id: Snowflake::new(53908232506183680), username: "mason" }
            }),
            user: None,
            token: "mock-interaction-token",
        }
    );
    assert_eq!(events::describe(&dispatch).unwrap().as_deref(), Some("mason used /echo text:\"¡hola!\""));
    // Borrowed through the untagged enum too.
    let Some(events::OptionValue::Str(text)) = interaction.data.unwrap().options[0].value else { panic!() };
    assert!(frame.as_ptr_range().contains(&text.as_ptr()));
}
