//! What the benchmarks share: the payloads, every contender's way of
//! encoding them, and the check that all contenders do the same work.
//!
//! Used by `benches/encode.rs` (criterion timings), `benches/instructions.rs`
//! (instruction counts under callgrind) and `benches/tests/encode.rs` (a test
//! that every contender writes the same term). Each binary uses a different
//! part of this module, hence the `dead_code` allowance.
//!
//! Every payload is built, on every iteration and by every contender, from
//! one [`Inputs`]: borrowed strings, ID slices and scalars, as an
//! application would hold them. Ours builds a command from them; eetf and
//! erltf build a term tree; JSON and postcard build a borrowing serde
//! struct.
//!
//! The decode benchmarks have their own payloads (received frames, from
//! Erlang): `benches/decode_common/mod.rs`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

// The crate's Heartbeat, Identify and Resume go by their full path: here
// those names are the payloads'.
use gateway_etf::{
    Activity, ActivityType, ChannelInfoField, Command, ConnectionProperties, Intents, RequestChannelInfo,
    RequestGuildMembers, RequestSoundboardSounds, ShardId, Snowflake, Status, UpdatePresence,
    UpdateVoiceState,
};
use serde::{Serialize, Serializer};

/// Criterion's settings for both criterion benches, `encode.rs` (90
/// benchmarks, about 5 minutes) and `decode.rs` (24, about a minute and a
/// half): short defaults; `--warm-up-time`/`--measurement-time` on the
/// command line override them.
pub fn criterion() -> criterion::Criterion {
    criterion::Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
}

/// Room for any frame Discord accepts (its limit is 4096 bytes).
pub const BUF: usize = 4096;

/// One bot's data, borrowed the way an application holds it.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// Last sequence number (Heartbeat, Resume).
    pub seq: u64,
    /// Bot token, 72 characters like a real one.
    pub token: &'a str,
    /// Session to resume.
    pub session_id: &'a str,
    /// Intent bits.
    pub intents: u64,
    /// Identify `large_threshold`.
    pub large_threshold: u32,
    /// `[shard_id, num_shards]`.
    pub shard: [u32; 2],
    /// Connection properties.
    pub os: &'a str,
    /// Connection properties.
    pub browser: &'a str,
    /// Connection properties.
    pub device: &'a str,
    /// Presence status.
    pub status: Status,
    /// Presence `since`.
    pub since: Option<u64>,
    /// Presence `afk`.
    pub afk: bool,
    /// Presence activities.
    pub activities: &'a [Activity<'a>],
    /// A guild.
    pub guild_id: u64,
    /// A voice channel.
    pub channel_id: u64,
    /// Voice state flags.
    pub self_mute: bool,
    /// Voice state flags.
    pub self_deaf: bool,
    /// Members asked for by ID.
    pub user_ids: &'a [u64],
    /// Request Guild Members nonce.
    pub nonce: &'a str,
    /// Members asked for by prefix.
    pub query: &'a str,
    /// Limit for the prefix query.
    pub limit: u32,
    /// Whether to ask for presences with the prefix query.
    pub presences: bool,
    /// Guilds whose soundboard sounds are asked for.
    pub guild_ids: &'a [u64],
    /// Channel info fields.
    pub fields: &'a [ChannelInfoField],
}

/// A 72-character token (the length of a real one).
const TOKEN: &str = "MTA4NjY2NzY1NDMyMTIzNDU2Nw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB";
const _: () = assert!(TOKEN.len() == 72);

/// 100 user IDs around 1.1e18 (all take 8 magnitude bytes).
static USER_IDS: [u64; 100] = {
    let mut ids = [0u64; 100];
    let mut i = 0;
    while i < ids.len() {
        ids[i] = 1_100_000_000_000_000_000 + (i as u64) * 1_234_567_891_011;
        i += 1;
    }
    ids
};

static GUILD_IDS: [u64; 3] = [81_384_788_765_712_384, 613_425_648_685_547_541, 1_100_000_000_000_000_042];
static ACTIVITIES: [Activity<'static>; 1] = [Activity::new("with ETF", ActivityType::Playing)];
static FIELDS: [ChannelInfoField; 2] = [ChannelInfoField::Status, ChannelInfoField::VoiceStartTime];

/// The inputs every benchmark encodes.
pub fn inputs() -> Inputs<'static> {
    Inputs {
        seq: 251,
        token: TOKEN,
        session_id: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        intents: (Intents::GUILDS | Intents::GUILD_MESSAGES | Intents::MESSAGE_CONTENT).bits(),
        large_threshold: 250,
        shard: [0, 1],
        os: "linux",
        browser: "gateway-etf",
        device: "gateway-etf",
        status: Status::Online,
        since: None,
        afk: false,
        activities: &ACTIVITIES,
        guild_id: GUILD_IDS[0],
        channel_id: 1_100_000_000_000_000_777,
        self_mute: true,
        self_deaf: false,
        user_ids: &USER_IDS,
        nonce: "abc",
        query: "ab",
        limit: 10,
        presences: true,
        guild_ids: &GUILD_IDS,
        fields: &FIELDS,
    }
}

