//! Errors: each typed, the stream refusing input until a reset, and the
//! reset giving a stream as good as new.

use gateway_etf::transport::{InflateError, ZlibStream};

use super::{BIG, connections, inflate_split, whole};

/// After an error, every push is refused, however good the input; after a
/// reset, connection `b` inflates whole.
fn assert_stopped_until_reset(stream: &mut ZlibStream) {
    let (a, b) = connections();
    let mut out = vec![0u8; BIG];
    for f in a.iter().chain(&b).take(3) {
        assert_eq!(stream.push(f.message, &mut out), Err(InflateError::NeedsReset), "{}", f.name);
    }
    assert_eq!(stream.push(&[], &mut out), Err(InflateError::NeedsReset));
    stream.reset();
    let got = inflate_split(stream, &b, whole).unwrap();
    assert!(got.iter().zip(&b).all(|(g, f)| g == f.frame));
    assert_eq!(got.len(), b.len());
}

/// Connection `a` through its READY, then GUILD_CREATE (145,365 bytes)
/// into `capacity` bytes.
fn guild_create_into(capacity: usize) -> (ZlibStream, Result<Option<Vec<u8>>, InflateError>) {
    let (a, _) = connections();
    let mut stream = ZlibStream::new();
    inflate_split(&mut stream, &a[..2], whole).unwrap();
    let mut out = vec![0u8; capacity];
    let result = stream.push(a[2].message, &mut out).map(|f| f.map(<[u8]>::to_vec));
    (stream, result)
}

#[test]
fn frame_larger_than_the_buffer() {
    let (a, _) = connections();
    let len = a[2].frame.len();
    // Exactly the frame's length fits; a byte less does not.
    let (_, fits) = guild_create_into(len);
    assert_eq!(fits, Ok(Some(a[2].frame.to_vec())));
    for capacity in [len - 1, 64 * 1024, 100, 0] {
        let (mut stream, result) = guild_create_into(capacity);
        assert_eq!(result, Err(InflateError::FrameTooLarge { capacity }));
        assert_stopped_until_reset(&mut stream);
    }
}

#[test]
fn frame_larger_than_the_buffer_over_several_messages() {
    let (a, _) = connections();
    let mut stream = ZlibStream::new();
    let mut out = vec![0u8; 64 * 1024];
    inflate_split(&mut stream, &a[..2], whole).unwrap();
    let results: Vec<_> = a[2]
        .message
        .chunks(1000)
        .map(|part| stream.push(part, &mut out).map(|f| f.map(<[u8]>::len)))
        .collect();
    // The first messages fill the buffer; one overflows it; the rest are
    // refused.
    let overflow = results.iter().position(Result::is_err).expect("an overflow");
    assert!(overflow > 0 && overflow + 1 < results.len(), "{overflow} of {}", results.len());
    assert!(results[..overflow].iter().all(|r| *r == Ok(None)));
    assert_eq!(results[overflow], Err(InflateError::FrameTooLarge { capacity: 64 * 1024 }));
    assert!(results[overflow + 1..].iter().all(|r| *r == Err(InflateError::NeedsReset)));
    assert_stopped_until_reset(&mut stream);
}

#[test]
fn a_shorter_buffer_in_the_middle_of_a_frame() {
    let (a, _) = connections();
    let mut stream = ZlibStream::new();
    let mut out = vec![0u8; BIG];
    let (head, tail) = a[2].message.split_at(8000);
    inflate_split(&mut stream, &a[..2], whole).unwrap();
    assert_eq!(stream.push(head, &mut out), Ok(None));
    let pending = stream.pending();
    assert!(pending > 0);
    // A buffer shorter than what the frame already holds.
    let mut short = vec![0u8; pending - 1];
    assert_eq!(stream.push(tail, &mut short), Err(InflateError::FrameTooLarge { capacity: pending - 1 }));
    assert_stopped_until_reset(&mut stream);
}

