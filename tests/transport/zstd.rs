//! `transport::ZstdStream` against zstd-stream connections the reference
//! zstd compressed (golden/zstd_stream.py: Python's zstandard, libzstd
//! 1.5.7, a flush per message as Discord's gateway does) over frames
//! Erlang wrote.
//!
//! What Discord's rule allows a bot to see: each WebSocket message is one
//! whole gateway frame, ending on a zstd block boundary (API docs, Gateway,
//! "Transport Compression"). A message may still reach the bot in pieces
//! split anywhere (WebSocket continuation frames), which `push_fragment`
//! takes; only the message's end ends the frame. So the splits below cut
//! messages at every offset, one byte at a time, and at, just before and
//! just after each block boundary inside a multi-block message (where a
//! decoder that took a block boundary for a frame's end would cut the
//! frame short).

use gateway_etf::decode::GatewayEvent;
use gateway_etf::transport::{DEFAULT_WINDOW_LIMIT, ZstdError, ZstdStream};

use crate::support::golden::{Compressed, zstd_connection};

/// Room for the largest frame in the streams (GUILD_CREATE, 160,668 bytes).
const BIG: usize = 256 * 1024;

/// The window Discord's frames declare, and the streams' (zstd_stream.py).
const DISCORD_WINDOW: u64 = 256 * 1024;

