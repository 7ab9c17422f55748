//! Maps, read lazily, looked up by atom or binary key.

use super::container::container;
use super::iter::{Entries, Inner};
use super::reader;
use super::{Error, FromTerm, Term};

container! {
    /// A map, read lazily; keys may be atoms or binaries (or any term).
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// // #{op => 11} as Discord's Erlang side sends it (atom key)
    /// let m = decode(&[131, 116, 0, 0, 0, 1, 100, 0, 2, b'o', b'p', 97, 11])?.as_map()?;
    /// assert_eq!(m.get("op").unwrap().as_u64()?, 11);
    /// assert_eq!(m.required::<u8>("op")?, 11);
    /// assert_eq!(m.optional::<u8>("d")?, None);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    Map, as_map([131, 116, 0, 0, 0, 0]), "map", "key/value pairs"
}

impl<'a> Map<'a> {
    /// The pairs, in payload order.
    ///
    /// ```
    /// let m = gateway_etf::decode::decode(&[131, 116, 0, 0, 0, 1, 119, 1, b'a', 97, 1])?.as_map()?;
    /// let (k, v) = m.iter().next().unwrap();
    /// assert_eq!((k.as_name()?, v.as_u64()?), ("a", 1));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn iter(&self) -> Entries<'a> {
        Entries(Inner::Terms { src: self.src, pos: self.first, left: 2 * u64::from(self.arity) })
    }

    /// The value under `key`: an atom key or a binary key spelled `key`
    /// (so `get("op")` finds both `op` and `<<"op">>`). Scans the map,
    /// skipping values without allocating; the first match wins.
    ///
    /// ```
    /// // #{<<"op">> => 1}
    /// let m = gateway_etf::decode::decode(&[131, 116, 0, 0, 0, 1, 109, 0, 0, 0, 2, b'o', b'p', 97, 1])?.as_map()?;
    /// assert!(m.get("op").is_some() && m.get("o").is_none());
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn get(&self, key: &str) -> Option<Term<'a>> {
        let mut pos = self.first;
        for _ in 0..self.arity {
            let (k, end) = Term::key_at(self.src, pos)?;
            if k.is_some_and(|k| k.eq_str(key)) {
                return Term::at(self.src, end);
            }
            pos = reader::skip(self.src, end)?;
        }
        None
    }

    /// Whether the map has `key` (see [`get`](Self::get)).
    ///
    /// ```
    /// let m = gateway_etf::decode::decode(&[131, 116, 0, 0, 0, 1, 119, 1, b'a', 97, 1])?.as_map()?;
    /// assert!(m.contains_key("a"));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The value under `key`, converted; [`Error::MissingField`] when absent.
    ///
    /// ```
    /// use gateway_etf::decode::{decode, Error};
    /// let m = decode(&[131, 116, 0, 0, 0, 1, 119, 1, b'a', 97, 1])?.as_map()?;
    /// assert_eq!(m.required::<u32>("a")?, 1);
    /// assert_eq!(m.required::<u32>("b"), Err(Error::MissingField { offset: 1, field: "b" }));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn required<T: FromTerm<'a>>(&self, key: &'static str) -> Result<T, Error> {
        match self.get(key) {
            Some(v) => T::from_term(v),
            None => Err(Error::MissingField { offset: self.offset, field: key }),
        }
    }

    /// The value under `key`, converted; `None` when absent or `nil`.
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// // #{a => nil}
    /// let m = decode(&[131, 116, 0, 0, 0, 1, 119, 1, b'a', 119, 3, b'n', b'i', b'l'])?.as_map()?;
    /// assert_eq!(m.optional::<u32>("a")?, None);
    /// assert_eq!(m.optional::<u32>("b")?, None);
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn optional<T: FromTerm<'a>>(&self, key: &'static str) -> Result<Option<T>, Error> {
        self.get(key).and_then(Term::non_nil).map(T::from_term).transpose()
    }

    /// The values under each of `keys`, found in one pass over the map
    /// (where one [`get`](Self::get) per key scans it once per key); the
    /// pass stops as soon as every key is found. As with `get`, a key may be
    /// an atom or a binary and the first of a repeated key wins. The way to
    /// read a struct's fields from a large map such as READY's `d`.
    ///
    /// ```
    /// use gateway_etf::decode::decode;
    /// // #{a => 1, b => 2}
    /// let m = decode(&[131, 116, 0, 0, 0, 2, 119, 1, b'a', 97, 1, 119, 1, b'b', 97, 2])?.as_map()?;
    /// let [b, c, a] = m.fields(["b", "c", "a"]);
    /// assert_eq!((a.map(|t| t.as_u64()), b.map(|t| t.as_u64()), c.is_none()), (Some(Ok(1)), Some(Ok(2)), true));
    /// # Ok::<(), gateway_etf::decode::Error>(())
    /// ```
    pub fn fields<const N: usize>(&self, keys: [&str; N]) -> [Option<Term<'a>>; N] {
        let mut found = [None; N];
        let mut left = N;
        let mut pos = self.first;
        for _ in 0..self.arity {
            if left == 0 {
                break;
            }
            let Some((k, end)) = Term::key_at(self.src, pos) else { break };
            let slot = k.and_then(|k| {
                keys.iter().zip(found.iter_mut()).find(|(key, slot)| slot.is_none() && k.eq_str(key))
            });
            let after = match slot {
                Some((_, slot)) => Term::at_end(self.src, end).map(|(v, after)| {
                    *slot = Some(v);
                    left -= 1;
                    after
                }),
                None => reader::skip(self.src, end),
            };
            let Some(after) = after else { break };
            pos = after;
        }
        found
    }

    /// [`MissingField`](Error::MissingField) for `field` of this map.
    #[inline]
    pub(crate) fn missing(&self, field: &'static str) -> Error {
        Error::MissingField { offset: self.offset, field }
    }
}
