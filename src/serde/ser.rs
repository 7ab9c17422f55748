//! Writing: serde's data model as ETF through [`Writer`], maps and
//! sequences of unknown length counted as they are written and their count
//! patched where the output is memory.

use core::fmt::{self, Write as _};

use ::serde::ser::{self, Serialize};

use super::Error;
use super::target::{Measure, SliceTarget, Stream, Target, VecTarget};
use crate::encode::{Sink, Writer};
use crate::tag;

/// Writes the version byte and `value`.
fn write<T: Target, V: Serialize + ?Sized>(target: T, value: &V) -> Result<T, Error> {
    let mut ser = Ser { w: Writer::new(target) };
    ser.w.version()?;
    value.serialize(&mut ser)?;
    Ok(ser.w.into_sink())
}

/// Writes `value` as a frame (version byte 131 and one term) at the start
/// of `buf`, and returns the frame.
///
/// Allocates nothing; maps and sequences of unknown length are counted
/// while written and their count patched in `buf`. If `buf` is too short,
/// [`Error::Encode`] with [`BufferFull`](crate::Error::BufferFull). The
/// rest of `buf` is scratch, as for
/// [`Command::encode`](crate::Command::encode): an integer is stored as
/// one 16-byte block, so up to 14 bytes past the frame may change, and
/// after an error what was written is unspecified.
///
/// ```
/// use gateway_etf::serde::to_slice;
///
/// #[derive(serde::Serialize)]
/// struct Heartbeat { op: u8, d: Option<u64> }
///
/// let mut buf = [0u8; 64];
/// let frame = to_slice(&Heartbeat { op: 1, d: Some(251) }, &mut buf)?;
/// // #{<<"op">> => 1, <<"d">> => 251}: binary keys, in field order
/// assert_eq!(frame, [131, 116, 0, 0, 0, 2, 109, 0, 0, 0, 2, b'o', b'p', 97, 1, 109, 0, 0, 0, 1, b'd', 97, 251]);
/// # Ok::<(), gateway_etf::serde::Error>(())
/// ```
pub fn to_slice<'b, V: Serialize + ?Sized>(value: &V, buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
    Ok(write(SliceTarget::new(buf), value)?.into_written())
}

/// Writes `value` as a frame into a new `heapless::Vec` of capacity `N`.
///
/// ```
/// use gateway_etf::serde::to_heapless;
/// let frame: heapless::Vec<u8, 16> = to_heapless(&[1u8, 2])?;
/// assert_eq!(&frame[..], [131, 108, 0, 0, 0, 2, 97, 1, 97, 2, 106]);
/// assert!(to_heapless::<4, _>(&[1u8, 2]).is_err());
/// # Ok::<(), gateway_etf::serde::Error>(())
/// ```
pub fn to_heapless<const N: usize, V: Serialize + ?Sized>(value: &V) -> Result<heapless::Vec<u8, N>, Error> {
    let mut out = heapless::Vec::new();
    write(VecTarget(&mut out), value)?;
    Ok(out)
}

/// Writes `value` as a frame into a new `Vec` (feature `alloc`).
///
/// ```
/// use gateway_etf::serde::to_vec;
/// assert_eq!(to_vec(&Some("é"))?, [131, 109, 0, 0, 0, 2, 0xc3, 0xa9]);
/// assert_eq!(to_vec(&None::<u8>)?, [131, 119, 3, b'n', b'i', b'l']);
/// # Ok::<(), gateway_etf::serde::Error>(())
/// ```
#[cfg(feature = "alloc")]
pub fn to_vec<V: Serialize + ?Sized>(value: &V) -> Result<alloc::vec::Vec<u8>, Error> {
    let mut out = alloc::vec::Vec::new();
    write(VecTarget(&mut out), value)?;
    Ok(out)
}

