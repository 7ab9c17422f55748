#!/usr/bin/env bash
# Checks that the crate prints every decoded term as text Erlang reads back
# (`Display` for decode::Term, src/decode/display.rs, both `{}` and `{:#}`):
#
#   1. golden/printer.escript gen: edge cases and random terms from a fixed
#      seed, each as term_to_binary in three encodings, plus hand-written
#      frames;
#   2. examples/print_terms.rs prints each frame compact and pretty;
#   3. golden/printer.escript check: Erlang scans, parses and evaluates each
#      printout and compares it with binary_to_term of the frame.
#
# Nothing is committed or compared with a file, so it cannot go stale.
# Exit status: 0 when every printout reads back; 1 on any mismatch (the
# first few are printed); 2 when it cannot run.
#
# Needs `escript` (Debian: apt-get install -y erlang-base; golden/ci.sh
# installs it) and cargo. Runs from any directory. CARGO_BUILD_JOBS and the
# other cargo variables are honoured.
set -euo pipefail

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$dir/.."

if ! command -v escript >/dev/null 2>&1; then
    echo "printer.sh: escript not found (apt-get install -y erlang-base)" >&2
    exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cargo build --quiet --example print_terms || exit 2
escript golden/printer.escript gen "$tmp/frames" || exit 2
cargo run --quiet --example print_terms <"$tmp/frames" >"$tmp/printed" || exit 2
escript golden/printer.escript check "$tmp/frames" "$tmp/printed"
