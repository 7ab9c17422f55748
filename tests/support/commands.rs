//! Every command case of golden/commands.terms, built with the public API
//! under the same name.

use gateway_etf::encode::Sink;
use gateway_etf::encode::Writer;
use gateway_etf::*;

/// Any command, so that cases of different types fit in one list.
#[derive(Debug, Clone, Copy)]
pub enum Cmd<'a> {
    Heartbeat(Heartbeat),
    Identify(Identify<'a>),
    UpdatePresence(UpdatePresence<'a>),
    UpdateVoiceState(UpdateVoiceState),
    Resume(Resume<'a>),
    RequestGuildMembers(RequestGuildMembers<'a>),
    RequestSoundboardSounds(RequestSoundboardSounds<'a>),
    RequestChannelInfo(RequestChannelInfo<'a>),
}

/// Runs `$body` with `$c` bound to the command inside a [`Cmd`].
macro_rules! each {
    ($cmd:expr, $c:ident => $body:expr) => {
        match $cmd {
            Cmd::Heartbeat($c) => $body,
            Cmd::Identify($c) => $body,
            Cmd::UpdatePresence($c) => $body,
            Cmd::UpdateVoiceState($c) => $body,
            Cmd::Resume($c) => $body,
            Cmd::RequestGuildMembers($c) => $body,
            Cmd::RequestSoundboardSounds($c) => $body,
            Cmd::RequestChannelInfo($c) => $body,
        }
    };
}

macro_rules! from_command {
    ($($variant:ident),*) => {
        $(impl<'a> From<$variant<'a>> for Cmd<'a> {
            fn from(c: $variant<'a>) -> Self {
                Cmd::$variant(c)
            }
        })*
    };
}
from_command!(
    Identify,
    UpdatePresence,
    Resume,
    RequestGuildMembers,
    RequestSoundboardSounds,
    RequestChannelInfo
);

impl From<Heartbeat> for Cmd<'_> {
    fn from(c: Heartbeat) -> Self {
        Cmd::Heartbeat(c)
    }
}

impl From<UpdateVoiceState> for Cmd<'_> {
    fn from(c: UpdateVoiceState) -> Self {
        Cmd::UpdateVoiceState(c)
    }
}

/// The [`Command`] methods, forwarded to the command inside (by value:
/// every command is `Copy`).
impl Cmd<'_> {
    pub fn validate(self) -> Result<(), Error> {
        each!(self, c => c.validate())
    }
    pub fn encoded_len(self) -> usize {
        each!(self, c => c.encoded_len())
    }
    pub fn checked_len(self) -> Result<usize, Error> {
        each!(self, c => c.checked_len())
    }
    pub fn encode(self, buf: &mut [u8]) -> Result<&[u8], Error> {
        each!(self, c => c.encode(buf))
    }
    pub fn encode_to<S: Sink>(self, sink: S) -> Result<usize, Error> {
        each!(self, c => c.encode_to(sink))
    }
    pub fn encode_heapless<const N: usize>(self) -> Result<heapless::Vec<u8, N>, Error> {
        each!(self, c => c.encode_heapless::<N>())
    }
    pub fn to_vec(self) -> Result<Vec<u8>, Error> {
        each!(self, c => c.to_vec())
    }
    pub fn write<S: Sink>(self, w: &mut Writer<S>) -> Result<(), Error> {
        each!(self, c => c.write(w))
    }
}

/// A named command case.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub name: &'static str,
    pub cmd: Cmd<'static>,
}

fn case(name: &'static str, cmd: impl Into<Cmd<'static>>) -> Case {
    Case { name, cmd: cmd.into() }
}

/// The guild most cases use.
pub const GUILD: Snowflake = Snowflake::new(81384788765712384);
/// The channel most cases use.
pub const CHANNEL: Snowflake = Snowflake::new(613425648685547541);
/// A user id above 2^56.
pub const USER: u64 = 80351110224678912;

/// The 100 user ids of `rgm_ids_100`: 1100000000000000000 + 7919 * i.
pub static IDS_100: [Snowflake; 100] = {
    let mut out = [Snowflake::new(0); 100];
    let mut i = 0;
    while i < 100 {
        out[i] = Snowflake::new(1_100_000_000_000_000_000 + 7919 * i as u64);
        i += 1;
    }
    out
};

/// 300 guild IDs of one byte each (0 to 255, then 0 to 43): a short frame
/// (the list as a STRING_EXT) whose upper bound, 16 bytes a value, is over
/// Discord's limit, so the fast path falls back to the exact length.
pub static SMALL_300: [Snowflake; 300] = {
    let mut out = [Snowflake::new(0); 300];
    let mut i = 0;
    while i < 300 {
        out[i] = Snowflake::new(i as u64 % 256);
        i += 1;
    }
    out
};

/// The properties the golden Identify cases send (explicit, so the bytes
/// do not depend on the OS the tests run on).
pub const PROPS: ConnectionProperties<'static> =
    ConnectionProperties::new("linux", "gateway-etf", "gateway-etf");

