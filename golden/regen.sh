#!/usr/bin/env bash
# Regenerates every golden/*.hex from its golden/*.terms with Erlang's own
# term_to_binary (golden/gen.escript), golden/discord.hex from
# golden/discord/*.json (golden/discord.escript), golden/zlib.hex, zlib-stream
# connections compressed by Erlang's zlib (golden/zlib.escript), and
# golden/zstd_stream.hex, zstd-stream connections compressed by the reference
# zstd (golden/zstd_stream.py, Python's zstandard), then fails if that changed anything
# that is committed, or produced a .hex that is not committed: the committed
# expected bytes must be exactly what Erlang produces.
#
# Exit status: 0 when nothing changed; 1 when anything under golden/ differs
# from the index or is untracked (so after editing a .terms file, run this,
# commit the .terms and .hex, and run it again); 2 when it cannot run.
#
# Needs `escript` (Debian: apt-get install -y erlang-base), python3 with
# zstandard 0.25.0 (pip install zstandard==0.25.0) and git. Runs from
# any directory. Lines starting with `# generated` (which name the OTP
# release) are ignored when comparing, so a newer OTP with the same bytes
# passes.
set -euo pipefail

dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$dir"

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "regen.sh: $dir is not in a git work tree; cannot compare with the committed files" >&2
    exit 2
fi
if ! command -v escript >/dev/null 2>&1; then
    echo "regen.sh: escript not found (apt-get install -y erlang-base)" >&2
    exit 2
fi
if ! python3 -c 'import zstandard' >/dev/null 2>&1; then
    echo "regen.sh: python3 with zstandard not found (pip install zstandard==0.25.0)" >&2
    exit 2
fi

shopt -s nullglob
terms=(*.terms)
if [ ${#terms[@]} -eq 0 ]; then
    echo "regen.sh: no .terms files in $dir" >&2
    exit 2
fi
for t in "${terms[@]}"; do
    escript gen.escript "$t" "${t%.terms}.hex"
    echo "regenerated ${t%.terms}.hex ($(grep -vc '^#' "${t%.terms}.hex") cases)"
done
# Discord's documented payloads: JSON in, the ETF Discord's side sends out
# (discord.escript has the conversion rule).
escript discord.escript discord discord.hex
echo "regenerated discord.hex ($(grep -vc '^#' discord.hex) cases)"
# zlib-stream connections: the frames and the messages Erlang's own zlib
# made of them, one deflate context per connection (zlib.escript).
escript zlib.escript zlib.hex
echo "regenerated zlib.hex ($(grep -vc '^#' zlib.hex) cases)"
# zstd-stream connections: frames Erlang wrote (session.hex, discord.hex,
# zstd.hex, all regenerated above), compressed by the reference zstd as
# Discord's gateway compresses them (zstd_stream.py).
python3 zstd_stream.py zstd_stream.hex
echo "regenerated zstd_stream.hex ($(grep -vc '^#' zstd_stream.hex) messages)"

status=0
ignore='^# generated'
if ! git diff --quiet -I "$ignore" -- .; then
    echo "regen.sh: committed golden files differ from what Erlang produces now:" >&2
    git diff --stat -I "$ignore" -- . >&2
    # Hex lines are long: show the changed lines' case names and first bytes.
    git diff -U0 -I "$ignore" -- . | grep -E '^[-+][^-+#]' | cut -c1-160 >&2 || true
    status=1
fi
untracked="$(git ls-files --others --exclude-standard -- .)"
if [ -n "$untracked" ]; then
    echo "regen.sh: generated or new files not committed:" >&2
    echo "$untracked" >&2
    status=1
fi
exit "$status"
