//! The commands a bot sends, one export each: inputs from the input
//! buffer, the frame into the output buffer.
//!
//! Conventions, shared by every export:
//! - the parameters that describe the input buffer come first, in the
//!   order of their bytes there: ID counts (`*_count`), then string
//!   lengths (`*_len`);
//! - ID lists are little-endian `u64`s, 8 bytes each; strings are UTF-8,
//!   back to back; a length of -1 (`0xffff_ffff`) leaves an optional
//!   string out (and takes no bytes);
//! - optional booleans are 0 (false), 1 (true) or anything else (left out);
//! - 64-bit parameters are BigInts on the JavaScript side;
//! - the return value is the frame's length, or a negative [`Code`].

use gateway_etf::{
    Activity, ActivityType, ChannelInfoField, Command, ConnectionProperties, Heartbeat, Identify, Intents,
    RequestChannelInfo, RequestGuildMembers, RequestSoundboardSounds, Resume, ShardId, Snowflake, Status,
    UpdatePresence, UpdateVoiceState,
};

use crate::code::{Code, reply};
use crate::memory::Bytes;

/// Bytes the host may write as input.
pub const INPUT_CAP: usize = 8192;
/// Bytes of output: the largest frame Discord accepts.
pub const OUTPUT_CAP: usize = gateway_etf::Error::MAX_PAYLOAD;
/// A length (or optional number) that means "left out".
const ABSENT: u32 = u32::MAX;
/// The most IDs an input buffer holds.
const MAX_IDS: usize = INPUT_CAP / 8;
/// The most channel info fields one request names (each name takes at
/// least 7 input bytes with its comma).
const MAX_FIELDS: usize = INPUT_CAP / 7 + 1;

static INPUT: Bytes<INPUT_CAP> = Bytes::new([0; INPUT_CAP]);
static OUTPUT: Bytes<OUTPUT_CAP> = Bytes::new([0; OUTPUT_CAP]);

/// Where the host writes inputs.
#[unsafe(no_mangle)]
pub extern "C" fn input_ptr() -> *mut u8 {
    INPUT.ptr().cast()
}

/// How many input bytes fit.
#[unsafe(no_mangle)]
pub extern "C" fn input_cap() -> u32 {
    INPUT_CAP as u32
}

/// Where the frame is written.
#[unsafe(no_mangle)]
pub extern "C" fn output_ptr() -> *const u8 {
    OUTPUT.ptr().cast()
}

/// How many output bytes fit.
#[unsafe(no_mangle)]
pub extern "C" fn output_cap() -> u32 {
    OUTPUT_CAP as u32
}

/// Heartbeat (op 1): `d` is `seq`, or `nil` when `has_seq` is 0.
#[unsafe(no_mangle)]
pub extern "C" fn heartbeat(has_seq: u32, seq: u64) -> i32 {
    reply(emit(&Heartbeat::new((has_seq != 0).then_some(seq))))
}

/// Identify (op 2). Inputs: token, os, browser, device. `shard_count` 0
/// leaves out `shard`, `large_threshold` 0 leaves it out, `compress` is
/// an optional boolean.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn identify(
    token_len: u32,
    os_len: u32,
    browser_len: u32,
    device_len: u32,
    intents: u64,
    shard_id: u32,
    shard_count: u32,
    large_threshold: u32,
    compress: u32,
) -> i32 {
    reply((|| {
        let mut input = Inputs::new();
        let [token, os, browser, device] = input.strs([token_len, os_len, browser_len, device_len])?;
        let mut cmd = Identify::new(token, Intents::from_bits_retain(intents))
            .properties(ConnectionProperties::new(os, browser, device));
        if shard_count != 0 {
            cmd = cmd.shard(ShardId::new(shard_id, shard_count)?);
        }
        if large_threshold != 0 {
            cmd = cmd.large_threshold(large_threshold);
        }
        if let Some(compress) = flag(compress) {
            cmd = cmd.compress(compress);
        }
        emit(&cmd)
    })())
}

