#!/usr/bin/env bash
# Footprint of gateway-etf, printed as a markdown table:
# - flash taken by the encoder, the decoder and serde reading on a
#   Cortex-M3: the release firmware (opt-level "s", fat LTO, codegen-units 1)
#   built with none of its features, then adding `encoder` (the calls into
#   the encoder), `decoder` (decoding the received frames) and `serde-read`
#   (two dispatches into derive'd borrowing structs) one at a time, each
#   difference being what that part costs;
# - the size of the release .wasm module (wasm/, opt-level "s", LTO, stripped)
#   and its linear memory;
# - peak stack of encoding each command, by stack painting in the firmware
#   under QEMU (the frame buffer is static, so it is not counted).
# Needs what ci.sh installs, plus a size tool: llvm-size, rust-size or
# arm-none-eabi-size on PATH, else rustup's llvm-tools (installed here).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

size_tool() {
  local t
  for t in llvm-size rust-size arm-none-eabi-size; do
    if command -v "$t" >/dev/null; then echo "$t"; return; fi
  done
  local sysroot host
  sysroot=$(rustc --print sysroot)
  host=$(rustc -vV | sed -n 's/^host: //p')
  t="$sysroot/lib/rustlib/$host/bin/llvm-size"
  [ -x "$t" ] || rustup component add llvm-tools >&2
  echo "$t"
}
SIZE=$(size_tool)

target_dir() {
  cargo metadata --format-version 1 --no-deps --locked | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p'
}
elf="$(target_dir)/thumbv7m-none-eabi/release/embedded-example"
mkdir -p target/footprint
build() { # build NAME FEATURES
  cargo build --release --locked --quiet --no-default-features --features "$2"
  cp "$elf" "target/footprint/$1.elf"
}
build without-encoder ""
build with-encoder encoder
build with-decoder encoder,decoder
build with-serde encoder,decoder,serde-read
build with-inflate encoder,decoder,serde-read,inflate

section() { # section ELF NAME -> bytes (0 if absent)
  "$SIZE" -A "$1" | awk -v s="$2" '$1 == s { print $2; found = 1 } END { if (!found) print 0 }'
}
flash() { # vector table + code + constants + the load image of .data
  echo $(($(section "$1" .vector_table) + $(section "$1" .text) + $(section "$1" .rodata) + $(section "$1" .data)))
}
with=target/footprint/with-encoder.elf
without=target/footprint/without-encoder.elf
text_delta=$(($(section $with .text) - $(section $without .text)))
rodata_delta=$(($(section $with .rodata) - $(section $without .rodata)))
flash_with=$(flash $with)
flash_without=$(flash $without)
# .text + .rodata that NEW adds to OLD
cost() { echo $(($(section "$2" .text) + $(section "$2" .rodata) - $(section "$1" .text) - $(section "$1" .rodata))); }
decoder_cost=$(cost $with target/footprint/with-decoder.elf)
serde_cost=$(cost target/footprint/with-decoder.elf target/footprint/with-serde.elf)
# The compressed messages the firmware replays are data, not the inflater.
compressed_bytes=$(awk '$1 ~ /^[ab]\..*\.z$/ { n += length($2) / 2 } END { print n }' ../golden/zlib.hex)
inflate_cost=$(cost target/footprint/with-serde.elf target/footprint/with-inflate.elf)
inflate_ram=$(($(section target/footprint/with-inflate.elf .bss) - $(section target/footprint/with-serde.elf .bss)))
flash_all=$(flash target/footprint/with-inflate.elf)
ram_all=$(($(section target/footprint/with-inflate.elf .bss) + $(section target/footprint/with-inflate.elf .data)))

# Stack: run the firmware and read its STACK lines.
stack_out=target/footprint/firmware.out
timeout 120 qemu-system-arm -cpu cortex-m3 -machine lm3s6965evb -nographic \
  -semihosting-config enable=on,target=native -kernel target/footprint/with-inflate.elf >"$stack_out" 2>/dev/null
frame_len() { awk -v n="$1" '$1 == "FRAME" && $2 == n { print length($3) / 2 }' "$stack_out"; }
stack_of() { awk -v n="$1" '$1 == "STACK" && $2 == n { print $3 }' "$stack_out"; }
largest=$(awk '$1 == "FRAME" { if (length($3) > max) { max = length($3); name = $2 } } END { print name }' "$stack_out")
deepest=$(awk '$1 == "STACK" && $2 != "inflate" { if ($3 + 0 > max) { max = $3 + 0; name = $2 } } END { print name }' "$stack_out")

wasm_dir=../wasm
(cd "$wasm_dir" && cargo build --release --locked --quiet)
wasm_target=$(cd "$wasm_dir" && target_dir)
wasm_file="$wasm_target/wasm32-unknown-unknown/release/gateway_etf_wasm.wasm"
wasm_size=$(stat -c %s "$wasm_file")
# Its linear memory as instantiated (stack, buffers, inflater; it never
# grows: no allocator), if Node is there to instantiate it.
wasm_memory=$(node -e 'const fs = require("fs");
  const m = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(process.argv[1])), {});
  console.log(m.exports.memory.buffer.byteLength)' "$wasm_file" 2>/dev/null || echo "n/a (no node)")

rustc_version=$(rustc -V | cut -d' ' -f2)
cat <<EOF
| Footprint (rustc $rustc_version, release: opt-level "s", LTO) | bytes |
|---|---:|
| Encoder code on thumbv7m-none-eabi (\`.text\` with − without the gateway calls) | $text_delta |
| Encoder constants (\`.rodata\` with − without) | $rodata_delta |
| Whole firmware flash, with / without the encoder (neither decoding) | $flash_with / $flash_without |
| Decoder code and constants (envelope, Hello, READY, dispatch names; with − without \`decoder\`) | $decoder_cost |
| serde reading, MESSAGE_CREATE and INTERACTION_CREATE into derive'd structs (with − without \`serde-read\`) | $serde_cost |
| zlib-stream inflater code and constants, without the replayed messages (with − without \`inflate\`) | $((inflate_cost - compressed_bytes)) |
| zlib-stream inflater RAM: \`ZlibStream\` (window + state, in .bss) and a 2 KiB frame buffer (with − without \`inflate\`) | $inflate_ram |
| Whole firmware, everything: flash / static RAM (of the lm3s6965's 256 KiB / 64 KiB) | $flash_all / $ram_all |
| \`.wasm\` module, a bot's core: every command, decode, zlib-stream inflate (wasm32-unknown-unknown, stripped) | $wasm_size |
| \`.wasm\` linear memory: 128 KiB stack, 2 MiB frame buffer, 43 KiB inflater, message, input and output buffers | $wasm_memory |
| Peak stack, largest command ($largest, $(frame_len "$largest")-byte frame) | $(stack_of "$largest") |
| Peak stack, deepest command ($deepest, $(frame_len "$deepest")-byte frame) | $(stack_of "$deepest") |
| Peak stack, inflating a zlib-stream message (\`ZlibStream::push\`) | $(stack_of inflate) |
EOF