/// One payload, and how each contender builds it from [`Inputs`].
pub trait Case {
    /// Our command.
    fn ours<'a>(i: &'a Inputs<'a>) -> impl Command + 'a;
    /// The eetf term tree of the whole frame.
    fn eetf(i: &Inputs<'_>) -> eetf::Term;
    /// The erltf term tree of the whole frame.
    fn erltf(i: &Inputs<'_>) -> erltf::OwnedTerm;
    /// The whole frame as a serde value: snowflakes as strings when `STR`
    /// (Discord's JSON), as integers otherwise (postcard).
    fn serde<'a, const STR: bool>(i: &'a Inputs<'a>) -> impl Serialize + 'a;
    /// The whole frame as a serde value for `gateway_etf::serde::to_slice`:
    /// by default the postcard one (snowflakes as integers; the same term
    /// as ours, keys in declaration order); `identify` has its own, keys in
    /// Erlang's order, so that the bytes match ours where serde can.
    fn ours_serde<'a>(i: &'a Inputs<'a>) -> impl Serialize + 'a {
        Self::serde::<false>(i)
    }
}

/// A payload by name, with what the benchmarks do with it, made for its
/// [`Case`]: the criterion groups (`encode.rs`), the callgrind runs
/// (`instructions.rs`, driven by `instructions.sh`) and the check all go by
/// [`PAYLOADS`].
pub struct Payload {
    /// The criterion group, the column in tables, the name on the command
    /// line (`PAYLOADS="identify resume" benches/instructions.sh`).
    pub name: &'static str,
    frame: fn(&Inputs<'_>) -> Vec<u8>,
    scratch: fn(&Inputs<'_>) -> Scratch,
    contenders: fn() -> [(&'static str, Encode); CONTENDERS],
    check: fn() -> Result<[usize; CONTENDERS], String>,
}

impl Payload {
    const fn of<C: Case>(name: &'static str) -> Self {
        Payload {
            name,
            frame: our_frame::<C>,
            scratch: Scratch::new::<C>,
            contenders: contenders::<C>,
            check: check::<C>,
        }
    }

    /// Our frame: [`our_frame`].
    pub fn frame(&self, i: &Inputs<'_>) -> Vec<u8> {
        (self.frame)(i)
    }

    /// Buffers with our frame ready to copy: [`Scratch::new`].
    pub fn scratch(&self, i: &Inputs<'_>) -> Scratch {
        (self.scratch)(i)
    }

    /// Every contender, by name: [`contenders`].
    pub fn contenders(&self) -> [(&'static str, Encode); CONTENDERS] {
        (self.contenders)()
    }

    /// Same work, every contender run once: [`check`].
    pub fn check(&self) -> Result<[usize; CONTENDERS], String> {
        (self.check)().map_err(|e| format!("{}: {e}", self.name))
    }
}

/// The payloads, in table order.
pub static PAYLOADS: [Payload; 9] = [
    Payload::of::<Heartbeat>("heartbeat"),
    Payload::of::<Identify>("identify"),
    Payload::of::<MembersByIds>("members_by_ids"),
    Payload::of::<Presence>("presence"),
    Payload::of::<VoiceState>("voice_state"),
    Payload::of::<Resume>("resume"),
    Payload::of::<MembersByQuery>("members_by_query"),
    Payload::of::<SoundboardSounds>("soundboard_sounds"),
    Payload::of::<ChannelInfo>("channel_info"),
];

/// The payload named `name`, or an error that lists the names.
pub fn payload(name: &str) -> Result<&'static Payload, String> {
    PAYLOADS.iter().find(|p| p.name == name).ok_or_else(|| {
        let names: Vec<&str> = PAYLOADS.iter().map(|p| p.name).collect();
        format!("no payload {name:?}; try one of {names:?}")
    })
}

// ---------------------------------------------------------------------------
// Building blocks for the peers.

/// eetf terms.
mod e {
    use eetf::{Atom, BigInteger, Binary, FixInteger, List, Map, Term};

    pub fn bin(s: &str) -> Term {
        Term::from(Binary::from(s.as_bytes()))
    }
    pub fn atom(s: &str) -> Term {
        Term::from(Atom::from(s))
    }
    pub fn boolean(b: bool) -> Term {
        atom(if b { "true" } else { "false" })
    }
    /// The smallest integer term, as `term_to_binary` picks it.
    pub fn uint(v: u64) -> Term {
        match i32::try_from(v) {
            Ok(small) => Term::from(FixInteger::from(small)),
            Err(_) => Term::from(BigInteger::from(v)),
        }
    }
    pub fn uints(vs: &[u64]) -> Term {
        list(vs.iter().map(|&v| uint(v)).collect())
    }
    pub fn list(elements: Vec<Term>) -> Term {
        Term::from(List::from(elements))
    }
    pub fn map<const N: usize>(pairs: [(&str, Term); N]) -> Term {
        Term::from(Map::from(pairs.map(|(k, v)| (bin(k), v))))
    }
    pub fn frame(op: u8, d: Term) -> Term {
        map([("d", d), ("op", uint(op.into()))])
    }
}

/// erltf terms.
mod r {
    use erltf::{BigInt, OwnedTerm};
    use std::collections::BTreeMap;

    pub fn bin(s: &str) -> OwnedTerm {
        OwnedTerm::Binary(s.as_bytes().to_vec())
    }
    pub fn atom(s: &str) -> OwnedTerm {
        OwnedTerm::atom(s)
    }
    pub fn boolean(b: bool) -> OwnedTerm {
        OwnedTerm::boolean(b)
    }
    pub fn uint(v: u64) -> OwnedTerm {
        match i64::try_from(v) {
            Ok(v) => OwnedTerm::Integer(v),
            Err(_) => {
                let digits = v.to_le_bytes();
                let n = 8 - (v.leading_zeros() / 8) as usize;
                OwnedTerm::BigInt(BigInt::new(false, digits[..n].to_vec()))
            }
        }
    }
    pub fn uints(vs: &[u64]) -> OwnedTerm {
        list(vs.iter().map(|&v| uint(v)).collect())
    }
    pub fn list(elements: Vec<OwnedTerm>) -> OwnedTerm {
        OwnedTerm::List(elements)
    }
    pub fn map<const N: usize>(pairs: [(&str, OwnedTerm); N]) -> OwnedTerm {
        OwnedTerm::Map(BTreeMap::from(pairs.map(|(k, v)| (bin(k), v))))
    }
    pub fn frame(op: u8, d: OwnedTerm) -> OwnedTerm {
        map([("d", d), ("op", uint(op.into()))])
    }
}

/// A snowflake for serde: a string in JSON (`STR`), an integer otherwise.
#[derive(Clone, Copy)]
pub struct Id<const STR: bool>(pub u64);

impl<const STR: bool> Serialize for Id<STR> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if STR { s.collect_str(&self.0) } else { s.serialize_u64(self.0) }
    }
}

/// A list of snowflakes for serde.
#[derive(Clone, Copy)]
pub struct Ids<'a, const STR: bool>(pub &'a [u64]);

impl<const STR: bool> Serialize for Ids<'_, STR> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|&v| Id::<STR>(v)))
    }
}

/// `{"op": …, "d": …}`, the envelope every JSON client sends.
#[derive(Serialize)]
pub struct Frame<D> {
    op: u8,
    d: D,
}

#[derive(Serialize)]
struct ActivityS<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'a str>,
}

