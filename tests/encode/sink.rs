//! Sink edge cases: the contract holds at the extremes (no panic, no
//! partial value, no silent loss), and `to_vec` allocates once.

use gateway_etf::encode::Writer;
use gateway_etf::encode::{CountingSink, Lend, Sink, SliceSink};
use gateway_etf::{Command, Error, Heartbeat, RequestGuildMembers, Resume, Snowflake};

#[test]
fn vec_reserve_beyond_memory_is_an_error_not_a_panic() {
    let mut v = vec![1u8];
    assert_eq!(Sink::reserve(&mut v, usize::MAX), Err(Error::BufferFull { needed: usize::MAX }));
    assert_eq!(v, [1]);
    let mut w = Writer::new(Vec::new());
    assert!(w.reserve(usize::MAX).is_err());
}

#[test]
fn to_vec_allocates_once() {
    let once = |f: &dyn Fn() -> Vec<u8>| {
        let mut v = Vec::new();
        let n = allocation_counter::measure(|| v = f()).count_total;
        assert_eq!(n, 1, "one allocation, no reallocation");
        v
    };
    let hb = Heartbeat::new(Some(1));
    let v = once(&|| hb.to_vec().unwrap());
    assert_eq!(v, hb.encode(&mut [0; 64]).unwrap());
    // The bound counts the integer as 16 bytes instead of 2.
    assert!(v.capacity() <= v.len() + 14, "capacity {}", v.capacity());
    let ids: Vec<u64> = (0..100).map(|i| 1_100_000_000_000_000_000 + i).collect();
    let cmd = RequestGuildMembers::user_ids(Snowflake::new(1), Snowflake::slice_from_u64(&ids));
    let v = once(&|| cmd.to_vec().unwrap());
    assert_eq!(v.len(), cmd.encoded_len());
    // `encode_to` into a `Vec` writes the same frame.
    let mut again = Vec::new();
    assert_eq!(cmd.encode_to(&mut again), Ok(v.len()));
    assert_eq!(again, v);
    // A frame of exactly Discord's limit: its bound (the sequence number
    // counted as 16 bytes) is over it, so the exact length is allocated.
    let token = "t".repeat(4096);
    let base = Resume::new("", "s", 251).encoded_len();
    let at_limit = Resume::new(&token[..4096 - base], "s", 251);
    let v = once(&|| at_limit.to_vec().unwrap());
    assert_eq!((v.len(), v.capacity()), (4096, 4096));
}

/// A list of integers, then a binary, into a slice of every length around
/// theirs: written whole (the same bytes as into a `Vec`, which lends, and
/// a counter, which does not) or not at all, with the length it needed.
#[test]
fn writer_terms_are_all_or_nothing_at_every_length() {
    let big = [81384788765712384, 0, u64::MAX, 1 << 31, 7];
    let small = [1, 2, 255];
    type Term<'a> = (&'a str, Box<dyn Fn(&mut Writer<SliceSink<'_>>) -> Result<(), Error> + 'a>);
    let terms: [Term; 4] = [
        ("uint_list", Box::new(|w| w.uint_list(&big).map(drop))),
        ("byte list", Box::new(|w| w.uint_list(&small).map(drop))),
        ("binary", Box::new(|w| w.binary(&[3; 20]).map(drop))),
        ("int", Box::new(|w| w.int(i64::MIN).map(drop))),
    ];
    for (name, write) in &terms {
        let mut full = vec![0u8; 256];
        let mut w = Writer::new(SliceSink::new(&mut full));
        write(&mut w).unwrap();
        let want = w.into_sink().written().to_vec();
        for len in 0..want.len() + 20 {
            let mut buf = vec![0xAAu8; len];
            let mut w = Writer::new(SliceSink::new(&mut buf));
            let got = write(&mut w);
            let sink = w.into_sink();
            if len >= want.len() {
                assert_eq!((got, sink.written()), (Ok(()), &want[..]), "{name} into {len}");
            } else {
                assert_eq!(got, Err(Error::BufferFull { needed: want.len() }), "{name} into {len}");
                assert!(sink.is_empty(), "{name} into {len}: nothing written");
            }
        }
    }
}

