//! Erlang reads what we write: each value below, written by `to_vec`, is
//! read by Erlang's own `binary_to_term` and compared (`=:=`) with the
//! term expected under the same name in golden/serde.expect
//! (golden/serde_check.escript). Skipped, with a note, without `escript`
//! (golden/ci.sh installs it).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::Command;

use gateway_etf::Snowflake;
use gateway_etf::serde::to_vec;
use serde::Serialize;

#[derive(Serialize)]
enum Kind {
    Unit,
    Newtype(u64),
    Tuple(i32, &'static str),
    Struct { a: Option<&'static str>, b: Vec<u16> },
}

#[derive(Serialize)]
struct Heartbeat {
    op: u8,
    d: Option<u64>,
}

#[derive(Serialize)]
struct Inner {
    x: i64,
    label: &'static str,
}

#[derive(Serialize)]
struct Flattened {
    op: u8,
    #[serde(flatten)]
    rest: BTreeMap<&'static str, u32>,
}

struct Odd(u32);

impl Serialize for Odd {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((0..self.0).filter(|n| n % 2 == 1))
    }
}

/// Every case, by the name golden/serde.expect gives it.
fn cases() -> Vec<(&'static str, Vec<u8>)> {
    let nested: BTreeMap<&str, BTreeMap<&str, Vec<Inner>>> =
        [("k", [("inner", vec![Inner { x: 1, label: "l" }])].into())].into();
    vec![
        ("struct_fields", to_vec(&Heartbeat { op: 1, d: Some(251) }).unwrap()),
        ("option_none", to_vec(&None::<u8>).unwrap()),
        ("unit", to_vec(&()).unwrap()),
        ("bools", to_vec(&[true, false]).unwrap()),
        (
            "integers",
            to_vec(&(
                0u8,
                255u8,
                256u16,
                -1i8,
                i32::MAX,
                1u64 << 31,
                i32::MIN,
                i32::MIN as i64 - 1,
                1u64 << 56,
                i64::MAX,
                i64::MIN,
                u64::MAX,
            ))
            .unwrap(),
        ),
        ("i128_neg_2_pow_64", to_vec(&-(1i128 << 64)).unwrap()),
        ("u128_max", to_vec(&u128::MAX).unwrap()),
        ("floats", to_vec(&(1.5f64, -0.1f64, 1.0e300f64)).unwrap()),
        ("strings", to_vec(&["héllo", "🎉", ""]).unwrap()),
        ("char", to_vec(&'é').unwrap()),
        ("bytes", to_vec(&serde_bytes_like(&[0, 255])).unwrap()),
        ("empty_seq", to_vec(&Vec::<u8>::new()).unwrap()),
        ("tuple", to_vec(&(1u8, "a", true)).unwrap()),
        ("unit_variant", to_vec(&Kind::Unit).unwrap()),
        ("newtype_variant", to_vec(&Kind::Newtype(7)).unwrap()),
        ("tuple_variant", to_vec(&Kind::Tuple(-3, "x")).unwrap()),
        ("struct_variant", to_vec(&Kind::Struct { a: None, b: vec![1, 2] }).unwrap()),
        ("nested", to_vec(&nested).unwrap()),
        ("int_keys", to_vec(&BTreeMap::from([(1i64, true), (-5, false)])).unwrap()),
        ("flattened", to_vec(&Flattened { op: 1, rest: [("a", 2), ("b", 300)].into() }).unwrap()),
        ("unknown_length_seq", to_vec(&Odd(6)).unwrap()),
        ("snowflake", to_vec(&Snowflake::new(1100000000000000000)).unwrap()),
        ("heartbeat", to_vec(&Heartbeat { op: 1, d: None }).unwrap()),
    ]
}

/// Bytes written with `serialize_bytes`, as `serde_bytes` would.
fn serde_bytes_like(b: &'static [u8]) -> impl Serialize {
    struct B(&'static [u8]);
    impl Serialize for B {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }
    B(b)
}

#[test]
fn erlang_reads_what_we_write() {
    if Command::new("escript").arg("-h").output().is_err() {
        eprintln!("serde erlang: escript not found, skipped (golden/ci.sh installs it)");
        return;
    }
    let mut hex = String::new();
    for (name, bytes) in cases() {
        write!(hex, "{name} ").unwrap();
        for b in bytes {
            write!(hex, "{b:02x}").unwrap();
        }
        hex.push('\n');
    }
    let dir = env!("CARGO_MANIFEST_DIR");
    let ours = std::env::temp_dir().join(format!("gateway-etf-serde-{}.hex", std::process::id()));
    std::fs::write(&ours, hex).unwrap();
    let out = Command::new("escript")
        .arg(format!("{dir}/golden/serde_check.escript"))
        .arg(format!("{dir}/golden/serde.expect"))
        .arg(&ours)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&ours);
    assert!(
        out.status.success(),
        "Erlang disagrees:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