/// Writes `value` as a frame into any [`Sink`], and returns how many bytes
/// it wrote.
///
/// A sink that is not known to be memory cannot have a count patched
/// into it, so a map or sequence of unknown length (`serialize_map(None)`,
/// `#[serde(flatten)]`, `collect_seq` over a filter) is
/// [`Error::UnknownLength`]; use [`to_slice`], [`to_heapless`] or `to_vec`
/// for those. On an error, the sink may hold part of the frame.
///
/// ```
/// use gateway_etf::serde::{to_sink, Error};
/// use gateway_etf::encode::CountingSink;
///
/// let mut sink = CountingSink::new();
/// // [1, <<"a">>]: list header 5, integer 2, binary 6, tail 1, and the version byte
/// assert_eq!(to_sink(&(1u8, "a"), &mut sink)?, 15);
/// // An iterator without an exact length: `collect_seq` passes `None`.
/// let odd = (0u8..5).filter(|n| n % 2 == 1);
/// struct Odd<I>(I);
/// impl<I: Iterator<Item = u8> + Clone> serde::Serialize for Odd<I> {
///     fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
///         s.collect_seq(self.0.clone())
///     }
/// }
/// assert_eq!(to_sink(&Odd(odd.clone()), &mut sink), Err(Error::UnknownLength));
/// assert_eq!(gateway_etf::serde::to_vec(&Odd(odd))?, [131, 108, 0, 0, 0, 2, 97, 1, 97, 3, 106]);
/// # Ok::<(), gateway_etf::serde::Error>(())
/// ```
pub fn to_sink<V: Serialize + ?Sized, S: Sink>(value: &V, sink: S) -> Result<usize, Error> {
    Ok(write(Stream::new(sink), value)?.count())
}

/// The length of the frame [`to_slice`] would write for `value`, without
/// writing it (maps and sequences of unknown length included: a count
/// always takes 4 bytes).
///
/// ```
/// use gateway_etf::serde::{encoded_len, to_vec};
/// let v = ("op", [1u64 << 60]);
/// assert_eq!(encoded_len(&v)?, to_vec(&v)?.len());
/// # Ok::<(), gateway_etf::serde::Error>(())
/// ```
pub fn encoded_len<V: Serialize + ?Sized>(value: &V) -> Result<usize, Error> {
    Ok(write(Measure(0), value)?.0)
}

/// The serializer over a [`Target`].
pub(crate) struct Ser<T> {
    w: Writer<T>,
}

impl<T: Target> Ser<T> {
    /// Where the next byte goes, or [`Error::UnknownLength`] when the
    /// target cannot patch.
    fn mark(&self) -> Result<usize, Error> {
        self.w.sink().mark().ok_or(Error::UnknownLength)
    }

    /// A count as a 32-bit ETF length.
    fn len32(n: usize) -> Result<u32, Error> {
        u32::try_from(n).map_err(|_| Error::Encode(crate::Error::LengthOverflow(n)))
    }

    /// A binary: a string, a key, a variant's name.
    #[inline(always)]
    fn binary(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.w.sink_mut().binary(bytes)?;
        Ok(())
    }

    /// `#{<<"Variant">> => ...`: the one-entry map around a variant's content.
    fn variant(&mut self, variant: &str) -> Result<(), Error> {
        self.w.map(1)?;
        self.binary(variant.as_bytes())
    }

    /// An integer beyond 64 bits as SMALL_BIG_EXT.
    fn big(&mut self, negative: bool, magnitude: u128) -> Result<(), Error> {
        let n = 16 - (magnitude.leading_zeros() / 8) as usize;
        let mut term = [0u8; 19];
        term[0] = tag::SMALL_BIG_EXT;
        term[1] = n as u8;
        term[2] = u8::from(negative);
        for (dst, src) in term.iter_mut().skip(3).zip(magnitude.to_le_bytes()) {
            *dst = src;
        }
        self.w.raw(term.get(..3 + n).unwrap_or(&term))?;
        Ok(())
    }

    #[inline(always)]
    fn seq(&mut self, announced: Option<usize>) -> Result<SeqSer<'_, T>, Error> {
        if let Some(n) = announced {
            self.w.list(n)?;
        }
        Ok(SeqSer { ser: self, announced, written: 0, count_at: None })
    }

    #[inline(always)]
    fn map(&mut self, announced: Option<usize>) -> Result<MapSer<'_, T>, Error> {
        let count_at = match announced {
            Some(n) => {
                self.w.map(Self::len32(n)?)?;
                None
            }
            None => {
                let at = self.mark()?;
                self.w.map(0)?;
                Some(at + 1)
            }
        };
        Ok(MapSer { ser: self, announced, written: 0, count_at })
    }
}

/// Counts the bytes of a `Display`.
struct Count(usize);

impl fmt::Write for Count {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 = self.0.saturating_add(s.len());
        Ok(())
    }
}