#[test]
fn counting_sink_counts_pushes_not_reserves() {
    let mut c = CountingSink::new();
    let big = [0u8; 1024];
    for _ in 0..4 {
        c.push(&big).unwrap();
    }
    assert_eq!(c.count(), 4096);
    let mut w = Writer::new(c);
    w.reserve(usize::MAX).unwrap();
    assert_eq!(w.into_sink().count(), 4096, "reserve does not count");
}

#[test]
fn slice_scratch_stays_within_16_bytes_of_the_frame() {
    let mut buf = [0xAAu8; 64];
    let frame = Heartbeat::new(Some(1)).encode(&mut buf).unwrap().len();
    assert!(buf[frame + 16..].iter().all(|&b| b == 0xAA));
}

/// ETF's 32-bit length fields: a longer list is refused by the writer.
#[cfg(target_pointer_width = "64")]
#[test]
fn lengths_over_u32_are_refused() {
    let mut w = Writer::new(CountingSink::new());
    assert_eq!(w.list(1 << 32).map(|_| ()), Err(Error::LengthOverflow(1 << 32)));
    assert_eq!(w.into_sink().count(), 0);
}

/// Every sink over memory lends exactly the room asked for, or nothing
/// when it is not there; it keeps nothing until `keep`, which keeps what
/// was stored. A counter never lends.
#[test]
#[allow(unsafe_code)]
fn sinks_lend_exactly_the_room_and_keep_exactly_what_was_written() {
    fn check<S: Sink>(mut sink: S, room: usize, kept: impl Fn(&S) -> Vec<u8>) {
        let before = kept(&sink);
        let l = sink.lender().expect("memory lends");
        // SAFETY (every block): only initialised bytes are stored, and
        // `keep` follows a `lend` of at least as many bytes, all stored.
        unsafe {
            assert!(l.lend(room + 1).is_none(), "more room than there is");
            let lent = l.lend(room).expect("the room is there");
            assert_eq!(lent.len(), room);
            lent[0].write(9);
        }
        assert_eq!(kept(&sink), before, "lent but not kept: nothing kept");
        let l = sink.lender().expect("memory lends");
        unsafe {
            let lent = l.lend(room).expect("the room is there");
            lent[0].write(131);
            lent[1].write(106);
            l.keep(2);
        }
        assert_eq!(kept(&sink), [&before[..], &[131, 106]].concat());
        let l = sink.lender().expect("memory lends");
        unsafe {
            assert_eq!(l.lend(0).map(|l| l.len()), Some(0), "nothing is always there");
            l.keep(0);
        }
        assert_eq!(kept(&sink).len(), before.len() + 2);
    }
    let mut buf = [0u8; 10];
    let mut slice = SliceSink::new(&mut buf);
    slice.push(&[1]).unwrap();
    check(&mut slice, 9, |s| s.written().to_vec());
    let mut h: heapless::Vec<u8, 10> = heapless::Vec::from_slice(&[1]).unwrap();
    check(&mut h, 9, |v| v.to_vec());
    // A Vec grows, so it declines only what it cannot allocate.
    let mut v = vec![1u8];
    let l = v.lender().expect("memory lends");
    unsafe {
        assert!(l.lend(usize::MAX).is_none(), "more than memory");
        assert_eq!(l.lend(100).map(|l| l.len()), Some(100));
        l.lend(3).expect("allocated").iter_mut().for_each(|b| _ = b.write(7));
        l.keep(3);
    }
    assert!(v.capacity() >= 101);
    assert_eq!(v, [1, 7, 7, 7]);
    // A counter is not memory: it never lends.
    assert!(CountingSink::new().lender().is_none());
}
