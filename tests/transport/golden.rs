//! Erlang's zlib-stream connections back into Erlang's frames.

use gateway_etf::decode::GatewayEvent;
use gateway_etf::transport::{SYNC_FLUSH, ZlibStream};

use super::support::golden::{Compressed, describe_mismatch, zlib_connection};
use super::{connections, inflate_split, whole};

/// Every inflated frame is Erlang's frame, byte for byte.
fn assert_frames(frames: &[Compressed], got: &[Vec<u8>], how: &str) {
    assert_eq!(got.len(), frames.len(), "{how}: frame count");
    for (f, g) in frames.iter().zip(got) {
        assert!(g == f.frame, "{how}: {}", describe_mismatch(f.name, f.frame, g));
    }
}

/// Every connection fed with its messages cut by `split`, each from a
/// fresh stream.
fn check_split(how: &str, split: impl Fn(&'static [u8]) -> Vec<&'static [u8]> + Copy) {
    for frames in ["a", "b", "c"].map(zlib_connection) {
        let got = inflate_split(&mut ZlibStream::new(), &frames, split).unwrap();
        assert_frames(&frames, &got, how);
    }
}

#[test]
fn the_golden_file_is_what_the_tests_assume() {
    let (a, b) = connections();
    let c = zlib_connection("c");
    let names: Vec<&str> = a.iter().chain(&b).chain(&c).map(|f| f.name).collect();
    assert_eq!(
        names,
        [
            "a.01.hello",
            "a.02.ready",
            "a.03.guild_create",
            "a.04.message_create",
            "a.05.heartbeat_ack",
            "a.06.message_create",
            "a.07.heartbeat_ack",
            "a.08.heartbeat_ack",
            "b.01.hello",
            "b.02.resumed",
            "b.03.message_create",
            "b.04.heartbeat_ack",
            "c.01.message_create",
            "c.02.ends_in_ffff",
            "c.03.heartbeat_ack",
        ]
    );
    for f in a.iter().chain(&b).chain(&c) {
        assert!(f.message.ends_with(&SYNC_FLUSH), "{}", f.name);
    }
    // GUILD_CREATE is over 100 KiB, several times the 32 KiB window.
    assert!(a[2].frame.len() > 4 * 32 * 1024, "{}", a[2].frame.len());
    // Frames refer back into earlier ones: the same MESSAGE_CREATE shape
    // compresses to far less the second time.
    assert!(a[5].message.len() * 2 < a[3].message.len(), "{} vs {}", a[5].message.len(), a[3].message.len());
}

/// Connection `c` is stored, not compressed: its frames' bytes `00 00 ff
/// ff` (an INTEGER_EXT 65535) stand in its messages, in the middle of a
/// block (message_create) and at the end of one (ends_in_ffff). A message
/// cut right after them ends in the sync flush's bytes but is no sync
/// flush, so the frame goes on.
#[test]
fn sync_flush_lookalikes_do_not_end_a_frame() {
    let c = zlib_connection("c");
    let lookalike = |m: &'static [u8]| {
        let at = m.windows(4).position(|w| w == SYNC_FLUSH).expect("00 00 ff ff in the message") + 4;
        assert!(at < m.len(), "the first 00 00 ff ff ends the message");
        at
    };
    // In the middle of the stored block's data: 62 00 00 ff ff, s = 65535.
    let mid = lookalike(c[0].message);
    assert_eq!(&c[0].message[mid - 5..mid], [0x62, 0, 0, 0xff, 0xff]);
    // At the end of the stored block: the frame's last bytes, then the
    // flush's own block (its header byte and 00 00 ff ff).
    let end = lookalike(c[1].message);
    assert!(c[1].frame.ends_with(&SYNC_FLUSH));
    assert_eq!(end, c[1].message.len() - 5);
    let mut stream = ZlibStream::new();
    for (f, cut) in c.iter().zip([mid, end]) {
        let frame = core::slice::from_ref(f);
        let got = inflate_split(&mut stream, frame, |m| vec![&m[..cut], &m[cut..]]).unwrap();
        assert_frames(frame, &got, "cut after a lookalike");
    }
}

/// zlib flushes an empty frame only first thing in a stream (after a
/// flush, it has nothing to flush): the header and the flush's block.
#[test]
fn an_empty_frame_opening_the_stream() {
    // Erlang: Z = zlib:open(), ok = zlib:deflateInit(Z), zlib:deflate(Z, <<>>, sync).
    let empty = [0x78, 0x9c, 0x00, 0x00, 0x00, 0xff, 0xff];
    let (a, _) = connections();
    let mut out = vec![0u8; super::BIG];
    for cut in 0..empty.len() {
        let mut stream = ZlibStream::new();
        let (head, tail) = empty.split_at(cut);
        assert_eq!(stream.push(head, &mut out).unwrap(), None, "cut at {cut}");
        assert_eq!(stream.push(tail, &mut out).unwrap(), Some(&[][..]), "cut at {cut}");
        // The stream goes on: connection a's first frame, with its zlib
        // header taken off, as the same context would send it next.
        let next = stream.push(&a[0].message[2..], &mut out).unwrap();
        assert!(next.is_some_and(|f| f == a[0].frame), "cut at {cut}");
    }
}

