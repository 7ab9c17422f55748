//! Every typed decoder on one frame: the received-event envelope and its
//! helpers, and each client command, liberal and strict, with what ties
//! them together (strict implies liberal, `ClientCommand` agrees with the
//! per-type decoders, a decoded command encodes back to itself).

use std::fmt::Debug;

use gateway_etf::decode::{
    ClientCommand, DecodeCommand, Error, Event, GatewayEvent, Mode, validate_client_frame,
};
use gateway_etf::{
    Activity, ActivityType, ChannelInfoField, Command, Heartbeat, Identify, Items, MemberFilter, Opcode,
    RequestChannelInfo, RequestGuildMembers, RequestSoundboardSounds, Resume, Snowflake, UpdatePresence,
    UpdateVoiceState,
};

use crate::check;

/// The received-event side: envelope, `event()` and each helper.
pub fn gateway_event(payload: &[u8]) {
    let ev = GatewayEvent::decode(payload);
    check(payload, &ev);
    let Ok(ev) = ev else { return };
    let _ = format!("{ev:?}");
    assert_eq!(ev.payload.required::<u8>("op"), Ok(ev.op));
    assert_eq!(ev.opcode().map(|o| o as u8).unwrap_or(ev.op), ev.op);

    let event = ev.event();
    check(payload, &event);
    let hello = ev.hello();
    check(payload, &hello);
    let invalid = ev.invalid_session();
    check(payload, &invalid);
    let dispatch = ev.dispatch();
    check(payload, &dispatch);
    if let Ok(d) = &dispatch {
        assert_eq!((Some(d.seq), Some(d.name)), (ev.seq, ev.name));
        let ready = d.ready();
        check(payload, &ready);
        if ready.is_ok() {
            assert_eq!(d.name, "READY");
        }
    }
    assert!(hello.is_err() || ev.op == Opcode::Hello as u8);
    assert!(invalid.is_err() || ev.op == Opcode::InvalidSession as u8);
    match event {
        Ok(Event::Hello(h)) => {
            assert_eq!(hello, Ok(h));
            assert_eq!(h.interval().as_millis(), u128::from(h.heartbeat_interval));
        }
        Ok(Event::InvalidSession { resumable }) => assert_eq!(invalid, Ok(resumable)),
        Ok(Event::Dispatch(d)) => {
            let d2 = dispatch.expect("event() dispatched but dispatch() failed");
            assert_eq!((d.seq, d.name, d.data.offset()), (d2.seq, d2.name, d2.data.offset()));
        }
        Ok(Event::Other { op }) => {
            assert_eq!(op, ev.op);
            assert!(!matches!(op, 0 | 1 | 7 | 9 | 10 | 11));
        }
        Ok(_) => {}
        Err(e) => assert!(matches!(ev.op, 0 | 9 | 10), "event() of op {} failed: {e:?}", ev.op),
    }
}

/// Liberal and strict decodes of one command type; strict success implies
/// an equal liberal success.
fn both<'a, T: DecodeCommand<'a> + PartialEq + Debug>(
    payload: &'a [u8],
) -> (Result<T, Error>, Result<T, Error>) {
    let liberal = T::decode(payload);
    let strict = T::decode_strict(payload);
    check(payload, &liberal);
    check(payload, &strict);
    assert_eq!(T::decode_with(payload, Mode::Liberal), liberal);
    if let Ok(s) = &strict {
        assert_eq!(liberal.as_ref(), Ok(s), "strict accepted what liberal refused");
    }
    (liberal, strict)
}

/// Encodes a command decoded from a frame (if it is valid to send) and
/// decodes it again with `same` (the type's decoder in a mode, compared
/// with `cmd`): it must come back equal, strictly too if the first frame
/// passed strictly.
fn reencode<C: Command + Debug>(cmd: &C, strict_ok: bool, same: impl Fn(&[u8], Mode) -> Result<bool, Error>) {
    let mut buf = [0u8; gateway_etf::Error::MAX_PAYLOAD];
    let Ok(frame) = cmd.encode(&mut buf) else { return };
    assert_eq!(frame.len(), cmd.encoded_len());
    assert_eq!(same(frame, Mode::Liberal), Ok(true), "{cmd:?} does not come back");
    if strict_ok {
        assert_eq!(same(frame, Mode::Strict), Ok(true), "{cmd:?} does not come back strictly");
    }
}

/// A list read back from a frame copies into a slice of its length, and
/// equals what it copied; one slot short is `BufferTooSmall`.
fn copies<'a, T>(items: &Items<'a, T>, blank: T)
where
    T: Copy + PartialEq + Debug + gateway_etf::decode::FromTerm<'a>,
{
    let n = items.len();
    let mut slots = vec![blank; n];
    if n > 0 {
        assert_eq!(items.copy_into(&mut slots[1..]).err(), Some(Error::BufferTooSmall { needed: n }));
    }
    let copied = items.copy_into(&mut slots).expect("copy_into with room");
    assert!(*items == copied, "{items:?} != {copied:?}");
    assert_eq!(items.iter().count(), n);
}

/// The `same` of [`reencode`] for a decoder type.
macro_rules! back_to {
    ($ty:ty, $cmd:expr) => {
        |frame: &[u8], mode: Mode| <$ty>::decode_with(frame, mode).map(|v| v == *$cmd)
    };
}

