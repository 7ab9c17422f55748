//! Instructions per encode, counted by callgrind: one payload and one
//! contender per run, so each count is exact and repeatable.
//! `benches/instructions.sh` drives it; by hand:
//!
//! ```text
//! instructions run PAYLOAD CONTENDER ITERS   encode ITERS times after one warm-up
//! instructions [check]                       same work? prints the bytes each contender writes
//! instructions table < RESULTS               markdown table from "PAYLOAD CONTENDER INSTR ITERS" lines
//! instructions times [CRITERION_DIR]         markdown table of the last `cargo bench --bench encode`
//! instructions payloads | contenders          the names, in table order, on one line
//! ```
//!
//! PAYLOAD is a payload's name (`heartbeat`, `identify`, `members_by_ids`, …:
//! `common::PAYLOADS`); CONTENDER is one of `ours_slice`, `ours_heapless`, `ours_heapless_to`, `ours_vec`,
//! `ours_to_vec`, `ours_serde`, `eetf`, `erltf`, `json`, `postcard`, `memcpy`.
//!
//! The same for decoding received payloads, after `decode`:
//!
//! ```text
//! instructions decode run PAYLOAD CONTENDER ITERS   decode ITERS times after one warm-up
//! instructions decode [check]                       same values read? prints the frame sizes
//! instructions decode table < RESULTS               markdown table of instructions per decode
//! instructions decode times [CRITERION_DIR]         markdown table of the last `cargo bench --bench decode`
//! instructions decode payloads | contenders          the names, in table order, on one line
//! instructions decode contenders PAYLOAD             the names of that payload's contenders
//! ```
//!
//! PAYLOAD is `Hello`, `READY`, `MESSAGE_CREATE`, `MESSAGE_CREATE_twilight` or a group name (`D_ready`):
//! `decode_common::PAYLOADS`; CONTENDER is one of `ours`, `ours_one_pass`, `ours_validate`, `eetf`, `erltf`, `erltf_borrowed`,
//! `ours_serde`, `json`, `json_value`, `simd_json`, `simd_json_reuse` (`MESSAGE_CREATE_twilight` has only
//! `ours_serde`, `json`, `simd_json` and `simd_json_reuse`).
//!
//! The same for inflating zlib-stream frames in context and decoding them, after `inflate`:
//!
//! ```text
//! instructions inflate run PAYLOAD CONTENDER ITERS   prepare a context and inflate + decode, ITERS times after one warm-up
//! instructions inflate [check]                       same frames? prints the sizes
//! instructions inflate table < RESULTS               markdown table of instructions per inflate + decode
//! instructions inflate times [CRITERION_DIR]         markdown table of the last `cargo bench --bench inflate`
//! instructions inflate payloads | contenders         the names, in table order, on one line
//! ```
//!
//! PAYLOAD is `READY`, `GUILD_CREATE`, `MESSAGE_CREATE` or a group name (`Z_ready`):
//! `inflate_common::PAYLOADS`; CONTENDER is one of `ours`, `flate2`, `zlib_rs`, `copy`.

use std::collections::HashMap;
use std::hint::black_box;
use std::io::Read;
use std::process::ExitCode;

mod common;
mod decode_common;
mod inflate_common;
use common::{Encode, Inputs, Scratch, contender_names, inputs};
use decode_common::{Decode, Frames, Keep};

/// The encode or the decode measurements: what their tables are made of.
struct Suite {
    /// `encode` or `decode`, for titles and messages.
    verb: &'static str,
    /// The payloads in table order: `(name, criterion group)`.
    cases: Vec<(&'static str, &'static str)>,
    /// The contenders in table order; the first that a payload has is the
    /// base of its ratios (ours: `ours_slice`, `ours`; `ours_serde` for
    /// `MESSAGE_CREATE_twilight`), unless `base` names them.
    names: Vec<&'static str>,
    /// The contenders whose fastest, per payload, is the base of the
    /// ratios instead (inflate: the fastest flate2 backend, as the issue's
    /// target is put); empty for the first contender.
    base: &'static [&'static str],
}

