#!/usr/bin/env python3
"""Rebuilds the committed seed corpus under fuzz/corpus/ (run from anywhere).

- corpus/decode/: every golden payload (golden/received.hex, from Erlang)
  and one client frame per command (seeds/client.hex, from Erlang via
  golden/gen.escript seeds/client.terms seeds/client.hex), as binary files.
- corpus/roundtrip/: for each of the 8 command kinds, a few pseudo-random
  inputs whose first four bytes select that kind (arbitrary's derived
  enums pick the variant from a u32); the rest is deterministic noise.
- corpus/writer/: deterministic noise of several sizes; the target's
  generator turns any bytes into a term tree.
"""
import pathlib
import random

FUZZ = pathlib.Path(__file__).resolve().parent.parent
ROOT = FUZZ.parent


def hex_cases(path):
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            name, hexbytes = line.split()
            yield name, bytes.fromhex(hexbytes)


def reset(directory):
    directory.mkdir(parents=True, exist_ok=True)
    for f in directory.iterdir():
        f.unlink()
    return directory


def main():
    rng = random.Random(20240601)
    decode = reset(FUZZ / "corpus" / "decode")
    for source in [ROOT / "golden" / "received.hex", FUZZ / "seeds" / "client.hex"]:
        for name, data in hex_cases(source):
            (decode / name).write_bytes(data)

    roundtrip = reset(FUZZ / "corpus" / "roundtrip")
    kinds = 8
    for kind in range(kinds):
        select = bytes([kind * 256 // kinds + 16] * 4)
        for size in (24, 96):
            noise = bytes(rng.randrange(256) for _ in range(size))
            (roundtrip / f"kind{kind}_{size}").write_bytes(select + noise)

    writer = reset(FUZZ / "corpus" / "writer")
    for size in (8, 32, 64, 128, 256, 512, 1024, 2048):
        (writer / f"noise_{size}").write_bytes(bytes(rng.randrange(256) for _ in range(size)))


main()