/// Activities, serialized straight from the borrowed slice.
struct Activities<'a>(&'a [Activity<'a>]);

impl Serialize for Activities<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|a| ActivityS {
            name: a.name,
            kind: a.kind as u8,
            url: a.url,
            state: a.state,
        }))
    }
}

#[derive(Serialize)]
struct PresenceS<'a> {
    since: Option<u64>,
    activities: Activities<'a>,
    status: &'a str,
    afk: bool,
}

impl<'a> PresenceS<'a> {
    fn new(i: &'a Inputs<'a>) -> Self {
        PresenceS {
            since: i.since,
            activities: Activities(i.activities),
            status: i.status.as_str(),
            afk: i.afk,
        }
    }
}

#[derive(Serialize)]
struct PropertiesS<'a> {
    os: &'a str,
    browser: &'a str,
    device: &'a str,
}

#[derive(Serialize)]
struct IdentifyS<'a> {
    token: &'a str,
    properties: PropertiesS<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    compress: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    large_threshold: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shard: Option<[u32; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    presence: Option<PresenceS<'a>>,
    intents: u64,
}

#[derive(Serialize)]
struct MembersS<'a, const STR: bool> {
    guild_id: Id<STR>,
    #[serde(skip_serializing_if = "Option::is_none")]
    query: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    presences: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_ids: Option<Ids<'a, STR>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<&'a str>,
}

#[derive(Serialize)]
struct VoiceS<const STR: bool> {
    guild_id: Id<STR>,
    channel_id: Option<Id<STR>>,
    self_mute: bool,
    self_deaf: bool,
}

#[derive(Serialize)]
struct ResumeS<'a> {
    token: &'a str,
    session_id: &'a str,
    seq: u64,
}

#[derive(Serialize)]
struct SoundboardS<'a, const STR: bool> {
    guild_ids: Ids<'a, STR>,
}

/// Channel info field names, serialized straight from the borrowed slice.
struct Fields<'a>(&'a [ChannelInfoField]);

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|f| f.as_str()))
    }
}

#[derive(Serialize)]
struct ChannelInfoS<'a, const STR: bool> {
    guild_id: Id<STR>,
    fields: Fields<'a>,
}

/// Identify for `gateway_etf::serde`, mirroring what `Identify::encode`
/// writes: fields declared in Erlang's key order (binaries compare byte by
/// byte: `d` before `op`, `intents` before `large_threshold`…), as
/// `term_to_binary` writes a map's keys, so that serde's output can be
/// the same bytes.
#[derive(Serialize)]
struct SortedFrame<D> {
    d: D,
    op: u8,
}

#[derive(Serialize)]
struct SortedIdentify<'a> {
    intents: u64,
    large_threshold: u32,
    presence: SortedPresence<'a>,
    properties: SortedProperties<'a>,
    shard: [u32; 2],
    token: &'a str,
}