impl Suite {
    fn encode() -> Self {
        Suite {
            verb: "encode",
            cases: common::PAYLOADS.iter().map(|p| (p.name, p.name)).collect(),
            names: contender_names().to_vec(),
            base: &[],
        }
    }
    fn decode() -> Self {
        Suite {
            verb: "decode",
            cases: decode_common::PAYLOADS.iter().map(|p| (p.name, p.group)).collect(),
            names: decode_common::contender_names(),
            base: &[],
        }
    }
    fn inflate() -> Self {
        Suite {
            verb: "inflate + decode",
            cases: inflate_common::PAYLOADS.iter().map(|p| (p.name, p.group)).collect(),
            names: inflate_common::contender_names(),
            base: &["flate2", "zlib_rs"],
        }
    }
}

/// The loop callgrind measures. Only the `enc_*` contender functions are
/// counted (`--toggle-collect`), so the loop itself adds nothing.
#[inline(never)]
fn measure(f: Encode, i: &Inputs<'_>, s: &mut Scratch, iters: u64) -> usize {
    let mut total = 0usize;
    for _ in 0..iters {
        total = total.wrapping_add(black_box(f)(black_box(i), black_box(&mut *s)));
    }
    total
}

/// `run`: one contender on one payload.
fn run(payload: &str, contender: &str, iters: u64) -> Result<(), String> {
    let payload = common::payload(payload)?;
    let (_, f) = payload
        .contenders()
        .into_iter()
        .find(|(name, _)| *name == contender)
        .ok_or_else(|| format!("no contender {contender:?}; try one of {:?}", contender_names()))?;
    let i = inputs();
    let mut s = payload.scratch(&i);
    // One call outside the count's difference: lazy statics, the
    // allocator's first arena and the like are paid in both runs.
    let bytes = f(&i, &mut s);
    let total = measure(f, &i, &mut s, iters);
    println!("{} {contender} {bytes} bytes, {total} over {iters} iterations", payload.name);
    Ok(())
}

/// The loop callgrind measures for decoding; only the `dec_*` contender
/// functions are counted.
#[inline(never)]
fn measure_decode(f: Decode<Keep>, frames: &Frames, iters: u64) -> usize {
    let mut total = 0usize;
    for _ in 0..iters {
        total = total.wrapping_add(black_box(f)(black_box(frames), &mut Keep));
    }
    total
}

/// `decode run`: one contender on one received payload.
fn decode_run(payload: &str, contender: &str, iters: u64) -> Result<(), String> {
    let payload = decode_common::payload(payload)?;
    let (_, f) = payload.contenders().into_iter().find(|(name, _)| *name == contender).ok_or_else(|| {
        format!("no contender {contender:?}; try one of {:?}", decode_common::contender_names())
    })?;
    let frames = payload.frames();
    // One call outside the count's difference, as for encoding.
    let bytes = f(&frames, &mut Keep);
    let total = measure_decode(f, &frames, iters);
    println!("{} {contender} {bytes} bytes, {total} over {iters} iterations", payload.name);
    Ok(())
}

/// The loop callgrind measures for inflating: each iteration prepares a
/// context (not counted) and inflates and decodes the frame in it; only
/// `inf_frame` is counted.
#[inline(never)]
fn measure_inflate(new: inflate_common::New, p: &inflate_common::Payload, iters: u64) -> usize {
    let f = p.frames();
    let (mut out, mut scratch) = (inflate_common::buffer(), inflate_common::buffer());
    let mut total = 0usize;
    // One step outside the count's difference (iters + 1 in all), as for
    // encoding: the first allocations and lazy statics are paid in both runs.
    for _ in 0..=iters {
        let mut z = inflate_common::prepare(new, &f, &mut scratch);
        total =
            total.wrapping_add(inflate_common::inf_frame(&mut *z, black_box(f.message), p.read, &mut out));
    }
    total
}

/// `inflate run`: one contender on one frame.
fn inflate_run(payload: &str, contender: &str, iters: u64) -> Result<(), String> {
    let p = inflate_common::payload(payload)?;
    let total = measure_inflate(inflate_common::contender(contender)?, p, iters);
    println!("{} {contender} {total} bytes over {} iterations", p.name, iters + 1);
    Ok(())
}

/// `inflate check`: every inflater gives back Erlang's frames; a markdown
/// table of the sizes.
fn inflate_check() -> Result<(), String> {
    let all = inflate_common::check_all()?;
    println!("| bytes | {} |", all.iter().map(|&(k, _, _)| k).collect::<Vec<_>>().join(" | "));
    println!("|---|{}", "---:|".repeat(all.len()));
    let cells: Vec<String> = all.iter().map(|&(_, z, _)| z.to_string()).collect();
    println!("| message (compressed) | {} |", cells.join(" | "));
    let cells: Vec<String> = all.iter().map(|&(_, _, f)| f.to_string()).collect();
    println!("| frame (inflated) | {} |", cells.join(" | "));
    Ok(())
}

