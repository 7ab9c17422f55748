//! The tag bytes of the external term format (OTP's `erl_ext_dist`): the
//! one table the writer and the reader share.

/// First byte of every encoded term.
pub const VERSION: u8 = 131;
/// Old IEEE float, written as 31 bytes of `printf("%.20e")` text.
pub const FLOAT_EXT: u8 = 99;
/// IEEE 754 double, big-endian.
pub const NEW_FLOAT_EXT: u8 = 70;
/// Unsigned 8-bit integer.
pub const SMALL_INTEGER_EXT: u8 = 97;
/// Signed 32-bit big-endian integer.
pub const INTEGER_EXT: u8 = 98;
/// Big integer with an 8-bit byte count.
pub const SMALL_BIG_EXT: u8 = 110;
/// Big integer with a 32-bit byte count.
pub const LARGE_BIG_EXT: u8 = 111;
/// Latin-1 atom, 16-bit length (deprecated, still decoded).
pub const ATOM_EXT: u8 = 100;
/// Latin-1 atom, 8-bit length (deprecated, still decoded).
pub const SMALL_ATOM_EXT: u8 = 115;
/// UTF-8 atom, 16-bit length.
pub const ATOM_UTF8_EXT: u8 = 118;
/// UTF-8 atom, 8-bit length.
pub const SMALL_ATOM_UTF8_EXT: u8 = 119;
/// Binary (Erlang's representation of a string here), 32-bit length.
pub const BINARY_EXT: u8 = 109;
/// List of bytes, 16-bit length.
pub const STRING_EXT: u8 = 107;
/// Proper or improper list, 32-bit length, then elements and a tail.
pub const LIST_EXT: u8 = 108;
/// The empty list.
pub const NIL_EXT: u8 = 106;
/// Map, 32-bit arity, then keys and values alternating.
pub const MAP_EXT: u8 = 116;
/// Tuple, 8-bit arity.
pub const SMALL_TUPLE_EXT: u8 = 104;
/// Tuple, 32-bit arity.
pub const LARGE_TUPLE_EXT: u8 = 105;