#[derive(Serialize)]
struct SortedPresence<'a> {
    activities: SortedActivities<'a>,
    afk: bool,
    since: Option<u64>,
    status: &'a str,
}

#[derive(Serialize)]
struct SortedActivity<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'a str>,
    #[serde(rename = "type")]
    kind: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// Activities, serialized straight from the borrowed slice.
struct SortedActivities<'a>(&'a [Activity<'a>]);

impl Serialize for SortedActivities<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|a| SortedActivity {
            name: a.name,
            state: a.state,
            kind: a.kind as u8,
            url: a.url,
        }))
    }
}

#[derive(Serialize)]
struct SortedProperties<'a> {
    browser: &'a str,
    device: &'a str,
    os: &'a str,
}

// ---------------------------------------------------------------------------
// Shared pieces of the term trees.

fn eetf_presence(i: &Inputs<'_>) -> eetf::Term {
    let activities = i
        .activities
        .iter()
        .map(|a| e::map([("name", e::bin(a.name)), ("type", e::uint(a.kind as u64))]))
        .collect();
    e::map([
        ("activities", e::list(activities)),
        ("afk", e::boolean(i.afk)),
        ("since", i.since.map_or_else(|| e::atom("nil"), e::uint)),
        ("status", e::bin(i.status.as_str())),
    ])
}

fn erltf_presence(i: &Inputs<'_>) -> erltf::OwnedTerm {
    let activities = i
        .activities
        .iter()
        .map(|a| r::map([("name", r::bin(a.name)), ("type", r::uint(a.kind as u64))]))
        .collect();
    r::map([
        ("activities", r::list(activities)),
        ("afk", r::boolean(i.afk)),
        ("since", i.since.map_or_else(|| r::atom("nil"), r::uint)),
        ("status", r::bin(i.status.as_str())),
    ])
}

fn our_presence<'a>(i: &'a Inputs<'a>) -> UpdatePresence<'a> {
    UpdatePresence::new(i.status).activities(i.activities).since(i.since).afk(i.afk)
}

// ---------------------------------------------------------------------------
// The payloads.

/// `heartbeat`: Heartbeat(251).
pub struct Heartbeat;
impl Case for Heartbeat {
    fn ours<'a>(i: &'a Inputs<'a>) -> impl Command + 'a {
        gateway_etf::Heartbeat::new(Some(i.seq))
    }
    fn eetf(i: &Inputs<'_>) -> eetf::Term {
        e::frame(1, e::uint(i.seq))
    }
    fn erltf(i: &Inputs<'_>) -> erltf::OwnedTerm {
        r::frame(1, r::uint(i.seq))
    }
    fn serde<'a, const STR: bool>(i: &'a Inputs<'a>) -> impl Serialize + 'a {
        Frame { op: 1, d: Some(i.seq) }
    }
}

/// `identify`: Identify with a 72-character token, intents,
/// large_threshold, shard, properties and a presence with one activity.
pub struct Identify;
impl Case for Identify {
    fn ours<'a>(i: &'a Inputs<'a>) -> impl Command + 'a {
        gateway_etf::Identify::new(i.token, Intents::from_bits_retain(i.intents))
            .properties(ConnectionProperties::new(i.os, i.browser, i.device))
            .large_threshold(i.large_threshold)
            .shard(ShardId::new(i.shard[0], i.shard[1]).expect("valid shard"))
            .presence(our_presence(i))
    }
    fn eetf(i: &Inputs<'_>) -> eetf::Term {
        let d = e::map([
            ("intents", e::uint(i.intents)),
            ("large_threshold", e::uint(i.large_threshold.into())),
            ("presence", eetf_presence(i)),
            (
                "properties",
                e::map([("browser", e::bin(i.browser)), ("device", e::bin(i.device)), ("os", e::bin(i.os))]),
            ),
            ("shard", e::list(vec![e::uint(i.shard[0].into()), e::uint(i.shard[1].into())])),
            ("token", e::bin(i.token)),
        ]);
        e::frame(2, d)
    }
    fn erltf(i: &Inputs<'_>) -> erltf::OwnedTerm {
        let d = r::map([
            ("intents", r::uint(i.intents)),
            ("large_threshold", r::uint(i.large_threshold.into())),
            ("presence", erltf_presence(i)),
            (
                "properties",
                r::map([("browser", r::bin(i.browser)), ("device", r::bin(i.device)), ("os", r::bin(i.os))]),
            ),
            ("shard", r::list(vec![r::uint(i.shard[0].into()), r::uint(i.shard[1].into())])),
            ("token", r::bin(i.token)),
        ]);
        r::frame(2, d)
    }
    fn serde<'a, const STR: bool>(i: &'a Inputs<'a>) -> impl Serialize + 'a {
        Frame {
            op: 2,
            d: IdentifyS {
                token: i.token,
                properties: PropertiesS { os: i.os, browser: i.browser, device: i.device },
                compress: None,
                large_threshold: Some(i.large_threshold),
                shard: Some(i.shard),
                presence: Some(PresenceS::new(i)),
                intents: i.intents,
            },
        }
    }
    fn ours_serde<'a>(i: &'a Inputs<'a>) -> impl Serialize + 'a {
        SortedFrame {
            d: SortedIdentify {
                intents: i.intents,
                large_threshold: i.large_threshold,
                presence: SortedPresence {
                    activities: SortedActivities(i.activities),
                    afk: i.afk,
                    since: i.since,
                    status: i.status.as_str(),
                },
                properties: SortedProperties { browser: i.browser, device: i.device, os: i.os },
                shard: i.shard,
                token: i.token,
            },
            op: 2,
        }
    }
}