/// Writes a `Display` into the writer, remembering the first error.
struct Text<'w, T> {
    w: &'w mut Writer<T>,
    written: usize,
    error: Option<crate::Error>,
}

impl<T: Target> fmt::Write for Text<'_, T> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        match self.w.raw(s.as_bytes()) {
            Ok(_) => {
                self.written = self.written.saturating_add(s.len());
                Ok(())
            }
            Err(e) => {
                self.error = Some(e);
                Err(fmt::Error)
            }
        }
    }
}

/// Serializer methods for the narrow integers: each widened to the 64-bit
/// one, since the term written depends on the value, not the type.
macro_rules! widen {
    ($($method:ident: $ty:ty => $wide:ident;)*) => {$(
        #[inline(always)]
        fn $method(self, v: $ty) -> Result<(), Error> {
            self.$wide(v.into())
        }
    )*};
}

/// Serializer methods for a variant with several values, a tuple or a
/// struct: `#{<<"Variant">> => Content}`, the content a list or a map.
macro_rules! with_content {
    ($($method:ident => $content:ident: $compound:ident;)*) => {$(
        fn $method(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
            len: usize,
        ) -> Result<$compound<'a, T>, Error> {
            self.variant(variant)?;
            self.$content(Some(len))
        }
    )*};
}

impl<'a, T: Target> ser::Serializer for &'a mut Ser<T> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = SeqSer<'a, T>;
    type SerializeTuple = SeqSer<'a, T>;
    type SerializeTupleStruct = SeqSer<'a, T>;
    type SerializeTupleVariant = SeqSer<'a, T>;
    type SerializeMap = MapSer<'a, T>;
    type SerializeStruct = MapSer<'a, T>;
    type SerializeStructVariant = MapSer<'a, T>;

    #[inline(always)]
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.w.bool(v)?;
        Ok(())
    }

    widen! {
        serialize_i8: i8 => serialize_i64;
        serialize_i16: i16 => serialize_i64;
        serialize_i32: i32 => serialize_i64;
        serialize_u8: u8 => serialize_u64;
        serialize_u16: u16 => serialize_u64;
        serialize_u32: u32 => serialize_u64;
    }

    #[inline(always)]
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.w.sink_mut().int(v)?;
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        match (i64::try_from(v), u64::try_from(v)) {
            (Ok(i), _) => self.serialize_i64(i),
            (_, Ok(u)) => self.serialize_u64(u),
            _ => self.big(v < 0, v.unsigned_abs()),
        }
    }

    #[inline(always)]
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.w.sink_mut().uint(v)?;
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        match u64::try_from(v) {
            Ok(u) => self.serialize_u64(u),
            Err(_) => self.big(false, v),
        }
    }

    #[inline(always)]
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(v.into())
    }

    #[inline(always)]
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.w.float(v)?;
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    #[inline(always)]
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.binary(v.as_bytes())
    }

    #[inline(always)]
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.binary(v)
    }

    #[inline(always)]
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    #[inline(always)]
    fn serialize_some<V: Serialize + ?Sized>(self, value: &V) -> Result<(), Error> {
        value.serialize(self)
    }

    #[inline(always)]
    fn serialize_unit(self) -> Result<(), Error> {
        self.w.null()?;
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    #[inline(always)]
    fn serialize_newtype_struct<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &V,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &V,
    ) -> Result<(), Error> {
        self.variant(variant)?;
        value.serialize(self)
    }

    #[inline(always)]
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSer<'a, T>, Error> {
        self.seq(len)
    }

    #[inline(always)]
    fn serialize_tuple(self, len: usize) -> Result<SeqSer<'a, T>, Error> {
        self.seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SeqSer<'a, T>, Error> {
        self.seq(Some(len))
    }

    #[inline(always)]
    fn serialize_map(self, len: Option<usize>) -> Result<MapSer<'a, T>, Error> {
        self.map(len)
    }

    #[inline(always)]
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapSer<'a, T>, Error> {
        self.map(Some(len))
    }

    with_content! {
        serialize_tuple_variant => seq: SeqSer;
        serialize_struct_variant => map: MapSer;
    }

    /// Two passes over the `Display`: one to count its bytes for the
    /// binary's length, one to write them; no buffer.
    fn collect_str<V: fmt::Display + ?Sized>(self, value: &V) -> Result<(), Error> {
        let mut count = Count(0);
        write!(count, "{value}")
            .map_err(|_| <Error as ser::Error>::custom("a Display implementation failed"))?;
        let n = Ser::<T>::len32(count.0)?;
        self.w.reserve(5usize.saturating_add(count.0))?;
        let n = n.to_be_bytes();
        self.w.raw(&[tag::BINARY_EXT, n[0], n[1], n[2], n[3]])?;
        let mut text = Text { w: &mut self.w, written: 0, error: None };
        let done = write!(text, "{value}");
        if let Some(e) = text.error {
            return Err(e.into());
        }
        done.map_err(|_| <Error as ser::Error>::custom("a Display implementation failed"))?;
        if text.written != count.0 {
            return Err(Error::LengthMismatch { announced: count.0, written: text.written });
        }
        Ok(())
    }

    fn is_human_readable(&self) -> bool {
        true
    }
}

