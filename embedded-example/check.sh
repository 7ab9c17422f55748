#!/usr/bin/env bash
# Runs the firmware under QEMU (`cargo run --release`) and checks what it
# printed: every FRAME line against Erlang's term_to_binary bytes in
# golden/embedded.hex (none missing, none extra), the commands the encoder
# must refuse, the resume URL read back from "flash", the defmt log and the
# exit code. Prints `embedded: N passed, M failed`; exits 1 on any failure.
# Needs: rustup target thumbv7m-none-eabi, qemu-system-arm (ci.sh installs
# what is missing).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here" || exit 1
golden=../golden/embedded.hex
out=target/firmware.out

cargo build --release --locked --quiet || { echo "embedded: build failed"; echo "embedded: 0 passed, 1 failed"; exit 1; }
mkdir -p target
rm -f target/defmt.bin
timeout 120 cargo run --release --locked --quiet >"$out" 2>target/firmware.err
status=$?

passed=0
failed=0
check() { # check NAME OK [DETAIL]
  if [ "$2" = 1 ]; then
    passed=$((passed + 1))
    echo "ok   $1${3:+: $3}"
  else
    failed=$((failed + 1))
    echo "FAIL $1${3:+: $3}"
  fi
}

# FRAME lines: name -> hex; a name printed twice is a failure.
declare -A got want
while read -r tag name hex; do
  [ "$tag" = FRAME ] || continue
  if [ -n "${got[$name]+x}" ]; then check "$name" 0 "printed twice"; fi
  got[$name]=$hex
done <"$out"
while read -r name hex; do
  case "$name" in '#'* | '') continue ;; esac
  want[$name]=$hex
  if [ -z "${got[$name]+x}" ]; then
    check "$name" 0 "missing from the firmware's output"
  elif [ "${got[$name]}" = "$hex" ]; then
    check "$name" 1 "$((${#hex} / 2)) bytes"
  else
    check "$name" 0 $'differs from Erlang\n  got  '"${got[$name]}"$'\n  want '"$hex"
  fi
done <"$golden"
for name in "${!got[@]}"; do
  [ -n "${want[$name]+x}" ] || check "$name" 0 "printed but has no golden bytes"
done

# Refused before a byte is written. The small buffer must report the whole
# Identify frame's length, which Erlang's bytes give.
identify_len=$((${#want[identify]} / 2))
expect_line() { # expect_line NAME LINE
  if grep -qxF -- "$2" "$out"; then check "$1" 1; else check "$1" 0 "no line '$2'"; fi
}
expect_line "reject_101_ids" "REJECT reject_101_ids TooManyUserIds(101)"
expect_line "reject_long_nonce" "REJECT reject_long_nonce NonceTooLong(33)"
expect_line "reject_threshold" "REJECT reject_threshold LargeThresholdOutOfRange(251)"
expect_line "reject_small_buffer" "REJECT reject_small_buffer BufferFull { needed: $identify_len }"
# The resume frame is checked above; its URL travels beside it.
expect_line "resume_url" "RESUME_URL wss://gateway-us-east1-c.discord.gg"

# The defmt log (both boots, binary). With defmt-print on PATH (`cargo
# install defmt-print`, minutes to build, so CI skips it) it is decoded and
# must hold the encoder's errors, formatted by gateway-etf's defmt derive.
if [ ! -s target/defmt.bin ]; then
  check "defmt log" 0 "target/defmt.bin missing or empty"
elif command -v defmt-print >/dev/null; then
  elf=$(cargo metadata --format-version 1 --no-deps --locked |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/thumbv7m-none-eabi/release/embedded-example
  decoded=$(defmt-print -e "$elf" <target/defmt.bin 2>&1)
  if grep -qF 'Rejected { name: "reject_101_ids", error: TooManyUserIds(101) }' <<<"$decoded" &&
    grep -qF 'Boot { resumed: false }' <<<"$decoded" && grep -qF 'Restored(ResumeState {' <<<"$decoded"; then
    check "defmt log" 1 "$(grep -c . <<<"$decoded") records decoded by defmt-print"
  else
    check "defmt log" 0 $'defmt-print gave:\n'"$decoded"
  fi
else
  check "defmt log" 1 "$(stat -c %s target/defmt.bin) bytes in target/defmt.bin (defmt-print not installed: not decoded)"
fi

if [ "$status" = 0 ] && grep -qx DONE "$out"; then
  check "firmware exit" 1 "rebooted, resumed, exited 0"
else
  check "firmware exit" 0 "exit status $status; last lines:"
  tail -n 5 "$out" target/firmware.err
fi

echo "embedded: $passed passed, $failed failed"
[ "$failed" = 0 ]
