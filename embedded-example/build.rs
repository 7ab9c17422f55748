//! Puts memory.x where cortex-m-rt's link.x finds it, and relinks when it
//! changes; turns the frames Erlang wrote for the mock gateway
//! (golden/session.hex) into `received.rs`, the frames the firmware decodes.

use std::{env, fs, path::PathBuf};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("memory.x"), include_bytes!("memory.x")).expect("OUT_DIR is writable");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
    received(&out.join("received.rs"));
    compressed(&out.join("compressed.rs"));
    println!("cargo:rerun-if-changed=build.rs");
}

/// `pub static RECEIVED: &[(&str, &[u8])]`, one entry per `name hex` line of
/// golden/session.hex (frames by Erlang's term_to_binary), in its order.
fn received(to: &std::path::Path) {
    write_cases(to, "RECEIVED", "session.hex", |_| true);
}

/// `pub static COMPRESSED: &[(&str, &[u8])]`: the WebSocket messages of
/// zlib-stream connections `a` and `b` in golden/zlib.hex (Erlang's zlib,
/// one deflate context per connection), named without their `.z`.
fn compressed(to: &std::path::Path) {
    write_cases(to, "COMPRESSED", "zlib.hex", |name| {
        (name.starts_with("a.") || name.starts_with("b.")) && name.ends_with(".z")
    });
}

/// Writes the cases of golden/`file` whose names `keep` accepts as a
/// static `(name, bytes)` slice named `name`.
fn write_cases(to: &std::path::Path, name: &str, file: &str, keep: impl Fn(&str) -> bool) {
    let golden = format!("../golden/{file}");
    println!("cargo:rerun-if-changed={golden}");
    let text = fs::read_to_string(&golden).unwrap_or_else(|e| panic!("{golden}: {e}"));
    let mut rust = format!("pub static {name}: &[(&str, &[u8])] = &[\n");
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (case, hex) = line.split_once(' ').expect("a golden line is `name hex`");
        if !keep(case) {
            continue;
        }
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("golden bytes are hex"))
            .collect();
        rust += &format!("    ({:?}, &{bytes:?}),\n", case.trim_end_matches(".z"));
    }
    rust += "];\n";
    fs::write(to, rust).expect("OUT_DIR is writable");
}
