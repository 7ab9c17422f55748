//! Atoms: names in Latin-1 or UTF-8, compared without a copy.

use core::iter::FusedIterator;

/// An atom's name: Latin-1 (tags 100, 115, what OTP 25 writes by default)
/// or UTF-8 (tags 118, 119).
///
/// ```
/// use gateway_etf::decode::decode;
/// // 'é' in OTP 25's default encoding: ATOM_EXT, one Latin-1 byte
/// let a = decode(&[131, 100, 0, 1, 0xe9])?.as_atom()?;
/// assert!(a == "é");
/// assert_eq!(a.as_str(), None); // not ASCII: no &str without a copy
/// assert!(a.chars().eq("é".chars()));
/// # Ok::<(), gateway_etf::decode::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Atom<'a> {
    pub(crate) name: &'a [u8],
    pub(crate) latin1: bool,
}

impl<'a> Atom<'a> {
    /// The name as a `&str`: always for UTF-8 atoms, and for Latin-1 atoms
    /// that are pure ASCII (every atom Discord uses).
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// assert_eq!(decode(&[131, 119, 2, b'o', b'p'])?.as_atom()?.as_str(), Some("op"));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn as_str(&self) -> Option<&'a str> {
        if self.latin1 && !self.name.is_ascii() {
            return None;
        }
        core::str::from_utf8(self.name).ok()
    }

    /// The encoded name: Latin-1 or UTF-8 bytes (see
    /// [`is_latin1`](Self::is_latin1)).
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// assert_eq!(decode(&[131, 119, 2, b'o', b'p'])?.as_atom()?.as_bytes(), b"op");
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn as_bytes(&self) -> &'a [u8] {
        self.name
    }

    /// Whether the name is Latin-1 (tags 100 and 115).
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// assert!(decode(&[131, 100, 0, 2, b'o', b'k'])?.as_atom()?.is_latin1());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn is_latin1(&self) -> bool {
        self.latin1
    }

    /// The name's characters, whatever the encoding.
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// let a = decode(&[131, 100, 0, 2, b'o', b'k'])?.as_atom()?;
    /// assert_eq!(a.chars().count(), 2);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn chars(&self) -> AtomChars<'a> {
        if self.latin1 {
            AtomChars::Latin1(self.name.iter())
        } else {
            AtomChars::Utf8(core::str::from_utf8(self.name).unwrap_or_default().chars())
        }
    }

    /// Whether the name is `s` (compared by characters, so a Latin-1 atom
    /// equals its UTF-8 spelling).
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// assert!(decode(&[131, 115, 3, b'n', b'i', b'l'])?.as_atom()?.eq_str("nil"));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    #[inline]
    pub fn eq_str(&self, s: &str) -> bool {
        let (name, s_bytes) = (self.name, s.as_bytes());
        if name.len() == s_bytes.len() {
            // Equal bytes are equal names unless they are Latin-1 beyond
            // ASCII (then `s` has fewer characters).
            return name == s_bytes && (!self.latin1 || name.is_ascii());
        }
        // Different lengths: only a Latin-1 name beyond ASCII, shorter in
        // bytes than its UTF-8 spelling, can still be equal.
        self.latin1 && name.len() < s_bytes.len() && !name.is_ascii() && self.chars().eq(s.chars())
    }
}

impl PartialEq<str> for Atom<'_> {
    fn eq(&self, other: &str) -> bool {
        self.eq_str(other)
    }
}

impl PartialEq<&str> for Atom<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.eq_str(other)
    }
}

/// The characters of an [`Atom`], from [`Atom::chars`].
#[derive(Debug, Clone)]
pub enum AtomChars<'a> {
    /// A Latin-1 name: one byte per character.
    Latin1(core::slice::Iter<'a, u8>),
    /// A UTF-8 name.
    Utf8(core::str::Chars<'a>),
}

impl Iterator for AtomChars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        match self {
            AtomChars::Latin1(bytes) => bytes.next().map(|&b| char::from(b)),
            AtomChars::Utf8(chars) => chars.next(),
        }
    }
}

impl FusedIterator for AtomChars<'_> {}
