#!/usr/bin/env bash
# Instructions per encode, for every payload and contender, under callgrind.
#
#   benches/instructions.sh                     the full markdown table
#   PAYLOADS="identify resume" benches/instructions.sh   some payloads, by name
#       (`cargo bench --bench instructions -- payloads` lists them:
#       heartbeat identify members_by_ids presence voice_state resume
#       members_by_query soundboard_sounds channel_info)
#   CONTENDERS="ours_slice eetf" benches/instructions.sh
#   benches/instructions.sh profile identify [ours_slice]   per-function and per-line costs
#
#   benches/instructions.sh decode              instructions per decode of received payloads
#   PAYLOADS="READY" CONTENDERS="ours eetf" benches/instructions.sh decode
#   benches/instructions.sh decode profile READY [ours]
#
#   benches/instructions.sh inflate             instructions per zlib-stream frame inflated
#                                               in context and decoded (ours, flate2, zlib-rs)
#   PAYLOADS="GUILD_CREATE" CONTENDERS="ours zlib_rs" benches/instructions.sh inflate
#   benches/instructions.sh inflate profile GUILD_CREATE [ours]
#
# Each count is (instructions with ITERS encodes - with 0 encodes) / ITERS,
# both runs after one warm-up encode, collecting only inside the `enc_*`
# contender functions (--toggle-collect): neither the loop, nor start-up,
# nor one-time costs (lazy statics, the allocator's first arena) are counted.
# Decoding is counted the same way, inside the `dec_*` functions; inflating
# inside `inflate_common::inf_frame`, each step after an uncounted
# preparation of its context (the connection's earlier messages inflated).
# Callgrind counts instructions, not time: the same binary gives the same
# figures on a loaded machine.
#
# Needs valgrind (Debian: apt-get install -y valgrind). Builds with the
# `bench` profile (release + line tables, see Cargo.toml).
set -euo pipefail
cd "$(dirname "$0")/.."

ITERS=${ITERS:-1000}
# `decode` (`inflate`) before the other arguments: the decode (inflate)
# payloads and contenders, run as `instructions decode …`.
if [ "${1:-}" = decode ]; then
	shift
	SUB=(decode)
	VERB=decode
	TOGGLE='*decode_common::dec_*'
	PROFILE_PAYLOAD=READY
	PROFILE_CONTENDER=ours
	SHOW='gateway_etf|decode_common::dec_|mem(cpy|move|set|cmp)|bcmp|malloc|free|realloc'
elif [ "${1:-}" = inflate ]; then
	shift
	SUB=(inflate)
	VERB="inflate + decode"
	TOGGLE='*inflate_common::inf_*'
	PROFILE_PAYLOAD=GUILD_CREATE
	PROFILE_CONTENDER=ours
	SHOW='gateway_etf|miniz_oxide|zlib_rs|flate2|inflate_common::|mem(cpy|move|set|cmp)|bcmp|malloc|free|realloc'
else
	SUB=()
	VERB=encode
	TOGGLE='*common::enc_*'
	PROFILE_PAYLOAD=identify
	PROFILE_CONTENDER=ours_slice
	SHOW='gateway_etf|common::enc_|mem(cpy|move|set)|malloc|free|realloc'
fi

command -v valgrind >/dev/null || {
	echo "instructions.sh: valgrind not found (apt-get install -y valgrind)" >&2
	exit 1
}

# Path of the freshly built instructions bench; extra cargo environment as arguments.
build() {
	env "$@" cargo bench --bench instructions --no-run --message-format=json 2>/dev/null |
		sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The instructions bench, in the chosen mode.
run() {
	"$bin" "${SUB[@]}" "$@"
}

# Instructions collected inside enc_* (dec_*) for one run.
count() {
	valgrind --tool=callgrind --toggle-collect="$TOGGLE" --callgrind-out-file="$work/cg" \
		"$bin" "${SUB[@]}" run "$1" "$2" "$3" >/dev/null 2>"$work/log" || {
		cat "$work/log" >&2
		exit 1
	}
	awk '/^(summary|totals):/ { print $2; exit }' "$work/cg"
}

if [ "${1:-}" = profile ]; then
	payload=${2:-$PROFILE_PAYLOAD}
	contender=${3:-$PROFILE_CONTENDER}
	out=${OUT:-target/callgrind.$payload.$contender.out}
	# v0 symbol mangling names each generic instance (Writer<CountingSink>
	# apart from Writer<&mut SliceSink>); a separate target dir keeps the
	# normal build untouched.
	bin=$(build CARGO_TARGET_DIR=target/callgrind-v0 RUSTFLAGS="-C symbol-mangling-version=v0")
	[ -x "$bin" ] || {
		echo "instructions.sh: could not build the instructions bench" >&2
		exit 1
	}
	valgrind --tool=callgrind --toggle-collect="$TOGGLE" --dump-instr=yes \
		--callgrind-out-file="$out" "$bin" "${SUB[@]}" run "$payload" "$contender" "$ITERS" >/dev/null 2>"$work/log" || {
		cat "$work/log" >&2
		exit 1
	}
	calls=$((ITERS + 1)) # the warm-up call is in the file too
	echo "# $payload $contender: instructions per $VERB, by function"
	python3 benches/callgrind/functions.py "$out" "$calls" "$SHOW"
	echo
	echo "# by source, instructions per $VERB (inlined code counts at the line that wrote it)"
	callgrind_annotate --auto=yes --context=0 --show-percs=no "$out" |
		awk -v calls="$calls" '
			NR == 1 { print "## by source file of the code, then function it was inlined into (std code shows as /rustc/…)" }
			/^-- Auto-annotated source:/ { print ""; print "## " $4; next }
			/^-- line|^-+$|^Ir *$|could not be found|events annotated/ { skip = /could not be found/; next }
			skip || /^ *$/ { next }
			/^ *[0-9][0-9,]* / { n = $1; gsub(",", "", n); sub(/^ *[0-9][0-9,]* /, ""); printf "%8.1f %s\n", n / calls, $0; next }
			/^ *=>/ { print "         " $0 }'
	echo
	echo "# $out kept; per machine instruction:"
	echo "#   python3 benches/callgrind/asm.py $out $bin $calls SYMBOL_PART"
	exit 0
fi

bin=$(build)
[ -x "$bin" ] || {
	echo "instructions.sh: could not build the instructions bench" >&2
	exit 1
}

# Every payload and contender unless PAYLOADS, CONTENDERS say otherwise;
# the names come from the benches' own tables (common::PAYLOADS,
# decode_common::PAYLOADS).
PAYLOADS=${PAYLOADS:-$(run payloads)}
CONTENDERS=${CONTENDERS:-$(run contenders)}

# Equal work or no figures; prints the bytes each contender writes (reads).
run check

for p in $PAYLOADS; do
	# A decode payload may have only some contenders (MESSAGE_CREATE_twilight).
	if [ "$VERB" = decode ]; then has=" $(run contenders "$p") "; else has=" $CONTENDERS "; fi
	for c in $CONTENDERS; do
		case "$has" in *" $c "*) ;; *) continue ;; esac
		base=$(count "$p" "$c" 0)
		full=$(count "$p" "$c" "$ITERS")
		echo "$p $c $((full - base)) $ITERS"
	done
done >"$work/results"

echo
run table <"$work/results"
