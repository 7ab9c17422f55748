//! The fast path (`src/encode/fast.rs`, with `src/encode/lend.rs` the crate's
//! `unsafe` code) against Erlang's bytes, at every buffer size around each
//! frame's length, so that both the unchecked and the checked way are
//! taken.
//!
//! Buffers are heap allocations of exactly the size under test, so a write
//! past the end is caught: by Miri (`cargo +nightly miri test --test
//! encode -- fast:: sink::`), and in debug builds by the fast path's own
//! room check.

use std::sync::OnceLock;

use crate::support::commands::{Case, Cmd, cases};
use crate::support::golden::{self, Cases};
use gateway_etf::encode::{Lend, Sink, SliceSink};
use gateway_etf::{Command, Error, Resume};

/// Erlang's frames by case name, and our cases.
type Fixtures = (&'static Cases, Vec<Case>);

/// The fixtures, built once for all tests. Under Miri with the subset
/// ([`subset`]), only the cases named in [`SUBSET`].
fn fixtures() -> &'static Fixtures {
    static FIXTURES: OnceLock<Fixtures> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let mut cases = cases();
        if subset() {
            cases.retain(|c| SUBSET.contains(&c.name));
            assert_eq!(cases.len(), SUBSET.len(), "every case of SUBSET is a case");
        }
        (golden::COMMANDS.cases(), cases)
    })
}

/// Whether to run the subset: under Miri with `GATEWAY_ETF_MIRI_SUBSET`
/// set (`MIRIFLAGS=-Zmiri-env-set=GATEWAY_ETF_MIRI_SUBSET=1`), as CI does
/// on the 32-bit and the big-endian target, where the whole set would
/// take minutes more and find what x86-64 finds.
fn subset() -> bool {
    cfg!(miri) && std::env::var_os("GATEWAY_ETF_MIRI_SUBSET").is_some()
}

/// The cases of the subset: every command, and the cases with the most
/// integers (each a 16-byte store), the longest lists, text of several
/// bytes a character and the frame at Discord's limit.
const SUBSET: &[&str] = &[
    "heartbeat_none",
    "heartbeat_u64_max",
    "identify_minimal",
    "identify_unicode",
    "identify_full",
    "presence_several",
    "voice_join",
    "voice_leave",
    "resume_seq_u64_max",
    "resume_max_payload",
    "rgm_prefix",
    "rgm_nonce_32_unicode",
    "rgm_ids_mixed",
    "rgm_ids_100_all_fields",
    "sounds_many",
    "sounds_300_small",
    "channel_info_duplicates",
];

/// The case with a short frame whose upper bound (16 bytes for each of its
/// 300 one-byte integers) is over Discord's limit: written the checked way.
const BOUND_OVER_LIMIT: &str = "sounds_300_small";

/// Buffer sizes to try for a frame of `len` bytes: every size from one
/// short to 64 over (the unchecked way needs the frame's upper bound to
/// fit, which is up to 14 bytes an integer over the length, 15 for one in
/// a list of bytes),
/// then a few larger ones, Discord's limit and past it. Under Miri, which
/// runs this about a thousand times slower, one short, exact and one over,
/// then every eighth size; in the subset, one short, exact, one over, 17
/// over and 64 over.
fn sizes(len: usize) -> impl Iterator<Item = usize> {
    let short = len.saturating_sub(1);
    let near: Vec<usize> = if subset() {
        vec![short, len, len + 1, len + 17, len + 64]
    } else if cfg!(miri) {
        [short, len, len + 1].into_iter().chain((len + 8..=len + 64).step_by(8)).collect()
    } else {
        (short..=len + 64).collect()
    };
    let far = [len + 128, len + 600, len * 2, 4096, 4097, 8192];
    near.into_iter().chain(far.into_iter().filter(move |&n| n > len + 64))
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
        // With spare capacity already there: no reallocation.
        let mut v = Vec::with_capacity(8192);
        v.extend_from_slice(&[1, 2, 3]);
        let at = v.as_ptr();
        assert_eq!(case.cmd.encode_to(&mut v), Ok(want.len()), "{}", case.name);
        assert_eq!((&v[..3], &v[3..], v.as_ptr()), (&[1, 2, 3][..], &want[..], at), "{}", case.name);
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

/// How a sink from outside the crate lends its memory.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lending {
    /// Not at all: `Sink::lender`'s default.
    Nothing,
    /// This many bytes less than asked for.
    Short(usize),
    /// Exactly what it is asked for.
    Exact,
    /// This many bytes more than asked for, where it has them.
    Long(usize),
    /// It panics when asked.
    Panics,
}

/// A sink as one outside the crate would write it: a fixed buffer that
/// lends as `lending` says.
struct Outside {
    buf: Vec<u8>,
    pos: usize,
    lending: Lending,
    pushes: usize,
}