/// `members_by_ids`: Request Guild Members by 100 user IDs, nonce "abc".
pub struct MembersByIds;
impl Case for MembersByIds {
    fn ours<'a>(i: &'a Inputs<'a>) -> impl Command + 'a {
        RequestGuildMembers::user_ids(Snowflake::new(i.guild_id), Snowflake::slice_from_u64(i.user_ids))
            .nonce(i.nonce)
    }
    fn eetf(i: &Inputs<'_>) -> eetf::Term {
        let d = e::map([
            ("guild_id", e::uint(i.guild_id)),
            ("nonce", e::bin(i.nonce)),
            ("user_ids", e::uints(i.user_ids)),
        ]);
        e::frame(8, d)
    }
    fn erltf(i: &Inputs<'_>) -> erltf::OwnedTerm {
        let d = r::map([
            ("guild_id", r::uint(i.guild_id)),
            ("nonce", r::bin(i.nonce)),
            ("user_ids", r::uints(i.user_ids)),
        ]);
        r::frame(8, d)
    }
    fn serde<'a, const STR: bool>(i: &'a Inputs<'a>) -> impl Serialize + 'a {
        Frame {
            op: 8,
            d: MembersS::<STR> {
                guild_id: Id(i.guild_id),
                query: None,
                limit: None,
                presences: None,
                user_ids: Some(Ids(i.user_ids)),
                nonce: Some(i.nonce),
            },
        }
    }
}

/// `presence`: Update Presence, the presence of `identify` on its own (one
/// activity).
pub struct Presence;
impl Case for Presence {
    fn ours<'a>(i: &'a Inputs<'a>) -> impl Command + 'a {
        our_presence(i)
    }
    fn eetf(i: &Inputs<'_>) -> eetf::Term {
        e::frame(3, eetf_presence(i))
    }
    fn erltf(i: &Inputs<'_>) -> erltf::OwnedTerm {
        r::frame(3, erltf_presence(i))
    }
    fn serde<'a, const STR: bool>(i: &'a Inputs<'a>) -> impl Serialize + 'a {
        Frame { op: 3, d: PresenceS::new(i) }
    }
}

/// `voice_state`: Update Voice State, joining a channel muted.
pub struct VoiceState;
impl Case for VoiceState {
    fn ours<'a>(i: &'a Inputs<'a>) -> impl Command + 'a {
        UpdateVoiceState::new(Snowflake::new(i.guild_id), Some(Snowflake::new(i.channel_id)))
            .self_mute(i.self_mute)
            .self_deaf(i.self_deaf)
    }
    fn eetf(i: &Inputs<'_>) -> eetf::Term {
        let d = e::map([
            ("channel_id", e::uint(i.channel_id)),
            ("guild_id", e::uint(i.guild_id)),
            ("self_deaf", e::boolean(i.self_deaf)),
            ("self_mute", e::boolean(i.self_mute)),
        ]);
        e::frame(4, d)
    }
    fn erltf(i: &Inputs<'_>) -> erltf::OwnedTerm {
        let d = r::map([
            ("channel_id", r::uint(i.channel_id)),
            ("guild_id", r::uint(i.guild_id)),
            ("self_deaf", r::boolean(i.self_deaf)),
            ("self_mute", r::boolean(i.self_mute)),
        ]);
        r::frame(4, d)
    }
    fn serde<'a, const STR: bool>(i: &'a Inputs<'a>) -> impl Serialize + 'a {
        Frame {
            op: 4,
            d: VoiceS::<STR> {
                guild_id: Id(i.guild_id),
                channel_id: Some(Id(i.channel_id)),
                self_mute: i.self_mute,
                self_deaf: i.self_deaf,
            },
        }
    }
}

/// `resume`: Resume with the token, a 32-character session id and seq.
pub struct Resume;
impl Case for Resume {
    fn ours<'a>(i: &'a Inputs<'a>) -> impl Command + 'a {
        gateway_etf::Resume::new(i.token, i.session_id, i.seq)
    }
    fn eetf(i: &Inputs<'_>) -> eetf::Term {
        let d = e::map([
            ("seq", e::uint(i.seq)),
            ("session_id", e::bin(i.session_id)),
            ("token", e::bin(i.token)),
        ]);
        e::frame(6, d)
    }
    fn erltf(i: &Inputs<'_>) -> erltf::OwnedTerm {
        let d = r::map([
            ("seq", r::uint(i.seq)),
            ("session_id", r::bin(i.session_id)),
            ("token", r::bin(i.token)),
        ]);
        r::frame(6, d)
    }
    fn serde<'a, const STR: bool>(i: &'a Inputs<'a>) -> impl Serialize + 'a {
        Frame { op: 6, d: ResumeS { token: i.token, session_id: i.session_id, seq: i.seq } }
    }
}

