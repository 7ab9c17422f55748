#!/usr/bin/env bash
# CI for the no_std targets: installs what is missing (idempotent: apt only
# when a tool is absent), then runs
#   - embedded-example/check.sh: the Cortex-M3 firmware under QEMU, every
#     frame against Erlang's bytes (golden/embedded.hex);
#   - wasm/check.sh: the WebAssembly module under Node, against
#     golden/wasm.hex;
#   - where Erlang is installed, that the committed .hex files are what
#     golden/gen.escript makes of the .terms files.
# Prints `N passed, M failed` per part and in total; exits 1 on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
start=$SECONDS
step() { echo "== $* ($((SECONDS - start)) s)"; }

step "tools"
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
apt_missing=()
command -v qemu-system-arm >/dev/null || apt_missing+=(qemu-system-arm)
command -v node >/dev/null || apt_missing+=(nodejs)
if [ ${#apt_missing[@]} -gt 0 ]; then
  echo "apt: installing ${apt_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq || exit 1
  $sudo apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null || exit 1
fi
installed=$(rustup target list --installed)
for t in thumbv7m-none-eabi wasm32-unknown-unknown; do
  grep -qx "$t" <<<"$installed" || rustup target add "$t" || exit 1
done

total_passed=0
total_failed=0
tally() { # tally LOG: adds the log's last `N passed, M failed` to the totals
  local line
  line=$(grep -E '^[a-z]+: [0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)
  if [ -z "$line" ]; then
    total_failed=$((total_failed + 1))
    return
  fi
  total_passed=$((total_passed + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")))
  total_failed=$((total_failed + $(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")))
}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

if command -v escript >/dev/null; then
  step "golden: .hex against golden/gen.escript"
  passed=0
  failed=0
  for name in embedded wasm; do
    escript "$root/golden/gen.escript" "$root/golden/$name.terms" "$logs/$name.hex"
    if diff <(grep -v '^#' "$root/golden/$name.hex") <(grep -v '^#' "$logs/$name.hex") >/dev/null; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      echo "FAIL golden/$name.hex is stale: rerun escript golden/gen.escript golden/$name.terms golden/$name.hex"
    fi
  done
  echo "golden: $passed passed, $failed failed" | tee "$logs/golden.log"
  tally "$logs/golden.log"
else
  step "golden: no escript, using the committed .hex files as they are"
fi

step "embedded: firmware under QEMU"
"$here/check.sh" 2>&1 | tee "$logs/embedded.log"
tally "$logs/embedded.log"

step "wasm: module under Node"
"$root/wasm/check.sh" 2>&1 | tee "$logs/wasm.log"
tally "$logs/wasm.log"

step "done"
echo "total: $total_passed passed, $total_failed failed"
[ "$total_failed" = 0 ]
