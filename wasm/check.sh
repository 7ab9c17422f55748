#!/usr/bin/env bash
# Builds the WebAssembly module (release: opt-level "s", LTO) and checks it
# under Node against Erlang's bytes in golden/wasm.hex.
# Needs: rustup target wasm32-unknown-unknown, node >= 18 (ci.sh in
# embedded-example/ installs what is missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
cargo build --release --locked --quiet
target_dir=$(cargo metadata --format-version 1 --no-deps --locked | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
wasm="$target_dir/wasm32-unknown-unknown/release/gateway_etf_wasm.wasm"
echo "wasm: module $(stat -c %s "$wasm") bytes"
node check.mjs "$wasm" ../golden/wasm.hex ../golden/received.hex
