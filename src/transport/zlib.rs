//! zlib-stream: one inflate context per connection, a frame per sync flush.

use core::fmt;

use super::inflate::{DecompressorOxide, TINFL_LZ_DICT_SIZE, TINFLStatus, decompress};

/// The last four bytes of a sync flush (`Z_SYNC_FLUSH`): the empty stored
/// block that ends every frame of a zlib-stream connection.
///
/// ```
/// use gateway_etf::transport::SYNC_FLUSH;
/// let message: &[u8] = &[0x6a, 0x26, 0x42, 0x0d, 0x00, 0x00, 0x00, 0xff, 0xff];
/// assert!(message.ends_with(&SYNC_FLUSH));
/// ```
pub const SYNC_FLUSH: [u8; 4] = [0x00, 0x00, 0xff, 0xff];

/// Deflate's largest back-reference, and so the history a connection's
/// inflater must keep across frames: 32 KiB.
const WINDOW: usize = TINFL_LZ_DICT_SIZE;

/// The most bytes a sync flush's empty stored block spans: its 3 header
/// bits (in the last partial byte of the block before, or a byte of
/// their own) and `00 00 ff ff`. A block with data spans more.
const FLUSH_BLOCK_MAX: usize = 1 + SYNC_FLUSH.len();

/// The zlib header's length (CMF, FLG; a preset dictionary, which would
/// follow, is refused): input before the first block.
const ZLIB_HEADER: usize = 2;

/// A connection's zlib-stream inflater (`compress=zlib-stream`): feed it
/// each binary WebSocket message as it arrives, and it hands back each
/// whole frame, decompressed, when the message that ends it arrives.
///
/// # Discord's rules, and the choices made here
///
/// - **One context for the connection.** Frames are deflated by one
///   stream whose back-references reach into earlier frames, so the 32 KiB
///   window lives in this value and persists across frames; output is
///   copied from it into your frame buffer. Start each new connection with
///   [`reset`](Self::reset) (a resume too: the gateway starts a new stream).
/// - **A frame ends with a message ending in `00 00 ff ff`**
///   ([`SYNC_FLUSH`]). discord.py and twilight-gateway look at the last 4
///   bytes of each message alone; this looks at the last 4 bytes received,
///   so a suffix split across two messages also counts, and then also
///   requires that those bytes really were a sync flush (the inflater has
///   just finished a block no longer than the flush's empty stored one),
///   so a message that merely happens to end in those bytes in the middle
///   of a frame does not cut it short. As in Discord's rule, a frame only
///   ends where a message does: one message never carries two frames.
/// - **Inflated as it arrives.** Each message is inflated when pushed;
///   nothing is buffered, since a sync flush guarantees all of a frame's
///   output is out when its last byte is in. Only the frame's bytes so far
///   are kept, in your buffer.
///
/// # Memory
///
/// Fixed and in the value: the 32 KiB window, the inflate core's state
/// (miniz_oxide's `DecompressorOxide`, brought into this crate: about
/// 10,500 bytes, its Huffman tables for dynamic blocks) and a few
/// counters; `size_of::<ZlibStream>()` is 43,292 bytes on 32-bit targets
/// and 43,320 on 64-bit ones. A fixed-Huffman block's tables are
/// constants (6,400 bytes, in flash on a microcontroller), built at
/// compile time. [`new`](Self::new) is `const` and all zero bytes, so the
/// value can be a `static` in `.bss` on a microcontroller; the
/// decompressor is set up, in place, on the first [`push`](Self::push).
/// The frame goes into the buffer you pass: pass the same buffer to every
/// push until a frame comes back, since a frame spread over several
/// messages is assembled in it.
///
/// # Errors
///
/// Corrupt input, a frame larger than your buffer or a stream that ends
/// give an [`InflateError`]; after any error the value refuses input
/// ([`InflateError::NeedsReset`]) until [`reset`](Self::reset), because
/// the server's deflate context cannot be rejoined: reconnect, then reset.
/// No input makes it panic.
///
/// ```
/// use gateway_etf::transport::ZlibStream;
///
/// // Erlang, one deflate context: two heartbeat ACKs, each
/// // zlib:deflate(Z, term_to_binary(#{op => 11, d => nil, s => nil, t => nil}), sync).
/// // The second is 9 bytes: a back-reference to the first.
/// let first = [
///     0x78, 0x9c, 0x6a, 0x2e, 0x61, 0x60, 0x60, 0x60, 0x29, 0x67, 0x4c, 0x29, 0x67, 0xce, 0xcb,
///     0xcc, 0x29, 0x67, 0xca, 0x2f, 0x48, 0xe4, 0x2e, 0x67, 0x2c, 0x86, 0xf0, 0x18, 0x4b, 0xc0,
///     0x34, 0x00, 0x00, 0x00, 0xff, 0xff,
/// ];
/// let second = [0x6a, 0x26, 0x42, 0x0d, 0x00, 0x00, 0x00, 0xff, 0xff];
///
/// let mut stream = ZlibStream::new();
/// let mut buf = [0u8; 4096];
/// let ack = stream.push(&first, &mut buf)?.expect("a whole frame").to_vec();
/// assert_eq!(ack.len(), 36);
/// // The second frame, split mid-suffix over two messages.
/// assert_eq!(stream.push(&second[..7], &mut buf)?, None);
/// assert_eq!(stream.push(&second[7..], &mut buf)?, Some(&ack[..]));
/// # Ok::<(), gateway_etf::transport::InflateError>(())
/// ```
pub struct ZlibStream {
    /// The last 32 KiB of output, written round and round: what
    /// back-references read, frames before included.
    window: [u8; WINDOW],
    /// The inflate core's state (miniz_oxide's, in `super::inflate`),
    /// all zeros when new.
    inflater: DecompressorOxide,
    /// Where in `window` the next output goes.
    window_pos: usize,
    /// Bytes of the current frame already in the caller's buffer.
    filled: usize,
    /// The last input bytes, the latest in the low byte: `tail_len` of
    /// them (at most 4) since the last frame ended.
    tail: u32,
    tail_len: u8,
    /// Input bytes consumed since the last block ended (or, for the first
    /// block, since the zlib header).
    since_block: usize,
    /// Bytes of the zlib header read so far (up to [`ZLIB_HEADER`]).
    header_read: usize,
    /// Input bytes the last block to end spanned, if no input has been
    /// consumed since it ended (`None` otherwise): the inflater stands at a
    /// block boundary.
    at_boundary: Option<usize>,
    /// An error stopped the stream: input is refused until a reset.
    failed: bool,
}

