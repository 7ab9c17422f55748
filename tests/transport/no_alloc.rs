//! Inflating allocates nothing: allocation-counter's global allocator
//! counts this test's thread.

use gateway_etf::transport::ZlibStream;

use super::{BIG, connections};

#[test]
fn inflating_allocates_nothing() {
    let (a, b) = connections();
    let mut stream = ZlibStream::new();
    let mut out = vec![0u8; BIG];
    let mut lengths = Vec::with_capacity(a.len() + b.len());
    let n = allocation_counter::measure(|| {
        for f in &a {
            for part in f.message.chunks(1000) {
                if let Some(frame) = stream.push(part, &mut out).unwrap() {
                    lengths.push(frame.len());
                }
            }
        }
        stream.reset();
        for f in &b {
            lengths.push(stream.push(f.message, &mut out).unwrap().unwrap().len());
        }
    })
    .count_total;
    assert_eq!(n, 0);
    let expected: Vec<usize> = a.iter().chain(&b).map(|f| f.frame.len()).collect();
    assert_eq!(lengths, expected);
}
