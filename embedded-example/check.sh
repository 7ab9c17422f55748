#!/usr/bin/env bash
# Runs the firmware under QEMU (`cargo run --release`) and checks what it
# printed: every FRAME line against Erlang's term_to_binary bytes in
# golden/embedded.hex (none missing, none extra), what it read from the
# received frames of golden/session.hex and inflated from the zlib-stream
# connections of golden/zlib.hex, the commands the encoder
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

# The received frames (golden/session.terms, written by Erlang) as the
# firmware read them: the values are the terms' own; MESSAGE_CREATE and
# INTERACTION_CREATE went through serde into borrowing structs.
expect_line "recv hello" "RECV session_hello HELLO 41250"
expect_line "recv heartbeat ack" "RECV session_heartbeat_ack HEARTBEAT_ACK"
expect_line "recv heartbeat request" "RECV session_heartbeat_request HEARTBEAT"
expect_line "recv reconnect" "RECV session_reconnect RECONNECT"
expect_line "recv invalid session" "RECV session_invalid_session_true INVALID_SESSION true"
expect_line "recv invalid session (false)" "RECV session_invalid_session_false INVALID_SESSION false"
expect_line "recv ready" \
  "RECV session_ready 1 READY 3a1f0c9e5b7d4e2f8a6c1b0d9e7f5a3c wss://gateway-us-east1-b.discord.gg 1180000000000000001"
expect_line "recv ready (unsharded)" \
  "RECV session_ready_unsharded_no_guilds 1 READY mock-session-1 ws://127.0.0.1:4000/resume 1180000000000000001"
expect_line "recv resumed" "RECV session_resumed 7 RESUMED"
expect_line "recv message (serde)" "RECV session_message_create 4 MESSAGE_CREATE nelly: héllo from Erlang"
expect_line "recv interaction (serde)" "RECV session_interaction_create 5 INTERACTION_CREATE mason /echo ¡hola!"
expect_line "recv members chunk" "RECV session_members_chunk 300 GUILD_MEMBERS_CHUNK"
cases=$(grep -vc '^#' ../golden/session.hex)
expect_line "recv all" "RECEIVED $cases of $cases"

# zlib-stream: the messages of connections a and b of golden/zlib.hex
# (Erlang's zlib), inflated in fixed RAM into a 2 KiB buffer: each frame as
# long as Erlang's, then decoded; a's 145 KB GUILD_CREATE does not fit, so
# the firmware gives up on a (as a bot would reconnect) and goes on with b.
declare -A zlib
while read -r name hex; do
  case "$name" in '#'* | '') continue ;; esac
  zlib[$name]=$((${#hex} / 2))
done <../golden/zlib.hex
expect_line "connect a" "CONNECT a"
for name in a.01.hello a.02.ready b.01.hello b.02.resumed b.03.message_create b.04.heartbeat_ack; do
  expect_line "inflate $name" "INFLATE $name ${zlib[$name.z]} ${zlib[$name]}"
done
expect_line "inflate a.03.guild_create (${zlib[a.03.guild_create]} bytes)" \
  "INFLATE a.03.guild_create ERROR FrameTooLarge { capacity: 2048 }"
expect_line "connect b" "CONNECT b"
expect_line "inflated hello" "RECV a.01.hello HELLO 41250"
expect_line "inflated ready" \
  "RECV a.02.ready 1 READY 9d1d4c6d0b7e3c1f6a2e8b5d4c3a2f10 wss://gateway-us-east1-b.discord.gg 1100000000000000000"
expect_line "inflated resumed" "RECV b.02.resumed 5 RESUMED"
expect_line "inflated message (serde)" "RECV b.03.message_create 6 MESSAGE_CREATE member42: back again"
expect_line "inflated ack" "RECV b.04.heartbeat_ack HEARTBEAT_ACK"
expect_line "inflated all" "INFLATED 6"

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
