#!/usr/bin/env bash
# CI entry point for the golden files: installs Erlang (Debian's
# erlang-base, which has escript) when it is missing, then runs regen.sh,
# which fails if the committed .hex files are not exactly Erlang's output.
set -euo pipefail

if ! command -v escript >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends erlang-base >/dev/null
fi
exec bash "$(dirname "${BASH_SOURCE[0]}")/regen.sh"
