//! Transport compression, `src/transport/`: one module here per way of
//! looking at it, the zlib-stream helpers below shared by the first three.
//!
//! | module | what it checks |
//! |---|---|
//! | `golden` | Erlang's zlib-stream connections (golden/zlib.hex) inflated frame by frame and compared with Erlang's frames, the messages split every awkward way, then decoded; two connections with a reset between them |
//! | `errors` | zlib-stream: a frame larger than the buffer, corrupt and truncated input, a stream that ends: each error typed, input refused until a reset, and a reset that works |
//! | `no_alloc` | inflating zlib-stream allocates nothing (allocation-counter's global allocator) |
//! | `zstd` | zstd-stream connections written by the reference zstd (golden/zstd_stream.hex) decompressed message by message and compared with Erlang's frames, then decoded; messages split every way Discord's rule allows; frames too large, corrupt and truncated input, windows over the limit: each error typed, input refused until a reset; a reset for the next connection; memory |

#[path = "../support/mod.rs"]
mod support;

mod errors;
mod golden;
mod no_alloc;
mod zstd;

use gateway_etf::transport::{InflateError, ZlibStream};
use support::golden::{Compressed, zlib_connection};

/// Room for the largest frame in golden/zlib.hex (GUILD_CREATE, 145 KB).
const BIG: usize = 256 * 1024;

/// Pushes each frame's message in the parts `split` cuts it into, and
/// checks that only the last part of each completes a frame; returns the
/// frames in order.
fn inflate_split(
    stream: &mut ZlibStream,
    frames: &[Compressed],
    split: impl Fn(&'static [u8]) -> Vec<&'static [u8]>,
) -> Result<Vec<Vec<u8>>, InflateError> {
    let mut out = vec![0u8; BIG];
    let mut got = Vec::new();
    for f in frames {
        let parts = split(f.message);
        let (last, init) = parts.split_last().expect("at least one part");
        for (i, part) in init.iter().enumerate() {
            if let Some(early) = stream.push(part, &mut out)? {
                panic!("{}: part {i} of {} completed a frame of {} bytes", f.name, parts.len(), early.len());
            }
        }
        let frame = stream.push(last, &mut out)?;
        got.push(
            frame.unwrap_or_else(|| panic!("{}: the last part did not complete the frame", f.name)).to_vec(),
        );
    }
    Ok(got)
}

/// The whole message as one part.
fn whole(message: &'static [u8]) -> Vec<&'static [u8]> {
    vec![message]
}

/// Connection `a` (a whole session) and `b` (the next one).
fn connections() -> (Vec<Compressed>, Vec<Compressed>) {
    (zlib_connection("a"), zlib_connection("b"))
}