/// Pushes each message in the pieces `split` cuts it into: all but the
/// last by `push_fragment`, the last by `push`; returns the frames.
fn decompress_split(
    stream: &mut ZstdStream,
    messages: &[Compressed],
    split: impl Fn(&'static [u8]) -> Vec<&'static [u8]>,
) -> Result<Vec<Vec<u8>>, ZstdError> {
    let mut out = vec![0u8; BIG];
    let mut frames = Vec::new();
    for m in messages {
        let pieces = split(m.message);
        let (last, init) = pieces.split_last().expect("at least one piece");
        for piece in init {
            stream.push_fragment(piece, &mut out)?;
        }
        frames.push(stream.push(last, &mut out)?.to_vec());
    }
    Ok(frames)
}

/// The whole message as one piece.
fn whole(message: &'static [u8]) -> Vec<&'static [u8]> {
    vec![message]
}

/// Asserts that `frames` are the connection's frames, byte for byte.
fn assert_frames(messages: &[Compressed], frames: &[Vec<u8>], how: &str) {
    assert_eq!(frames.len(), messages.len(), "{how}");
    for (m, frame) in messages.iter().zip(frames) {
        assert!(frame == m.frame, "{how}: {}: {} bytes, expected {}", m.name, frame.len(), m.frame.len());
    }
}

/// The opcode and event name each golden case carries, by case name (the
/// last part of a message's name): what `GatewayEvent::decode` must read.
fn envelope(name: &str) -> (u8, Option<&'static str>) {
    let case = name.rsplit('.').next().unwrap_or_default();
    match case.trim_start_matches("session_") {
        "hello" => (10, None),
        "heartbeat_ack" => (11, None),
        "reconnect" => (7, None),
        "ready" => (0, Some("READY")),
        "resumed" => (0, Some("RESUMED")),
        "guild_create" | "guild_create_large" => (0, Some("GUILD_CREATE")),
        "message_create" => (0, Some("MESSAGE_CREATE")),
        "interaction_create" => (0, Some("INTERACTION_CREATE")),
        "typing_start" => (0, Some("TYPING_START")),
        other => panic!("no envelope listed for golden case {other}"),
    }
}

#[test]
fn every_message_is_its_frame_and_decodes() {
    let mut stream = ZstdStream::new();
    for conn in ["a", "b", "c"] {
        // A new connection: reset, then a new zstd frame from its header.
        stream.reset();
        let messages = zstd_connection(conn);
        let frames = decompress_split(&mut stream, &messages, whole).expect(conn);
        assert_frames(&messages, &frames, conn);
        for (m, frame) in messages.iter().zip(&frames) {
            let event = GatewayEvent::decode(frame).unwrap_or_else(|e| panic!("{}: {e}", m.name));
            assert_eq!((event.op, event.name), envelope(m.name), "{}", m.name);
        }
    }
}

#[test]
fn the_large_frame_spans_blocks_and_reads_back() {
    let messages = zstd_connection("a");
    let large = messages.iter().find(|m| m.name.ends_with("guild_create_large")).expect("the large frame");
    assert!(blocks(large.message).len() > 1, "one block only: the test would not cross a block boundary");
    let mut stream = ZstdStream::new();
    let frames = decompress_split(&mut stream, &messages, whole).expect("connection a");
    let frame = &frames[messages.iter().position(|m| m.name == large.name).expect("found above")];
    let event = GatewayEvent::decode(frame).expect("GUILD_CREATE");
    let d = event.dispatch().expect("a dispatch").data.as_map().expect("d");
    assert_eq!(d.required::<u64>("member_count"), Ok(500));
}

#[test]
fn a_message_split_at_every_offset() {
    // Connection b: every message cut in two at every offset, each cut
    // on a fresh connection replayed from its start.
    let messages = zstd_connection("b");
    for (i, m) in messages.iter().enumerate() {
        for at in 0..=m.message.len() {
            let mut stream = ZstdStream::new();
            let frames = decompress_split(&mut stream, &messages[..=i], |message| {
                if std::ptr::eq(message, m.message) {
                    vec![&message[..at], &message[at..]]
                } else {
                    vec![message]
                }
            });
            let frames = frames.unwrap_or_else(|e| panic!("{} cut at {at}: {e}", m.name));
            assert_frames(&messages[..=i], &frames, &format!("{} cut at {at}", m.name));
        }
    }
}

#[test]
fn one_byte_at_a_time() {
    for conn in ["a", "b", "c"] {
        let messages = zstd_connection(conn);
        let mut stream = ZstdStream::new();
        let frames = decompress_split(&mut stream, &messages, |m| m.chunks(1).collect()).expect(conn);
        assert_frames(&messages, &frames, &format!("{conn}, one byte at a time"));
    }
}

#[test]
fn pieces_ending_on_block_boundaries_do_not_end_the_frame() {
    let messages = zstd_connection("a");
    let large = messages.iter().find(|m| m.name.ends_with("guild_create_large")).expect("the large frame");
    let boundaries = blocks(large.message);
    for shift in [-1isize, 0, 1, 2] {
        let cuts: Vec<usize> =
            boundaries.iter().map(|&b| b.saturating_add_signed(shift).min(large.message.len())).collect();
        let mut stream = ZstdStream::new();
        let mut out = vec![0u8; BIG];
        let mut got = None;
        for m in &messages {
            if m.name != large.name {
                stream.push(m.message, &mut out).expect(m.name);
                continue;
            }
            let mut from = 0;
            for &cut in &cuts {
                stream.push_fragment(&m.message[from..cut], &mut out).expect("a piece");
                from = cut;
            }
            // Each whole block is decompressed as it arrives.
            assert!(stream.pending() >= 128 * 1024, "shift {shift}: {} bytes pending", stream.pending());
            got = Some(stream.push(&m.message[from..], &mut out).expect("the last piece").to_vec());
            break;
        }
        assert!(got.as_deref() == Some(large.frame), "cuts {cuts:?}");
    }
}

/// Where each block of `message` ends (RFC 8878 3.1.1.2), the message
/// holding no frame header: its block boundaries, the last being its end.
fn blocks(message: &[u8]) -> Vec<usize> {
    let mut at = 0;
    let mut ends = Vec::new();
    while at < message.len() {
        let header = u32::from_le_bytes([message[at], message[at + 1], message[at + 2], 0]);
        let size = (header >> 3) as usize;
        let body = if (header >> 1) & 3 == 1 { 1 } else { size };
        at += 3 + body;
        ends.push(at);
    }
    assert_eq!(at, message.len(), "the message ends inside a block");
    ends
}

#[test]
fn a_frame_larger_than_the_buffer_then_a_reset() {
    let a = zstd_connection("a");
    let large = a.iter().position(|m| m.name.ends_with("guild_create_large")).expect("the large frame");
    let len = a[large].frame.len();
    for (room, fits) in [(len, true), (len - 1, false), (64 * 1024, false)] {
        let mut stream = ZstdStream::new();
        let mut out = vec![0u8; room];
        for m in &a[..large] {
            assert_eq!(
                stream.push(m.message, &mut out).map(<[u8]>::to_vec).as_deref(),
                Ok(m.frame),
                "{}",
                m.name
            );
        }
        let got = stream.push(a[large].message, &mut out).map(<[u8]>::len);
        if fits {
            assert_eq!(got, Ok(len));
            continue;
        }
        assert_eq!(got, Err(ZstdError::FrameTooLarge { capacity: room }));
        assert_eq!(stream.push(a[large + 1].message, &mut out), Err(ZstdError::NeedsReset));
        // Reconnected: the next connection's frames come out whole.
        stream.reset();
        let b = zstd_connection("b");
        assert_frames(
            &b,
            &decompress_split(&mut stream, &b, whole).expect("after the reset"),
            "b after a reset",
        );
    }
}

#[test]
fn a_truncated_message_is_refused_until_a_reset() {
    let b = zstd_connection("b");
    let mut out = vec![0u8; BIG];
    // Cut inside the frame header, inside the first block, and one byte
    // short of the end.
    for cut in [3, 5, 8, b[0].message.len() - 1] {
        let mut stream = ZstdStream::new();
        assert_eq!(stream.push(&b[0].message[..cut], &mut out), Err(ZstdError::Truncated), "cut at {cut}");
        assert_eq!(stream.push(b[1].message, &mut out), Err(ZstdError::NeedsReset));
        stream.reset();
        assert_eq!(stream.push(b[0].message, &mut out).map(<[u8]>::to_vec).as_deref(), Ok(b[0].frame));
    }
    // A later message cut short, mid-connection.
    let mut stream = ZstdStream::new();
    stream.push(b[0].message, &mut out).expect("hello");
    let short = &b[2].message[..b[2].message.len() - 1];
    assert_eq!(stream.push(short, &mut out), Err(ZstdError::Truncated));
    assert_eq!(stream.push(b[3].message, &mut out), Err(ZstdError::NeedsReset));
}

#[test]
fn corrupt_input_is_refused_until_a_reset() {
    let b = zstd_connection("b");
    let mut out = vec![0u8; BIG];
    let header = &b[0].message[..6];
    let cases: [(&str, Vec<u8>); 4] = [
        ("wrong magic", [&[0x28, 0xb5, 0x2f, 0xfe][..], &b[0].message[4..]].concat()),
        ("reserved descriptor bit", [&b[0].message[..4], &[0x08], &b[0].message[5..]].concat()),
        // Block type 3 is reserved (RFC 8878 3.1.1.2.2).
        ("reserved block type", [header, &[0x06, 0x00, 0x00]].concat()),
        // A compressed block of 1 byte holds no literals section.
        ("compressed block with no body", [header, &[0x0c, 0x00, 0x00, 0xff]].concat()),
    ];
    for (what, message) in cases {
        let mut stream = ZstdStream::new();
        assert_eq!(stream.push(&message, &mut out), Err(ZstdError::Corrupt), "{what}");
        assert_eq!(stream.push(b[0].message, &mut out), Err(ZstdError::NeedsReset), "{what}");
        stream.reset();
        assert_frames(&b, &decompress_split(&mut stream, &b, whole).expect(what), what);
    }
}

#[test]
fn damaged_messages_give_typed_errors_then_refusal() {
    // Every byte of connection b's third message flipped in turn (the one
    // with back-references into the first two): each either still
    // decompresses (a literal changed) or gives a typed error, after which
    // input is refused.
    let b = zstd_connection("b");
    let mut out = vec![0u8; BIG];
    let mut errors = 0;
    for at in 0..b[2].message.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut damaged = b[2].message.to_vec();
            damaged[at] ^= flip;
            let mut stream = ZstdStream::new();
            stream.push(b[0].message, &mut out).expect("hello");
            stream.push(b[1].message, &mut out).expect("resumed");
            match stream.push(&damaged, &mut out) {
                Ok(frame) => assert!(frame.len() <= BIG),
                Err(e) => {
                    errors += 1;
                    assert!(
                        matches!(
                            e,
                            ZstdError::Corrupt | ZstdError::Truncated | ZstdError::FrameTooLarge { .. }
                        ),
                        "byte {at} ^ {flip:#x}: {e:?}"
                    );
                    assert_eq!(stream.push(b[3].message, &mut out), Err(ZstdError::NeedsReset));
                }
            }
        }
    }
    assert!(errors > 0, "no damage was noticed");
}

