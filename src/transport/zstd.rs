//! zstd-stream: one zstd frame per connection, a gateway frame per message.

use alloc::vec::Vec;
use core::fmt;

use structured_zstd::decoding::FrameDecoder;

/// The largest window [`ZstdStream::new`] accepts: 8 MiB, the least RFC
/// 8878 (3.1.1.1.2) recommends every decoder support. Discord's messages
/// declare 256 KiB; [`ZstdStream::with_window_limit`] sets another limit.
pub const DEFAULT_WINDOW_LIMIT: u64 = 8 << 20;

/// The smallest window a zstd frame may declare (RFC 8878 3.1.1.1.2).
const MIN_WINDOW: u64 = 1 << 10;

/// The largest window this decoder can hold (`structured-zstd`'s own
/// ceiling on 32-bit targets); a limit above it is lowered to it.
const MAX_WINDOW: u64 = 1 << 30;

/// A zstd frame's first four bytes (RFC 8878 3.1.1).
const MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// A connection's zstd-stream decompressor (`compress=zstd-stream`): feed
/// it each binary WebSocket message as it arrives, and it hands back the
/// gateway frame the message carries, decompressed.
///
/// # Discord's rules, and the choices made here
///
/// - **One context for the connection.** Discord compresses a connection
///   into one zstd frame that never ends, whose back-references reach into
///   earlier messages, so the window lives in this value across messages.
///   Start each new connection with [`reset`](Self::reset) (a resume too:
///   the gateway starts a new frame).
/// - **A message is one gateway frame.** "Each websocket message
///   corresponds to a single gateway message, but does not end a zstd
///   frame" (API docs, Gateway, "Transport Compression"; twilight-gateway
///   decompresses each message whole, as one event): Discord flushes its
///   compressor (`ZSTD_e_flush`) after each frame, so a message ends on a
///   zstd block boundary and all of its frame decompresses from it. So
///   [`push`](Self::push) returns a frame for every message, and a message
///   that ends inside a block is [`ZstdError::Truncated`]. A gateway frame
///   over 128 KiB spans several blocks, all in the one message.
/// - **Split messages.** A WebSocket message may reach you in pieces
///   (continuation frames, or a reader that hands over bytes as they
///   come): pass every piece but the last to
///   [`push_fragment`](Self::push_fragment), which may split anywhere,
///   even inside a block or the frame header, and the last to `push`. Only
///   the message's end says where the frame ends: a piece that happens to
///   end on a block boundary does not.
/// - **A frame that ends** (Discord's does not) is followed by the next
///   one's header, as libzstd's `ZSTD_decompressStream` (twilight,
///   discord.py's zstd) takes it.
///
/// # Memory
///
/// The window is on the heap: Discord declares 256 KiB, and the decoder
/// holds the window plus one block (128 KiB) of output and its tables:
/// 428,039 bytes held after a session with a 157 KiB frame, 690,216 at
/// the peak, while its buffer grows once from the window to that (the old
/// buffer alive beside the new); `tests/transport/zstd.rs` measures it,
/// allocated on a connection's first message and freed by
/// [`reset`](Self::reset).
/// A frame that declares a larger window than the limit
/// ([`DEFAULT_WINDOW_LIMIT`], or [`with_window_limit`](Self::with_window_limit))
/// is refused before anything is allocated for it. The value itself is
/// 912 bytes on 64-bit targets. The frame goes into the buffer you pass.
///
/// # Errors
///
/// Corrupt or truncated input, a frame larger than your buffer or a
/// window over the limit give a [`ZstdError`]; after any error the value
/// refuses input ([`ZstdError::NeedsReset`]) until [`reset`](Self::reset),
/// because the server's compression context cannot be rejoined: reconnect,
/// then reset. No input makes it panic.
///
/// ```
/// use gateway_etf::decode::GatewayEvent;
/// use gateway_etf::transport::ZstdStream;
///
/// // Python's zstandard (libzstd 1.5.7), one compressobj with a 256 KiB
/// // window, per frame compress(f) + flush(COMPRESSOBJ_FLUSH_BLOCK), f being
/// // term_to_binary(#{op => 11, d => nil, s => nil, t => nil}) twice over.
/// let first = [
///     0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x40, 0x20, 0x01, 0x00, 0x83, 0x74, 0x00, 0x00, 0x00, 0x04,
///     0x77, 0x01, 0x64, 0x77, 0x03, 0x6e, 0x69, 0x6c, 0x77, 0x02, 0x6f, 0x70, 0x61, 0x0b, 0x77,
///     0x01, 0x73, 0x77, 0x03, 0x6e, 0x69, 0x6c, 0x77, 0x01, 0x74, 0x77, 0x03, 0x6e, 0x69, 0x6c,
/// ];
/// let second = [0x34, 0x00, 0x00, 0x00, 0x01, 0x00, 0x0f, 0xa9, 0x80];
///
/// let mut stream = ZstdStream::new();
/// let mut buf = [0u8; 4096];
/// let ack = stream.push(&first, &mut buf)?.to_vec();
/// assert_eq!(GatewayEvent::decode(&ack)?.op, 11);
/// // The second message, 9 bytes, is a back-reference to the first.
/// assert_eq!(stream.push(&second, &mut buf)?, &ack[..]);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
pub struct ZstdStream {
    /// The decoder of the connection's one frame, with its window.
    decoder: FrameDecoder,
    /// Input not decoded yet: the start of a frame header or of a block
    /// that a fragment ended inside. Empty between whole messages.
    pending: Vec<u8>,
    /// The largest window a frame may declare.
    window_limit: u64,
    /// Whether `decoder` is inside a frame (its header read).
    in_frame: bool,
    /// Bytes of the current gateway frame already in the caller's buffer.
    filled: usize,
    /// An error stopped the stream: input is refused until a reset.
    failed: bool,
}

