//! An arbitrary command of every kind: encode it, and if that succeeds
//! decode it back (liberally and strictly, per type and through
//! `ClientCommand`) and compare with the original; check `encoded_len`,
//! `validate` against an independent model of Discord's rules, and that
//! every sink too small for the frame fails cleanly and stays empty.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use gateway_etf::decode::{self, ClientCommand, DecodeCommand, GatewayEvent, Mode, validate_client_frame};
use gateway_etf::encode::{CountingSink, Sink, SliceSink};
use gateway_etf::{
    Activity, ActivityType, ChannelInfoField, Command, ConnectionProperties, Error, Heartbeat, Identify,
    Intents, RequestChannelInfo, RequestGuildMembers, RequestSoundboardSounds, Resume, ShardId, Snowflake,
    Status, UpdatePresence, UpdateVoiceState,
};
use libfuzzer_sys::fuzz_target;

/// A `u64` that is often a boundary of the integer encodings.
#[derive(Debug, Clone, Copy)]
struct U64(u64);

impl<'a> Arbitrary<'a> for U64 {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        const EDGES: [u64; 12] = [
            0,
            1,
            255,
            256,
            0x7fff_ffff,
            0x8000_0000,
            0xffff_ffff,
            1 << 32,
            1 << 56,
            u64::MAX - 1,
            u64::MAX,
            1 << 63,
        ];
        let pick: u8 = u.arbitrary()?;
        Ok(U64(match EDGES.get(usize::from(pick % 24)) {
            Some(&v) => v,
            None => u.arbitrary()?,
        }))
    }
}

/// A `u32` that is often a boundary of Discord's ranges.
#[derive(Debug, Clone, Copy)]
struct U32(u32);

impl<'a> Arbitrary<'a> for U32 {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        const EDGES: [u32; 10] = [0, 1, 49, 50, 100, 101, 250, 251, 255, u32::MAX];
        let pick: u8 = u.arbitrary()?;
        Ok(U32(match EDGES.get(usize::from(pick % 20)) {
            Some(&v) => v,
            None => u.arbitrary()?,
        }))
    }
}

/// 0 to 120 IDs, often 0, 1, 100 or 101 of them (Discord allows 100).
#[derive(Debug)]
struct Ids(Vec<u64>);

impl<'a> Arbitrary<'a> for Ids {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let n = match u.int_in_range(0u8..=9)? {
            0 => 0,
            1 => 1,
            2 => 100,
            3 => 101,
            _ => u.int_in_range(0..=120)?,
        };
        let mut ids = Vec::with_capacity(n);
        for _ in 0..n {
            ids.push(U64::arbitrary(u)?.0);
        }
        Ok(Ids(ids))
    }
}

/// Text: arbitrary UTF-8, or one character repeated around a limit (the
/// 32-byte nonce, the 4096-byte frame).
#[derive(Debug)]
struct Text(String);

impl<'a> Arbitrary<'a> for Text {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Text(match u.int_in_range(0u8..=7)? {
            0 => {
                let c = *u.choose(&['a', 'é', '€', '𝄞', '\0', '"'])?;
                let n = *u.choose(&[16usize, 31, 32, 33, 1000, 4096])?;
                std::iter::repeat_n(c, n).collect()
            }
            _ => String::arbitrary(u)?,
        }))
    }
}

#[derive(Debug, Arbitrary)]
struct ActivityM {
    name: Text,
    kind: u8,
    url: Option<Text>,
    state: Option<Text>,
}

#[derive(Debug, Arbitrary)]
struct PresenceM {
    since: Option<U64>,
    activities: Vec<ActivityM>,
    status: u8,
    afk: bool,
}

#[derive(Debug, Arbitrary)]
struct IdentifyM {
    token: Text,
    intents: U64,
    properties: Option<(Text, Text, Text)>,
    compress: Option<bool>,
    large_threshold: Option<U32>,
    shard: Option<(U32, U32)>,
    presence: Option<PresenceM>,
}

#[derive(Debug, Arbitrary)]
enum FilterM {
    Query { prefix: Text, limit: U32 },
    UserIds { ids: Ids, limit: Option<U32> },
}

#[derive(Debug, Arbitrary)]
enum CommandM {
    Heartbeat(Option<U64>),
    Identify(IdentifyM),
    Presence(PresenceM),
    Voice { guild: U64, channel: Option<U64>, mute: bool, deaf: bool },
    Resume { token: Text, session: Text, seq: U64 },
    Members { guild: U64, filter: FilterM, presences: Option<bool>, nonce: Option<Text> },
    Sounds(Ids),
    Channel { guild: U64, fields: Vec<bool> },
}

