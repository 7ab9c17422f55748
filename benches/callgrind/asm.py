#!/usr/bin/env python3
"""Instructions per encode at each machine instruction of the functions whose
symbol contains FILTER, beside objdump's disassembly.

usage: asm.py CALLGRIND_OUT BINARY CALLS FILTER

The callgrind file must come from `--dump-instr=yes` (`instructions.sh
profile` records it so). Lines never executed are left out.
"""
import re
import subprocess
import sys
from collections import defaultdict


def main():
    path, binary, calls, want = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    names = {}
    cost = defaultdict(lambda: defaultdict(int))
    fn = None
    addr = 0
    skip = False

    def name(v):
        m = re.match(r"\((\d+)\)(?: (.*))?", v)
        if not m:
            return v
        if m.group(2) is not None:
            names[m.group(1)] = m.group(2)
        return names.get(m.group(1), v)

    def position(tok, prev):
        if tok == "*":
            return prev
        if tok[0] in "+-":
            return prev + int(tok, 0)
        return int(tok, 0)

    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("fn="):
                fn = name(line[3:])
            elif line.startswith("cfn="):
                name(line[4:])
            elif line.startswith("calls="):
                skip = True
            elif line and line[0] in "0123456789+-*":
                t = line.split()
                addr = position(t[0], addr)
                if skip:
                    skip = False
                elif len(t) > 2 and fn:
                    cost[fn][addr] += int(t[-1])

    for f, per in cost.items():
        if want not in f or not per:
            continue
        lo, hi = min(per), max(per)
        print(f"== {f}: {sum(per.values()) / calls:.0f} per encode")
        dis = subprocess.run(
            ["objdump", "-d", "--no-show-raw-insn", "-C", f"--start-address={lo:#x}", f"--stop-address={hi + 1:#x}", binary],
            capture_output=True, text=True, check=True,
        ).stdout
        for d in dis.splitlines():
            m = re.match(r"\s*([0-9a-f]+):\s*(.*)", d)
            if m and per.get(int(m.group(1), 16)):
                print(f"{per[int(m.group(1), 16)] / calls:8.1f}  {m.group(2)}")


if __name__ == "__main__":
    main()
