//! The fast path (`src/command/fast.rs`, the crate's only `unsafe` code)
//! against Erlang's bytes, at every buffer size around each frame's length,
//! so that both the unchecked and the checked way are taken.
//!
//! Buffers are heap allocations of exactly the size under test, so a write
//! past the end is caught: by Miri (`cargo +nightly miri test --test
//! fast_path`), and in debug builds by the fast path's own room check.

mod common;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use common::commands::{Case, Cmd, cases};
use common::golden;
use gateway_etf::sink::{Sink, SliceSink};
use gateway_etf::{Command, Error, Resume};

/// Erlang's frames by case name, and our cases.
type Fixtures = (BTreeMap<&'static str, Vec<u8>>, Vec<Case>);

/// The fixtures, built once for all tests: under Miri, parsing the golden
/// file takes longer than the checks.
fn fixtures() -> &'static Fixtures {
    static FIXTURES: OnceLock<Fixtures> = OnceLock::new();
    FIXTURES.get_or_init(|| (golden::commands(), cases()))
}

/// Buffer sizes to try for a frame of `len` bytes: every size from one
/// short to 64 over (the unchecked way needs the frame's upper bound to
/// fit, which is up to 5 bytes an integer and 16 bytes over the length),
/// then a few larger ones, Discord's limit and past it. Under Miri, which
/// runs this about a thousand times slower, every seventh size near the
/// length.
fn sizes(len: usize) -> impl Iterator<Item = usize> {
    let step = if cfg!(miri) { 7 } else { 1 };
    let near = (len.saturating_sub(1)..=len + 64).step_by(step);
    let far = [len + 128, len + 600, len * 2, 4096, 4097, 8192];
    near.chain(far.into_iter().filter(move |&n| n > len + 64))
}

/// What encoding a frame of `len` bytes into `n` bytes must give.
fn expected(want: &[u8], n: usize) -> Result<&[u8], Error> {
    if want.len() > n { Err(Error::BufferFull { needed: want.len() }) } else { Ok(want) }
}

#[test]
fn encode_matches_erlang_at_every_buffer_size() {
    let (golden, cases) = fixtures();
    for case in cases {
        let want = &golden[case.name];
        for n in sizes(want.len()) {
            let mut buf = vec![0u8; n];
            let got = case.cmd.encode(&mut buf);
            assert_eq!(got, expected(want, n), "{} into {n} bytes", case.name);
        }
    }
}

#[test]
fn encode_to_writes_in_place_or_leaves_the_sink_untouched() {
    let (golden, cases) = fixtures();
    for case in cases {
        let want = &golden[case.name];
        for n in sizes(want.len()) {
            let mut buf = vec![7u8; n];
            let mut sink = SliceSink::new(&mut buf);
            match case.cmd.encode_to(&mut sink) {
                Ok(len) => {
                    assert_eq!((len, sink.written()), (want.len(), &want[..]), "{} into {n}", case.name)
                }
                Err(e) => {
                    assert_eq!(e, Error::BufferFull { needed: want.len() }, "{} into {n}", case.name);
                    assert!(sink.is_empty() && buf.iter().all(|&b| b == 7), "{}: sink touched", case.name);
                }
            }
        }
        // Appending after what a growable or fixed vector already holds.
        let mut v = vec![1, 2, 3];
        assert_eq!(case.cmd.encode_to(&mut v), Ok(want.len()), "{}", case.name);
        assert_eq!((&v[..3], &v[3..]), (&[1, 2, 3][..], &want[..]), "{}", case.name);
        let mut h: heapless::Vec<u8, 600> = heapless::Vec::from_slice(&[1, 2, 3]).unwrap();
        match case.cmd.encode_to(&mut h) {
            Ok(len) => assert_eq!((len, &h[3..]), (want.len(), &want[..]), "{}", case.name),
            // `needed` is what the sink would hold in all: 3 bytes and the frame.
            Err(e) => {
                assert_eq!((e, h.len()), (Error::BufferFull { needed: 3 + want.len() }, 3), "{}", case.name)
            }
        }
    }
}

