//! What the mock gateway sends, written with the crate's `etf::Writer`
//! the way Discord's Erlang side writes it: the envelope
//! `#{d => D, op => Op, s => S, t => T}` under atom keys with `t` an atom,
//! and binary keys inside `d`. Keys go in Erlang term order (atoms and
//! binaries alike compare by their text), so every frame is byte-identical
//! to `term_to_binary/2` with `{minor_version, 2}`; tests/session/frames.rs
//! checks each kind against golden/session.hex, made by Erlang.

use gateway_etf::encode::Writer;
use gateway_etf::{Error, Opcode, ShardId, Snowflake};

/// The writer every frame is built with: into a `Vec`, since what a
/// gateway sends has no size limit (GUILD_CREATE runs to megabytes).
pub type FrameWriter = Writer<Vec<u8>>;

/// A user as the mock describes one: id and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct User<'a> {
    /// The user's ID.
    pub id: Snowflake,
    /// The username.
    pub username: &'a str,
}

/// The data of READY: what a bot needs to resume and to know itself.
#[derive(Debug, Clone, Copy)]
pub struct ReadyData<'a> {
    /// The application's ID.
    pub application_id: Snowflake,
    /// Guilds, sent as unavailable (their GUILD_CREATE would follow).
    pub guilds: &'a [Snowflake],
    /// Where to connect to resume.
    pub resume_gateway_url: &'a str,
    /// The new session.
    pub session_id: &'a str,
    /// The shard the bot identified with, if any.
    pub shard: Option<ShardId>,
    /// The bot itself.
    pub user: User<'a>,
}

/// A MESSAGE_CREATE, trimmed to what a log needs.
#[derive(Debug, Clone, Copy)]
pub struct MessageData<'a> {
    /// The author.
    pub author: User<'a>,
    /// The channel.
    pub channel_id: Snowflake,
    /// The text.
    pub content: &'a str,
    /// The message's ID.
    pub id: Snowflake,
}

/// An INTERACTION_CREATE: someone ran the slash command `/name text:…`.
#[derive(Debug, Clone, Copy)]
pub struct InteractionData<'a> {
    /// The application the command belongs to.
    pub application_id: Snowflake,
    /// Where it was run.
    pub channel_id: Snowflake,
    /// The command's ID.
    pub command_id: Snowflake,
    /// The command's name, without the slash.
    pub command: &'a str,
    /// The guild it was run in.
    pub guild_id: Snowflake,
    /// The interaction's ID.
    pub id: Snowflake,
    /// Who ran it (a guild member).
    pub user: User<'a>,
    /// The value of the command's one string option, `text`.
    pub text: &'a str,
    /// For answering it over HTTP.
    pub token: &'a str,
}

/// A GUILD_MEMBERS_CHUNK answering a Request Guild Members.
#[derive(Debug, Clone, Copy)]
pub struct MembersChunk<'a> {
    /// The guild asked about.
    pub guild_id: Snowflake,
    /// The members found.
    pub members: &'a [User<'a>],
    /// The nonce of the request, echoed back.
    pub nonce: Option<&'a str>,
    /// Requested IDs that are no members.
    pub not_found: &'a [Snowflake],
}

/// Builds `#{d => data, op => op, s => seq, t => name}` (nil for an absent
/// `s` or `t`).
pub fn envelope(
    op: Opcode,
    seq: Option<u64>,
    name: Option<&str>,
    data: impl FnOnce(&mut FrameWriter) -> Result<(), Error>,
) -> Result<Vec<u8>, Error> {
    let mut w = Writer::new(Vec::new());
    w.version()?.map(4)?.atom("d")?;
    data(&mut w)?;
    w.atom("op")?.uint(op as u64)?.atom("s")?;
    match seq {
        Some(s) => w.uint(s)?,
        None => w.null()?,
    };
    w.atom("t")?;
    match name {
        Some(t) => w.atom(t)?,
        None => w.null()?,
    };
    Ok(w.into_sink())
}

/// An event (op 0) with its sequence number and name.
fn dispatch(
    seq: u64,
    name: &str,
    data: impl FnOnce(&mut FrameWriter) -> Result<(), Error>,
) -> Result<Vec<u8>, Error> {
    envelope(Opcode::Dispatch, Some(seq), Some(name), data)
}

/// An envelope whose `d` is `nil`.
fn bare(op: Opcode) -> Result<Vec<u8>, Error> {
    envelope(op, None, None, |w| w.null().map(drop))
}

