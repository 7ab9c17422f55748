//! Enums Discord knows by name (`"dnd"`, `"voice_start_time"`): one table
//! of names per enum, from which come `as_str`, `from_name`, `Display`,
//! the encoder's precomputed terms and, through `from_name`, the decoder.

/// Implements the naming of a fieldless enum from its one table of names,
/// given in declaration order: `as_str`, `from_name`, `Display`, and each
/// name as the BINARY_EXT term the encoder writes, in an `$m`-byte array.
macro_rules! named {
    ($ty:ident, $m:literal, { $first:ident => $first_name:literal, $($variant:ident => $name:literal,)* }) => {
        impl $ty {
            /// The names, in declaration order: the one table.
            const NAMES: [&'static str; [$first_name, $($name),*].len()] = [$first_name, $($name),*];

            /// Each name as the binary term the encoder writes, and its
            /// length.
            const TERMS: [([u8; $m], usize); Self::NAMES.len()] = crate::encode::writer::binary_terms(Self::NAMES);

            /// The string Discord knows it by.
            ///
            /// ```
            #[doc = concat!("# use gateway_etf::", stringify!($ty), ";")]
            #[doc = concat!("assert_eq!(", stringify!($ty), "::", stringify!($first), ".as_str(), \"", $first_name, "\");")]
            /// ```
            #[inline]
            pub const fn as_str(self) -> &'static str {
                Self::NAMES[self as usize]
            }

            /// The value Discord knows by `name`, if there is one.
            ///
            /// ```
            #[doc = concat!("# use gateway_etf::", stringify!($ty), ";")]
            #[doc = concat!("assert_eq!(", stringify!($ty), "::from_name(\"", $first_name, "\"), Some(", stringify!($ty), "::", stringify!($first), "));")]
            #[doc = concat!("assert_eq!(", stringify!($ty), "::from_name(\"none of them\"), None);")]
            /// ```
            #[inline]
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $first_name => Some($ty::$first),
                    $($name => Some($ty::$variant),)*
                    _ => None,
                }
            }

            /// The binary term of the name, and its length.
            #[inline(always)]
            pub(crate) const fn term(self) -> &'static ([u8; $m], usize) {
                &Self::TERMS[self as usize]
            }
        }

        // The table is in declaration order, which `as_str` relies on.
        const _: () = {
            let mut i = 0;
            assert!($ty::$first as usize == i, "names out of declaration order");
            $(
                i += 1;
                assert!($ty::$variant as usize == i, "names out of declaration order");
            )*
            let _ = i;
        };

        impl core::fmt::Display for $ty {
            /// The name Discord uses, as [`as_str`](Self::as_str).
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use named;
