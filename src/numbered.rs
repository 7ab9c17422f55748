//! Enums Discord knows by number (opcodes, activity types): the numbers
//! stand once, in the enum, and `from_u8` and the conversions come from
//! the list of its variants.

/// Implements `from_u8`, `TryFrom<u8>` (the error is the number) and
/// `From<$ty> for u8` for a fieldless `#[repr(u8)]` enum, from its list
/// of variants. The doc example uses the first variant.
macro_rules! numbered {
    ($ty:ident, $what:literal, [$first:ident $(, $variant:ident)* $(,)?]) => {
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

        // The list names every variant: this match does not compile
        // otherwise.
        const _: fn($ty) = |v| match v {
            $ty::$first $(| $ty::$variant)* => {}
        };

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