/// Update Presence (op 3) with at most one activity. Inputs: status
/// (`online`, `dnd`, `idle`, `invisible`, `offline`), then the activity's
/// name, url and state; a left-out name means no activity, a left-out url
/// or state is not sent. `since` is `nil` when `has_since` is 0.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn update_presence(
    status_len: u32,
    name_len: u32,
    url_len: u32,
    state_len: u32,
    activity_type: u32,
    has_since: u32,
    since: u64,
    afk: u32,
) -> i32 {
    reply((|| {
        let mut input = Inputs::new();
        let status = Status::from_name(input.str(status_len)?).ok_or(Code::UnknownName)?;
        let [name, url, state] = input.optional_strs([name_len, url_len, state_len])?;
        let activity = match name {
            Some(name) => {
                let kind = u8::try_from(activity_type).ok().and_then(ActivityType::from_u8);
                let mut activity = Activity::new(name, kind.ok_or(Code::UnknownName)?);
                if let Some(url) = url {
                    activity = activity.url(url);
                }
                if let Some(state) = state {
                    activity = activity.state(state);
                }
                Some(activity)
            }
            None => None,
        };
        emit(
            &UpdatePresence::new(status)
                .since((has_since != 0).then_some(since))
                .afk(afk != 0)
                .activities(activity.as_slice()),
        )
    })())
}

/// Update Voice State (op 4): joins `channel_id`, or leaves (`nil`) when
/// `has_channel` is 0.
#[unsafe(no_mangle)]
pub extern "C" fn update_voice_state(
    guild_id: u64,
    has_channel: u32,
    channel_id: u64,
    self_mute: u32,
    self_deaf: u32,
) -> i32 {
    let channel = (has_channel != 0).then_some(Snowflake::new(channel_id));
    reply(emit(
        &UpdateVoiceState::new(Snowflake::new(guild_id), channel)
            .self_mute(self_mute != 0)
            .self_deaf(self_deaf != 0),
    ))
}

/// Resume (op 6). Inputs: token, session id.
#[unsafe(no_mangle)]
pub extern "C" fn resume(token_len: u32, session_len: u32, seq: u64) -> i32 {
    reply((|| {
        let [token, session] = Inputs::new().strs([token_len, session_len])?;
        emit(&Resume::new(token, session, seq))
    })())
}

/// Request Guild Members (op 8) by username prefix. Inputs: the prefix,
/// then an optional nonce. `presences` is an optional boolean.
#[unsafe(no_mangle)]
pub extern "C" fn request_guild_members_query(
    prefix_len: u32,
    nonce_len: u32,
    guild_id: u64,
    limit: u32,
    presences: u32,
) -> i32 {
    reply((|| {
        let mut input = Inputs::new();
        let prefix = input.str(prefix_len)?;
        let nonce = input.optional(nonce_len)?;
        let cmd = RequestGuildMembers::query(Snowflake::new(guild_id), prefix, limit);
        emit(&members_options(cmd, presences, nonce))
    })())
}

/// Request Guild Members (op 8) by user ID. Inputs: `id_count` IDs, then
/// an optional nonce. `limit` -1 leaves it out; `presences` is an
/// optional boolean.
#[unsafe(no_mangle)]
pub extern "C" fn request_guild_members_ids(
    id_count: u32,
    nonce_len: u32,
    guild_id: u64,
    limit: u32,
    presences: u32,
) -> i32 {
    reply((|| {
        let mut input = Inputs::new();
        let mut ids = [Snowflake::new(0); MAX_IDS];
        let ids = input.ids(id_count, &mut ids)?;
        let nonce = input.optional(nonce_len)?;
        let mut cmd = RequestGuildMembers::user_ids(Snowflake::new(guild_id), ids);
        if limit != ABSENT {
            cmd = cmd.limit(limit);
        }
        emit(&members_options(cmd, presences, nonce))
    })())
}

/// The options both forms of Request Guild Members share.
fn members_options<'a>(
    mut cmd: RequestGuildMembers<'a>,
    presences: u32,
    nonce: Option<&'a str>,
) -> RequestGuildMembers<'a> {
    if let Some(presences) = flag(presences) {
        cmd = cmd.presences(presences);
    }
    if let Some(nonce) = nonce {
        cmd = cmd.nonce(nonce);
    }
    cmd
}

/// Request Soundboard Sounds (op 31). Inputs: `id_count` guild IDs.
#[unsafe(no_mangle)]
pub extern "C" fn request_soundboard_sounds(id_count: u32) -> i32 {
    reply((|| {
        let mut ids = [Snowflake::new(0); MAX_IDS];
        let ids = Inputs::new().ids(id_count, &mut ids)?;
        emit(&RequestSoundboardSounds::new(ids))
    })())
}

