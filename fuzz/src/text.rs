//! `Display` of decoded terms, into a `String` and into a fixed buffer that
//! refuses what does not fit (as an embedded logger would).

use core::fmt::{self, Display, Write};

/// A `fmt::Write` over a fixed array: no allocation, and a write that does
/// not fit fails whole, so what was written is always a prefix.
pub struct FixedSink<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> FixedSink<N> {
    /// An empty sink.
    pub fn new() -> Self {
        FixedSink { buf: [0; N], len: 0 }
    }

    /// What was written.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.buf[..self.len]).expect("only whole str writes land")
    }
}

impl<const N: usize> Default for FixedSink<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> Write for FixedSink<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let dst = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Formats `value` plainly, pretty (`{:#}`) and with `Debug`, each into a
/// `String` and into a 256-byte sink; checks that `Debug` is the plain
/// form and that the bounded sink holds a prefix of the full text (all of
/// it when it fits).
pub fn check_display<T: Display + fmt::Debug>(value: &T) {
    let plain = value.to_string();
    let pretty = format!("{value:#}");
    assert_eq!(format!("{value:?}"), plain, "Debug differs from Display");
    // The pretty form only adds whitespace.
    let squeeze = |s: &str| s.chars().filter(|c| !matches!(c, '\n' | ' ')).collect::<String>();
    assert_eq!(squeeze(&pretty), squeeze(&plain), "{{:#}} changes more than layout");

    for (full, alternate) in [(&plain, false), (&pretty, true)] {
        let mut sink = FixedSink::<256>::new();
        let result = if alternate { write!(sink, "{value:#}") } else { write!(sink, "{value}") };
        match result {
            Ok(()) => assert_eq!(sink.as_str(), full.as_str()),
            Err(_) => {
                assert!(full.len() > 256, "failed to write {} bytes into 256", full.len());
                assert!(full.starts_with(sink.as_str()), "bounded output is not a prefix");
            }
        }
    }
}