/// A list being written: its header written up front when its length is
/// announced, else at the first element with a placeholder count patched
/// at the end (and `[]` alone when there is no element).
pub(crate) struct SeqSer<'a, T> {
    ser: &'a mut Ser<T>,
    announced: Option<usize>,
    written: usize,
    /// Where the placeholder count is, once written.
    count_at: Option<usize>,
}

impl<T: Target> SeqSer<'_, T> {
    #[inline(always)]
    fn element<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), Error> {
        if self.announced.is_none() && self.count_at.is_none() {
            let at = self.ser.mark()?;
            self.ser.w.raw(&[tag::LIST_EXT, 0, 0, 0, 0])?;
            self.count_at = Some(at + 1);
        }
        self.written += 1;
        value.serialize(&mut *self.ser)
    }

    #[inline]
    fn finish(self) -> Result<(), Error> {
        match (self.announced, self.count_at) {
            (Some(n), _) if n != self.written => {
                return Err(Error::LengthMismatch { announced: n, written: self.written });
            }
            (None, Some(at)) => {
                let n = Ser::<T>::len32(self.written)?;
                self.ser.w.sink_mut().patch(at, n.to_be_bytes());
            }
            _ => {}
        }
        self.ser.w.tail()?;
        Ok(())
    }
}

/// The serde traits a list is written through: each element by
/// `element`, the end by `finish`.
macro_rules! seq_impls {
    ($($trait:ident::$method:ident),*) => {$(
        impl<T: Target> ser::$trait for SeqSer<'_, T> {
            type Ok = ();
            type Error = Error;

            #[inline(always)]
            fn $method<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), Error> {
                self.element(value)
            }

            #[inline]
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}

seq_impls!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// A map being written: its count written up front, or a placeholder
/// patched at the end.
pub(crate) struct MapSer<'a, T> {
    ser: &'a mut Ser<T>,
    announced: Option<usize>,
    written: usize,
    /// Where the placeholder count is, for a map of unknown length.
    count_at: Option<usize>,
}

impl<T: Target> MapSer<'_, T> {
    #[inline(always)]
    fn field<V: Serialize + ?Sized>(&mut self, key: &str, value: &V) -> Result<(), Error> {
        self.written += 1;
        self.ser.binary(key.as_bytes())?;
        value.serialize(&mut *self.ser)
    }

    #[inline]
    fn finish(self) -> Result<(), Error> {
        match (self.announced, self.count_at) {
            (Some(n), _) if n != self.written => {
                Err(Error::LengthMismatch { announced: n, written: self.written })
            }
            (None, Some(at)) => {
                let n = Ser::<T>::len32(self.written)?;
                self.ser.w.sink_mut().patch(at, n.to_be_bytes());
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

impl<T: Target> ser::SerializeMap for MapSer<'_, T> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<K: Serialize + ?Sized>(&mut self, key: &K) -> Result<(), Error> {
        self.written += 1;
        key.serialize(&mut *self.ser)
    }

    fn serialize_value<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), Error> {
        value.serialize(&mut *self.ser)
    }

    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// The serde traits a struct is written through, as a map: each field by
/// `field`, the end by `finish`.
macro_rules! struct_impls {
    ($($trait:ident),*) => {$(
        impl<T: Target> ser::$trait for MapSer<'_, T> {
            type Ok = ();
            type Error = Error;

            #[inline(always)]
            fn serialize_field<V: Serialize + ?Sized>(&mut self, key: &'static str, value: &V) -> Result<(), Error> {
                self.field(key, value)
            }

            #[inline]
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}

struct_impls!(SerializeStruct, SerializeStructVariant);
