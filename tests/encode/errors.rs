//! Every invalid input gets its typed error, a full buffer gets
//! `BufferFull` with the exact frame length and no partial frame, and
//! every way of encoding gives the same bytes.

use crate::support::commands::{self, Case, Cmd, GUILD, IDS_100, MAX_PAYLOAD_TOKEN, PROPS};
use crate::support::golden;
use gateway_etf::encode::Writer;
use gateway_etf::encode::{Sink, SliceSink};
use gateway_etf::*;

/// A byte no frame ends in, to see whether a buffer was written.
const UNTOUCHED: u8 = 0xAA;

/// `cmd` fails with `err` by every way of encoding, writing nothing, even
/// into a buffer that is too small (validation comes first).
fn assert_refused<'a>(cmd: impl Into<Cmd<'a>>, err: Error) {
    let cmd = cmd.into();
    let mut big = [UNTOUCHED; 2 * Error::MAX_PAYLOAD];
    assert_eq!(cmd.encode(&mut big), Err(err), "{cmd:?}");
    // `encode` writes first and measures after, so only a rule violation is
    // caught before any byte lands; the size limit is caught within it.
    if !matches!(err, Error::PayloadTooLarge(_)) {
        assert!(big.iter().all(|&b| b == UNTOUCHED), "{cmd:?} wrote into the buffer");
    } else {
        assert!(big[Error::MAX_PAYLOAD..].iter().all(|&b| b == UNTOUCHED), "{cmd:?} wrote past 4096 bytes");
    }
    assert_eq!(cmd.encode(&mut []), Err(err), "{cmd:?} into an empty buffer");
    assert_eq!(cmd.checked_len(), Err(err));
    assert_eq!(cmd.to_vec(), Err(err));
    assert_eq!(cmd.encode_heapless::<{ 2 * Error::MAX_PAYLOAD }>(), Err(err));
    let mut v = vec![1, 2, 3];
    assert_eq!(cmd.encode_to(&mut v), Err(err));
    assert_eq!(v, [1, 2, 3], "{cmd:?} appended to a Vec");
}

fn assert_accepted<'a>(cmd: impl Into<Cmd<'a>>) {
    let cmd = cmd.into();
    let mut buf = [0u8; Error::MAX_PAYLOAD];
    assert_eq!(cmd.validate(), Ok(()), "{cmd:?}");
    assert_eq!(cmd.encode(&mut buf).map(<[u8]>::len), Ok(cmd.encoded_len()), "{cmd:?}");
}

#[test]
fn large_threshold_outside_50_to_250() {
    for t in [0, 1, 49, 251, 1000, u32::MAX] {
        let id = commands::identify().large_threshold(t);
        assert_eq!(id.validate(), Err(Error::LargeThresholdOutOfRange(t)));
        assert_refused(id, Error::LargeThresholdOutOfRange(t));
    }
    for t in [50, 51, 249, 250] {
        assert_accepted(commands::identify().large_threshold(t));
    }
}

#[test]
fn more_than_100_user_ids() {
    let raw: Vec<u64> = (0..1000).map(|i| 1_100_000_000_000_000_000 + i).collect();
    for n in [101, 102, 1000] {
        let rgm = RequestGuildMembers::user_ids(GUILD, Snowflake::slice_from_u64(&raw[..n]));
        assert_eq!(rgm.validate(), Err(Error::TooManyUserIds(n)));
        assert_refused(rgm, Error::TooManyUserIds(n));
        assert_refused(rgm.limit(1).presences(true), Error::TooManyUserIds(n));
    }
    // Small ids are no exception: the rule counts ids, not bytes.
    let small = [Snowflake::new(1); 101];
    assert_refused(RequestGuildMembers::user_ids(GUILD, &small), Error::TooManyUserIds(101));
    assert_accepted(RequestGuildMembers::user_ids(GUILD, &IDS_100));
    assert_accepted(RequestGuildMembers::user_ids(GUILD, &small[..100]));
}