// The budget for a connection's whole inflater.
const _: () = assert!(size_of::<ZlibStream>() <= 48 * 1024);

impl ZlibStream {
    /// A stream for a new connection: empty window, no frame begun.
    ///
    /// ```
    /// use gateway_etf::transport::ZlibStream;
    /// // The whole inflater in static memory, no allocator.
    /// static STREAM: std::sync::Mutex<ZlibStream> = std::sync::Mutex::new(ZlibStream::new());
    /// assert_eq!(STREAM.lock().unwrap().pending(), 0);
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        ZlibStream {
            window: [0; WINDOW],
            inflater: DecompressorOxide::new(),
            window_pos: 0,
            filled: 0,
            tail: 0,
            tail_len: 0,
            since_block: 0,
            header_read: 0,
            at_boundary: None,
            failed: false,
        }
    }

    /// Inflates one received WebSocket message into `out`, and returns the
    /// whole frame (a prefix of `out`) if this message ends it, `None` if
    /// the frame goes on in later messages.
    ///
    /// Pass the same `out` to every push until a frame comes back: a frame
    /// spread over several messages is assembled in it, from where the
    /// previous push left off ([`pending`](Self::pending) bytes in).
    ///
    /// # Errors
    ///
    /// [`InflateError::FrameTooLarge`] if the frame does not fit in `out`,
    /// [`InflateError::Corrupt`] if the input is not a zlib stream,
    /// [`InflateError::StreamEnded`] if it ends (Discord's never does), and
    /// [`InflateError::NeedsReset`] after any of these until
    /// [`reset`](Self::reset).
    ///
    /// ```
    /// use gateway_etf::transport::{InflateError, ZlibStream};
    ///
    /// // term_to_binary(#{op => 11, d => nil, s => nil, t => nil}) is 36 bytes.
    /// let ack = [
    ///     0x78, 0x9c, 0x6a, 0x2e, 0x61, 0x60, 0x60, 0x60, 0x29, 0x67, 0x4c, 0x29, 0x67, 0xce, 0xcb,
    ///     0xcc, 0x29, 0x67, 0xca, 0x2f, 0x48, 0xe4, 0x2e, 0x67, 0x2c, 0x86, 0xf0, 0x18, 0x4b, 0xc0,
    ///     0x34, 0x00, 0x00, 0x00, 0xff, 0xff,
    /// ];
    /// let mut stream = ZlibStream::new();
    /// let mut small = [0u8; 16];
    /// assert_eq!(stream.push(&ack, &mut small), Err(InflateError::FrameTooLarge { capacity: 16 }));
    /// assert_eq!(stream.push(&ack, &mut small), Err(InflateError::NeedsReset));
    ///
    /// stream.reset();
    /// let mut buf = [0u8; 64];
    /// assert_eq!(stream.push(&ack, &mut buf)?.map(<[u8]>::len), Some(36));
    /// # Ok::<(), InflateError>(())
    /// ```
    pub fn push<'o>(&mut self, message: &[u8], out: &'o mut [u8]) -> Result<Option<&'o [u8]>, InflateError> {
        if self.failed {
            return Err(InflateError::NeedsReset);
        }
        match self.inflate(message, out) {
            Ok(()) => {}
            Err(e) => {
                self.failed = true;
                return Err(e);
            }
        }
        for &byte in message.get(message.len().saturating_sub(4)..).unwrap_or_default() {
            self.tail = self.tail << 8 | u32::from(byte);
            self.tail_len = (self.tail_len + 1).min(4);
        }
        let flushed = self.tail_len == 4
            && self.tail == u32::from_be_bytes(SYNC_FLUSH)
            && self.at_boundary.is_some_and(|spanned| spanned <= FLUSH_BLOCK_MAX);
        if !flushed {
            return Ok(None);
        }
        let len = core::mem::take(&mut self.filled);
        self.tail_len = 0;
        let out: &'o [u8] = out;
        Ok(Some(out.get(..len).unwrap_or_default()))
    }

    /// Runs the whole message through the inflater, appending its output
    /// to `out` after the `filled` bytes already there.
    fn inflate(&mut self, mut input: &[u8], out: &mut [u8]) -> Result<(), InflateError> {
        let inflater = &mut self.inflater;
        // A window that filled up may hold back more output even when the
        // input is all read.
        let mut more_output = false;
        while !input.is_empty() || more_output {
            let (status, read, written) = decompress(inflater, input, &mut self.window, self.window_pos);
            input = input.get(read..).unwrap_or_default();
            let from = self.window.get(self.window_pos..self.window_pos + written);
            let to = out.get_mut(self.filled..self.filled + written);
            match (from, to) {
                (Some(from), Some(to)) => to.copy_from_slice(from),
                (_, None) => return Err(InflateError::FrameTooLarge { capacity: out.len() }),
                (None, _) => return Err(InflateError::Corrupt),
            }
            self.filled += written;
            self.window_pos = (self.window_pos + written) % WINDOW;
            let header = read.min(ZLIB_HEADER - self.header_read);
            self.header_read += header;
            self.since_block = self.since_block.saturating_add(read - header);
            if read > 0 {
                self.at_boundary = None;
            }
            more_output = false;
            match status {
                TINFLStatus::BlockBoundary => {
                    self.at_boundary = Some(self.since_block);
                    self.since_block = 0;
                }
                TINFLStatus::NeedsMoreInput => {}
                // The window's end: carry on from its start.
                TINFLStatus::HasMoreOutput if read > 0 || written > 0 => more_output = true,
                TINFLStatus::Done => return Err(InflateError::StreamEnded),
                // Invalid data, or (never seen) no progress at all.
                _ => return Err(InflateError::Corrupt),
            }
        }
        Ok(())
    }

    /// Forgets the connection: empties the window and the frame begun, and
    /// clears an error. Call it before the first message of every new
    /// connection (a resume included), and after an error, once
    /// reconnected.
    ///
    /// ```
    /// use gateway_etf::transport::{InflateError, ZlibStream};
    ///
    /// let mut stream = ZlibStream::new();
    /// let mut buf = [0u8; 64];
    /// // 0x79 is no zlib header: the stream stops...
    /// assert_eq!(stream.push(&[0x79, 0x9c], &mut buf), Err(InflateError::Corrupt));
    /// assert_eq!(stream.push(&[0x78, 0x9c], &mut buf), Err(InflateError::NeedsReset));
    /// // ...and the next connection's starts afresh: a zlib header, no frame yet.
    /// stream.reset();
    /// assert_eq!(stream.push(&[0x78, 0x9c], &mut buf), Ok(None));
    /// ```
    pub fn reset(&mut self) {
        self.inflater.init();
        // A corrupt stream's back-reference past its start reads this
        // (the inflate core does not check it in a window that wraps):
        // zeros, never the previous connection's frames.
        self.window = [0; WINDOW];
        self.window_pos = 0;
        self.filled = 0;
        self.tail_len = 0;
        self.since_block = 0;
        self.header_read = 0;
        self.at_boundary = None;
        self.failed = false;
    }

    /// Bytes of an unfinished frame already inflated into the buffer: 0
    /// between frames. A connection that closes with this above 0 cut a
    /// frame short.
    ///
    /// ```
    /// use gateway_etf::transport::ZlibStream;
    ///
    /// let ack = [
    ///     0x78, 0x9c, 0x6a, 0x2e, 0x61, 0x60, 0x60, 0x60, 0x29, 0x67, 0x4c, 0x29, 0x67, 0xce, 0xcb,
    ///     0xcc, 0x29, 0x67, 0xca, 0x2f, 0x48, 0xe4, 0x2e, 0x67, 0x2c, 0x86, 0xf0, 0x18, 0x4b, 0xc0,
    ///     0x34, 0x00, 0x00, 0x00, 0xff, 0xff,
    /// ];
    /// let mut stream = ZlibStream::new();
    /// let mut buf = [0u8; 64];
    /// // term_to_binary(#{op => 11, d => nil, s => nil, t => nil})
    /// let frame = [
    ///     131, 116, 0, 0, 0, 4, 119, 1, 100, 119, 3, 110, 105, 108, 119, 2, 111, 112, 97, 11, 119,
    ///     1, 115, 119, 3, 110, 105, 108, 119, 1, 116, 119, 3, 110, 105, 108,
    /// ];
    /// assert_eq!(stream.push(&ack[..30], &mut buf)?, None);
    /// let pending = stream.pending();
    /// assert!(pending > 0);
    /// assert_eq!(buf[..pending], frame[..pending]);
    /// assert_eq!(stream.push(&ack[30..], &mut buf)?, Some(&frame[..]));
    /// assert_eq!(stream.pending(), 0);
    /// # Ok::<(), gateway_etf::transport::InflateError>(())
    /// ```
    #[must_use]
    pub fn pending(&self) -> usize {
        self.filled
    }
}