/// GUILDS | GUILD_MESSAGES = 513.
pub const INTENTS: Intents = Intents::GUILDS.union(Intents::GUILD_MESSAGES);

/// The base of the Identify cases: token "token", intents 513.
pub fn identify() -> Identify<'static> {
    Identify::new("token", INTENTS).properties(PROPS)
}

fn shard(id: u32, count: u32) -> ShardId {
    ShardId::new(id, count).expect("a valid shard")
}

fn presence(status: Status) -> UpdatePresence<'static> {
    UpdatePresence::new(status)
}

fn acts(a: &'static [Activity<'static>]) -> UpdatePresence<'static> {
    UpdatePresence::new(Status::Online).activities(a)
}

fn voice(mute: bool, deaf: bool) -> UpdateVoiceState {
    UpdateVoiceState::new(GUILD, Some(CHANNEL)).self_mute(mute).self_deaf(deaf)
}

/// Token length that makes `resume_max_payload` exactly 4096 bytes.
pub const MAX_PAYLOAD_TOKEN: usize = 4024;

/// Every command case, named as in golden/commands.terms.
pub fn cases() -> Vec<Case> {
    use ActivityType::*;
    use ChannelInfoField::{Status as St, VoiceStartTime as Vst};
    use RequestGuildMembers as Rgm;

    const FULL_ACTS: &[Activity<'static>] = &[
        Activity::new("with ETF", Playing),
        Activity::new("live", Streaming).url("https://twitch.tv/discord"),
        Activity::new("Custom Status", Custom).state("brb 🦀"),
    ];
    const SEVERAL: &[Activity<'static>] = &[
        Activity::new("a", Playing),
        Activity::new("b", Streaming).url("https://twitch.tv/b"),
        Activity::new("c", Custom).state("s"),
        Activity::new("", Competing).url("").state(""),
    ];
    let max_token: &'static str = "a".repeat(MAX_PAYLOAD_TOKEN).leak();
    let ids = Snowflake::slice_from_u64;
    const MIXED: &[u64] = &[1, 256, 2147483647, 2147483648, USER, u64::MAX];
    const MANY_GUILDS: &[u64] = &[GUILD.get(), CHANNEL.get(), 1, 255, 256, u64::MAX];

    vec![
        case("heartbeat_none", Heartbeat::new(None)),
        case("heartbeat_0", Heartbeat::new(Some(0))),
        case("heartbeat_255", Heartbeat::new(Some(255))),
        case("heartbeat_256", Heartbeat::new(Some(256))),
        case("heartbeat_2p31m1", Heartbeat::new(Some((1 << 31) - 1))),
        case("heartbeat_2p31", Heartbeat::new(Some(1 << 31))),
        case("heartbeat_2p32", Heartbeat::new(Some(1 << 32))),
        case("heartbeat_u64_max", Heartbeat::new(Some(u64::MAX))),
        //
        case("identify_minimal", identify()),
        case("identify_intents_0", Identify::new("token", Intents::empty()).properties(PROPS)),
        case("identify_intents_all", Identify::new("token", Intents::ALL).properties(PROPS)),
        case(
            "identify_intents_2p40",
            Identify::new("token", Intents::from_bits_retain(1 << 40)).properties(PROPS),
        ),
        case("identify_compress_true", identify().compress(true)),
        case("identify_compress_false", identify().compress(false)),
        case("identify_large_threshold_50", identify().large_threshold(50)),
        case("identify_large_threshold_250", identify().large_threshold(250)),
        case("identify_shard_0_1", identify().shard(ShardId::ONE)),
        case("identify_shard_255_256", identify().shard(shard(255, 256))),
        case("identify_shard_300_1000", identify().shard(shard(300, 1000))),
        case("identify_shard_u32_max", identify().shard(shard(u32::MAX - 1, u32::MAX))),
        case("identify_presence_default", identify().presence(presence(Status::Online))),
        case(
            "identify_presence_one_activity",
            identify().presence(acts(const { &[Activity::new("with ETF", Playing)] })),
        ),
        case(
            "identify_unicode",
            Identify::new("tökén.✓.🦀", INTENTS)
                .properties(ConnectionProperties::new("Linux ©", "bøt", "日本")),
        ),
        case(
            "identify_full",
            Identify::new("MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs", Intents::ALL)
                .properties(ConnectionProperties::new("linux", "my-bot", "my-device"))
                .compress(true)
                .large_threshold(250)
                .shard(shard(3, 16))
                .presence(
                    UpdatePresence::new(Status::Dnd)
                        .activities(FULL_ACTS)
                        .since(Some(1_700_000_000_000))
                        .afk(true),
                ),
        ),
        //
        case("presence_online", presence(Status::Online)),
        case("presence_dnd", presence(Status::Dnd)),
        case("presence_idle", presence(Status::Idle)),
        case("presence_invisible", presence(Status::Invisible)),
        case("presence_offline", presence(Status::Offline)),
        case("presence_afk_true", presence(Status::Online).afk(true)),
        case("presence_since_0", presence(Status::Idle).since(Some(0))),
        case("presence_since_unix_ms", presence(Status::Idle).since(Some(1_700_000_000_000)).afk(true)),
        case("presence_playing", acts(const { &[Activity::new("chess", Playing)] })),
        case(
            "presence_streaming",
            acts(const { &[Activity::new("speedrun", Streaming).url("https://www.youtube.com/watch?v=x")] }),
        ),
        case("presence_listening", acts(const { &[Activity::new("Spotify", Listening)] })),
        case("presence_watching", acts(const { &[Activity::new("the logs", Watching)] })),
        case(
            "presence_custom",
            acts(const { &[Activity::new("Custom Status", Custom).state("À bientôt ✓")] }),
        ),
        case("presence_competing", acts(const { &[Activity::new("Arena", Competing)] })),
        case(
            "presence_activity_all_fields",
            acts(
                const { &[Activity::new("🎮 jeu", Streaming).url("https://twitch.tv/x").state("in queue")] },
            ),
        ),
        case("presence_several", presence(Status::Dnd).activities(SEVERAL).since(Some(1)).afk(true)),
        //
        case("voice_join", voice(false, false)),
        case("voice_join_mute", voice(true, false)),
        case("voice_join_deaf", voice(false, true)),
        case("voice_join_mute_deaf", voice(true, true)),
        case("voice_leave", UpdateVoiceState::new(GUILD, None)),
        case("voice_leave_mute_deaf", UpdateVoiceState::new(GUILD, None).self_mute(true).self_deaf(true)),
        case(
            "voice_small_ids",
            UpdateVoiceState::new(Snowflake::new(1), Some(Snowflake::new(256))).self_deaf(true),
        ),
        //
        case("resume_basic", Resume::new("token", "session-id", 1337)),
        case("resume_seq_0", Resume::new("t", "s", 0)),
        case("resume_unicode", Resume::new("tökén✓", "séssion-🦀", 1 << 31)),
        case("resume_seq_u64_max", Resume::new("token", "", u64::MAX)),
        case("resume_max_payload", Resume::new(max_token, "s", 1)),
        //
        case("rgm_all_members", Rgm::query(GUILD, "", 0)),
        case("rgm_all_members_limit_1000", Rgm::query(GUILD, "", 1000)),
        case("rgm_prefix", Rgm::query(GUILD, "ab", 10)),
        case("rgm_prefix_limit_100", Rgm::query(GUILD, "Zoë", 100)),
        case("rgm_prefix_limit_replaced", Rgm::query(GUILD, "ab", 10).limit(3)),
        case("rgm_presences_true", Rgm::query(GUILD, "ab", 10).presences(true)),
        case("rgm_presences_false", Rgm::query(GUILD, "", 0).presences(false)),
        case("rgm_nonce_32", Rgm::query(GUILD, "ab", 10).nonce("0123456789abcdef0123456789abcdef")),
        case("rgm_nonce_32_unicode", Rgm::query(GUILD, "ab", 10).nonce("éééééééééééééééé")),
        case("rgm_query_all_fields", Rgm::query(GUILD, "ab", 5).presences(true).nonce("n-1")),
        case("rgm_ids_empty", Rgm::user_ids(GUILD, &[])),
        case("rgm_ids_one_small", Rgm::user_ids(GUILD, const { &[Snowflake::new(7)] })),
        case("rgm_ids_small_0_255", Rgm::user_ids(GUILD, ids(&[0, 255]))),
        case("rgm_ids_one_large", Rgm::user_ids(GUILD, ids(const { &[USER] }))),
        case("rgm_ids_mixed", Rgm::user_ids(GUILD, ids(MIXED))),
        case("rgm_ids_limit", Rgm::user_ids(GUILD, ids(const { &[USER] })).limit(1)),
        case("rgm_ids_limit_0", Rgm::user_ids(GUILD, ids(&[7])).limit(0)),
        case("rgm_ids_100", Rgm::user_ids(GUILD, &IDS_100)),
        case(
            "rgm_ids_100_all_fields",
            Rgm::user_ids(GUILD, &IDS_100)
                .limit(100)
                .presences(true)
                .nonce("0123456789abcdef0123456789abcdef"),
        ),
        //
        case("sounds_none", RequestSoundboardSounds::new(&[])),
        case("sounds_one", RequestSoundboardSounds::new(ids(const { &[CHANNEL.get()] }))),
        case("sounds_one_small", RequestSoundboardSounds::new(ids(&[42]))),
        case("sounds_many", RequestSoundboardSounds::new(ids(MANY_GUILDS))),
        case("sounds_300_small", RequestSoundboardSounds::new(&SMALL_300)),
        //
        case("channel_info_none", RequestChannelInfo::new(GUILD, &[])),
        case("channel_info_status", RequestChannelInfo::new(GUILD, &[St])),
        case("channel_info_voice_start_time", RequestChannelInfo::new(GUILD, &[Vst])),
        case("channel_info_both", RequestChannelInfo::new(GUILD, &[St, Vst])),
        case("channel_info_duplicates", RequestChannelInfo::new(Snowflake::new(255), &[Vst, St, Vst, St])),
    ]
}