#[test]
fn whole_messages() {
    check_split("whole", whole);
}

#[test]
fn one_byte_per_message() {
    check_split("one byte per message", |m| m.chunks(1).collect());
}

#[test]
fn suffix_split_across_messages() {
    for cut in 1..=3 {
        check_split(&format!("suffix split {cut} from the end"), move |m| {
            let (head, tail) = m.split_at(m.len() - cut);
            vec![head, tail]
        });
    }
    // The suffix alone, a byte per message.
    check_split("suffix a byte per message", |m| {
        let (head, suffix) = m.split_at(m.len() - 4);
        let mut parts = vec![head];
        parts.extend(suffix.chunks(1));
        parts
    });
}

#[test]
fn a_frame_over_several_messages() {
    for size in [2, 7, 100, 1000, 4096, 10_000] {
        check_split(&format!("chunks of {size}"), move |m| m.chunks(size).collect());
    }
}

#[test]
fn empty_messages_between_and_inside_frames() {
    check_split("empty parts", |m| {
        let (head, tail) = m.split_at(m.len() / 2);
        vec![&[][..], head, &[][..], tail]
    });
    // An empty message right after a frame does not complete it again.
    let (a, _) = connections();
    let mut stream = ZlibStream::new();
    let mut out = vec![0u8; super::BIG];
    assert_eq!(stream.push(a[0].message, &mut out).unwrap(), Some(a[0].frame));
    assert_eq!(stream.push(&[], &mut out).unwrap(), None);
    assert_eq!(stream.pending(), 0);
}

#[test]
fn pending_counts_the_frame_so_far() {
    let (a, _) = connections();
    let mut stream = ZlibStream::new();
    let mut out = vec![0u8; super::BIG];
    let guild = &a[..3];
    inflate_split(&mut stream, &guild[..2], whole).unwrap();
    let (head, tail) = guild[2].message.split_at(guild[2].message.len() / 2);
    assert_eq!(stream.push(head, &mut out).unwrap(), None);
    let pending = stream.pending();
    assert!(pending > 0 && pending < guild[2].frame.len(), "{pending}");
    assert_eq!(&out[..pending], &guild[2].frame[..pending]);
    assert_eq!(stream.push(tail, &mut out).unwrap(), Some(guild[2].frame));
    assert_eq!(stream.pending(), 0);
}

/// A reconnect: the second connection's stream, after a reset, from the
/// same value; and without the reset, the new stream's zlib header is
/// corrupt data to the old one.
#[test]
fn reset_between_connections() {
    let (a, b) = connections();
    let mut stream = ZlibStream::new();
    // Connection a cut half-way through GUILD_CREATE's message.
    inflate_split(&mut stream, &a[..2], whole).unwrap();
    let mut out = vec![0u8; super::BIG];
    assert_eq!(stream.push(&a[2].message[..5000], &mut out).unwrap(), None);
    assert!(stream.pending() > 0);

    stream.reset();
    assert_eq!(stream.pending(), 0);
    let got = inflate_split(&mut stream, &b, whole).unwrap();
    assert_frames(&b, &got, "b after a reset");

    // Again, all of a after all of b.
    stream.reset();
    let got = inflate_split(&mut stream, &a, |m| m.chunks(333).collect()).unwrap();
    assert_frames(&a, &got, "a after a reset");
}

/// Each frame Erlang's zlib carried decodes to the event it is named for.
#[test]
fn inflated_frames_decode() {
    let (a, b) = connections();
    let mut stream = ZlibStream::new();
    let mut out = vec![0u8; super::BIG];
    let mut seen = Vec::new();
    for (i, f) in a.iter().chain(&b).enumerate() {
        if i == a.len() {
            stream.reset();
        }
        let frame = stream.push(f.message, &mut out).unwrap().expect("a whole frame");
        let event = GatewayEvent::decode(frame).unwrap();
        let kind = f.name.rsplit('.').next().unwrap();
        match kind {
            "hello" => assert_eq!(event.hello().unwrap().heartbeat_interval, 41250),
            "heartbeat_ack" => assert_eq!((event.op, event.seq), (11, None)),
            _ => {
                let dispatch = event.dispatch().unwrap();
                assert_eq!(dispatch.name, kind.to_uppercase(), "{}", f.name);
                seen.push(dispatch.seq);
                match kind {
                    "ready" => {
                        assert_eq!(dispatch.ready().unwrap().session_id, "9d1d4c6d0b7e3c1f6a2e8b5d4c3a2f10")
                    }
                    "guild_create" => {
                        let members = dispatch.data.get("members").unwrap().as_list().unwrap();
                        assert_eq!(members.len(), 320);
                        let last = members.iter().last().unwrap();
                        let username = last.get("user").unwrap().get("username").unwrap();
                        assert_eq!(username.as_str().unwrap(), "member320");
                    }
                    "message_create" => {
                        let author = dispatch.data.get("author").unwrap();
                        assert!(author.get("username").unwrap().as_str().unwrap().starts_with("member"));
                    }
                    _ => {}
                }
            }
        }
    }
    // The dispatches' sequence numbers, resumed across the reconnect.
    assert_eq!(seen, [1, 2, 3, 4, 5, 6]);
}
