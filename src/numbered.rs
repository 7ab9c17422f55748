//! Enums Discord knows by number (opcodes, activity types): each is
//! declared once, its variants with their numbers, and its traits,
//! `from_u8` and the conversions come from that one declaration.

/// Declares a fieldless `#[repr(u8)]` enum of numbers Discord sends, with
/// the traits every such enum has (`Debug`, `Clone`, `Copy`, `PartialEq`,
/// `Eq`, `Hash`, `defmt::Format` with feature `defmt`), `#[non_exhaustive]`
/// since Discord adds numbers, and from its variants `from_u8`,
/// `TryFrom<u8>` (the error is the number) and `From<$ty> for u8`. The
/// declaration reads as the enum's, with what it is called in prose after
/// the name (`enum Opcode: "v10 opcode"`); the doc examples use the first
/// variant.
macro_rules! numbered {
    (
        $(#[$attr:meta])*
        $vis:vis enum $ty:ident: $what:literal {
            $(#[$first_attr:meta])*
            $first:ident = $first_n:literal,
            $(
                $(#[$variant_attr:meta])*
                $variant:ident = $n:literal,
            )*
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        #[repr(u8)]
        #[non_exhaustive]
        $vis enum $ty {
            $(#[$first_attr])*
            $first = $first_n,
            $(
                $(#[$variant_attr])*
                $variant = $n,
            )*
        }

        impl $ty {
            #[doc = concat!("The ", $what, " with this number, if there is one.")]
            ///
            /// ```
            #[doc = concat!("# use gateway_etf::", stringify!($ty), ";")]
            #[doc = concat!("let n = ", stringify!($ty), "::", stringify!($first), " as u8;")]
            #[doc = concat!("assert_eq!(", stringify!($ty), "::from_u8(n), Some(", stringify!($ty), "::", stringify!($first), "));")]
            #[doc = concat!("assert_eq!(", stringify!($ty), "::from_u8(255), None);")]
            /// ```
            pub const fn from_u8(n: u8) -> Option<Self> {
                $(if n == $ty::$variant as u8 {
                    return Some($ty::$variant);
                })*
                if n == $ty::$first as u8 { Some($ty::$first) } else { None }
            }
        }

        impl TryFrom<u8> for $ty {
            #[doc = concat!("The number that is no ", $what, ".")]
            type Error = u8;

            /// ```
            #[doc = concat!("# use gateway_etf::", stringify!($ty), ";")]
            #[doc = concat!("assert_eq!(", stringify!($ty), "::try_from(255), Err(255));")]
            /// ```
            fn try_from(n: u8) -> Result<Self, u8> {
                $ty::from_u8(n).ok_or(n)
            }
        }

        impl From<$ty> for u8 {
            #[inline]
            fn from(value: $ty) -> u8 {
                value as u8
            }
        }
    };
}
pub(crate) use numbered;
