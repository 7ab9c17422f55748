#!/usr/bin/env bash
# Runs every fuzz target for a bounded time on a copy of the committed seed
# corpus, prints the executions per target and a closing line
# `fuzz: N passed, M failed`, and exits non-zero on any crash.
#
# Installs what it needs, idempotently: a nightly toolchain (falls back to
# the default toolchain when nightly cannot be installed: without a
# sanitizer, cargo-fuzz builds on stable too) and cargo-fuzz.
#
# Environment:
#   FUZZ_SECONDS  seconds per target (default 30; inflate gets twice that)
#   FUZZ_TARGETS  targets to run (default: all of `cargo fuzz list`)
#   FUZZ_KEEP     directory to keep corpora and crash artifacts in
#                 (default: a temporary directory, removed at the end)
set -uo pipefail

cd "$(dirname "$0")"
seconds="${FUZZ_SECONDS:-30}"

log() { printf 'fuzz: %s\n' "$*" >&2; }

# A nightly toolchain if there is one or one can be had, else the default.
toolchain=nightly
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    log "installing the nightly toolchain"
    if ! rustup toolchain install nightly --profile minimal >&2; then
        toolchain="$(rustup show active-toolchain | cut -d' ' -f1)"
        log "nightly unavailable: using $toolchain (fine without a sanitizer)"
    fi
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    log "installing cargo-fuzz"
    start=$SECONDS
    cargo install cargo-fuzz --locked >&2 || { log "cannot install cargo-fuzz"; exit 1; }
    log "cargo-fuzz installed in $((SECONDS - start)) s"
fi

# No sanitizer: the library forbids unsafe code, and this keeps the build
# working on stable and the runs fast (see README.md for ASan runs).
fuzz=(cargo "+$toolchain" fuzz)
build_flags=(-s none)

start=$SECONDS
"${fuzz[@]}" build "${build_flags[@]}" >&2 || { log "build failed"; echo "fuzz: 0 passed, 1 failed"; exit 1; }
log "built in $((SECONDS - start)) s"

if [[ -n "${FUZZ_KEEP:-}" ]]; then
    work="$FUZZ_KEEP"
    mkdir -p "$work"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
fi

targets="${FUZZ_TARGETS:-$("${fuzz[@]}" list)}"
passed=0
failed=0
for target in $targets; do
    # Per-target options: decode goes past Discord's 4096-byte frame limit;
    # inflate takes a whole compressed session (its largest seed, 16 KB) and
    # twice the time, its round trips deflating frames up to 128 times over.
    extra=()
    target_seconds="$seconds"
    [[ "$target" == decode ]] && extra=(-max_len=8192)
    [[ "$target" == inflate ]] && extra=(-max_len=16384) && target_seconds=$((seconds * 2))

    corpus="$work/corpus/$target"
    mkdir -p "$corpus" "$work/artifacts/$target"
    [[ -d "corpus/$target" ]] && cp -r "corpus/$target/." "$corpus/"

    output="$work/$target.log"
    "${fuzz[@]}" run "${build_flags[@]}" "$target" "$corpus" -- \
        -max_total_time="$target_seconds" -timeout=10 \
        -artifact_prefix="$work/artifacts/$target/" "${extra[@]}" >"$output" 2>&1
    status=$?
    runs="$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$output" | tail -1)"
    if [[ $status -eq 0 && -n "$runs" ]]; then
        passed=$((passed + 1))
        echo "fuzz: $target ok: $runs executions in ${target_seconds} s, corpus $(find "$corpus" -type f | wc -l) files"
    else
        failed=$((failed + 1))
        echo "fuzz: $target FAILED (exit $status) after ${runs:-?} executions; log tail:"
        grep -v '^#' "$output" | tail -40
        for artifact in "$work/artifacts/$target"/*; do
            [[ -f "$artifact" ]] || continue
            echo "fuzz: $target artifact $(basename "$artifact") (base64): $(base64 -w0 "$artifact")"
        done
    fi
done

echo "fuzz: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
