#!/usr/bin/env python3
"""Instructions per encode for each function symbol in a callgrind output file.

usage: functions.py CALLGRIND_OUT CALLS [REGEX]

CALLS divides every count (the number of encodes the file holds). Code that
was inlined is counted in the symbol it was inlined into, so `self` is the
function's own code plus everything inlined into it; `incl` adds its calls.
Only functions whose symbol matches REGEX are shown. Each function is followed by the functions it calls and how often per encode.
Build with `-C symbol-mangling-version=v0` to tell generic instances apart
(`instructions.sh profile` does).
"""
import re
import sys
from collections import defaultdict


def main():
    path, calls = sys.argv[1], float(sys.argv[2])
    keep = sys.argv[3] if len(sys.argv) > 3 else ""
    names = {}
    self_cost = defaultdict(int)
    call_cost = defaultdict(int)
    call_count = defaultdict(int)
    fn = callee = pending = None

    def name(v):
        m = re.match(r"\((\d+)\)(?: (.*))?", v)
        if not m:
            return v
        if m.group(2) is not None:
            names[m.group(1)] = m.group(2)
        return names.get(m.group(1), v)

    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("fn="):
                fn = name(line[3:])
            elif line.startswith("cfn="):
                callee = name(line[4:])
            elif line.startswith("calls="):
                pending = int(line[6:].split()[0])
            elif line and line[0] in "0123456789+-*":
                t = line.split()
                if len(t) < 3:
                    continue
                if pending is not None:
                    call_cost[fn] += int(t[-1])
                    call_count[(fn, callee)] += pending
                    pending = None
                else:
                    self_cost[fn] += int(t[-1])

    rows = sorted(set(self_cost) | set(call_cost), key=lambda f: -(self_cost[f] + call_cost[f]))
    print(f"{'incl':>8} {'self':>8}  function (instructions per encode)")
    for f in rows:
        incl = (self_cost[f] + call_cost[f]) / calls
        if incl < 0.5 or not re.search(keep, f):
            continue
        print(f"{incl:8.0f} {self_cost[f] / calls:8.0f}  {f}")
        for (caller, callee), n in sorted(call_count.items()):
            if caller == f and n / calls >= 0.5:
                print(f"{'':19}-> {callee} x{n / calls:.0f}")


if __name__ == "__main__":
    main()