#[test]
fn nonce_over_32_bytes() {
    let q = RequestGuildMembers::query(GUILD, "ab", 10);
    let ids = RequestGuildMembers::user_ids(GUILD, &IDS_100[..1]);
    let n33 = "0123456789abcdef0123456789abcdef!";
    assert_eq!(q.nonce(n33).validate(), Err(Error::NonceTooLong(33)));
    assert_refused(q.nonce(n33), Error::NonceTooLong(33));
    assert_refused(ids.nonce(n33), Error::NonceTooLong(33));
    // The limit is in bytes: 17 two-byte characters are 34 bytes.
    assert_refused(q.nonce(&"é".repeat(17)), Error::NonceTooLong(34));
    // 11 three-byte characters: 11 characters, 33 bytes.
    assert_refused(q.nonce(&"€".repeat(11)), Error::NonceTooLong(33));
    assert_refused(q.nonce(&"n".repeat(1000)), Error::NonceTooLong(1000));
    assert_accepted(q.nonce(&n33[..32]));
    assert_accepted(q.nonce(""));
    assert_accepted(ids.nonce(&"é".repeat(16)));
}

/// WIRE.md: `limit` is at most 100 for a non-empty prefix; the empty
/// prefix (all members) takes any limit, 0 meaning no limit.
#[test]
fn limit_over_100_only_with_a_prefix() {
    for limit in [101, 1000, u32::MAX] {
        assert_refused(RequestGuildMembers::query(GUILD, "ab", limit), Error::LimitTooHigh(limit));
        assert_refused(RequestGuildMembers::query(GUILD, "é", limit), Error::LimitTooHigh(limit));
        // Set through .limit(), which replaces the query's limit.
        assert_refused(RequestGuildMembers::query(GUILD, "ab", 10).limit(limit), Error::LimitTooHigh(limit));
        assert_accepted(RequestGuildMembers::query(GUILD, "", limit));
    }
    assert_accepted(RequestGuildMembers::query(GUILD, "ab", 100));
    assert_accepted(RequestGuildMembers::query(GUILD, "ab", 101).limit(100));
}

/// Over Discord's 4096 bytes: refused with the exact frame length, which
/// comes from the Erlang-made bytes of a neighbouring golden case.
#[test]
fn payload_over_4096_bytes() {
    let golden = golden::COMMANDS.cases();

    // resume_max_payload is exactly 4096 bytes; one more token byte is 4097.
    let token = "a".repeat(MAX_PAYLOAD_TOKEN + 1);
    let resume = Resume::new(&token, "s", 1);
    assert_eq!(resume.encoded_len(), golden["resume_max_payload"].len() + 1);
    assert_eq!(resume.validate(), Ok(()), "size is not a validate() rule");
    assert_refused(resume, Error::PayloadTooLarge(4097));

    // identify_minimal has a 5-byte token.
    let token = "t".repeat(10_000);
    let expected = golden["identify_minimal"].len() - 5 + token.len();
    assert_refused(
        Identify::new(&token, commands::INTENTS).properties(PROPS),
        Error::PayloadTooLarge(expected),
    );

    // 400 presences of the presence_playing activity ("chess", 26 bytes).
    let acts = [Activity::new("chess", ActivityType::Playing); 400];
    let one = golden["presence_playing"].len();
    let empty = golden["presence_online"].len();
    // One activity: LIST_EXT header (5) + the map + NIL (1), instead of NIL.
    let activity = one - empty - 5;
    let expected = empty + 5 + 400 * activity;
    assert_refused(UpdatePresence::new(Status::Online).activities(&acts), Error::PayloadTooLarge(expected));

    // 400 snowflakes of 11 bytes each instead of an empty list.
    let guilds = [GUILD; 400];
    let expected = golden["sounds_none"].len() + 5 + 400 * 11;
    assert_refused(RequestSoundboardSounds::new(&guilds), Error::PayloadTooLarge(expected));
}

/// A rule violation is reported before the size.
#[test]
fn validation_comes_before_the_size_limit() {
    let token = "t".repeat(10_000);
    let id = Identify::new(&token, commands::INTENTS).large_threshold(10);
    assert_refused(id, Error::LargeThresholdOutOfRange(10));
}

#[test]
fn invalid_shards() {
    for (id, count) in [(0, 0), (1, 1), (2, 1), (5, 3), (u32::MAX, u32::MAX), (u32::MAX, 0)] {
        assert_eq!(ShardId::new(id, count), Err(Error::InvalidShard { id, count }));
    }
    for (id, count) in [(0, 1), (0, 2), (1, 2), (u32::MAX - 1, u32::MAX)] {
        let s = ShardId::new(id, count).unwrap();
        assert_eq!((s.id(), s.count()), (id, count));
    }
}