/// `decode check`: every contender reads the expected values; a markdown
/// table of the frame sizes.
fn decode_check() -> Result<(), String> {
    let all = decode_common::check_all()?;
    println!("| bytes read | {} |", all.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(" | "));
    println!("|---|{}", "---:|".repeat(all.len()));
    let row = |name: &str, len: fn(&decode_common::Sizes) -> usize| {
        let cells: Vec<String> = all.iter().map(|(_, sizes)| len(sizes).to_string()).collect();
        println!("| {name} | {} |", cells.join(" | "));
    };
    row("ETF frame (all but json*, simd_json*)", |s| s.etf);
    row("JSON form (json, json_value, simd_json*)", |s| s.json);
    Ok(())
}

/// `check`: equal work, and a markdown table of the bytes each contender writes.
fn check() -> Result<(), String> {
    let all = common::check_all()?;
    println!("| bytes written | {} |", all.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(" | "));
    println!("|---|{}", "---:|".repeat(all.len()));
    for (n, name) in contender_names().iter().enumerate() {
        let cells: Vec<String> = all.iter().map(|(_, lens)| lens[n].to_string()).collect();
        println!("| {name} | {} |", cells.join(" | "));
    }
    Ok(())
}

/// `1234567` as `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `table`: reads "PAYLOAD CONTENDER INSTR ITERS" lines, prints instructions
/// per encode (or decode) with the ratio to ours for each payload.
fn table(suite: &Suite) -> Result<(), String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| e.to_string())?;
    let mut per: HashMap<(String, String), f64> = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let [payload, contender, instr, iters] = f[..] else {
            return Err(format!("bad line {line:?}"));
        };
        let instr: f64 = instr.parse().map_err(|_| format!("bad count in {line:?}"))?;
        let iters: f64 = iters.parse().map_err(|_| format!("bad iterations in {line:?}"))?;
        per.insert((payload.to_owned(), contender.to_owned()), instr / iters.max(1.0));
    }
    print_table(suite, &format!("instructions per {}", suite.verb), &per, |v| grouped(v.round() as u64));
    Ok(())
}

/// A markdown table, contenders down and payloads across; each cell is the
/// figure and, outside ours (the first contender the payload has:
/// `ours_slice`, `ours`, `ours_serde` for the twilight payload), its ratio
/// to ours.
fn print_table(
    suite: &Suite,
    title: &str,
    per: &HashMap<(String, String), f64>,
    fmt: impl Fn(f64) -> String,
) {
    let get = |k: &str, who: &str| per.get(&(k.to_owned(), who.to_owned())).copied();
    let keys: Vec<&str> =
        suite.cases.iter().map(|&(k, _)| k).filter(|k| per.keys().any(|(p, _)| p == k)).collect();
    // Each payload's base: the first contender it has a figure for, or the
    // lowest figure among `suite.base`.
    let base: HashMap<&str, &str> = keys
        .iter()
        .filter_map(|&k| {
            let mut has = suite.names.iter().filter(|n| get(k, n).is_some());
            let first = if suite.base.is_empty() {
                has.next()
            } else {
                has.filter(|n| suite.base.contains(n))
                    .min_by(|a, b| get(k, a).partial_cmp(&get(k, b)).unwrap())
            };
            Some((k, *first?))
        })
        .collect();
    println!("| {title} | {} |", keys.join(" | "));
    println!("|---|{}", "---:|".repeat(keys.len()));
    for &name in &suite.names {
        if !keys.iter().any(|k| get(k, name).is_some()) {
            continue;
        }
        let cells: Vec<String> = keys
            .iter()
            .map(|k| match (get(k, name), base.get(k).and_then(|b| get(k, b))) {
                (Some(v), Some(o)) if base.get(k) != Some(&name) && o > 0.0 => {
                    format!("{} ({:.2}×)", fmt(v), v / o)
                }
                (Some(v), _) => fmt(v),
                (None, _) => "–".to_owned(),
            })
            .collect();
        println!("| {name} | {} |", cells.join(" | "));
    }
}