/// `members_by_query`: Request Guild Members by prefix, with presences and
/// a nonce.
pub struct MembersByQuery;
impl Case for MembersByQuery {
    fn ours<'a>(i: &'a Inputs<'a>) -> impl Command + 'a {
        RequestGuildMembers::query(Snowflake::new(i.guild_id), i.query, i.limit)
            .presences(i.presences)
            .nonce(i.nonce)
    }
    fn eetf(i: &Inputs<'_>) -> eetf::Term {
        let d = e::map([
            ("guild_id", e::uint(i.guild_id)),
            ("limit", e::uint(i.limit.into())),
            ("nonce", e::bin(i.nonce)),
            ("presences", e::boolean(i.presences)),
            ("query", e::bin(i.query)),
        ]);
        e::frame(8, d)
    }
    fn erltf(i: &Inputs<'_>) -> erltf::OwnedTerm {
        let d = r::map([
            ("guild_id", r::uint(i.guild_id)),
            ("limit", r::uint(i.limit.into())),
            ("nonce", r::bin(i.nonce)),
            ("presences", r::boolean(i.presences)),
            ("query", r::bin(i.query)),
        ]);
        r::frame(8, d)
    }
    fn serde<'a, const STR: bool>(i: &'a Inputs<'a>) -> impl Serialize + 'a {
        Frame {
            op: 8,
            d: MembersS::<STR> {
                guild_id: Id(i.guild_id),
                query: Some(i.query),
                limit: Some(i.limit),
                presences: Some(i.presences),
                user_ids: None,
                nonce: Some(i.nonce),
            },
        }
    }
}

/// `soundboard_sounds`: Request Soundboard Sounds for three guilds.
pub struct SoundboardSounds;
impl Case for SoundboardSounds {
    fn ours<'a>(i: &'a Inputs<'a>) -> impl Command + 'a {
        RequestSoundboardSounds::new(Snowflake::slice_from_u64(i.guild_ids))
    }
    fn eetf(i: &Inputs<'_>) -> eetf::Term {
        e::frame(31, e::map([("guild_ids", e::uints(i.guild_ids))]))
    }
    fn erltf(i: &Inputs<'_>) -> erltf::OwnedTerm {
        r::frame(31, r::map([("guild_ids", r::uints(i.guild_ids))]))
    }
    fn serde<'a, const STR: bool>(i: &'a Inputs<'a>) -> impl Serialize + 'a {
        Frame { op: 31, d: SoundboardS::<STR> { guild_ids: Ids(i.guild_ids) } }
    }
}

/// `channel_info`: Request Channel Info, both fields.
pub struct ChannelInfo;
impl Case for ChannelInfo {
    fn ours<'a>(i: &'a Inputs<'a>) -> impl Command + 'a {
        RequestChannelInfo::new(Snowflake::new(i.guild_id), i.fields)
    }
    fn eetf(i: &Inputs<'_>) -> eetf::Term {
        let fields = i.fields.iter().map(|f| e::bin(f.as_str())).collect();
        e::frame(43, e::map([("fields", e::list(fields)), ("guild_id", e::uint(i.guild_id))]))
    }
    fn erltf(i: &Inputs<'_>) -> erltf::OwnedTerm {
        let fields = i.fields.iter().map(|f| r::bin(f.as_str())).collect();
        r::frame(43, r::map([("fields", r::list(fields)), ("guild_id", r::uint(i.guild_id))]))
    }
    fn serde<'a, const STR: bool>(i: &'a Inputs<'a>) -> impl Serialize + 'a {
        Frame { op: 43, d: ChannelInfoS::<STR> { guild_id: Id(i.guild_id), fields: Fields(i.fields) } }
    }
}

// ---------------------------------------------------------------------------
// The contenders. Each builds the payload from the inputs and writes it;
// each returns the number of bytes it produced. The `enc_` prefix is what
// `instructions.sh` tells callgrind to count (`--toggle-collect=*enc_*`).

/// How many contenders there are.
pub const CONTENDERS: usize = 11;

/// Buffers a contender writes into, reused across iterations.
pub struct Scratch {
    /// A caller's fixed buffer.
    pub buf: Box<[u8; BUF]>,
    /// A caller's reused `heapless::Vec`.
    pub heapless: Box<heapless::Vec<u8, BUF>>,
    /// A caller's reused `Vec`.
    pub vec: Vec<u8>,
    /// Our finished frame, the source of the memcpy floor.
    pub frame: Vec<u8>,
}

impl Scratch {
    /// Buffers for payload `C`, with its finished frame ready to copy.
    pub fn new<C: Case>(i: &Inputs<'_>) -> Self {
        Scratch {
            buf: Box::new([0; BUF]),
            heapless: Box::default(),
            vec: Vec::with_capacity(BUF),
            frame: our_frame::<C>(i),
        }
    }
}

/// How a contender is called.
pub type Encode = for<'a> fn(&'a Inputs<'a>, &mut Scratch) -> usize;