#[test]
fn non_finite_floats() {
    for v in [f64::NAN, -f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let mut buf = [UNTOUCHED; 16];
        let mut w = Writer::new(SliceSink::new(&mut buf));
        assert_eq!(w.float(v).err(), Some(Error::NonFiniteFloat), "{v}");
        assert!(w.into_sink().is_empty());
        assert!(buf.iter().all(|&b| b == UNTOUCHED));
    }
}

#[test]
fn atoms_over_255_characters() {
    for (atom, chars) in [("a".repeat(256), 256), ("é".repeat(256), 256), ("😀".repeat(300), 300)] {
        let mut buf = [UNTOUCHED; 2048];
        let mut w = Writer::new(SliceSink::new(&mut buf));
        assert_eq!(w.atom(&atom).err(), Some(Error::AtomTooLong(chars)));
        assert!(w.into_sink().is_empty());
        assert!(buf.iter().all(|&b| b == UNTOUCHED));
    }
    // 255 characters is Erlang's limit, whatever their byte length.
    let mut w = Writer::new(Vec::new());
    w.atom(&"😀".repeat(255)).unwrap();
    assert_eq!(w.into_sink().len(), 3 + 255 * 4);
}

/// Each scalar is written whole or not at all; `needed` is what was
/// written before it plus the whole value.
#[test]
fn writer_scalars_are_whole_or_nothing() {
    type Call = fn(&mut Writer<SliceSink<'_>>) -> Result<(), Error>;
    let calls: [(Call, usize); 9] = [
        (|w| w.int(7).map(drop), 2),
        (|w| w.int(-1).map(drop), 5),
        (|w| w.int(i64::MIN).map(drop), 11),
        (|w| w.uint(u64::MAX).map(drop), 11),
        (|w| w.float(1.5).map(drop), 9),
        (|w| w.str("hello").map(drop), 10),
        (|w| w.atom(&"é".repeat(128)).map(drop), 259),
        (|w| w.null().map(drop), 5),
        (|w| w.bool(false).map(drop), 7),
    ];
    for (i, (call, size)) in calls.iter().enumerate() {
        for prefix in [0, 3] {
            for room in 0..*size {
                let mut buf = vec![UNTOUCHED; prefix + room];
                let mut sink = SliceSink::new(&mut buf);
                sink.push(&vec![1; prefix]).unwrap();
                let mut w = Writer::new(sink);
                assert_eq!(call(&mut w), Err(Error::BufferFull { needed: prefix + size }), "call {i}");
                assert_eq!(w.into_sink().len(), prefix, "call {i}: partial value written");
                assert!(buf[prefix..].iter().all(|&b| b == UNTOUCHED), "call {i}");
            }
        }
    }
}

/// Runs `f` for every command case with its Erlang bytes.
fn for_each_case(f: impl Fn(&Case, &[u8])) {
    let golden = golden::COMMANDS.cases();
    for case in commands::cases() {
        f(&case, &golden[case.name]);
    }
}

#[test]
fn every_short_slice_is_buffer_full_and_untouched() {
    for_each_case(|case, frame| {
        let len = frame.len();
        let mut buf = vec![UNTOUCHED; len];
        for n in 0..len {
            let short = &mut buf[..n];
            // encode_to measures first: a short sink receives nothing.
            let mut sink = SliceSink::new(short);
            assert_eq!(case.cmd.encode_to(&mut sink), Err(Error::BufferFull { needed: len }));
            assert!(sink.is_empty());
            assert!(buf.iter().all(|&b| b == UNTOUCHED), "{} into {n}: partial frame", case.name);
            // encode writes first: the error carries the exact length, and
            // nothing is written past the slice it was given.
            assert_eq!(
                case.cmd.encode(&mut buf[..n]),
                Err(Error::BufferFull { needed: len }),
                "{} into {n}",
                case.name
            );
            assert!(buf[n..].iter().all(|&b| b == UNTOUCHED), "{} into {n}: wrote past the end", case.name);
            buf.fill(UNTOUCHED);
        }
        assert_eq!(case.cmd.encode(&mut buf), Ok(frame));
    });
}

/// A too-small `heapless::Vec` stays as it was: empty, or with what it
/// held before.
fn check_heapless_capacity<const N: usize>() {
    for_each_case(|case, frame| {
        let len = frame.len();
        let mut v: heapless::Vec<u8, N> = heapless::Vec::new();
        if len > N {
            assert_eq!(
                case.cmd.encode_to(&mut v),
                Err(Error::BufferFull { needed: len }),
                "{} in {N}",
                case.name
            );
            assert!(v.is_empty(), "{} in {N}: partial frame", case.name);
            assert_eq!(case.cmd.encode_heapless::<N>(), Err(Error::BufferFull { needed: len }));
        } else {
            assert_eq!(case.cmd.encode_to(&mut v), Ok(len));
            assert_eq!(&v[..], frame, "{} in {N}", case.name);
            assert_eq!(case.cmd.encode_heapless::<N>().as_deref(), Ok(frame));
        }
        let prefix = [1, 2, 3];
        let mut v: heapless::Vec<u8, N> = heapless::Vec::new();
        if v.extend_from_slice(&prefix).is_ok() && prefix.len() + len > N {
            assert_eq!(case.cmd.encode_to(&mut v), Err(Error::BufferFull { needed: prefix.len() + len }));
            assert_eq!(&v[..], prefix, "{} after a prefix in {N}", case.name);
        }
    });
}

#[test]
fn every_small_heapless_vec_is_buffer_full_and_unchanged() {
    macro_rules! capacities {
        ($($n:literal)*) => { $(check_heapless_capacity::<$n>();)* };
    }
    // Around the shortest frame (23, heartbeat_0), the 100-id frames (1169,
    // 1248) and resume_max_payload (4096).
    capacities!(0 1 2 11 12 22 23 24 25 26 32 50 64 100 128 200 256 300 512 1024 1168 1169 1247 1248 2048 4095 4096);
}

#[test]
fn every_way_of_encoding_gives_the_same_bytes() {
    for_each_case(|case, frame| {
        let name = case.name;
        let len = case.cmd.encoded_len();
        assert_eq!(len, frame.len(), "{name}: encoded_len");
        assert_eq!(case.cmd.checked_len(), Ok(len), "{name}");
        assert_eq!(case.cmd.validate(), Ok(()), "{name}");

        // Exactly the right size, and a larger buffer.
        let mut exact = vec![UNTOUCHED; len];
        assert_eq!(case.cmd.encode(&mut exact), Ok(frame), "{name}: exact slice");
        let mut larger = [UNTOUCHED; Error::MAX_PAYLOAD + 100];
        assert_eq!(case.cmd.encode(&mut larger), Ok(frame), "{name}: larger slice");
        // Past the frame the buffer is scratch (integers are stored 16
        // bytes wide), but never more than 16 bytes of it.
        assert!(larger[len + 16..].iter().all(|&b| b == UNTOUCHED), "{name}: wrote far past the frame");

        let mut v = Vec::new();
        assert_eq!(case.cmd.encode_to(&mut v), Ok(len));
        assert_eq!(v, frame, "{name}: Vec");
        // A Vec with content is appended to.
        let mut v = vec![9, 9];
        assert_eq!(case.cmd.encode_to(&mut v), Ok(len));
        assert_eq!((&v[..2], &v[2..]), (&[9, 9][..], frame), "{name}: Vec after a prefix");

        let mut hv: heapless::Vec<u8, { Error::MAX_PAYLOAD }> = heapless::Vec::new();
        assert_eq!(case.cmd.encode_to(&mut hv), Ok(len));
        assert_eq!(&hv[..], frame, "{name}: heapless::Vec");

        assert_eq!(case.cmd.to_vec().as_deref(), Ok(frame), "{name}: to_vec");
        assert_eq!(case.cmd.encode_heapless::<{ Error::MAX_PAYLOAD }>().as_deref(), Ok(frame));
    });
}

/// The same command through a reused buffer: nothing left over from a
/// longer previous frame changes the result.
#[test]
fn reused_buffer_gives_the_same_frames() {
    let golden = golden::COMMANDS.cases();
    let mut buf = [0xFFu8; Error::MAX_PAYLOAD];
    for case in commands::cases().iter().rev() {
        assert_eq!(case.cmd.encode(&mut buf), Ok(&golden[case.name][..]), "{}", case.name);
    }
}