impl ZstdStream {
    /// A stream for a new connection that accepts windows up to
    /// [`DEFAULT_WINDOW_LIMIT`] (8 MiB). Allocates nothing until the first
    /// message.
    #[must_use]
    pub fn new() -> Self {
        Self::with_window_limit(DEFAULT_WINDOW_LIMIT)
    }

    /// A stream that refuses frames declaring a window over `limit` bytes
    /// ([`ZstdError::WindowTooLarge`]): the window is what the decoder
    /// allocates, so this bounds its memory. Discord's is 256 KiB. A limit
    /// under 1 KiB (zstd's smallest window) is raised to it, one over
    /// 1 GiB lowered to it.
    ///
    /// ```
    /// use gateway_etf::transport::{ZstdError, ZstdStream};
    ///
    /// // A frame header declaring a 256 KiB window (descriptor 0x40).
    /// let mut stream = ZstdStream::with_window_limit(64 << 10);
    /// let mut buf = [0u8; 64];
    /// let err = stream.push(&[0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x40], &mut buf);
    /// assert_eq!(err, Err(ZstdError::WindowTooLarge { window: 256 << 10, limit: 64 << 10 }));
    /// ```
    #[must_use]
    pub fn with_window_limit(limit: u64) -> Self {
        let window_limit = limit.clamp(MIN_WINDOW, MAX_WINDOW);
        ZstdStream {
            decoder: new_decoder(window_limit),
            pending: Vec::new(),
            window_limit,
            in_frame: false,
            filled: 0,
            failed: false,
        }
    }

