//! Transport compression: what a bot does to the gateway's WebSocket
//! messages before they are frames.
//!
//! A bot that connects with `compress=zlib-stream` or `compress=zstd-stream`
//! in the gateway URL gets every frame through one compression stream that
//! lasts as long as the connection (Discord's API docs, "Transport
//! Compression"). Both readers here take each binary message as it
//! arrives, hand back whole frames for [`decode`](crate::decode) in a
//! buffer the caller owns, stop on the first error until `reset`, and are
//! reset for every new connection (a resume too: the gateway starts a new
//! stream).
//!
//! | | [`ZlibStream`] (feature `zlib`) | [`ZstdStream`] (feature `zstd`) |
//! |---|---|---|
//! | a frame ends | with a message ending in `00 00 ff ff` (a sync flush); it may span messages | with each message (a flushed block of the one zstd frame) |
//! | back-references | into the 32 KiB before, earlier frames included | into the window the frame header declares |
//! | memory | fixed, in the value (43 KiB), no allocator | the window, on the heap (`alloc`), capped by a limit you set |
//!
//! ```
//! # #[cfg(feature = "zlib")] {
//! use gateway_etf::decode::GatewayEvent;
//! use gateway_etf::transport::ZlibStream;
//!
//! // Erlang: Z = zlib:open(), ok = zlib:deflateInit(Z),
//! // zlib:deflate(Z, term_to_binary(#{op => 11, d => nil, s => nil, t => nil}), sync)
//! let message = [
//!     0x78, 0x9c, 0x6a, 0x2e, 0x61, 0x60, 0x60, 0x60, 0x29, 0x67, 0x4c, 0x29, 0x67, 0xce, 0xcb,
//!     0xcc, 0x29, 0x67, 0xca, 0x2f, 0x48, 0xe4, 0x2e, 0x67, 0x2c, 0x86, 0xf0, 0x18, 0x4b, 0xc0,
//!     0x34, 0x00, 0x00, 0x00, 0xff, 0xff,
//! ];
//! let mut stream = ZlibStream::new();
//! let mut frame = [0u8; 4096];
//! let Some(bytes) = stream.push(&message, &mut frame)? else { panic!("a whole frame") };
//! assert_eq!(GatewayEvent::decode(bytes)?.op, 11);
//! # }
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

/// What both streams implement alike: `Default` as `new()`, and a `Debug`
/// that shows the frame bytes so far (`pending`), the `counters` named
/// and whether an error stopped the stream (`failed`), never the window.
#[cfg(any(feature = "zlib", feature = "zstd"))]
macro_rules! default_and_debug {
    ($stream:ident { $($counter:ident),* }) => {
        impl Default for $stream {
            fn default() -> Self {
                Self::new()
            }
        }

        impl core::fmt::Debug for $stream {
            /// The counters, not the window.
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($stream))
                    .field("pending", &self.filled)
                    $(.field(stringify!($counter), &self.$counter))*
                    .field("failed", &self.failed)
                    .finish_non_exhaustive()
            }
        }
    };
}

#[cfg(feature = "zlib")]
mod inflate;
#[cfg(feature = "zlib")]
mod zlib;
#[cfg(feature = "zstd")]
mod zstd;

#[cfg(feature = "zlib")]
pub use zlib::{InflateError, SYNC_FLUSH, ZlibStream};
#[cfg(feature = "zstd")]
pub use zstd::{DEFAULT_WINDOW_LIMIT, ZstdError, ZstdStream};
