//! Encoding never allocates: a counting global allocator sees no allocation
//! while every command is encoded into a slice and into a `heapless::Vec`,
//! nor while every Writer case runs, nor on any error path.
//!
//! Allocations are counted only on the thread that asked for counting and
//! only while it counts, so the test harness allocating on other threads
//! (or between measurements) cannot disturb the result. Expected bytes and
//! inputs are prepared before counting starts; inside, results are only
//! compared, and asserted once counting has stopped.

mod support;

use gateway_etf::encode::SliceSink;
use gateway_etf::encode::Writer;
use gateway_etf::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use support::commands::{self, Cmd, GUILD};
use support::{golden, writer};

/// The system allocator, counting the allocations of threads that opted in.
struct Counting;

thread_local! {
    /// Whether this thread's allocations are being counted. `const`-initialised
    /// and without `Drop`, so reading it never allocates.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    /// This thread's allocations since counting started.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn note_allocation() {
    // try_with: thread-locals may be gone while a thread exits.
    let _ = COUNTING.try_with(|counting| {
        if counting.get() {
            let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        }
    });
}

// SAFETY: every call is forwarded unchanged to `System`, which upholds the
// GlobalAlloc contract; counting touches only const thread-locals.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: the caller's guarantees for `layout` are passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_allocation();
        // SAFETY: `ptr` came from `System` through this allocator, with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` through this allocator, with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// How many allocations this thread makes while running `f`.
fn allocations_in(f: impl FnOnce()) -> usize {
    ALLOCATIONS.with(|n| n.set(0));
    COUNTING.with(|c| c.set(true));
    f();
    COUNTING.with(|c| c.set(false));
    ALLOCATIONS.with(Cell::get)
}

/// Every command case with its Erlang bytes, prepared before counting.
fn prepared() -> Vec<(&'static str, Cmd<'static>, Vec<u8>)> {
    let golden = golden::COMMANDS.cases();
    commands::cases().into_iter().map(|c| (c.name, c.cmd, golden[c.name].clone())).collect()
}

#[test]
fn the_counter_counts() {
    let heartbeat = Heartbeat::new(Some(1));
    let mut frame = None;
    let n = allocations_in(|| frame = Some(heartbeat.to_vec()));
    assert!(n > 0, "to_vec allocated nothing: the counter does not work");
    assert_eq!(frame.unwrap().unwrap().len(), heartbeat.encoded_len());
}

#[test]
fn commands_into_a_slice_allocate_nothing() {
    let cases = prepared();
    let mut buf = [0u8; Error::MAX_PAYLOAD];
    let mut wrong = 0;
    let n = allocations_in(|| {
        for (_, cmd, frame) in &cases {
            let len = cmd.encoded_len();
            wrong += usize::from(cmd.validate().is_err());
            wrong += usize::from(cmd.checked_len() != Ok(len));
            wrong += usize::from(cmd.encode(&mut buf) != Ok(&frame[..]));
            let mut sink = SliceSink::new(&mut buf);
            wrong += usize::from(cmd.encode_to(&mut sink) != Ok(len));
            // Too short by one byte: the error path.
            let short = &mut buf[..len - 1];
            wrong += usize::from(cmd.encode(short) != Err(Error::BufferFull { needed: len }));
        }
    });
    assert_eq!(wrong, 0, "some command encoded wrongly");
    assert_eq!(n, 0, "encoding into a slice allocated {n} times");
}

#[test]
fn commands_into_a_heapless_vec_allocate_nothing() {
    let cases = prepared();
    let mut wrong = 0;
    let n = allocations_in(|| {
        let mut out: heapless::Vec<u8, { Error::MAX_PAYLOAD }> = heapless::Vec::new();
        let mut small: heapless::Vec<u8, 16> = heapless::Vec::new();
        for (_, cmd, frame) in &cases {
            out.clear();
            wrong += usize::from(cmd.encode_to(&mut out) != Ok(frame.len()) || out[..] != frame[..]);
            let owned = cmd.encode_heapless::<{ Error::MAX_PAYLOAD }>();
            wrong += usize::from(owned.as_deref() != Ok(&frame[..]));
            wrong += usize::from(cmd.encode_to(&mut small) != Err(Error::BufferFull { needed: frame.len() }));
        }
    });
    assert_eq!(wrong, 0, "some command encoded wrongly");
    assert_eq!(n, 0, "encoding into a heapless::Vec allocated {n} times");
}

#[test]
fn writer_cases_allocate_nothing() {
    let cases = writer::cases();
    let golden = golden::WRITER.cases();
    let expected: Vec<&[u8]> = cases.iter().map(|c| &golden[c.name][..]).collect();
    let mut buf = vec![0u8; writer::BUF_LEN];
    let mut wrong = 0;
    let n = allocations_in(|| {
        for (case, frame) in cases.iter().zip(&expected) {
            wrong += usize::from(case.run(&mut buf) != Ok(*frame));
        }
    });
    assert_eq!(wrong, 0, "some writer case wrote wrongly");
    assert_eq!(n, 0, "the Writer allocated {n} times");
}

#[test]
fn error_paths_allocate_nothing() {
    let long_token = "t".repeat(5000);
    let long_atom = "é".repeat(256);
    let ids = [GUILD; 101];
    let refused: [(Cmd<'_>, Error); 6] = [
        (commands::identify().large_threshold(49).into(), Error::LargeThresholdOutOfRange(49)),
        (RequestGuildMembers::user_ids(GUILD, &ids).into(), Error::TooManyUserIds(101)),
        (RequestGuildMembers::query(GUILD, "a", 101).into(), Error::LimitTooHigh(101)),
        (RequestGuildMembers::query(GUILD, "", 0).nonce(&long_token[..33]).into(), Error::NonceTooLong(33)),
        (Resume::new(&long_token, "s", 1).into(), Error::PayloadTooLarge(5072)),
        // identify_minimal is 155 bytes.
        (commands::identify().into(), Error::BufferFull { needed: 155 }),
    ];
    let mut buf = [0u8; 100];
    let mut wrong = 0;
    let n = allocations_in(|| {
        for (cmd, err) in &refused {
            wrong += usize::from(cmd.encode(&mut buf) != Err(*err));
        }
        wrong += usize::from(ShardId::new(0, 0) != Err(Error::InvalidShard { id: 0, count: 0 }));
        let mut w = Writer::new(SliceSink::new(&mut buf));
        wrong += usize::from(w.float(f64::NAN).err() != Some(Error::NonFiniteFloat));
        wrong += usize::from(w.atom(&long_atom).err() != Some(Error::AtomTooLong(256)));
        wrong += usize::from(w.str(&long_token).err() != Some(Error::BufferFull { needed: 5005 }));
    });
    assert_eq!(wrong, 0, "some error was not the expected one");
    assert_eq!(n, 0, "an error path allocated {n} times");
}
