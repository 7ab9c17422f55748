//! The host side of semihosting: files (stdout included), whole-line output
//! and the exit code. Under QEMU with `target=native` these are the host's
//! own stdout and files.

use core::fmt;
use cortex_m_semihosting::{debug, nr, syscall};

/// A file opened on the host.
#[derive(Clone, Copy)]
pub struct HostFile(usize);

impl HostFile {
    /// Opens `path` (which must end in a NUL byte) with a semihosting
    /// `nr::open` mode; `None` if the host refuses.
    pub fn open(path: &str, mode: usize) -> Option<Self> {
        let bytes = path.as_bytes();
        let len = bytes.len().checked_sub(1)?;
        if bytes.last() != Some(&0) {
            return None;
        }
        // SAFETY: SYS_OPEN reads `len` bytes of the path and its NUL, all
        // inside `bytes`.
        let fd = unsafe { syscall!(OPEN, bytes.as_ptr(), mode, len) };
        (fd as isize != -1).then_some(HostFile(fd))
    }

    /// The host's standard output.
    pub fn stdout() -> Option<Self> {
        Self::open(":tt\0", nr::open::W_TRUNC)
    }

    /// Moves to the end of the file, to append. (Opening in an append mode
    /// is not enough: QEMU 7.2 drops the append flag and writes from 0.)
    pub fn seek_end(&mut self) -> bool {
        // SAFETY: SYS_FLEN and SYS_SEEK take the handle and a position.
        let len = unsafe { syscall!(FLEN, self.0) };
        len as isize >= 0 && unsafe { syscall!(SEEK, self.0, len) } == 0
    }

    /// Writes all of `bytes`; `false` if the host reports an error.
    pub fn write_all(&mut self, mut bytes: &[u8]) -> bool {
        while !bytes.is_empty() {
            // SAFETY: SYS_WRITE reads `bytes.len()` bytes from `bytes`.
            // It returns how many bytes were NOT written.
            let left = unsafe { syscall!(WRITE, self.0, bytes.as_ptr(), bytes.len()) };
            if left == 0 {
                return true;
            }
            if left >= bytes.len() {
                return false;
            }
            bytes = &bytes[bytes.len() - left..];
        }
        true
    }
}

/// A line assembled in a fixed buffer and written to the host in one
/// semihosting call (each call is slow, and one call per line keeps lines
/// whole).
pub struct Line<'b> {
    buf: &'b mut [u8],
    len: usize,
    overflow: bool,
}

impl<'b> Line<'b> {
    /// An empty line over `buf`.
    pub fn new(buf: &'b mut [u8]) -> Self {
        Line { buf, len: 0, overflow: false }
    }

    /// Appends raw bytes; marks the line as overflowed if they do not fit.
    pub fn push(&mut self, bytes: &[u8]) {
        match self.buf.get_mut(self.len..self.len + bytes.len()) {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                self.len += bytes.len();
            }
            None => self.overflow = true,
        }
    }

    /// Appends `bytes` as lowercase hex.
    pub fn hex(&mut self, bytes: &[u8]) {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        for &b in bytes {
            self.push(&[DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]]);
        }
    }

    /// Ends the line and writes it to `out`; a line that overflowed its
    /// buffer is replaced by an `OVERFLOW` line so the checker sees it.
    pub fn send(&mut self, out: &mut HostFile) {
        if self.overflow {
            out.write_all(b"OVERFLOW line buffer too small\n");
        } else {
            self.push(b"\n");
            out.write_all(&self.buf[..self.len]);
        }
        self.len = 0;
        self.overflow = false;
    }
}

impl fmt::Write for Line<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push(s.as_bytes());
        if self.overflow { Err(fmt::Error) } else { Ok(()) }
    }
}

/// Ends the QEMU run with exit code 0 (`ok`) or 1.
pub fn exit(ok: bool) -> ! {
    debug::exit(if ok { debug::EXIT_SUCCESS } else { debug::EXIT_FAILURE });
    // Only reached without a semihosting host.
    loop {
        cortex_m::asm::wfi();
    }
}