impl Outside {
    fn new(cap: usize, lending: Lending) -> Self {
        Outside { buf: vec![0; cap], pos: 0, lending, pushes: 0 }
    }
    fn written(&self) -> &[u8] {
        &self.buf[..self.pos]
    }
}

impl Sink for Outside {
    fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.pushes += 1;
        self.reserve(bytes.len())?;
        self.buf[self.pos..self.pos + bytes.len()].copy_from_slice(bytes);
        self.pos += bytes.len();
        Ok(())
    }
    fn reserve(&mut self, additional: usize) -> Result<(), Error> {
        let needed = self.pos + additional;
        if needed <= self.buf.len() { Ok(()) } else { Err(Error::BufferFull { needed }) }
    }
    fn lender(&mut self) -> Option<&mut impl Lend> {
        (self.lending != Lending::Nothing).then_some(self)
    }
}

// SAFETY: it lends the unwritten part of its own buffer, and `keep`
// appends what was stored there.
#[allow(unsafe_code)]
unsafe impl Lend for Outside {
    unsafe fn lend(&mut self, room: usize) -> Option<&mut [std::mem::MaybeUninit<u8>]> {
        let n = match self.lending {
            Lending::Nothing => unreachable!("lends nothing"),
            Lending::Short(k) => room.checked_sub(k)?,
            Lending::Exact => room,
            Lending::Long(k) => (room + k).min(self.buf.len() - self.pos).max(room),
            Lending::Panics => panic!("this sink panics when asked to lend"),
        };
        let lent = self.buf.get_mut(self.pos..)?.get_mut(..n)?;
        // SAFETY: our caller stores only initialised bytes into it.
        Some(unsafe { &mut *(std::ptr::from_mut(lent) as *mut [std::mem::MaybeUninit<u8>]) })
    }
    unsafe fn keep(&mut self, n: usize) {
        self.pos += n;
    }
}

/// A sink from outside the crate that lends nothing, or less than it was
/// asked for, gets the frame pushed piece by piece; one that lends what it
/// is asked for, or more, gets it written in place, through its own
/// `lend` and `keep`. Either way: Erlang's bytes, and nothing when the
/// frame does not fit.
#[test]
fn encode_to_a_sink_from_outside_the_crate() {
    let (golden, cases) = fixtures();
    let ways = [
        (Lending::Nothing, false),
        (Lending::Short(1), false),
        (Lending::Short(7), false),
        (Lending::Exact, true),
        (Lending::Long(1), true),
        (Lending::Long(100), true),
    ];
    for case in cases {
        let want = &golden[case.name];
        for (lending, in_place) in ways {
            let at = format!("{} lending {lending:?}", case.name);
            let mut sink = Outside::new(4200, lending);
            assert_eq!(case.cmd.encode_to(&mut sink), Ok(want.len()), "{at}");
            assert_eq!(sink.written(), &want[..], "{at}");
            // A frame whose upper bound (integers counted at 16 bytes) is
            // over Discord's limit takes the checked way.
            let bound_fits = want.len() + 16 * 8 <= 4096 && case.name != BOUND_OVER_LIMIT;
            if bound_fits || !in_place {
                assert_eq!(sink.pushes == 0, in_place, "{at}: written in place?");
            }
            let mut short = Outside::new(want.len() - 1, lending);
            let e = case.cmd.encode_to(&mut short);
            assert_eq!((e, short.pos), (Err(Error::BufferFull { needed: want.len() }), 0), "{at}");
        }
    }
}

/// A sink that panics when asked to lend: the panic reaches the caller,
/// what the sink kept is the start of the frame (nothing, where the frame
/// was to be written in place), and the same sink then takes a frame the
/// checked way.
#[test]
fn a_sink_that_panics_while_lending_keeps_nothing() {
    let (golden, cases) = fixtures();
    for case in cases.iter().take(if cfg!(miri) { 3 } else { usize::MAX }) {
        let want = &golden[case.name];
        let mut sink = Outside::new(4200, Lending::Panics);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| case.cmd.encode_to(&mut sink)));
        assert!(caught.is_err(), "{}: the panic reaches the caller", case.name);
        assert!(want.starts_with(sink.written()), "{}: kept the start of the frame, if anything", case.name);
        if want.len() < 2048 && case.name != BOUND_OVER_LIMIT {
            assert_eq!(sink.pos, 0, "{}: nothing kept", case.name);
        }
        sink.pos = 0;
        sink.lending = Lending::Nothing;
        assert_eq!(case.cmd.encode_to(&mut sink), Ok(want.len()), "{}", case.name);
        assert_eq!(sink.written(), &want[..], "{}", case.name);
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