/// Our frame for payload `C`.
pub fn our_frame<C: Case>(i: &Inputs<'_>) -> Vec<u8> {
    C::ours(i).to_vec().expect("our encoder accepts every benchmark payload")
}

/// Ours into a caller's slice: `encode(&mut buf)`.
#[inline(never)]
pub fn enc_ours_slice<C: Case>(i: &Inputs<'_>, s: &mut Scratch) -> usize {
    C::ours(i).encode(&mut s.buf[..]).expect("fits").len()
}

/// Ours into a new `heapless::Vec<u8, 4096>`: `encode_heapless()`.
#[inline(never)]
pub fn enc_ours_heapless<C: Case>(i: &Inputs<'_>, _: &mut Scratch) -> usize {
    let out: heapless::Vec<u8, BUF> = C::ours(i).encode_heapless().expect("fits");
    black_box(&out).len()
}

/// Ours appended to a caller's cleared `heapless::Vec`: `encode_to(&mut vec)`.
#[inline(never)]
pub fn enc_ours_heapless_to<C: Case>(i: &Inputs<'_>, s: &mut Scratch) -> usize {
    s.heapless.clear();
    C::ours(i).encode_to(&mut *s.heapless).expect("fits")
}

/// Ours appended to a caller's cleared `Vec`: `encode_to(&mut vec)`.
#[inline(never)]
pub fn enc_ours_vec<C: Case>(i: &Inputs<'_>, s: &mut Scratch) -> usize {
    s.vec.clear();
    C::ours(i).encode_to(&mut s.vec).expect("a Vec always fits")
}

/// Ours into a new `Vec` (allocated and freed each time): `to_vec()`.
#[inline(never)]
pub fn enc_ours_to_vec<C: Case>(i: &Inputs<'_>, _: &mut Scratch) -> usize {
    let out = C::ours(i).to_vec().expect("a Vec always fits");
    black_box(&out).len()
}

/// Ours through serde: build the payload's `Serialize` struct
/// ([`Case::ours_serde`]), `gateway_etf::serde::to_slice(&mut buf)`.
#[inline(never)]
pub fn enc_ours_serde<C: Case>(i: &Inputs<'_>, s: &mut Scratch) -> usize {
    gateway_etf::serde::to_slice(&C::ours_serde(i), &mut s.buf[..]).expect("fits").len()
}

/// eetf: build the term tree, encode into a caller's cleared `Vec`, drop the tree.
#[inline(never)]
pub fn enc_eetf<C: Case>(i: &Inputs<'_>, s: &mut Scratch) -> usize {
    let term = C::eetf(i);
    s.vec.clear();
    term.encode(&mut s.vec).expect("eetf encodes");
    s.vec.len()
}

/// erltf: build the term tree and encode (erltf always returns a new `Vec`).
#[inline(never)]
pub fn enc_erltf<C: Case>(i: &Inputs<'_>, _: &mut Scratch) -> usize {
    let term = C::erltf(i);
    let out = erltf::encode(&term).expect("erltf encodes");
    black_box(&out).len()
}

/// serde_json into a caller's cleared `Vec`, snowflakes as strings.
#[inline(never)]
pub fn enc_json<C: Case>(i: &Inputs<'_>, s: &mut Scratch) -> usize {
    s.vec.clear();
    serde_json::to_writer(&mut s.vec, &C::serde::<true>(i)).expect("JSON encodes");
    s.vec.len()
}

/// postcard into a caller's slice (not ETF: varints, no keys).
#[inline(never)]
pub fn enc_postcard<C: Case>(i: &Inputs<'_>, s: &mut Scratch) -> usize {
    postcard::to_slice(&C::serde::<false>(i), &mut s.buf[..]).expect("fits").len()
}

/// The floor: copy our finished frame into the caller's slice.
#[inline(never)]
pub fn enc_memcpy<C: Case>(_: &Inputs<'_>, s: &mut Scratch) -> usize {
    let n = s.frame.len();
    s.buf[..n].copy_from_slice(&s.frame);
    n
}

