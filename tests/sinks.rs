//! Sink edge cases: the contract holds at the extremes (no panic, no
//! partial value, no silent loss), and `to_vec` allocates once.

use gateway_etf::etf::Writer;
use gateway_etf::sink::{CountingSink, Sink, SliceSink};
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

/// An `ExactSizeIterator` that reports fewer items than it yields.
struct Lying<I>(I, usize);

impl<I: Iterator> Iterator for Lying<I> {
    type Item = I::Item;
    fn next(&mut self) -> Option<I::Item> {
        self.0.next()
    }
}

impl<I: Iterator> ExactSizeIterator for Lying<I> {
    fn len(&self) -> usize {
        self.1
    }
}

fn blocks(n: u8) -> impl Iterator<Item = ([u8; 16], usize)> {
    (0..n).map(|i| {
        let mut b = [0xEE; 16];
        b[0] = i;
        (b, 1)
    })
}

#[test]
fn push_blocks_keeps_every_block_even_from_a_lying_iterator() {
    for (buf_len, claimed) in [(64, 2), (400, 20), (400, 0), (20, 20)] {
        let mut buf = vec![0u8; buf_len];
        let mut sink = SliceSink::new(&mut buf);
        let result = sink.push_blocks(Lying(blocks(20), claimed));
        if buf_len >= 20 {
            assert_eq!(result, Ok(()));
            assert_eq!(sink.written(), (0..20).collect::<Vec<u8>>(), "buf {buf_len}, claimed {claimed}");
        }
    }
    // The defaults agree.
    let mut v = Vec::new();
    v.push_blocks(Lying(blocks(20), 3)).unwrap();
    assert_eq!(v, (0..20).collect::<Vec<u8>>());
}

#[test]
fn push_prefixed_is_all_or_nothing() {
    let mut buf = [0u8; 8];
    let mut sink = SliceSink::new(&mut buf);
    assert_eq!(sink.push_prefixed(&[1, 2], &[3; 7]), Err(Error::BufferFull { needed: 9 }));
    assert!(sink.is_empty());
    sink.push_prefixed(&[1, 2], &[3; 6]).unwrap();
    assert_eq!(sink.written(), [1, 2, 3, 3, 3, 3, 3, 3]);
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

/// ETF's 32-bit length fields: a longer list is refused by the writer,
/// unless the sink declares it refuses such sizes itself.
#[cfg(target_pointer_width = "64")]
#[test]
fn lengths_over_u32_are_refused_unless_the_sink_takes_it_on() {
    let mut w = Writer::new(CountingSink::new());
    assert_eq!(w.list(1 << 32).map(|_| ()), Err(Error::LengthOverflow(1 << 32)));
    assert_eq!(w.into_sink().count(), 0);

    /// Declares that it never holds 4 GiB; the writer trusts it.
    struct Declares(Vec<u8>);
    impl Sink for Declares {
        const LENGTHS_FIT_U32: bool = true;
        fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
            self.0.extend_from_slice(bytes);
            Ok(())
        }
        fn reserve(&mut self, _additional: usize) -> Result<(), Error> {
            Ok(())
        }
    }
    let mut w = Writer::new(Declares(Vec::new()));
    w.list((1 << 32) | 5).unwrap();
    assert_eq!(w.into_sink().0, [108, 0, 0, 0, 5], "no check: the length is cut to 32 bits");
}

/// Every sink over memory lends exactly the room asked for, or nothing
/// when it is not there. `write_in_place` keeps what the writer reports
/// and nothing when it fails; `lend` keeps nothing until `keep`, which
/// keeps what was stored. A counter never lends.
#[test]
#[allow(unsafe_code)]
fn sinks_lend_exactly_the_room_and_keep_exactly_what_was_written() {
    fn check<S: Sink>(mut sink: S, room: usize, kept: impl Fn(&S) -> Vec<u8>) {
        let before = kept(&sink);
        assert_eq!(sink.write_in_place(room + 1, |_| Ok(0)), Ok(None), "more room than there is");
        let failed = sink.write_in_place(room, |buf| {
            buf.fill(9);
            Err(Error::NonFiniteFloat)
        });
        assert_eq!(failed, Err(Error::NonFiniteFloat));
        assert_eq!(kept(&sink), before, "a failed write keeps nothing");
        let done = sink.write_in_place(room, |buf| {
            assert_eq!(buf.len(), room);
            buf[..2].copy_from_slice(&[131, 106]);
            Ok(2)
        });
        assert_eq!(done, Ok(Some(2)));
        let before = [&before[..], &[131, 106]].concat();
        assert_eq!(kept(&sink), before);
        let room = room - 2;
        // SAFETY (every block): only initialised bytes are stored, and
        // `keep` follows a `lend` of at least as many bytes, all stored.
        unsafe {
            assert!(sink.lend(room + 1).is_none(), "more room than there is");
            let lent = sink.lend(room).expect("the room is there");
            assert_eq!(lent.len(), room);
            lent[0].write(9);
        }
        assert_eq!(kept(&sink), before, "lent but not kept: nothing kept");
        unsafe {
            let lent = sink.lend(room).expect("the room is there");
            lent[0].write(131);
            lent[1].write(106);
            sink.keep(2);
        }
        assert_eq!(kept(&sink), [&before[..], &[131, 106]].concat());
        unsafe {
            assert_eq!(sink.lend(0).map(|l| l.len()), Some(0), "nothing is always there");
            sink.keep(0);
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
    assert_eq!(v.write_in_place(usize::MAX, |_| Ok(0)), Ok(None));
    assert_eq!(v.write_in_place(4, |_| Err(Error::NonFiniteFloat)), Err(Error::NonFiniteFloat));
    assert_eq!(v.write_in_place(4, |b| Ok(b.len() + 10)), Ok(Some(4)), "kept is capped at the room");
    assert_eq!(v.len(), 5);
    unsafe {
        assert!(v.lend(usize::MAX).is_none(), "more than memory");
        assert_eq!(v.lend(100).map(|l| l.len()), Some(100));
        v.lend(3).expect("allocated").iter_mut().for_each(|b| _ = b.write(7));
        v.keep(3);
    }
    assert!(v.capacity() >= 105);
    assert_eq!(v[5..], [7, 7, 7]);
    // A counter is not memory: it never lends.
    let mut counter = CountingSink::new();
    assert_eq!(counter.write_in_place(0, |_| Ok(0)), Ok(None));
    assert!(unsafe { counter.lend(0) }.is_none());
}
