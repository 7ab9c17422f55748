//! Discord's 64-bit IDs.

use bytemuck::{Pod, TransparentWrapper, Zeroable};
use core::fmt;

/// A Discord ID (guild, channel, user…), written as an ETF integer.
///
/// `#[repr(transparent)]` over `u64` and [`Pod`], so a `&[u64]` of IDs
/// becomes a `&[Snowflake]` without a copy ([`Snowflake::slice_from_u64`]).
///
/// ```
/// use gateway_etf::Snowflake;
/// let id = Snowflake::new(81384788765712384);
/// assert_eq!(id.get(), 81384788765712384);
/// assert_eq!(id.to_string(), "81384788765712384");
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Pod, Zeroable, TransparentWrapper,
)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[repr(transparent)]
pub struct Snowflake(u64);

impl Snowflake {
    /// Wraps a raw ID.
    ///
    /// ```
    /// # use gateway_etf::Snowflake;
    /// assert_eq!(Snowflake::new(7).get(), 7);
    /// ```
    #[must_use]
    #[inline]
    pub const fn new(id: u64) -> Self {
        Snowflake(id)
    }

    /// The raw ID.
    ///
    /// ```
    /// # use gateway_etf::Snowflake;
    /// assert_eq!(Snowflake::new(7).get(), 7);
    /// ```
    #[inline]
    pub const fn get(self) -> u64 {
        self.0
    }

    /// An ID from its decimal digits, as Discord sends IDs in strings:
    /// 1 to 20 ASCII digits and nothing else, within `u64`.
    #[inline]
    pub(crate) fn from_digits(digits: &[u8]) -> Option<Self> {
        if digits.is_empty() || digits.len() > 20 {
            return None;
        }
        // u64 arithmetic checks the range.
        let id = digits.iter().try_fold(0u64, |acc, &d| {
            let digit = d.wrapping_sub(b'0');
            if digit > 9 {
                return None;
            }
            acc.checked_mul(10)?.checked_add(digit.into())
        })?;
        Some(Snowflake(id))
    }

    /// Views a slice of raw IDs as snowflakes, zero-copy.
    ///
    /// ```
    /// # use gateway_etf::Snowflake;
    /// let raw = [1u64, 2, 3];
    /// let ids = Snowflake::slice_from_u64(&raw);
    /// assert_eq!(ids[2], Snowflake::new(3));
    /// assert_eq!(ids.as_ptr().cast::<u64>(), raw.as_ptr());
    /// ```
    #[inline]
    pub fn slice_from_u64(ids: &[u64]) -> &[Snowflake] {
        Snowflake::wrap_slice(ids)
    }

    /// Views a slice of snowflakes as raw IDs, zero-copy.
    ///
    /// ```
    /// # use gateway_etf::Snowflake;
    /// let ids = [Snowflake::new(1), Snowflake::new(2)];
    /// assert_eq!(Snowflake::slice_as_u64(&ids), &[1, 2]);
    /// ```
    #[inline]
    pub fn slice_as_u64(ids: &[Snowflake]) -> &[u64] {
        Snowflake::peel_slice(ids)
    }
}

impl From<u64> for Snowflake {
    #[inline]
    fn from(id: u64) -> Self {
        Snowflake(id)
    }
}

impl From<Snowflake> for u64 {
    #[inline]
    fn from(id: Snowflake) -> Self {
        id.0
    }
}

impl fmt::Display for Snowflake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl core::str::FromStr for Snowflake {
    type Err = core::num::ParseIntError;

    /// Parses the decimal form Discord uses in JSON and URLs.
    ///
    /// ```
    /// # use gateway_etf::Snowflake;
    /// assert_eq!("81384788765712384".parse(), Ok(Snowflake::new(81384788765712384)));
    /// assert!("-1".parse::<Snowflake>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(Snowflake)
    }
}
