//! Transport compression as Discord does it, asked for with
//! `compress=zlib-stream` or `compress=zstd-stream` in the gateway URL: one
//! compression context for the whole connection, flushed after every frame
//! so that each WebSocket message ends where a frame does (zlib's sync
//! flush leaves the `00 00 ff ff` suffix; zstd's flush ends a block of the
//! one frame that never ends).
//!
//! The mock compresses with the reference libraries (flate2 on miniz_oxide,
//! libzstd through the `zstd` crate); the bot decompresses with the crate's
//! own `gateway_etf::transport`.

use std::io::Write;

use gateway_etf::transport::{ZlibStream, ZstdStream};

/// What the `compress` URL parameter asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    /// No `compress` parameter: every frame is a message of its own.
    #[default]
    None,
    /// `compress=zlib-stream`.
    ZlibStream,
    /// `compress=zstd-stream`.
    ZstdStream,
}

impl Compression {
    /// Every option, for tests that run with each.
    pub const ALL: [Compression; 3] = [Compression::None, Compression::ZlibStream, Compression::ZstdStream];

    /// The parameter's value (`None` for no compression).
    pub fn name(self) -> Option<&'static str> {
        match self {
            Compression::None => None,
            Compression::ZlibStream => Some("zlib-stream"),
            Compression::ZstdStream => Some("zstd-stream"),
        }
    }

    /// The option named `value`; `None` for an unknown one.
    pub fn from_name(value: &str) -> Option<Compression> {
        Compression::ALL.into_iter().find(|c| c.name() == Some(value))
    }

    /// What to append to a query to ask for it: `&compress=…` or nothing.
    pub fn query(self) -> String {
        self.name().map(|n| format!("&compress={n}")).unwrap_or_default()
    }
}

/// The gateway's side of one connection: frames in, messages out.
pub enum Compressor {
    /// Frames go out as they are.
    None,
    /// One deflate stream, sync-flushed after each frame.
    Zlib(flate2::Compress),
    /// One zstd frame, flushed after each gateway frame.
    Zstd(Box<zstd::stream::write::Encoder<'static, Vec<u8>>>),
}

impl Compressor {
    /// A fresh context for a new connection.
    pub fn new(compression: Compression) -> std::io::Result<Compressor> {
        Ok(match compression {
            Compression::None => Compressor::None,
            Compression::ZlibStream => {
                Compressor::Zlib(flate2::Compress::new(flate2::Compression::default(), true))
            }
            Compression::ZstdStream => {
                Compressor::Zstd(Box::new(zstd::stream::write::Encoder::new(Vec::new(), 3)?))
            }
        })
    }

    /// The bytes that carry `frame`: compressed and flushed, so that they
    /// end where the frame does.
    pub fn compress(&mut self, frame: &[u8]) -> std::io::Result<Vec<u8>> {
        match self {
            Compressor::None => Ok(frame.to_vec()),
            Compressor::Zlib(z) => {
                let mut out = Vec::with_capacity(frame.len() / 2 + 64);
                let mut input = frame;
                loop {
                    let before = z.total_in();
                    z.compress_vec(input, &mut out, flate2::FlushCompress::Sync)?;
                    input = &input[(z.total_in() - before) as usize..];
                    // Done once all is in and the flush left room to spare.
                    if input.is_empty() && out.len() < out.capacity() {
                        return Ok(out);
                    }
                    out.reserve(out.capacity().max(64));
                }
            }
            Compressor::Zstd(z) => {
                z.write_all(frame)?;
                z.flush()?;
                Ok(std::mem::take(z.get_mut()))
            }
        }
    }
}

/// The largest frame the bot takes from a compressed connection: a
/// GUILD_CREATE of a large guild runs to megabytes.
pub const FRAME_LIMIT: usize = 16 << 20;

/// The bot's side of one connection: messages in, frames out, with the
/// crate's own inflaters (`gateway_etf::transport`).
pub struct Inflater {
    stream: Stream,
    /// Where frames are assembled (empty when uncompressed).
    frame: Vec<u8>,
}

enum Stream {
    None,
    Zlib(Box<ZlibStream>),
    Zstd(Box<ZstdStream>),
}

impl Inflater {
    /// An inflater for `compression`, ready for a first connection.
    pub fn new(compression: Compression) -> Inflater {
        let (stream, frame) = match compression {
            Compression::None => (Stream::None, Vec::new()),
            Compression::ZlibStream => (Stream::Zlib(Box::new(ZlibStream::new())), vec![0; FRAME_LIMIT]),
            Compression::ZstdStream => (Stream::Zstd(Box::default()), vec![0; FRAME_LIMIT]),
        };
        Inflater { stream, frame }
    }

    /// A new connection begins: a new stream, nothing pending.
    pub fn reset(&mut self) {
        match &mut self.stream {
            Stream::None => {}
            Stream::Zlib(z) => z.reset(),
            Stream::Zstd(z) => z.reset(),
        }
    }

    /// The frame `message` completes, if it does: the message itself when
    /// uncompressed, else what the stream gives back (`None` while a frame
    /// goes on in later messages).
    pub fn push<'m>(&'m mut self, message: &'m [u8]) -> Result<Option<&'m [u8]>, String> {
        match &mut self.stream {
            Stream::None => Ok(Some(message)),
            Stream::Zlib(z) => z.push(message, &mut self.frame).map_err(|e| format!("zlib-stream: {e}")),
            // Each message carries one whole frame.
            Stream::Zstd(z) => {
                z.push(message, &mut self.frame).map(Some).map_err(|e| format!("zstd-stream: {e}"))
            }
        }
    }
}
