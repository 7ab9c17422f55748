#!/usr/bin/env bash
# CI entry point for the golden files: installs Erlang (Debian's
# erlang-base, which has escript) and Python's zstandard from PyPI (the
# reference zstd, for zstd_stream.py) when they are missing, then runs
# regen.sh, which fails if the committed .hex files are not exactly what
# they produce.
set -euo pipefail

if ! command -v escript >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends erlang-base >/dev/null
fi
# Pinned: it bundles libzstd 1.5.7, and another libzstd may compress the
# same frames into other bytes.
if ! python3 -c 'import zstandard' >/dev/null 2>&1; then
    if ! python3 -m pip --version >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends python3 python3-pip >/dev/null
    fi
    # Debian's own python3 refuses pip installs outside a venv (PEP 668)
    # unless told that this machine is CI's to change.
    python3 -m pip install --quiet zstandard==0.25.0 2>/dev/null ||
        python3 -m pip install --quiet --break-system-packages zstandard==0.25.0
fi
exec bash "$(dirname "${BASH_SOURCE[0]}")/regen.sh"
