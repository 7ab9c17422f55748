//! A bot's gateway session, played offline: what it sends from Identify to
//! Request Channel Info, and the Resume after a reboot. Every value here is
//! mirrored by hand in `golden/embedded.terms`.

use crate::console::Console;
use crate::persist::ResumeState;
use core::fmt::Write;
use gateway_etf::{
    Activity, ActivityType, ChannelInfoField, ConnectionProperties, Heartbeat, Identify, Intents,
    RequestChannelInfo, RequestGuildMembers, RequestSoundboardSounds, Resume, ShardId, Snowflake, Status,
    UpdatePresence, UpdateVoiceState,
};

/// A made-up bot token.
const TOKEN: &str = "MTE4NzM1NjQ1NjQ4MzQwNzkxMg.GxYzAb.offline-example-token-not-real";
/// The `session_id` and `resume_gateway_url` that READY would carry.
const SESSION_ID: &str = "9f2c3e5a7b1d4f60a8e2c4b6d8f0a1c3";
const RESUME_URL: &str = "wss://gateway-us-east1-c.discord.gg";

const GUILD: Snowflake = Snowflake::new(81_384_788_765_712_384);
const VOICE_CHANNEL: Snowflake = Snowflake::new(155_101_607_195_836_416);
const OTHER_GUILD: Snowflake = Snowflake::new(613_425_648_685_547_541);

/// This connection is shard 1 of 2.
const SHARD: ShardId = match ShardId::new(1, 2) {
    Ok(shard) => shard,
    Err(_) => panic!("shard 1 of 2 is valid"),
};

/// The sequence numbers of the dispatches received between heartbeats:
/// each step crosses one of ETF's integer encodings (small, 32-bit, big).
const SEQS: [u64; 8] = [1, 2, 255, 256, 65_536, 2_147_483_647, 2_147_483_648, 4_294_967_296];

/// 101 member IDs: the first 100 fill one request, all 101 are one too many.
const MEMBER_IDS: [u64; 101] = {
    let mut ids = [0u64; 101];
    let mut i = 0;
    while i < ids.len() {
        ids[i] = 1_100_000_000_000_000_000 + (i as u64) * 4_194_304_001;
        i += 1;
    }
    ids
};

/// First boot: identify, heartbeat, do some work; returns what a resume
/// needs. Encoder errors are reported by `Console` and don't stop the run.
pub fn play(c: &mut Console<'_>) -> ResumeState {
    let playing = [Activity::new("on a Cortex-M3", ActivityType::Playing)];
    let presence = UpdatePresence::new(Status::Online).activities(&playing).since(None).afk(false);
    let intents =
        Intents::GUILDS | Intents::GUILD_VOICE_STATES | Intents::GUILD_MESSAGES | Intents::MESSAGE_CONTENT;
    let identify = Identify::new(TOKEN, intents)
        .properties(ConnectionProperties::new("none", "gateway-etf", "lm3s6965evb"))
        .compress(false)
        .large_threshold(250)
        .shard(SHARD)
        .presence(presence);
    let _ = c.send("identify", &identify);

    // Before any dispatch the heartbeat carries nil; then the last seq.
    let _ = c.send("heartbeat_nil", &Heartbeat::new(None));
    let mut seq = 0;
    for s in SEQS {
        seq = s;
        let mut name: heapless::String<32> = heapless::String::new();
        let _ = write!(name, "heartbeat_{seq}");
        let _ = c.send(&name, &Heartbeat::new(Some(seq)));
    }

    let away = [
        Activity::new("Custom Status", ActivityType::Custom).state("encoding ETF in 64 KiB \u{2713}"),
        Activity::new("ETF live", ActivityType::Streaming).url("https://twitch.tv/discord"),
    ];
    let idle = UpdatePresence::new(Status::Idle).activities(&away).since(Some(1_700_000_000_000)).afk(true);
    let _ = c.send("presence_idle", &idle);
    let dnd = UpdatePresence::new(Status::Dnd).activities(&[]).since(None).afk(false);
    let _ = c.send("presence_dnd", &dnd);

    let join = UpdateVoiceState::new(GUILD, Some(VOICE_CHANNEL)).self_mute(true).self_deaf(false);
    let _ = c.send("voice_join", &join);
    let leave = UpdateVoiceState::new(GUILD, None).self_mute(false).self_deaf(false);
    let _ = c.send("voice_leave", &leave);

    let by_prefix = RequestGuildMembers::query(GUILD, "ab", 10).presences(true).nonce("n-1");
    let _ = c.send("members_query", &by_prefix);
    let _ = c.send("members_all", &RequestGuildMembers::query(GUILD, "", 0));
    let ids = Snowflake::slice_from_u64(&MEMBER_IDS);
    let by_id = RequestGuildMembers::user_ids(GUILD, &ids[..100]).nonce("chunk-100");
    let _ = c.send("members_100_ids", &by_id);

    let guilds = [GUILD, OTHER_GUILD];
    let _ = c.send("soundboard", &RequestSoundboardSounds::new(&guilds));
    let fields = [ChannelInfoField::Status, ChannelInfoField::VoiceStartTime];
    let _ = c.send("channel_info", &RequestChannelInfo::new(GUILD, &fields));

    // What the encoder must refuse, before writing a byte.
    let _ = c.send("reject_101_ids", &RequestGuildMembers::user_ids(GUILD, ids));
    let _ = c.send("reject_long_nonce", &by_prefix.nonce("a-nonce-of-thirty-three-bytes-xxx"));
    let _ = c.send("reject_threshold", &identify.large_threshold(251));
    let _ = c.send_within("reject_small_buffer", &identify, 64);

    let mut state =
        ResumeState { session_id: heapless::String::new(), seq, resume_url: heapless::String::new() };
    let _ = state.session_id.push_str(SESSION_ID);
    let _ = state.resume_url.push_str(RESUME_URL);
    state
}

/// After the reboot: resume from the state read back from "flash".
pub fn resume(c: &mut Console<'_>, state: &ResumeState) {
    c.say(format_args!("RESUME_URL {}", state.resume_url));
    let _ = c.send("resume", &Resume::new(TOKEN, &state.session_id, state.seq));
}