/// `times`: criterion's estimate (the slope, else the mean) for each payload
/// and contender it has results for under `dir`.
fn times(suite: &Suite, dir: &str) -> Result<(), String> {
    let mut per = HashMap::new();
    for &(key, group) in &suite.cases {
        for &name in &suite.names {
            let path = format!("{dir}/{group}/{name}/new/estimates.json");
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
            let ns = v["slope"]["point_estimate"]
                .as_f64()
                .or_else(|| v["mean"]["point_estimate"].as_f64())
                .ok_or_else(|| format!("{path}: no estimate"))?;
            per.insert((key.to_owned(), name.to_owned()), ns);
        }
    }
    if per.is_empty() {
        return Err(format!(
            "no criterion results under {dir}: run `cargo bench --bench {}` first",
            suite.verb
        ));
    }
    print_table(suite, &format!("time per {}", suite.verb), &per, |ns| {
        if ns >= 1000.0 { format!("{:.2} µs", ns / 1000.0) } else { format!("{ns:.1} ns") }
    });
    Ok(())
}

/// `payloads`: the payloads' names in table order, on one line (the
/// default `PAYLOADS` of `instructions.sh`).
fn payloads(suite: &Suite) -> Result<(), String> {
    let names: Vec<&str> = suite.cases.iter().map(|&(name, _)| name).collect();
    println!("{}", names.join(" "));
    Ok(())
}

/// `contenders`: the contenders' names in table order, on one line (the
/// default `CONTENDERS` of `instructions.sh`).
fn contenders(suite: &Suite) -> Result<(), String> {
    println!("{}", suite.names.join(" "));
    Ok(())
}

/// `decode contenders PAYLOAD`: the names of that payload's contenders (the
/// twilight payload has only some), which `instructions.sh` runs.
fn decode_contenders_of(payload: &str) -> Result<(), String> {
    let names: Vec<&str> =
        decode_common::payload(payload)?.contenders().into_iter().map(|(name, _)| name).collect();
    println!("{}", names.join(" "));
    Ok(())
}

fn main() -> ExitCode {
    // `cargo bench` appends `--bench`; it means nothing here.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args[..] {
        ["run", payload, contender, iters] => match iters.parse() {
            Ok(iters) => run(payload, contender, iters),
            Err(_) => Err(format!("bad iteration count {iters:?}")),
        },
        // Plain `cargo bench` runs every bench: check and show sizes, count nothing.
        [] | ["check"] => check(),
        ["table"] => table(&Suite::encode()),
        ["times"] => times(&Suite::encode(), "target/criterion"),
        ["times", dir] => times(&Suite::encode(), dir),
        ["payloads"] => payloads(&Suite::encode()),
        ["contenders"] => contenders(&Suite::encode()),
        ["decode", "run", payload, contender, iters] => match iters.parse() {
            Ok(iters) => decode_run(payload, contender, iters),
            Err(_) => Err(format!("bad iteration count {iters:?}")),
        },
        ["decode"] | ["decode", "check"] => decode_check(),
        ["decode", "table"] => table(&Suite::decode()),
        ["decode", "times"] => times(&Suite::decode(), "target/criterion"),
        ["decode", "times", dir] => times(&Suite::decode(), dir),
        ["decode", "payloads"] => payloads(&Suite::decode()),
        ["decode", "contenders"] => contenders(&Suite::decode()),
        ["decode", "contenders", payload] => decode_contenders_of(payload),
        ["inflate", "run", payload, contender, iters] => match iters.parse() {
            Ok(iters) => inflate_run(payload, contender, iters),
            Err(_) => Err(format!("bad iteration count {iters:?}")),
        },
        ["inflate"] | ["inflate", "check"] => inflate_check(),
        ["inflate", "table"] => table(&Suite::inflate()),
        ["inflate", "times"] => times(&Suite::inflate(), "target/criterion"),
        ["inflate", "times", dir] => times(&Suite::inflate(), dir),
        ["inflate", "payloads"] => payloads(&Suite::inflate()),
        ["inflate", "contenders"] => contenders(&Suite::inflate()),
        _ => {
            Err("usage: instructions [decode|inflate] run PAYLOAD CONTENDER ITERS | [decode|inflate] check \
                  | [decode|inflate] table < RESULTS | [decode|inflate] times [DIR] \
                  | [decode|inflate] payloads | [decode|inflate] contenders | decode contenders PAYLOAD \
                  (driven by benches/instructions.sh)"
                .to_owned())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("instructions: {e}");
            ExitCode::FAILURE
        }
    }
}