    /// Decompresses one whole received WebSocket message (or the last
    /// piece of one, after [`push_fragment`](Self::push_fragment)) into
    /// `out`, and returns the gateway frame it carries (a prefix of `out`).
    ///
    /// # Errors
    ///
    /// [`ZstdError::FrameTooLarge`] if the frame does not fit in `out`,
    /// [`ZstdError::Corrupt`] if the input is not zstd,
    /// [`ZstdError::Truncated`] if the message ends inside a block or a
    /// frame header, [`ZstdError::WindowTooLarge`] for a window over the
    /// limit, and [`ZstdError::NeedsReset`] after any of these until
    /// [`reset`](Self::reset).
    ///
    /// ```
    /// use gateway_etf::transport::{ZstdError, ZstdStream};
    ///
    /// // term_to_binary(#{op => 11, d => nil, s => nil, t => nil}): 36 bytes.
    /// let ack = [
    ///     0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x40, 0x20, 0x01, 0x00, 0x83, 0x74, 0x00, 0x00, 0x00, 0x04,
    ///     0x77, 0x01, 0x64, 0x77, 0x03, 0x6e, 0x69, 0x6c, 0x77, 0x02, 0x6f, 0x70, 0x61, 0x0b, 0x77,
    ///     0x01, 0x73, 0x77, 0x03, 0x6e, 0x69, 0x6c, 0x77, 0x01, 0x74, 0x77, 0x03, 0x6e, 0x69, 0x6c,
    /// ];
    /// let mut stream = ZstdStream::new();
    /// assert_eq!(stream.push(&ack, &mut [0u8; 16]), Err(ZstdError::FrameTooLarge { capacity: 16 }));
    /// assert_eq!(stream.push(&ack, &mut [0u8; 64]), Err(ZstdError::NeedsReset));
    ///
    /// stream.reset();
    /// assert_eq!(stream.push(&ack, &mut [0u8; 64])?.len(), 36);
    /// // Cut short inside its block.
    /// stream.reset();
    /// assert_eq!(stream.push(&ack[..40], &mut [0u8; 64]), Err(ZstdError::Truncated));
    /// # Ok::<(), ZstdError>(())
    /// ```
    pub fn push<'o>(&mut self, message: &[u8], out: &'o mut [u8]) -> Result<&'o [u8], ZstdError> {
        self.guarded(message, out, true)?;
        let len = core::mem::take(&mut self.filled);
        let out: &'o [u8] = out;
        Ok(out.get(..len).unwrap_or_default())
    }

    /// Decompresses a piece of a message that more pieces follow, into
    /// `out` after the [`pending`](Self::pending) bytes already there;
    /// pass the same `out` to every push until [`push`](Self::push) takes
    /// the message's last piece and returns the whole frame. A piece may
    /// end anywhere; the bytes of a block it ends inside are kept (copied)
    /// until the block is whole.
    ///
    /// # Errors
    ///
    /// As [`push`](Self::push), but for [`ZstdError::Truncated`], which
    /// only a message's end can tell.
    ///
    /// ```
    /// use gateway_etf::transport::ZstdStream;
    ///
    /// let ack = [
    ///     0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x40, 0x20, 0x01, 0x00, 0x83, 0x74, 0x00, 0x00, 0x00, 0x04,
    ///     0x77, 0x01, 0x64, 0x77, 0x03, 0x6e, 0x69, 0x6c, 0x77, 0x02, 0x6f, 0x70, 0x61, 0x0b, 0x77,
    ///     0x01, 0x73, 0x77, 0x03, 0x6e, 0x69, 0x6c, 0x77, 0x01, 0x74, 0x77, 0x03, 0x6e, 0x69, 0x6c,
    /// ];
    /// let mut stream = ZstdStream::new();
    /// let mut buf = [0u8; 64];
    /// // One byte at a time, the last byte ending the message.
    /// for byte in ack[..ack.len() - 1].chunks(1) {
    ///     stream.push_fragment(byte, &mut buf)?;
    /// }
    /// assert_eq!(stream.push(&ack[ack.len() - 1..], &mut buf)?.len(), 36);
    /// # Ok::<(), gateway_etf::transport::ZstdError>(())
    /// ```
    pub fn push_fragment(&mut self, fragment: &[u8], out: &mut [u8]) -> Result<(), ZstdError> {
        self.guarded(fragment, out, false)
    }

    /// Bytes of the current frame already decompressed into the caller's
    /// buffer by [`push_fragment`](Self::push_fragment); 0 between frames.
    #[must_use]
    pub fn pending(&self) -> usize {
        self.filled
    }

    /// Forgets the connection: the frame, its window and any piece of a
    /// message, and clears an error. The window's memory is freed (the
    /// decoder's own reset would keep the old buffer and allocate another
    /// beside it) and allocated again by the next connection's first
    /// message. Call it before the first message of
    /// every new connection (a resume included), and after an error, once
    /// reconnected.
    ///
    /// ```
    /// use gateway_etf::transport::{ZstdError, ZstdStream};
    ///
    /// let mut stream = ZstdStream::new();
    /// let mut buf = [0u8; 64];
    /// // Not a zstd frame: its magic number is wrong.
    /// assert_eq!(stream.push(&[0x28, 0xb5, 0x2f, 0xfe, 0x00, 0x40], &mut buf), Err(ZstdError::Corrupt));
    /// assert_eq!(stream.push(&[], &mut buf), Err(ZstdError::NeedsReset));
    /// stream.reset();
    /// assert_eq!(stream.push(&[], &mut buf), Ok(&[][..]));
    /// ```
    pub fn reset(&mut self) {
        self.decoder = new_decoder(self.window_limit);
        self.pending.clear();
        self.in_frame = false;
        self.filled = 0;
        self.failed = false;
    }

    /// [`decompress`](Self::decompress), refused after an error and
    /// turning any error into a stop.
    fn guarded(&mut self, input: &[u8], out: &mut [u8], ends_message: bool) -> Result<(), ZstdError> {
        if self.failed {
            return Err(ZstdError::NeedsReset);
        }
        let result = if self.pending.is_empty() {
            self.decompress(input, out, ends_message)
        } else {
            // The rest of a block or header that a fragment ended inside.
            let mut pending = core::mem::take(&mut self.pending);
            pending.extend_from_slice(input);
            let result = self.decompress(&pending, out, ends_message);
            if self.pending.is_empty() {
                // Keep the allocation for the next split block.
                pending.clear();
                self.pending = pending;
            }
            result
        };
        if result.is_err() {
            self.failed = true;
        }
        result
    }

    /// Decodes every whole block (and frame header) of `input` into `out`
    /// after the `filled` bytes; keeps the rest in `pending`, or, if
    /// `ends_message`, refuses it.
    fn decompress(&mut self, mut input: &[u8], out: &mut [u8], ends_message: bool) -> Result<(), ZstdError> {
        loop {
            if !self.in_frame {
                if input.is_empty() {
                    return Ok(());
                }
                let Some(header_len) = self.check_header(input)? else {
                    return self.keep(input, ends_message);
                };
                let (header, rest) = input.split_at(header_len);
                self.decoder.reset(header).map_err(|_| ZstdError::Corrupt)?;
                self.in_frame = true;
                input = rest;
            }
            // Output a full buffer left behind is delivered before anything
            // else, even the end of the frame.
            let undelivered = self.decoder.can_collect();
            if undelivered == 0 {
                let needed = self.decoder.input_needed(input);
                if needed == 0 {
                    // The frame ended (and any checksum is read): a new
                    // one may follow.
                    self.in_frame = false;
                    continue;
                }
                if needed > input.len() {
                    return self.keep(input, ends_message);
                }
            }
            let room = out.get_mut(self.filled..).unwrap_or_default();
            if room.is_empty() && undelivered > 0 {
                return Err(ZstdError::FrameTooLarge { capacity: out.len() });
            }
            let (read, written) = self.decoder.decode_from_to(input, room).map_err(|_| ZstdError::Corrupt)?;
            input = input.get(read..).unwrap_or_default();
            self.filled += written;
            if read == 0 && written == 0 {
                // No progress is possible from this input (never seen).
                return Err(ZstdError::Corrupt);
            }
        }
    }

    /// Keeps `rest`, the start of a block or header, for the next piece of
    /// the message; at a message's end it is a truncation.
    fn keep(&mut self, rest: &[u8], ends_message: bool) -> Result<(), ZstdError> {
        if ends_message && !rest.is_empty() {
            return Err(ZstdError::Truncated);
        }
        self.pending.extend_from_slice(rest);
        Ok(())
    }

    /// The length of the frame header `input` starts with, once `input`
    /// holds all of it (`None` before), after checking its magic number
    /// and that its window is within the limit (RFC 8878 3.1.1.1).
    fn check_header(&self, input: &[u8]) -> Result<Option<usize>, ZstdError> {
        let magic_len = MAGIC.len().min(input.len());
        if input.get(..magic_len) != MAGIC.get(..magic_len) {
            return Err(ZstdError::Corrupt);
        }
        let Some(&descriptor) = input.get(MAGIC.len()) else { return Ok(None) };
        let single_segment = descriptor & 0x20 != 0;
        if descriptor & 0x08 != 0 {
            // The reserved bit.
            return Err(ZstdError::Corrupt);
        }
        let window_len = usize::from(!single_segment);
        let dictionary_len = [0, 1, 2, 4][usize::from(descriptor & 0x03)];
        let content_size_len = match descriptor >> 6 {
            0 => usize::from(single_segment),
            flag => 1 << flag,
        };
        let header_len = MAGIC.len() + 1 + window_len + dictionary_len + content_size_len;
        let Some(header) = input.get(..header_len) else { return Ok(None) };
        let window = if single_segment {
            // The window is the content: its size, stored little-endian
            // (a 2-byte size is offset by 256).
            let mut size = [0u8; 8];
            let field = header.get(header_len - content_size_len..).unwrap_or_default();
            size.get_mut(..field.len()).unwrap_or_default().copy_from_slice(field);
            let size = u64::from_le_bytes(size);
            if content_size_len == 2 { size + 256 } else { size }
        } else {
            let descriptor = u64::from(header.get(MAGIC.len() + 1).copied().unwrap_or_default());
            let base = 1u64 << (10 + (descriptor >> 3));
            base + (base / 8) * (descriptor & 0x07)
        };
        if window > self.window_limit {
            return Err(ZstdError::WindowTooLarge { window, limit: self.window_limit });
        }
        Ok(Some(header_len))
    }
}