/// Corruptions zlib's format itself rules out, so every inflater must
/// refuse them (RFC 1950 and 1951).
#[test]
fn corrupt_input() {
    let (a, _) = connections();
    let first = a[0].message;
    let fourth = a[3].message;
    let cases: [(&str, usize, Vec<u8>); 4] = [
        // CMF/FLG no longer a multiple of 31 (0x789c is).
        ("header check", 0, [&[0x79], &first[1..]].concat()),
        // Compression method 7: only 8 (deflate) exists.
        ("compression method", 0, [&[0x77, 0xa5], &first[2..]].concat()),
        // The first block's type set to 3 (reserved); 0x6a's low bits are
        // BFINAL 0, BTYPE 01.
        ("block type", 0, [&first[..2], &[first[2] | 0b110], &first[3..]].concat()),
        // The sync flush's NLEN not LEN's complement (RFC 1951, 3.2.4).
        ("stored length", 3, [&fourth[..fourth.len() - 1], &[0xfe][..]].concat()),
    ];
    for (what, at, corrupt) in cases {
        let mut stream = ZlibStream::new();
        inflate_split(&mut stream, &a[..at], whole).unwrap();
        let mut out = vec![0u8; BIG];
        assert_eq!(stream.push(&corrupt, &mut out), Err(InflateError::Corrupt), "{what}");
        assert_stopped_until_reset(&mut stream);
    }
}

/// A frame's message cut short: a prefix of Erlang's frame waits in the
/// buffer for the rest, and is never handed out as a frame.
#[test]
fn truncated_stream() {
    let (a, _) = connections();
    let guild = &a[2];
    for cut in [1, 2, 100, 5000, guild.message.len() / 2, guild.message.len() - 5, guild.message.len() - 1] {
        let mut stream = ZlibStream::new();
        inflate_split(&mut stream, &a[..2], whole).unwrap();
        let mut out = vec![0u8; BIG];
        assert_eq!(stream.push(&guild.message[..cut], &mut out), Ok(None), "cut at {cut}");
        let pending = stream.pending();
        assert!(pending <= guild.frame.len(), "cut at {cut}");
        assert_eq!(&out[..pending], &guild.frame[..pending], "cut at {cut}");
        // The next frame's message, read as the rest of this one, does
        // not give Erlang's next frame.
        let next = stream.push(a[3].message, &mut out).map(|f| f.map(<[u8]>::to_vec));
        assert_ne!(next, Ok(Some(a[3].frame.to_vec())), "cut at {cut}");
        stream.reset();
        let got = inflate_split(&mut stream, &a, whole).unwrap();
        assert_eq!(got[2], guild.frame, "cut at {cut}, after a reset");
    }
}

/// A stream that ends (a final block and the Adler-32): Erlang's
/// `zlib:deflate(Z, <<>>, finish)` after a heartbeat ACK.
#[test]
fn stream_that_ends() {
    let (a, _) = connections();
    // Erlang: Z = zlib:open(), ok = zlib:deflateInit(Z),
    // zlib:deflate(Z, term_to_binary(#{op => 11, d => nil, s => nil, t => nil}), sync),
    // zlib:deflate(Z, <<>>, finish).
    let ack = [
        0x78, 0x9c, 0x6a, 0x2e, 0x61, 0x60, 0x60, 0x60, 0x29, 0x67, 0x4c, 0x29, 0x67, 0xce, 0xcb, 0xcc, 0x29,
        0x67, 0xca, 0x2f, 0x48, 0xe4, 0x2e, 0x67, 0x2c, 0x86, 0xf0, 0x18, 0x4b, 0xc0, 0x34, 0x00, 0x00, 0x00,
        0xff, 0xff,
    ];
    let finish = [0x03, 0x00, 0xb5, 0xef, 0x0a, 0xaa];
    let mut stream = ZlibStream::new();
    let mut out = vec![0u8; BIG];
    assert_eq!(stream.push(&ack, &mut out).unwrap(), Some(a[4].frame));
    assert_eq!(stream.push(&finish, &mut out), Err(InflateError::StreamEnded));
    assert_stopped_until_reset(&mut stream);
}

#[test]
fn messages() {
    let shown = [
        (InflateError::Corrupt, "corrupt zlib stream"),
        (InflateError::FrameTooLarge { capacity: 4096 }, "frame larger than the 4096-byte buffer"),
        (InflateError::StreamEnded, "zlib stream ended, but a connection's stream never does"),
        (InflateError::NeedsReset, "zlib stream stopped by an earlier error: reset it"),
    ];
    for (error, text) in shown {
        assert_eq!(error.to_string(), text);
    }
}
