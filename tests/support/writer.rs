//! Every Writer case of golden/writer.terms: the calls that write the term,
//! under the same name. The version byte is written by the caller.

use gateway_etf::encode::SliceSink;
use gateway_etf::encode::Writer;
use gateway_etf::*;

/// The writer every case writes into.
pub type W<'a> = Writer<SliceSink<'a>>;

/// The Writer calls of a case.
pub type WriteFn = dyn Fn(&mut W<'_>) -> Result<(), Error>;

/// A named writer case. Its data is built up front, so that running it
/// allocates nothing.
pub struct WriterCase {
    pub name: &'static str,
    pub write: Box<WriteFn>,
}

impl WriterCase {
    /// Writes the version byte and the case's term into `buf`; returns the
    /// bytes written.
    pub fn run<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
        let mut w = Writer::new(SliceSink::new(buf));
        w.version()?;
        (self.write)(&mut w)?;
        Ok(w.into_sink().into_written())
    }
}

/// The cases of 65,535 and 65,536 elements, each side of STRING_EXT's
/// 16-bit length. Miri takes minutes over them (a few steps per element,
/// all interpreted), so `tests/encode/golden.rs` leaves them out under Miri; the
/// length fields they write are in the short lists' cases too, and
/// `cargo test` checks them natively.
pub const LONG_LISTS: [&str; 4] =
    ["small_int_list_65535", "small_int_list_65536", "uint_list_65535", "uint_list_65536"];

/// A buffer size that holds every writer case (the largest is a
/// 65536-element LIST_EXT of SMALL_INTEGER_EXT, 131079 bytes).
pub const BUF_LEN: usize = 1 << 18;

fn case(name: &'static str, f: impl Fn(&mut W<'_>) -> Result<(), Error> + 'static) -> WriterCase {
    WriterCase { name, write: Box::new(f) }
}

/// `c!("name", w => calls…)`: a case running `w.calls…?`.
macro_rules! c {
    ($name:literal, $w:ident => $($call:tt)*) => {
        case($name, move |$w: &mut W<'_>| {
            $w.$($call)*?;
            Ok(())
        })
    };
}

