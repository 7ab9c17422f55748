#!/usr/bin/env bash
# Builds the WebAssembly module (release: opt-level "s", LTO) and checks it
# under Node:
#   - check.mjs: every command it encodes against Erlang's bytes
#     (golden/wasm.hex), its refusals, and the frames it decodes from
#     Erlang's (golden/received.hex);
#   - bot.mjs: a whole gateway session, compressed with zlib-stream, over a
#     real WebSocket against the strict mock gateway
#     (`mock_gateway --control stdin`), the module doing all ETF and
#     inflate work.
# Prints `wasm: N passed, M failed` for both together last.
# Needs: rustup target wasm32-unknown-unknown, node >= 18 (ci.sh in
# embedded-example/ installs what is missing); the `ws` package from npm
# only where Node has no WebSocket of its own (Node 20 has one behind
# --experimental-websocket, Node 22 by default).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
target_dir() { cargo metadata --format-version 1 --no-deps --locked | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p'; }

cargo build --release --locked --quiet || exit 1
wasm="$(target_dir)/wasm32-unknown-unknown/release/gateway_etf_wasm.wasm"
echo "wasm: module $(stat -c %s "$wasm") bytes"
(cd .. && cargo build --example mock_gateway --locked --quiet) || exit 1
mock="$(cd .. && target_dir)/debug/examples/mock_gateway"

has_websocket() { node "$@" -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)' 2>/dev/null; }
node_flags=()
if has_websocket; then
  :
elif has_websocket --experimental-websocket; then
  node_flags=(--experimental-websocket --no-warnings=ExperimentalWarning)
elif [ ! -d node_modules/ws ]; then
  echo "node has no WebSocket: installing the ws package from npm"
  npm install --no-save --no-package-lock --silent ws || exit 1
fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
node check.mjs "$wasm" ../golden/wasm.hex ../golden/received.hex ../golden/zlib.hex | tee "$logs/check.log"
# A session takes about 6 s; a hung one is cut at 60.
timeout 60 node "${node_flags[@]}" bot.mjs "$wasm" -- "$mock" --control stdin | tee "$logs/bot.log"

# One line for embedded-example/ci.sh's tally: both parts, and a part that
# printed no count (it crashed or timed out) as one failure.
passed=0
failed=0
for part in check bot; do
  line=$(grep -E '^[a-z]+: [0-9]+ passed, [0-9]+ failed$' "$logs/$part.log" | tail -n 1)
  if [ -z "$line" ]; then
    echo "FAIL $part.mjs printed no count"
    failed=$((failed + 1))
    continue
  fi
  passed=$((passed + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")))
  failed=$((failed + $(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")))
done
echo "wasm: $passed passed, $failed failed"
[ "$failed" = 0 ]
