//! Encodes commands into the fixed frame buffer and reports each on the
//! host's stdout, one line per frame, for `check.sh` to compare with
//! Erlang's bytes:
//!
//! - `FRAME <name> <hex>`: an encoded frame;
//! - `STACK <name> <bytes>`: the peak stack of encoding it;
//! - `REJECT <name> <error>`: the encoder refused the command.

use crate::host::{HostFile, Line};
use crate::log::{Event, log};
use crate::stack;
use core::fmt::{self, Write};
use gateway_etf::{Command, Error};

/// The largest frame Discord accepts, and so the frame buffer's size.
pub const FRAME_CAP: usize = Error::MAX_PAYLOAD;

/// Output and buffers of the session.
pub struct Console<'a> {
    out: HostFile,
    line: Line<'a>,
    frame: &'a mut [u8; FRAME_CAP],
}

impl<'a> Console<'a> {
    /// A console writing to `out`, assembling lines in `line` and frames in
    /// `frame`.
    pub fn new(out: HostFile, line: &'a mut [u8], frame: &'a mut [u8; FRAME_CAP]) -> Self {
        Console { out, line: Line::new(line), frame }
    }

    /// Prints a text line.
    pub fn say(&mut self, args: fmt::Arguments<'_>) {
        // A line too long for the buffer is reported by `send`.
        let _ = self.line.write_fmt(args);
        self.line.send(&mut self.out);
    }

    /// Encodes `cmd` and prints it; returns the frame length.
    pub fn send<C: Command>(&mut self, name: &str, cmd: &C) -> Result<usize, Error> {
        self.send_within(name, cmd, FRAME_CAP)
    }

    /// Like [`send`](Self::send) with only `cap` bytes of buffer.
    pub fn send_within<C: Command>(&mut self, name: &str, cmd: &C, cap: usize) -> Result<usize, Error> {
        let buf = &mut self.frame[..cap.min(FRAME_CAP)];
        let (result, stack) = stack::peak(|| encode(cmd, buf));
        match result {
            Ok(frame) => {
                self.line.push(b"FRAME ");
                self.line.push(name.as_bytes());
                self.line.push(b" ");
                self.line.hex(frame);
                self.line.send(&mut self.out);
                let len = frame.len();
                self.say(format_args!("STACK {name} {stack}"));
                log(&Event::Frame { name, len, stack });
                Ok(len)
            }
            Err(error) => {
                self.say(format_args!("REJECT {name} {error:?}"));
                log(&Event::Rejected { name, error });
                Err(error)
            }
        }
    }
}

/// The one call into the encoder. Without the `encoder` feature it hands
/// the command to an opaque sink (so its data stays in flash) and returns
/// an empty frame the optimiser cannot see through: the rest of the
/// firmware links unchanged and the difference is the encoder alone.
#[inline(always)]
fn encode<'b, C: Command>(cmd: &C, buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
    #[cfg(feature = "encoder")]
    {
        cmd.encode(buf)
    }
    #[cfg(not(feature = "encoder"))]
    {
        core::hint::black_box(cmd);
        core::hint::black_box(Ok(&buf[..0]))
    }
}