#[test]
fn a_window_over_the_limit_is_refused() {
    let a = zstd_connection("a");
    let mut out = vec![0u8; BIG];
    let mut stream = ZstdStream::with_window_limit(DISCORD_WINDOW / 2);
    assert_eq!(
        stream.push(a[0].message, &mut out),
        Err(ZstdError::WindowTooLarge { window: DISCORD_WINDOW, limit: DISCORD_WINDOW / 2 })
    );
    assert_eq!(stream.push(a[0].message, &mut out), Err(ZstdError::NeedsReset));
    let mut stream = ZstdStream::with_window_limit(DISCORD_WINDOW);
    assert_frames(&a, &decompress_split(&mut stream, &a, whole).expect("a"), "a at Discord's window");
    assert_eq!(
        format!("{:?}", ZstdStream::new()),
        format!(
            "ZstdStream {{ pending: 0, in_frame: false, window_limit: {DEFAULT_WINDOW_LIMIT}, failed: false, .. }}"
        )
    );
}

/// The memory a Discord connection costs: the value, and the heap at its
/// peak over a whole session with a 157 KiB frame. Prints the figures.
#[test]
fn memory_holds_the_window_and_a_block() {
    let a = zstd_connection("a");
    let mut out = vec![0u8; BIG];
    let size = std::mem::size_of::<ZstdStream>();
    let mut stream = None;
    let created = allocation_counter::measure(|| stream = Some(ZstdStream::new()));
    let mut stream = stream.expect("created");
    assert_eq!(created.count_total, 0, "new() allocates");
    let session = allocation_counter::measure(|| {
        for m in &a {
            stream.push(m.message, &mut out).expect(m.name);
        }
    });
    // The next connection, after a reset.
    let b = zstd_connection("b");
    let reconnect = allocation_counter::measure(|| {
        stream.reset();
        for m in &b {
            stream.push(m.message, &mut out).expect(m.name);
        }
    });
    eprintln!(
        "ZstdStream: size_of {size} bytes; connection a: heap held after {} bytes, peak {} bytes, {} allocations; \
         after a reset, connection b: held {} bytes more, peak {} bytes more, {} allocations",
        session.bytes_current,
        session.bytes_max,
        session.count_total,
        reconnect.bytes_current,
        reconnect.bytes_max,
        reconnect.count_total
    );
    assert!(size <= 1024, "size_of::<ZstdStream>() = {size}");
    // What the decoder holds is the window, one block's output beyond it
    // and its tables; at most once, while its buffer grows from the
    // window to that, the old buffer is alive beside the new one.
    let (window, block, tables) = (DISCORD_WINDOW as i64, 128 * 1024, 64 * 1024);
    let held = session.bytes_current;
    assert!(held >= window, "{held} bytes held, under the window");
    assert!(held <= window + block + tables, "{held} bytes held");
    assert!(session.bytes_max as i64 <= held + window + block, "peak {} bytes", session.bytes_max);
    // A reset frees the first connection's memory, so the next holds no
    // more (b, small frames only, holds less: the buffer grows with the
    // output, up to the window and a block).
    assert!(reconnect.bytes_current <= 0, "a reconnect holds {} bytes more", reconnect.bytes_current);
}