/// Every writer case, named as in golden/writer.terms.
pub fn cases() -> Vec<WriterCase> {
    // x % 256 for x from 0: 0..=255 repeated, copied whole rather than
    // made element by element (which took Miri over a minute).
    let bytes_65536: Vec<u8> = (0..=255).collect::<Vec<u8>>().repeat(256);
    let bytes_65535 = bytes_65536[..65535].to_vec();
    let u64s_65536: Vec<u64> = (0..=255).collect::<Vec<u64>>().repeat(256);
    let u64s_65535 = u64s_65536[..65535].to_vec();
    let atom_255 = "a".repeat(255);
    let atom_254_bytes = "é".repeat(127);
    let atom_256_bytes = "é".repeat(128);
    let atom_255_euro = "€".repeat(255);
    let atom_255_emoji = "😀".repeat(255);
    let str_300 = "x".repeat(300);
    let str_300_unicode = "€".repeat(100);
    let binary_300: Vec<u8> = (0..300u32).map(|x| (x % 256) as u8).collect();

    vec![
        c!("int_0", w => int(0)),
        c!("int_1", w => int(1)),
        c!("int_255", w => int(255)),
        c!("int_256", w => int(256)),
        c!("int_m1", w => int(-1)),
        c!("int_m255", w => int(-255)),
        c!("int_m256", w => int(-256)),
        c!("int_i32_max", w => int(i32::MAX.into())),
        c!("int_i32_max_p1", w => int(i64::from(i32::MAX) + 1)),
        c!("int_i32_min", w => int(i32::MIN.into())),
        c!("int_i32_min_m1", w => int(i64::from(i32::MIN) - 1)),
        c!("int_2p32", w => int(1 << 32)),
        c!("int_m2p32", w => int(-(1 << 32))),
        c!("int_2p40", w => int(1 << 40)),
        c!("int_m2p40", w => int(-(1 << 40))),
        c!("int_2p56", w => int(1 << 56)),
        c!("int_i64_max", w => int(i64::MAX)),
        c!("int_i64_min", w => int(i64::MIN)),
        c!("int_i64_min_p1", w => int(i64::MIN + 1)),
        //
        c!("uint_0", w => uint(0)),
        c!("uint_255", w => uint(255)),
        c!("uint_256", w => uint(256)),
        c!("uint_i32_max", w => uint(i32::MAX as u64)),
        c!("uint_2p31", w => uint(1 << 31)),
        c!("uint_2p32m1", w => uint(u32::MAX.into())),
        c!("uint_2p32", w => uint(1 << 32)),
        c!("uint_2p40", w => uint(1 << 40)),
        c!("uint_2p56m1", w => uint((1 << 56) - 1)),
        c!("uint_2p56", w => uint(1 << 56)),
        c!("uint_i64_max", w => uint(i64::MAX as u64)),
        c!("uint_2p63", w => uint(1 << 63)),
        c!("uint_u64_max", w => uint(u64::MAX)),
        c!("snowflake", w => uint(81384788765712384)),
        //
        c!("float_0", w => float(0.0)),
        c!("float_neg_0", w => float(-0.0)),
        c!("float_1_5", w => float(1.5)),
        c!("float_m1_5", w => float(-1.5)),
        c!("float_0_1", w => float(0.1)),
        c!("float_1e300", w => float(1e300)),
        c!("float_max", w => float(f64::MAX)),
        c!("float_lowest", w => float(f64::MIN)),
        c!("float_min_positive", w => float(f64::MIN_POSITIVE)),
        c!("float_subnormal_max", w => float(f64::from_bits(0x000f_ffff_ffff_ffff))),
        c!("float_subnormal_min", w => float(f64::from_bits(1))),
        c!("float_neg_subnormal_min", w => float(-f64::from_bits(1))),
        //
        c!("atom_ok", w => atom("ok")),
        c!("atom_empty", w => atom("")),
        c!("atom_nil", w => atom("nil")),
        c!("atom_unicode", w => atom("héllo")),
        c!("null", w => null()),
        c!("bool_true", w => bool(true)),
        c!("bool_false", w => bool(false)),
        c!("atom_255_ascii", w => atom(&atom_255)),
        c!("atom_254_bytes", w => atom(&atom_254_bytes)),
        c!("atom_256_bytes", w => atom(&atom_256_bytes)),
        c!("atom_255_chars_3_bytes", w => atom(&atom_255_euro)),
        c!("atom_255_chars_4_bytes", w => atom(&atom_255_emoji)),
        //
        c!("str_empty", w => str("")),
        c!("str_ascii", w => str("op")),
        c!("str_unicode", w => str("héllo wörld ✓ 🦀")),
        c!("str_300_bytes", w => str(&str_300)),
        c!("str_300_bytes_unicode", w => str(&str_300_unicode)),
        c!("binary_empty", w => binary(&[])),
        c!("binary_bytes", w => binary(&[0, 1, 127, 128, 255])),
        c!("binary_300", w => binary(&binary_300)),
        //
        c!("map_empty", w => map(0)),
        c!("map_one", w => map(1)?.str("a")?.bool(true)),
        c!("map_frame", w => map(2)?.str("d")?.int(42)?.str("op")?.int(1)),
        // #{"a" => [#{"b" => nil}, [1, 2], [], "x"], "bb" => #{"c" => #{}}}
        c!("map_nested", w => map(2)?
            .str("a")?.list(4)?
                .map(1)?.str("b")?.null()?
                .small_int_list(&[1, 2])?
                .list(0)?.tail()?
                .str("x")?
            .tail()?
            .str("bb")?.map(1)?.str("c")?.map(0)),
        c!("list_empty", w => list(0)?.tail()),
        c!("list_one", w => list(1)?.str("x")?.tail()),
        c!("list_mixed", w => list(8)?
            .int(1)?.str("x")?.null()?.int(-1)?.float(1.5)?.uint(1 << 32)?.map(0)?.list(0)?.tail()?
            .tail()),
        // [[[]], [[1]]]
        c!("list_nested", w => list(2)?
            .list(1)?.list(0)?.tail()?.tail()?
            .list(1)?.small_int_list(&[1])?.tail()?
            .tail()),
        //
        c!("small_int_list_empty", w => small_int_list(&[])),
        c!("small_int_list_1", w => small_int_list(&[7])),
        c!("small_int_list_0_255", w => small_int_list(&[0, 255])),
        c!("small_int_list_65535", w => small_int_list(&bytes_65535)),
        c!("small_int_list_65536", w => small_int_list(&bytes_65536)),
        //
        c!("uint_list_empty", w => uint_list(&[])),
        c!("uint_list_small", w => uint_list(&[0, 1, 255])),
        c!("uint_list_256", w => uint_list(&[1, 256])),
        c!("uint_list_big", w => uint_list(&[81384788765712384, 0, u64::MAX, 1 << 31])),
        c!("uint_list_65535", w => uint_list(&u64s_65535)),
        c!("uint_list_65536", w => uint_list(&u64s_65536)),
        c!("snowflakes", w => uint_list(&[81384788765712384, 1])),
        //
        c!("tuple_0", w => tuple(0)),
        c!("tuple_2", w => tuple(2)?.int(1)?.int(2)),
        c!("tuple_nested", w => tuple(3)?.atom("ok")?.tuple(2)?.str("x")?.list(0)?.tail()?.null()),
        case("tuple_255", |w| {
            w.tuple(255)?;
            (1..=255).try_for_each(|i| w.int(i).map(drop))
        }),
        case("tuple_256", |w| {
            w.tuple(256)?;
            (1..=256).try_for_each(|i| w.int(i).map(drop))
        }),
        //
        case("embedded_commands", |w| {
            w.list(2)?;
            Heartbeat::new(None).write(w)?;
            UpdateVoiceState::new(Snowflake::new(1), None).write(w)?;
            w.tail()?;
            Ok(())
        }),
    ]
}