/// Hello (op 10): the heartbeat interval in milliseconds.
pub fn hello(interval_ms: u64) -> Result<Vec<u8>, Error> {
    envelope(Opcode::Hello, None, None, |w| w.map(1)?.str("heartbeat_interval")?.uint(interval_ms).map(drop))
}

/// Heartbeat ACK (op 11).
pub fn heartbeat_ack() -> Result<Vec<u8>, Error> {
    bare(Opcode::HeartbeatAck)
}

/// Heartbeat (op 1) from the gateway: "send one now".
pub fn heartbeat_request() -> Result<Vec<u8>, Error> {
    bare(Opcode::Heartbeat)
}

/// Reconnect (op 7): "reconnect and resume".
pub fn reconnect() -> Result<Vec<u8>, Error> {
    bare(Opcode::Reconnect)
}

/// Invalid Session (op 9): `d` says whether the session may be resumed.
pub fn invalid_session(resumable: bool) -> Result<Vec<u8>, Error> {
    envelope(Opcode::InvalidSession, None, None, |w| w.bool(resumable).map(drop))
}

/// `#{<<"id">> => Id, <<"username">> => Name}`, plus `bot => true` for the
/// bot itself.
fn user(w: &mut FrameWriter, user: &User<'_>, bot: bool) -> Result<(), Error> {
    w.map(if bot { 3 } else { 2 })?;
    if bot {
        w.str("bot")?.bool(true)?;
    }
    w.str("id")?.uint(user.id.get())?.str("username")?.str(user.username)?;
    Ok(())
}

/// READY (op 0), the answer to Identify.
pub fn ready(seq: u64, d: &ReadyData<'_>) -> Result<Vec<u8>, Error> {
    dispatch(seq, "READY", |w| {
        w.map(if d.shard.is_some() { 7 } else { 6 })?;
        w.str("application")?.map(1)?.str("id")?.uint(d.application_id.get())?;
        w.str("guilds")?.list(d.guilds.len())?;
        for &id in d.guilds {
            w.map(2)?.str("id")?.uint(id.get())?.str("unavailable")?.bool(true)?;
        }
        w.tail()?;
        w.str("resume_gateway_url")?.str(d.resume_gateway_url)?;
        w.str("session_id")?.str(d.session_id)?;
        if let Some(shard) = d.shard {
            w.str("shard")?.uint_list(&[u64::from(shard.id()), u64::from(shard.count())])?;
        }
        w.str("user")?;
        user(w, &d.user, true)?;
        w.str("v")?.uint(10)?;
        Ok(())
    })
}

/// RESUMED (op 0), after the missed events were replayed.
pub fn resumed(seq: u64) -> Result<Vec<u8>, Error> {
    dispatch(seq, "RESUMED", |w| w.map(1)?.str("_trace")?.list(1)?.str("mock-gateway")?.tail().map(drop))
}

/// MESSAGE_CREATE (op 0).
pub fn message_create(seq: u64, m: &MessageData<'_>) -> Result<Vec<u8>, Error> {
    dispatch(seq, "MESSAGE_CREATE", |w| {
        w.map(4)?.str("author")?;
        user(w, &m.author, false)?;
        w.str("channel_id")?.uint(m.channel_id.get())?;
        w.str("content")?.str(m.content)?;
        w.str("id")?.uint(m.id.get())?;
        Ok(())
    })
}

/// INTERACTION_CREATE (op 0) of type 2, an application command.
pub fn interaction_create(seq: u64, i: &InteractionData<'_>) -> Result<Vec<u8>, Error> {
    dispatch(seq, "INTERACTION_CREATE", |w| {
        w.map(9)?;
        w.str("application_id")?.uint(i.application_id.get())?;
        w.str("channel_id")?.uint(i.channel_id.get())?;
        w.str("data")?.map(4)?.str("id")?.uint(i.command_id.get())?.str("name")?.str(i.command)?;
        w.str("options")?.list(1)?.map(3)?;
        w.str("name")?.str("text")?.str("type")?.uint(3)?.str("value")?.str(i.text)?;
        w.tail()?.str("type")?.uint(1)?;
        w.str("guild_id")?.uint(i.guild_id.get())?;
        w.str("id")?.uint(i.id.get())?;
        w.str("member")?.map(1)?.str("user")?;
        user(w, &i.user, false)?;
        w.str("token")?.str(i.token)?;
        w.str("type")?.uint(2)?.str("version")?.uint(1)?;
        Ok(())
    })
}