/// A sink from outside the crate lends nothing ([`Sink::lend`]'s
/// default), so `encode_to` measures, reserves and pushes piece by piece:
/// the same bytes, and nothing when it does not fit.
#[test]
fn encode_to_a_sink_that_lends_nothing_takes_the_checked_way() {
    /// Pushes into a bounded `Vec`, counting its calls.
    struct Pushes {
        out: Vec<u8>,
        cap: usize,
        calls: usize,
    }
    impl Sink for Pushes {
        fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
            self.calls += 1;
            self.reserve(bytes.len())?;
            self.out.extend_from_slice(bytes);
            Ok(())
        }
        fn reserve(&mut self, additional: usize) -> Result<(), Error> {
            let needed = self.out.len() + additional;
            if needed <= self.cap { Ok(()) } else { Err(Error::BufferFull { needed }) }
        }
    }
    let (golden, cases) = fixtures();
    for case in cases {
        let want = &golden[case.name];
        let mut sink = Pushes { out: Vec::new(), cap: 4096, calls: 0 };
        assert_eq!(case.cmd.encode_to(&mut sink), Ok(want.len()), "{}", case.name);
        assert_eq!(&sink.out, want, "{}", case.name);
        assert!(sink.calls > 1, "{}: written piece by piece", case.name);
        let mut short = Pushes { out: Vec::new(), cap: want.len() - 1, calls: 0 };
        let e = case.cmd.encode_to(&mut short);
        assert_eq!((e, short.out.len()), (Err(Error::BufferFull { needed: want.len() }), 0), "{}", case.name);
    }
}

/// `encode_heapless::<N>` for each case at one capacity.
fn heapless_at<const N: usize>() {
    let (golden, cases) = fixtures();
    for case in cases {
        let want = &golden[case.name];
        let got = case.cmd.encode_heapless::<N>().map(|v| v.to_vec());
        assert_eq!(
            got.as_deref().map_err(|e| *e),
            expected(want, N),
            "{} into heapless::Vec<u8, {N}>",
            case.name
        );
    }
}

#[test]
fn encode_heapless_matches_erlang_at_many_capacities() {
    heapless_at::<23>(); // exactly a heartbeat
    heapless_at::<64>();
    heapless_at::<512>();
    heapless_at::<4096>();
    // Miri is slow with large by-value vectors; these add nothing new to it.
    if !cfg!(miri) {
        heapless_at::<24>();
        heapless_at::<40>();
        heapless_at::<128>();
        heapless_at::<200>();
        heapless_at::<5000>();
    }
}

#[test]
fn to_vec_matches_erlang() {
    let (golden, cases) = fixtures();
    for case in cases {
        let v = case.cmd.to_vec().unwrap_or_else(|e| panic!("{}: {e:?}", case.name));
        assert_eq!(&v, &golden[case.name], "{}", case.name);
        assert!(v.capacity() >= v.len());
    }
}

/// A frame one byte over Discord's limit is refused the same way by every
/// method, whatever the buffer, and nothing past the limit is handed out.
#[test]
fn over_the_limit_is_refused_by_every_method() {
    let token = "t".repeat(4096);
    let (golden, _) = fixtures();
    let at_limit = &golden["resume_max_payload"];
    // The golden frame at the limit, one byte longer.
    let over_len = at_limit.len() + 1;
    let base_len = Resume::new("", "s", 1).encoded_len();
    let cmd: Cmd = Resume::new(&token[..over_len - base_len], "s", 1).into();
    assert_eq!(cmd.encoded_len(), over_len);
    let too_large = Err(Error::PayloadTooLarge(over_len));
    for n in [4095, 4096, 4097, 8192] {
        let mut buf = vec![0u8; n];
        assert_eq!(cmd.encode(&mut buf).map(<[u8]>::to_vec), too_large, "into {n} bytes");
    }
    assert_eq!(cmd.encode_heapless::<8192>().map(|v| v.to_vec()), too_large);
    assert_eq!(cmd.to_vec(), too_large);
}