/// A decoder that allocates nothing until a frame starts, and refuses
/// windows over `window_limit` (in range, by [`ZstdStream::with_window_limit`]'s
/// clamp; [`ZstdStream::check_header`] refuses a larger window first anyway).
fn new_decoder(window_limit: u64) -> FrameDecoder {
    let mut decoder = FrameDecoder::new();
    let _ = decoder.set_max_window_size(window_limit);
    decoder
}

default_and_debug!(ZstdStream { in_frame, window_limit });

/// Why a [`ZstdStream`] stopped. After any of these it refuses input
/// ([`NeedsReset`](Self::NeedsReset)) until [`ZstdStream::reset`].
///
/// ```
/// use gateway_etf::transport::ZstdError;
/// assert_eq!(ZstdError::Truncated.to_string(), "zstd message ends inside a block");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum ZstdError {
    /// The input is not zstd: a bad magic number, frame header or block.
    Corrupt,
    /// A message ends inside a block or a frame header: Discord flushes
    /// its compressor at the end of every message, so the message was cut
    /// short.
    Truncated,
    /// The frame is larger than the buffer passed, of `capacity` bytes.
    /// Nothing is truncated: the frame is lost, so reconnect (and resume)
    /// with a larger buffer.
    FrameTooLarge {
        /// The length of the buffer that was too small.
        capacity: usize,
    },
    /// The zstd frame declares a window larger than the stream's limit
    /// ([`ZstdStream::with_window_limit`]).
    WindowTooLarge {
        /// The window the frame declares, in bytes.
        window: u64,
        /// The stream's limit, in bytes.
        limit: u64,
    },
    /// An earlier error stopped the stream; [`ZstdStream::reset`] it (for
    /// a new connection) first.
    NeedsReset,
}

impl fmt::Display for ZstdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ZstdError::Corrupt => f.write_str("corrupt zstd stream"),
            ZstdError::Truncated => f.write_str("zstd message ends inside a block"),
            ZstdError::FrameTooLarge { capacity } => {
                write!(f, "frame larger than the {capacity}-byte buffer")
            }
            ZstdError::WindowTooLarge { window, limit } => {
                write!(f, "zstd window of {window} bytes, over the limit of {limit}")
            }
            ZstdError::NeedsReset => f.write_str("zstd stream stopped by an earlier error: reset it"),
        }
    }
}

impl core::error::Error for ZstdError {}
