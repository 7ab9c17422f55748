//! `Snowflake` with serde: written as a 64-bit integer, read from an
//! integer or a decimal string (as Discord sends IDs in JSON).

use core::fmt;

use ::serde::de::{self, Deserialize, Deserializer, Visitor};
use ::serde::ser::{Serialize, Serializer};

use crate::Snowflake;

/// Written as its `u64` (feature `serde`).
///
/// ```
/// use gateway_etf::{Snowflake, serde::to_vec};
/// assert_eq!(to_vec(&Snowflake::new(1 << 60))?, [131, 110, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0x10]);
/// assert_eq!(serde_json::to_string(&Snowflake::new(7)).unwrap(), "7");
/// # Ok::<(), gateway_etf::serde::Error>(())
/// ```
impl Serialize for Snowflake {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.get())
    }
}

/// Read from a 64-bit unsigned integer or a decimal string (feature
/// `serde`).
///
/// ```
/// use gateway_etf::{Snowflake, serde::from_slice};
/// // 1 << 60, and <<"81384788765712384">>
/// assert_eq!(from_slice::<Snowflake>(&[131, 110, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0x10])?, Snowflake::new(1 << 60));
/// let digits = [131, 109, 0, 0, 0, 17, b'8', b'1', b'3', b'8', b'4', b'7', b'8', b'8', b'7', b'6', b'5', b'7', b'1', b'2', b'3', b'8', b'4'];
/// assert_eq!(from_slice::<Snowflake>(&digits)?, Snowflake::new(81384788765712384));
/// assert!(from_slice::<Snowflake>(&[131, 98, 255, 255, 255, 255]).is_err()); // -1
/// assert_eq!(serde_json::from_str::<Snowflake>("\"7\"").unwrap(), Snowflake::new(7));
/// # Ok::<(), gateway_etf::serde::Error>(())
/// ```
impl<'de> Deserialize<'de> for Snowflake {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            deserializer.deserialize_any(SnowflakeVisitor)
        } else {
            deserializer.deserialize_u64(SnowflakeVisitor)
        }
    }
}

/// Accepts what a snowflake may arrive as.
struct SnowflakeVisitor;

impl Visitor<'_> for SnowflakeVisitor {
    type Value = Snowflake;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a snowflake: a 64-bit unsigned integer or its decimal string")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Snowflake, E> {
        Ok(Snowflake::new(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Snowflake, E> {
        u64::try_from(v).map(Snowflake::new).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Snowflake, E> {
        u64::try_from(v)
            .map(Snowflake::new)
            .map_err(|_| E::invalid_value(de::Unexpected::Other("u128"), &self))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Snowflake, E> {
        u64::try_from(v)
            .map(Snowflake::new)
            .map_err(|_| E::invalid_value(de::Unexpected::Other("i128"), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Snowflake, E> {
        Snowflake::from_digits(v.as_bytes()).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Snowflake, E> {
        match core::str::from_utf8(v) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }
}