const STATUSES: [Status; 5] = [Status::Online, Status::Dnd, Status::Idle, Status::Invisible, Status::Offline];

fn activities(m: &[ActivityM]) -> Vec<Activity<'_>> {
    m.iter()
        .map(|a| {
            let mut act = Activity::new(&a.name.0, ActivityType::from_u8(a.kind % 6).unwrap());
            act.url = a.url.as_ref().map(|t| t.0.as_str());
            act.state = a.state.as_ref().map(|t| t.0.as_str());
            act
        })
        .collect()
}

fn presence<'a>(m: &PresenceM, acts: &'a [Activity<'a>]) -> UpdatePresence<'a> {
    UpdatePresence::new(STATUSES[usize::from(m.status % 5)])
        .activities(acts)
        .since(m.since.map(|s| s.0))
        .afk(m.afk)
}

/// Discord's rules, written from WIRE.md rather than from the encoder.
fn expected_validation(m: &CommandM) -> Result<(), Error> {
    match m {
        CommandM::Identify(i) => match i.large_threshold {
            Some(U32(t)) if !(50..=250).contains(&t) => Err(Error::LargeThresholdOutOfRange(t)),
            _ => Ok(()),
        },
        CommandM::Members { filter, nonce, .. } => {
            match filter {
                FilterM::Query { prefix, limit } if !prefix.0.is_empty() && limit.0 > 100 => {
                    return Err(Error::LimitTooHigh(limit.0));
                }
                FilterM::UserIds { ids, .. } if ids.0.len() > 100 => {
                    return Err(Error::TooManyUserIds(ids.0.len()));
                }
                _ => {}
            }
            match nonce {
                Some(n) if n.0.len() > 32 => Err(Error::NonceTooLong(n.0.len())),
                _ => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// Buffer sizes below `len` to try: all of them for short frames, else
/// both ends and a stride.
fn short_sizes(len: usize) -> Vec<usize> {
    if len <= 160 {
        return (0..len).collect();
    }
    let mut sizes: Vec<usize> = (0..16).chain(len - 16..len).collect();
    sizes.extend((16..len - 16).step_by(len / 24 + 1));
    sizes
}

/// A heapless vector of capacity `N`: the frame fits exactly when
/// `len <= N`, else the vector is left untouched.
fn heapless_check<C: Command, const N: usize>(cmd: &C, frame: &[u8]) {
    match cmd.encode_heapless::<N>() {
        Ok(v) => assert_eq!(v.as_slice(), frame),
        Err(e) => {
            assert!(frame.len() > N);
            assert_eq!(e, Error::BufferFull { needed: frame.len() });
        }
    }
    let mut pre: heapless::Vec<u8, N> = heapless::Vec::new();
    let prefix = N.min(3);
    pre.extend_from_slice(&b"abc"[..prefix]).unwrap();
    match cmd.encode_to(&mut pre) {
        Ok(len) => {
            assert_eq!(len, frame.len());
            assert_eq!(&pre[..prefix], &b"abc"[..prefix]);
            assert_eq!(&pre[prefix..], frame);
        }
        Err(e) => {
            assert_eq!(e, Error::BufferFull { needed: prefix + frame.len() });
            assert_eq!(pre.as_slice(), &b"abc"[..prefix], "a failed encode wrote into the vector");
        }
    }
}

/// Everything about encoding one command; returns the frame if it encoded.
fn encode<C: Command + std::fmt::Debug>(cmd: &C, expected: Result<(), Error>) -> Option<Vec<u8>> {
    assert_eq!(cmd.validate(), expected, "validate() disagrees with Discord's rules for {cmd:?}");
    let len = cmd.encoded_len();
    let mut counter = CountingSink::new();
    let mut buf = vec![0u8; len + 64];
    let result = cmd.encode(&mut buf);
    // Validation first, then the frame size.
    let expected = match expected {
        Ok(()) if len > Error::MAX_PAYLOAD => Err(Error::PayloadTooLarge(len)),
        other => other,
    };
    assert_eq!(cmd.checked_len(), expected.map(|()| len));
    let frame = match (result, expected) {
        (Ok(frame), Ok(())) => frame.to_vec(),
        (Err(e), Err(want)) => {
            assert_eq!(e, want);
            // Nothing may be written when the command is refused.
            assert_eq!(cmd.encode_to(&mut counter), Err(want));
            let mut sink = SliceSink::new(&mut buf);
            assert_eq!(cmd.encode_to(&mut sink), Err(want));
            assert!(sink.is_empty());
            return None;
        }
        (got, want) => panic!("encode gave {got:?}, expected {want:?}"),
    };
    assert_eq!(frame.len(), len, "encoded_len() is not the frame's length");
    assert_eq!(cmd.encode_to(&mut counter), Ok(len));
    assert_eq!(counter.count(), len);
    assert_eq!(cmd.to_vec().as_deref(), Ok(frame.as_slice()));

    // Appending after bytes already in a slice sink.
    let mut sink = SliceSink::new(&mut buf);
    sink.push(b"xyz").unwrap();
    assert_eq!(cmd.encode_to(&mut sink), Ok(len));
    assert_eq!(&sink.written()[..3], b"xyz");
    assert_eq!(&sink.written()[3..], frame.as_slice());

    // Every shorter buffer fails with the full length and writes nothing.
    for n in short_sizes(len) {
        assert_eq!(cmd.encode(&mut buf[..n]), Err(Error::BufferFull { needed: len }), "buffer of {n}");
        let mut sink = SliceSink::new(&mut buf[..n]);
        assert_eq!(cmd.encode_to(&mut sink), Err(Error::BufferFull { needed: len }));
        assert!(sink.is_empty(), "a failed encode left {} bytes in the sink", sink.len());
    }
    heapless_check::<C, 16>(cmd, &frame);
    heapless_check::<C, 64>(cmd, &frame);
    heapless_check::<C, 256>(cmd, &frame);
    heapless_check::<C, 1024>(cmd, &frame);
    heapless_check::<C, 4096>(cmd, &frame);

    // The envelope reads back as the command's opcode with a `d`.
    let ev = GatewayEvent::decode(&frame).expect("envelope of an encoded command");
    assert_eq!(ev.op, C::OPCODE as u8);
    assert!(ev.data.is_some() && ev.seq.is_none() && ev.name.is_none());
    assert!(decode::decode(&frame).is_ok_and(|t| t.as_map().is_ok_and(|m| m.len() == 2)));
    Some(frame)
}

/// Decodes a frame back, liberally and strictly, checks it against the
/// original, and returns the strict result for `ClientCommand`'s check.
fn decode_back<'f, T, C>(frame: &'f [u8], cmd: &C, strict_error: Option<decode::Error>) -> T
where
    T: DecodeCommand<'f> + PartialEq<C> + std::fmt::Debug,
    C: std::fmt::Debug,
{
    let liberal = T::decode(frame).unwrap_or_else(|e| panic!("{cmd:?} does not decode back: {e:?}"));
    assert!(liberal == *cmd, "{cmd:?} decoded back as {liberal:?}");
    match (T::decode_with(frame, Mode::Strict), strict_error) {
        (Ok(strict), None) => assert!(strict == *cmd),
        (Err(e), Some(want)) => assert_eq!(e, want),
        (got, want) => panic!("strict decode of {cmd:?}: {got:?}, expected error {want:?}"),
    }
    liberal
}

/// `ClientCommand` and `validate_client_frame` pick the right variant.
fn client_command(frame: &[u8], opcode: gateway_etf::Opcode, strict_ok: bool) {
    let any = ClientCommand::decode(frame).expect("ClientCommand of an encoded command");
    assert_eq!(any.opcode(), opcode);
    assert_eq!(validate_client_frame(frame).is_ok(), strict_ok);
    if let Ok(c) = validate_client_frame(frame) {
        assert_eq!(c.opcode(), opcode);
    }
}

fuzz_target!(|m: CommandM| {
    let expected = expected_validation(&m);
    match &m {
        CommandM::Heartbeat(seq) => {
            let cmd = Heartbeat::new(seq.map(|s| s.0));
            if let Some(frame) = encode(&cmd, expected) {
                decode_back::<Heartbeat, _>(&frame, &cmd, None);
                client_command(&frame, <Heartbeat as Command>::OPCODE, true);
            }
        }
        CommandM::Identify(i) => {
            let acts = i.presence.as_ref().map(|p| activities(&p.activities)).unwrap_or_default();
            let mut cmd = Identify::new(&i.token.0, Intents::from_bits_retain(i.intents.0)).properties(
                match &i.properties {
                    Some((os, browser, device)) => ConnectionProperties::new(&os.0, &browser.0, &device.0),
                    None => ConnectionProperties::default(),
                },
            );
            cmd.compress = i.compress;
            cmd.large_threshold = i.large_threshold.map(|t| t.0);
            cmd.presence = i.presence.as_ref().map(|p| presence(p, &acts));
            if let Some((id, count)) = i.shard {
                match ShardId::new(id.0, count.0) {
                    Ok(shard) => {
                        assert!(id.0 < count.0);
                        assert_eq!((shard.id(), shard.count()), (id.0, count.0));
                        cmd.shard = Some(shard);
                    }
                    Err(e) => assert_eq!(
                        (e, id.0 >= count.0),
                        (Error::InvalidShard { id: id.0, count: count.0 }, true)
                    ),
                }
            }
            if let Some(frame) = encode(&cmd, expected) {
                let unknown = !Intents::ALL.contains(cmd.intents);
                let strict_error = unknown.then(|| decode::Error::UnknownIntents {
                    offset: intents_offset(&frame),
                    bits: cmd.intents.bits(),
                });
                let view = decode_back::<Identify, _>(&frame, &cmd, strict_error);
                assert_eq!(encode_again(&view), frame, "read back, it encodes to the same bytes");
                client_command(&frame, <Identify as Command>::OPCODE, !unknown);
            }
        }
        CommandM::Presence(p) => {
            let acts = activities(&p.activities);
            let cmd = presence(p, &acts);
            if let Some(frame) = encode(&cmd, expected) {
                let view = decode_back::<UpdatePresence, _>(&frame, &cmd, None);
                assert_eq!(encode_again(&view), frame, "read back, it encodes to the same bytes");
                client_command(&frame, <UpdatePresence as Command>::OPCODE, true);
            }
        }
        CommandM::Voice { guild, channel, mute, deaf } => {
            let cmd = UpdateVoiceState::new(Snowflake::new(guild.0), channel.map(|c| Snowflake::new(c.0)))
                .self_mute(*mute)
                .self_deaf(*deaf);
            if let Some(frame) = encode(&cmd, expected) {
                decode_back::<UpdateVoiceState, _>(&frame, &cmd, None);
                client_command(&frame, <UpdateVoiceState as Command>::OPCODE, true);
            }
        }
        CommandM::Resume { token, session, seq } => {
            let cmd = Resume::new(&token.0, &session.0, seq.0);
            if let Some(frame) = encode(&cmd, expected) {
                decode_back::<Resume, _>(&frame, &cmd, None);
                client_command(&frame, <Resume as Command>::OPCODE, true);
            }
        }
        CommandM::Members { guild, filter, presences, nonce } => {
            let guild = Snowflake::new(guild.0);
            let mut cmd = match filter {
                FilterM::Query { prefix, limit } => RequestGuildMembers::query(guild, &prefix.0, limit.0),
                FilterM::UserIds { ids, limit } => {
                    let cmd = RequestGuildMembers::user_ids(guild, Snowflake::slice_from_u64(&ids.0));
                    match limit {
                        Some(l) => cmd.limit(l.0),
                        None => cmd,
                    }
                }
            };
            cmd.presences = *presences;
            cmd.nonce = nonce.as_ref().map(|n| n.0.as_str());
            if let Some(frame) = encode(&cmd, expected) {
                let view = decode_back::<RequestGuildMembers, _>(&frame, &cmd, None);
                assert_eq!(encode_again(&view), frame, "read back, it encodes to the same bytes");
                client_command(&frame, <RequestGuildMembers as Command>::OPCODE, true);
            }
        }
        CommandM::Sounds(ids) => {
            let cmd = RequestSoundboardSounds::new(Snowflake::slice_from_u64(&ids.0));
            if let Some(frame) = encode(&cmd, expected) {
                let view = decode_back::<RequestSoundboardSounds, _>(&frame, &cmd, None);
                assert_eq!(encode_again(&view), frame, "read back, it encodes to the same bytes");
                client_command(&frame, <RequestSoundboardSounds as Command>::OPCODE, true);
            }
        }
        CommandM::Channel { guild, fields } => {
            let fields: Vec<ChannelInfoField> = fields
                .iter()
                .map(|&b| if b { ChannelInfoField::Status } else { ChannelInfoField::VoiceStartTime })
                .collect();
            let cmd = RequestChannelInfo::new(Snowflake::new(guild.0), &fields);
            if let Some(frame) = encode(&cmd, expected) {
                let view = decode_back::<RequestChannelInfo, _>(&frame, &cmd, None);
                assert_eq!(encode_again(&view), frame, "read back, it encodes to the same bytes");
                client_command(&frame, <RequestChannelInfo as Command>::OPCODE, true);
            }
        }
    }
});

/// The frame of a command read back.
fn encode_again<C: Command>(cmd: &C) -> Vec<u8> {
    cmd.to_vec().expect("a command read back encodes")
}

/// Where the intents term starts in an Identify frame: found by the
/// decoder itself, which is what the strict error reports.
fn intents_offset(frame: &[u8]) -> usize {
    decode::decode(frame).unwrap().get("d").unwrap().get("intents").unwrap().offset()
}