/// GUILD_CREATE (op 0) of a guild with `members` made-up members, each
/// about 100 bytes: a frame of any size, to show large frames arriving
/// whole (split over several messages when compressed).
pub fn guild_create(seq: u64, guild_id: Snowflake, members: usize) -> Result<Vec<u8>, Error> {
    dispatch(seq, "GUILD_CREATE", |w| {
        w.map(4)?.str("id")?.uint(guild_id.get())?;
        w.str("member_count")?.uint(members as u64)?;
        w.str("members")?.list(members)?;
        for i in 0..members as u64 {
            w.map(3)?.str("joined_at")?.str("2026-12-02T09:00:00.000000+00:00")?.str("roles")?.tail()?;
            w.str("user")?.map(2)?.str("id")?.uint(1_100_000_000_000_000_000 + i)?;
            w.str("username")?.str(&format!("member-{i:07}"))?;
        }
        w.tail()?.str("name")?.str("a large guild")?;
        Ok(())
    })
}

/// GUILD_MEMBERS_CHUNK (op 0), one chunk holding every member found.
pub fn guild_members_chunk(seq: u64, c: &MembersChunk<'_>) -> Result<Vec<u8>, Error> {
    dispatch(seq, "GUILD_MEMBERS_CHUNK", |w| {
        let arity = 4 + u32::from(c.nonce.is_some()) + u32::from(!c.not_found.is_empty());
        w.map(arity)?;
        w.str("chunk_count")?.uint(1)?.str("chunk_index")?.uint(0)?;
        w.str("guild_id")?.uint(c.guild_id.get())?;
        w.str("members")?.list(c.members.len())?;
        for member in c.members {
            w.map(2)?.str("roles")?.tail()?.str("user")?;
            user(w, member, false)?;
        }
        w.tail()?;
        if let Some(nonce) = c.nonce {
            w.str("nonce")?.str(nonce)?;
        }
        if !c.not_found.is_empty() {
            w.str("not_found")?.uint_list(Snowflake::slice_as_u64(c.not_found))?;
        }
        Ok(())
    })
}

/// Client frames that break one of Discord's rules each, to show the
/// mock's checks (the crate's encoder cannot produce any of them).
pub mod bad {
    use gateway_etf::Error;
    use gateway_etf::encode::SliceSink;
    use gateway_etf::encode::Writer;

    /// Writes a frame into a buffer larger than Discord's limit.
    fn write(build: impl FnOnce(&mut Writer<SliceSink<'_>>) -> Result<(), Error>) -> Result<Vec<u8>, Error> {
        let mut buf = vec![0u8; 2 * Error::MAX_PAYLOAD];
        let mut w = Writer::new(SliceSink::new(&mut buf));
        w.version()?;
        build(&mut w)?;
        Ok(w.into_sink().into_written().to_vec())
    }

    /// `#{d => nil, op => 1}`: a heartbeat under atom keys (4002).
    pub fn atom_keys() -> Result<Vec<u8>, Error> {
        write(|w| w.map(2)?.atom("d")?.null()?.atom("op")?.int(1).map(drop))
    }

    /// A presence update padded past 4096 bytes (4002).
    pub fn oversized() -> Result<Vec<u8>, Error> {
        let name = "x".repeat(4000);
        write(|w| {
            w.map(2)?.str("d")?.map(4)?;
            w.str("activities")?.list(1)?.map(2)?.str("name")?.str(&name)?.str("type")?.int(0)?.tail()?;
            w.str("afk")?.bool(false)?.str("since")?.null()?.str("status")?.str("online")?;
            w.str("op")?.int(3).map(drop)
        })
    }

    /// `#{<<"d">> => nil, <<"op">> => 5}`: op 5 is no command (4001).
    pub fn unknown_opcode() -> Result<Vec<u8>, Error> {
        write(|w| w.map(2)?.str("d")?.null()?.str("op")?.int(5).map(drop))
    }

    /// A Resume without its `seq` (4001).
    pub fn missing_field(token: &str) -> Result<Vec<u8>, Error> {
        write(|w| {
            w.map(2)?.str("d")?.map(2)?.str("session_id")?.str("mock-session-1")?.str("token")?.str(token)?;
            w.str("op")?.int(6).map(drop)
        })
    }
}