/// Every client command decoder on the frame.
pub fn client_commands(payload: &[u8]) {
    let (hb, hb_s) = both::<Heartbeat>(payload);
    if let Ok(h) = &hb {
        reencode(h, hb_s.is_ok(), back_to!(Heartbeat, h));
    }
    let (resume, resume_s) = both::<Resume>(payload);
    if let Ok(r) = &resume {
        reencode(r, resume_s.is_ok(), back_to!(Resume, r));
    }
    let (voice, voice_s) = both::<UpdateVoiceState>(payload);
    if let Ok(v) = &voice {
        reencode(v, voice_s.is_ok(), back_to!(UpdateVoiceState, v));
    }

    let blank = Activity::new("", ActivityType::Playing);
    let (identify, identify_s) = both::<Identify>(payload);
    if let Ok(cmd) = &identify {
        if let Some(p) = &cmd.presence {
            copies(&p.activities, blank);
        }
        reencode(cmd, identify_s.is_ok(), back_to!(Identify, cmd));
    }
    let (presence, presence_s) = both::<UpdatePresence>(payload);
    if let Ok(cmd) = &presence {
        copies(&cmd.activities, blank);
        reencode(cmd, presence_s.is_ok(), back_to!(UpdatePresence, cmd));
    }
    let (members, members_s) = both::<RequestGuildMembers>(payload);
    if let Ok(cmd) = &members {
        if let MemberFilter::UserIds { ids, .. } = &cmd.filter {
            copies(ids, Snowflake::default());
        }
        reencode(cmd, members_s.is_ok(), back_to!(RequestGuildMembers, cmd));
    }
    let (sounds, sounds_s) = both::<RequestSoundboardSounds>(payload);
    if let Ok(cmd) = &sounds {
        copies(&cmd.guild_ids, Snowflake::default());
        reencode(cmd, sounds_s.is_ok(), back_to!(RequestSoundboardSounds, cmd));
    }
    let (channel, channel_s) = both::<RequestChannelInfo>(payload);
    if let Ok(cmd) = &channel {
        copies(&cmd.fields, ChannelInfoField::Status);
        reencode(cmd, channel_s.is_ok(), back_to!(RequestChannelInfo, cmd));
    }

    // Each per-type decoder checks the opcode: at most one succeeds.
    let liberal_ok = [hb.is_ok(), resume.is_ok(), voice.is_ok(), identify.is_ok(), presence.is_ok()]
        .into_iter()
        .chain([members.is_ok(), sounds.is_ok(), channel.is_ok()])
        .filter(|&ok| ok)
        .count();
    let strict_ok = [hb_s.is_ok(), resume_s.is_ok(), voice_s.is_ok(), identify_s.is_ok(), presence_s.is_ok()]
        .into_iter()
        .chain([members_s.is_ok(), sounds_s.is_ok(), channel_s.is_ok()])
        .filter(|&ok| ok)
        .count();
    assert!(liberal_ok <= 1 && strict_ok <= 1);

    // ClientCommand dispatches to the same decoders.
    for mode in [Mode::Liberal, Mode::Strict] {
        let any = ClientCommand::decode_with(payload, mode);
        check(payload, &any);
        let pick = |liberal: bool, strict: bool| if mode == Mode::Liberal { liberal } else { strict };
        let agrees = match &any {
            Ok(ClientCommand::Heartbeat(c)) => pick(hb.as_ref() == Ok(c), hb_s.as_ref() == Ok(c)),
            Ok(ClientCommand::Resume(c)) => pick(resume.as_ref() == Ok(c), resume_s.as_ref() == Ok(c)),
            Ok(ClientCommand::UpdateVoiceState(c)) => {
                pick(voice.as_ref() == Ok(c), voice_s.as_ref() == Ok(c))
            }
            Ok(ClientCommand::Identify(c)) => pick(identify.as_ref() == Ok(c), identify_s.as_ref() == Ok(c)),
            Ok(ClientCommand::UpdatePresence(c)) => {
                pick(presence.as_ref() == Ok(c), presence_s.as_ref() == Ok(c))
            }
            Ok(ClientCommand::RequestGuildMembers(c)) => {
                pick(members.as_ref() == Ok(c), members_s.as_ref() == Ok(c))
            }
            Ok(ClientCommand::RequestSoundboardSounds(c)) => {
                pick(sounds.as_ref() == Ok(c), sounds_s.as_ref() == Ok(c))
            }
            Ok(ClientCommand::RequestChannelInfo(c)) => {
                pick(channel.as_ref() == Ok(c), channel_s.as_ref() == Ok(c))
            }
            Ok(_) => panic!("a ClientCommand this harness does not know"),
            // No per-type decoder succeeds where ClientCommand fails.
            Err(_) => {
                if mode == Mode::Liberal {
                    liberal_ok == 0
                } else {
                    strict_ok == 0
                }
            }
        };
        assert!(agrees, "ClientCommand ({mode:?}) disagrees with its per-type decoder: {any:?}");
        if let Ok(c) = &any {
            let op = gateway_etf::decode::decode(payload).unwrap().get("op").unwrap().as_u64().unwrap();
            assert_eq!(c.opcode() as u64, op);
            assert!(c.opcode().is_sent());
        }
        if mode == Mode::Strict {
            assert_eq!(format!("{:?}", validate_client_frame(payload)), format!("{any:?}"));
        } else {
            assert_eq!(format!("{:?}", ClientCommand::decode(payload)), format!("{any:?}"));
        }
    }
}