/// Request Channel Info (op 43). Inputs: the field names, comma-separated
/// (`status`, `voice_start_time`); an empty string asks for none.
#[unsafe(no_mangle)]
pub extern "C" fn request_channel_info(fields_len: u32, guild_id: u64) -> i32 {
    reply((|| {
        let names = Inputs::new().str(fields_len)?;
        let mut fields = [ChannelInfoField::Status; MAX_FIELDS];
        let mut count = 0;
        for name in names.split(',').filter(|_| !names.is_empty()) {
            let slot = fields.get_mut(count).ok_or(Code::InputRange)?;
            *slot = ChannelInfoField::from_name(name).ok_or(Code::UnknownName)?;
            count += 1;
        }
        let fields = fields.get(..count).ok_or(Code::InputRange)?;
        emit(&RequestChannelInfo::new(Snowflake::new(guild_id), fields))
    })())
}

/// An optional boolean: 0, 1, or anything else for "left out".
fn flag(value: u32) -> Option<bool> {
    match value {
        0 => Some(false),
        1 => Some(true),
        _ => None,
    }
}

/// Encodes `cmd` into the output buffer: its length.
fn emit<C: Command>(cmd: &C) -> Result<usize, Code> {
    // SAFETY: the only reference to OUTPUT during this call (see `Global`).
    let out = unsafe { OUTPUT.get() };
    Ok(cmd.encode(out)?.len())
}

/// Copies `bytes` into the output buffer: their length.
pub fn write_output(bytes: &[u8]) -> Result<usize, Code> {
    // SAFETY: the only reference to OUTPUT during this call (see `Global`).
    let out = unsafe { OUTPUT.get() };
    out.get_mut(..bytes.len()).ok_or(Code::BufferFull)?.copy_from_slice(bytes);
    Ok(bytes.len())
}

/// The input buffer, read from the start in the order of an export's
/// parameters.
struct Inputs {
    rest: &'static [u8],
}

impl Inputs {
    /// The whole input buffer.
    fn new() -> Inputs {
        // SAFETY: the only reference to INPUT during this call (see
        // `Global`); the host writes it only between calls.
        Inputs { rest: unsafe { INPUT.get() } }
    }

    /// The next `len` bytes.
    fn bytes(&mut self, len: u32) -> Result<&'static [u8], Code> {
        let len = usize::try_from(len).map_err(|_| Code::InputRange)?;
        let (bytes, rest) = self.rest.split_at_checked(len).ok_or(Code::InputRange)?;
        self.rest = rest;
        Ok(bytes)
    }

    /// The next string, `len` bytes of UTF-8.
    fn str(&mut self, len: u32) -> Result<&'static str, Code> {
        core::str::from_utf8(self.bytes(len)?).map_err(|_| Code::Utf8)
    }

    /// The next string, or `None` (taking nothing) for [`ABSENT`].
    fn optional(&mut self, len: u32) -> Result<Option<&'static str>, Code> {
        if len == ABSENT { Ok(None) } else { self.str(len).map(Some) }
    }

    /// The next strings.
    fn strs<const K: usize>(&mut self, lens: [u32; K]) -> Result<[&'static str; K], Code> {
        let mut out = [""; K];
        for (slot, len) in out.iter_mut().zip(lens) {
            *slot = self.str(len)?;
        }
        Ok(out)
    }

    /// The next optional strings.
    fn optional_strs<const K: usize>(&mut self, lens: [u32; K]) -> Result<[Option<&'static str>; K], Code> {
        let mut out = [None; K];
        for (slot, len) in out.iter_mut().zip(lens) {
            *slot = self.optional(len)?;
        }
        Ok(out)
    }

    /// The next `count` IDs (little-endian `u64`s), copied into `into`.
    fn ids<'a>(&mut self, count: u32, into: &'a mut [Snowflake; MAX_IDS]) -> Result<&'a [Snowflake], Code> {
        let bytes = self.bytes(count.checked_mul(8).ok_or(Code::InputRange)?)?;
        let ids = into.get_mut(..bytes.len() / 8).ok_or(Code::InputRange)?;
        for (id, le) in ids.iter_mut().zip(bytes.chunks_exact(8)) {
            *id = Snowflake::new(u64::from_le_bytes(le.try_into().map_err(|_| Code::InputRange)?));
        }
        Ok(ids)
    }
}
