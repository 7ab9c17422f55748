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
    println!("cargo:rerun-if-changed=build.rs");
}

/// `pub static RECEIVED: &[(&str, &[u8])]`, one entry per `name hex` line of
/// golden/session.hex, in its order.
fn received(to: &std::path::Path) {
    let golden = "../golden/session.hex";
    println!("cargo:rerun-if-changed={golden}");
    let text = fs::read_to_string(golden).expect("golden/session.hex is readable");
    let mut rust = String::from("pub static RECEIVED: &[(&str, &[u8])] = &[\n");
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (name, hex) = line.split_once(' ').expect("a golden line is `name hex`");
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("golden bytes are hex"))
            .collect();
        rust += &format!("    ({name:?}, &{bytes:?}),\n");
    }
    rust += "];\n";
    fs::write(to, rust).expect("OUT_DIR is writable");
}