/// Every contender for payload `C`, by name, ours first and the floor last.
pub fn contenders<C: Case>() -> [(&'static str, Encode); CONTENDERS] {
    [
        ("ours_slice", enc_ours_slice::<C>),
        ("ours_heapless", enc_ours_heapless::<C>),
        ("ours_heapless_to", enc_ours_heapless_to::<C>),
        ("ours_vec", enc_ours_vec::<C>),
        ("ours_to_vec", enc_ours_to_vec::<C>),
        ("ours_serde", enc_ours_serde::<C>),
        ("eetf", enc_eetf::<C>),
        ("erltf", enc_erltf::<C>),
        ("json", enc_json::<C>),
        ("postcard", enc_postcard::<C>),
        ("memcpy", enc_memcpy::<C>),
    ]
}

/// The contenders' names, in table order.
pub fn contender_names() -> [&'static str; CONTENDERS] {
    contenders::<Heartbeat>().map(|(name, _)| name)
}

// ---------------------------------------------------------------------------
// Same work: every contender writes the same term.

/// Decodes an ETF frame with eetf, in a form where equal Erlang terms
/// compare equal (eetf keeps `[0, 1]` as a ByteList when it came as
/// STRING_EXT and as a List when it came as LIST_EXT).
pub fn etf_term(bytes: &[u8]) -> eetf::Term {
    normalize(eetf::Term::decode(bytes).expect("valid ETF"))
}

fn normalize(t: eetf::Term) -> eetf::Term {
    use eetf::{FixInteger, List, Map, Term};
    match t {
        Term::ByteList(b) => Term::from(List::from(
            b.bytes.into_iter().map(|x| Term::from(FixInteger::from(x))).collect::<Vec<_>>(),
        )),
        Term::List(l) => Term::from(List::from(l.elements.into_iter().map(normalize).collect::<Vec<_>>())),
        Term::Map(m) => Term::from(Map::from(
            m.map.into_iter().map(|(k, v)| (normalize(k), normalize(v))).collect::<HashMap<_, _>>(),
        )),
        other => other,
    }
}

/// The JSON a JSON client would send for an ETF term: binaries as strings,
/// big integers (snowflakes) as strings, `nil`/`true`/`false` as JSON's;
/// map keys binaries or atoms (received payloads have both).
pub fn etf_to_json(t: &eetf::Term) -> serde_json::Value {
    use eetf::Term;
    use serde_json::Value;
    match t {
        Term::Atom(a) => match a.name.as_str() {
            "nil" => Value::Null,
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            other => Value::String(other.to_owned()),
        },
        Term::FixInteger(n) => Value::from(n.value),
        Term::BigInteger(n) => Value::String(n.value.to_string()),
        Term::Binary(b) => Value::String(String::from_utf8(b.bytes.clone()).expect("UTF-8 binary")),
        Term::ByteList(b) => Value::Array(b.bytes.iter().map(|&x| Value::from(x)).collect()),
        Term::List(l) => Value::Array(l.elements.iter().map(etf_to_json).collect()),
        Term::Map(m) => Value::Object(
            m.map
                .iter()
                .map(|(k, v)| match k {
                    Term::Binary(b) => {
                        (String::from_utf8(b.bytes.clone()).expect("UTF-8 key"), etf_to_json(v))
                    }
                    Term::Atom(a) => (a.name.clone(), etf_to_json(v)),
                    other => panic!("map key neither binary nor atom: {other}"),
                })
                .collect(),
        ),
        other => panic!("no JSON form for {other}"),
    }
}

/// Checks that eetf, erltf and JSON produce the same term as ours for
/// payload `C`, and that every contender runs; returns each contender's
/// output length, in [`contenders`] order. ([`Payload::check`] names the
/// payload in the error.)
pub fn check<C: Case>() -> Result<[usize; CONTENDERS], String> {
    let i = inputs();
    let mut s = Scratch::new::<C>(&i);
    let ours = etf_term(&s.frame);
    let fail = |who: &str, what: String| format!("{who}: {what}");

    let mut eetf_bytes = Vec::new();
    C::eetf(&i).encode(&mut eetf_bytes).map_err(|e| fail("eetf", e.to_string()))?;
    if etf_term(&eetf_bytes) != ours {
        return Err(fail("eetf", format!("{} != ours {}", etf_term(&eetf_bytes), ours)));
    }
    let erltf_bytes = erltf::encode(&C::erltf(&i)).map_err(|e| fail("erltf", e.to_string()))?;
    if etf_term(&erltf_bytes) != ours {
        return Err(fail("erltf", format!("{} != ours {}", etf_term(&erltf_bytes), ours)));
    }
    let json: serde_json::Value = serde_json::to_vec(&C::serde::<true>(&i))
        .and_then(|v| serde_json::from_slice(&v))
        .map_err(|e| fail("json", e.to_string()))?;
    if json != etf_to_json(&ours) {
        return Err(fail("json", format!("{json} != ours {}", etf_to_json(&ours))));
    }
    let serde_bytes =
        gateway_etf::serde::to_vec(&C::ours_serde(&i)).map_err(|e| fail("ours_serde", e.to_string()))?;
    if etf_term(&serde_bytes) != ours {
        return Err(fail("ours_serde", format!("{} != ours {}", etf_term(&serde_bytes), ours)));
    }

    let mut lens = [0usize; CONTENDERS];
    for (len, (name, f)) in lens.iter_mut().zip(contenders::<C>()) {
        *len = f(&i, &mut s);
        // ours_serde writes the same term (checked above), not always the
        // same bytes: serde's sequences are lists (LIST_EXT), where
        // term_to_binary, and ours, write a list of bytes as STRING_EXT.
        let etf = (name.starts_with("ours") && name != "ours_serde") || name == "memcpy";
        if etf && *len != s.frame.len() {
            return Err(fail(name, format!("wrote {len} bytes, ours is {}", s.frame.len())));
        }
    }
    if s.buf[..s.frame.len()] != s.frame[..] {
        return Err(fail("memcpy", "copy differs".into()));
    }
    Ok(lens)
}

/// [`check`] for every payload, as `(name, lengths)`.
pub fn check_all() -> Result<Vec<(&'static str, [usize; CONTENDERS])>, String> {
    PAYLOADS.iter().map(|p| Ok((p.name, p.check()?))).collect()
}
