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
- corpus/inflate/: raw mode (first byte even): Erlang's zlib-stream
  connections (golden/zlib.hex), each message cut into length-prefixed
  parts of at most 255 bytes, whole and a frame or two at a time; round
  trip mode (first byte odd): deterministic noise of several sizes.
- corpus/serde/: the golden payloads again (read into derived structs and
  serde_json::Value) and deterministic noise of several sizes (the
  target builds its arbitrary value from the same bytes).

Targets given as arguments (`make.py serde`) rebuild only those
directories; none rebuilds all.
"""
import pathlib
import atexit
import random
import shutil
import sys
import tempfile

FUZZ = pathlib.Path(__file__).resolve().parent.parent
ROOT = FUZZ.parent


def hex_cases(path):
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            name, hexbytes = line.split()
            yield name, bytes.fromhex(hexbytes)


def reset(directory):
    if len(sys.argv) > 1 and directory.name not in sys.argv[1:]:
        # Not asked for: write into a scratch directory that is dropped.
        scratch = tempfile.mkdtemp()
        atexit.register(shutil.rmtree, scratch)
        return pathlib.Path(scratch)
    directory.mkdir(parents=True, exist_ok=True)
    for f in directory.iterdir():
        f.unlink()
    return directory


def etf(v):
    """The ETF of a Python value, as this crate's serde writes it: dicts as
    maps with binary keys, str and bytes as binaries, ints by
    term_to_binary's tags, floats as NEW_FLOAT_EXT, None/True/False as
    atoms, lists as lists, tuples as tuples, Atom as an atom."""
    import struct
    if v is None or isinstance(v, bool):
        name = {None: b"nil", True: b"true", False: b"false"}[v]
        return bytes([119, len(name)]) + name
    if isinstance(v, Atom):
        return bytes([119, len(v.name)]) + v.name.encode()
    if isinstance(v, int):
        if 0 <= v <= 255:
            return bytes([97, v])
        if -(2**31) <= v < 2**31:
            return bytes([98]) + struct.pack(">i", v)
        mag = abs(v).to_bytes((abs(v).bit_length() + 7) // 8, "little")
        return bytes([110, len(mag), int(v < 0)]) + mag
    if isinstance(v, float):
        return bytes([70]) + struct.pack(">d", v)
    if isinstance(v, str):
        v = v.encode()
    if isinstance(v, bytes):
        return bytes([109]) + struct.pack(">I", len(v)) + v
    if isinstance(v, dict):
        return bytes([116]) + struct.pack(">I", len(v)) + b"".join(etf(k) + etf(x) for k, x in v.items())
    if isinstance(v, tuple):
        return bytes([104, len(v)]) + b"".join(etf(x) for x in v)
    if isinstance(v, list):
        if not v:
            return bytes([106])
        return bytes([108]) + struct.pack(">I", len(v)) + b"".join(etf(x) for x in v) + bytes([106])
    raise TypeError(v)


class Atom:
    def __init__(self, name):
        self.name = name


def serde_frames():
    """Frames the serde target's types read: its Message (each kind, IDs as
    integers and as strings, the struct as a list), its Owned struct."""
    author = {"id": 81384788765712384, "username": "Nelly", "bot": None}
    kinds = ["Default", {"Reply": {"message_id": 1100000000000000000}}, {"Named": "thread"},
             ("Pair", [7, -(2**40)]), Atom("Default")]
    for i, kind in enumerate(kinds):
        message = {"id": 1100000000000000001 + i, "channel_id": "1100000000000000002",
                   "content": "héllo 🎉", "nonce": "n" * 25 if i % 2 else None,
                   "author": author, "mentions": ["a", "b"] if i % 2 else [], "kind": kind,
                   "pinned": bool(i % 2), "attachment": b"\x00\xff" if i else None}
        yield f"message_{i}", message
    yield "message_as_list", [1, 2, "c", None, [3, "u", True], [], "Default", False, None]
    owned = {"a": 255, "b": 65535, "c": 2**32 - 1, "d": 2**64 - 1, "e": 2**128 - 1,
             "f": -128, "g": -32768, "h": -(2**31), "i": -(2**63), "j": -(2**127),
             "x": 1.5e300, "y": -0.25, "flag": True, "opt": 7, "name": "owned",
             "map": {"k": 1, "l": 2**40}, "list": [1, -1, 300]}
    yield "owned", owned
    yield "owned_small", dict(owned, e=0, j=0, opt=None, map={}, list=[], ignored=[{"x": 1.0}])


def inflate_corpus(directory):
    """The inflate target's seeds: raw mode, golden/zlib.hex's messages as
    `[length][bytes]` parts; round trip mode, noise."""
    connections = {}
    for name, data in hex_cases(ROOT / "golden" / "zlib.hex"):
        if name.endswith(".z"):
            connections.setdefault(name.split(".")[0], []).append(data)

    def parts(messages, size):
        out = bytearray([0])
        for message in messages:
            for i in range(0, len(message), size):
                piece = message[i:i + size]
                out += bytes([len(piece)]) + piece
        return bytes(out)

    for conn, messages in sorted(connections.items()):
        (directory / f"raw_{conn}").write_bytes(parts(messages, 255))
        (directory / f"raw_{conn}_first2_7").write_bytes(parts(messages[:2], 7))
    rng = random.Random(20260202)
    for size in (64, 512, 4096):
        (directory / f"roundtrip_{size}").write_bytes(bytes([1]) + bytes(rng.randrange(256) for _ in range(size)))


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

    inflate_corpus(reset(FUZZ / "corpus" / "inflate"))

    # Its own generator, so that the corpora above stay as they were.
    rng = random.Random(20260101)
    serde = reset(FUZZ / "corpus" / "serde")
    for name, data in hex_cases(ROOT / "golden" / "received.hex"):
        (serde / name).write_bytes(data)
    for name, value in serde_frames():
        (serde / name).write_bytes(bytes([131]) + etf(value))
    for size in (64, 256, 1024, 4096):
        (serde / f"noise_{size}").write_bytes(bytes(rng.randrange(256) for _ in range(size)))


main()
