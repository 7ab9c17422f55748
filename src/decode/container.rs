//! What maps and tuples share: where they lie in a validated payload and
//! how many children they have, declared once so the two cannot drift.

/// Declares a container read lazily from a validated payload: its fields
/// and its `offset`, `len` and `is_empty`, documented on `$empty` (the
/// payload of an empty one, read with `$as`).
macro_rules! container {
    ($(#[$doc:meta])* $name:ident, $as:ident($empty:expr), $what:literal, $children:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $name<'a> {
            pub(super) src: &'a [u8],
            pub(super) offset: usize,
            /// Where the first child starts.
            pub(super) first: usize,
            pub(super) arity: u32,
        }

        impl $name<'_> {
            #[doc = concat!("Where the ", $what, " starts in the payload.")]
            ///
            /// ```
            #[doc = concat!("let empty = gateway_etf::decode::decode(&", stringify!($empty), ")?.", stringify!($as), "()?;")]
            /// assert_eq!(empty.offset(), 1);
            /// # Ok::<(), gateway_etf::decode::Error>(())
            /// ```
            pub fn offset(&self) -> usize {
                self.offset
            }

            #[doc = concat!("The number of ", $children, ".")]
            ///
            /// ```
            #[doc = concat!("let empty = gateway_etf::decode::decode(&", stringify!($empty), ")?.", stringify!($as), "()?;")]
            /// assert_eq!(empty.len(), 0);
            /// # Ok::<(), gateway_etf::decode::Error>(())
            /// ```
            pub fn len(&self) -> usize {
                self.arity as usize
            }

            #[doc = concat!("Whether the ", $what, " has no ", $children, ".")]
            ///
            /// ```
            #[doc = concat!("let empty = gateway_etf::decode::decode(&", stringify!($empty), ")?.", stringify!($as), "()?;")]
            /// assert!(empty.is_empty());
            /// # Ok::<(), gateway_etf::decode::Error>(())
            /// ```
            pub fn is_empty(&self) -> bool {
                self.arity == 0
            }
        }
    };
}

pub(super) use container;