default_and_debug!(ZlibStream { window_pos });

/// Why a [`ZlibStream`] stopped. After any of these it refuses input
/// ([`NeedsReset`](Self::NeedsReset)) until [`ZlibStream::reset`].
///
/// ```
/// use gateway_etf::transport::{InflateError, ZlibStream};
///
/// let mut stream = ZlibStream::new();
/// // 0x79 is no zlib header (deflate is method 8: 0x78 for a 32 KiB window).
/// let err = stream.push(&[0x79, 0x9c, 0x00, 0x00, 0xff, 0xff], &mut [0u8; 64]).unwrap_err();
/// assert_eq!(err, InflateError::Corrupt);
/// assert_eq!(err.to_string(), "corrupt zlib stream");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum InflateError {
    /// The input is not a zlib stream: a bad header (or one asking for a
    /// preset dictionary), an invalid block type, stored length or Huffman
    /// code. Not every corruption is detectable: one can also inflate to
    /// other bytes, which the frame's decoder then refuses.
    Corrupt,
    /// The frame is larger than the buffer passed to
    /// [`ZlibStream::push`], of `capacity` bytes. Nothing is truncated: the
    /// frame is lost, so reconnect (and resume) with a larger buffer.
    FrameTooLarge {
        /// The length of the buffer that was too small.
        capacity: usize,
    },
    /// The zlib stream ended (a final block): Discord's stream lasts as
    /// long as the connection, so more input cannot follow.
    StreamEnded,
    /// An earlier error stopped the stream; [`ZlibStream::reset`] it (for
    /// a new connection) first.
    NeedsReset,
}

impl fmt::Display for InflateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            InflateError::Corrupt => f.write_str("corrupt zlib stream"),
            InflateError::FrameTooLarge { capacity } => {
                write!(f, "frame larger than the {capacity}-byte buffer")
            }
            InflateError::StreamEnded => {
                f.write_str("zlib stream ended, but a connection's stream never does")
            }
            InflateError::NeedsReset => f.write_str("zlib stream stopped by an earlier error: reset it"),
        }
    }
}

impl core::error::Error for InflateError {}
