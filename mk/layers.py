#!/usr/bin/env python3
"""make layers: the include graph of src/ and crypto/ against the floors.

A file may include headers of its own directory and of lower floors
only (config.h, the build's knobs, from anywhere), and no chain of
includes may come back to where it started. Prints each violation and
exits 1; prints one line and exits 0 when the house is in order.
"""
import os
import re
import sys

# The floors, lowest first (DESIGN.md section 1). Directories on one
# floor may not include each other.
FLOORS = [
    ["src/sys"],
    ["src/rt", "src/path", "crypto"],
    ["src/policy"],
    ["src/sandbox"],
    ["src/kernel"],
    ["src/pool"],
    ["src/confine"],
    ["src/main"],  # main.c, cmd.c, run.c, die.c, syd.h
]
FREE = {"config.h"}

floor_of = {d: i for i, ds in enumerate(FLOORS) for d in ds}
inc_re = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def resolve(src_dir, name):
    """The repository path of an #include "name" seen in src_dir."""
    for base in (src_dir, "src", "."):
        p = os.path.normpath(os.path.join(base, name))
        if os.path.exists(p):
            return p
    return None


def files():
    for top in ("src", "crypto"):
        for d, _, fs in os.walk(top):
            for f in fs:
                if f.endswith((".c", ".h")):
                    yield os.path.join(d, f)


def main():
    bad = []
    graph = {}
    for f in sorted(files()):
        d = os.path.dirname(f)
        if d not in floor_of:
            bad.append(f"{f}: directory {d} is on no floor (mk/layers.py)")
            continue
        text = open(f, encoding="utf-8", errors="replace").read()
        graph[f] = []
        for name in inc_re.findall(text):
            if name in FREE:
                continue
            p = resolve(d, name)
            if p is None:
                bad.append(f"{f}: #include \"{name}\": not found")
                continue
            graph[f].append(p)
            pd = os.path.dirname(p)
            if pd == d:
                continue
            if pd not in floor_of:
                bad.append(f"{f}: includes {p}, on no floor")
            elif floor_of[pd] > floor_of[d]:
                bad.append(f"{f}: includes {p}, a higher floor "
                           f"({pd} above {d})")
            elif floor_of[pd] == floor_of[d]:
                bad.append(f"{f}: includes {p}, a sibling on its floor")
    # Circles: depth-first search over the include graph.
    state = {}

    def visit(n, stack):
        state[n] = 1
        stack.append(n)
        for m in graph.get(n, []):
            if state.get(m) == 1:
                bad.append("include circle: " +
                           " -> ".join(stack[stack.index(m):] + [m]))
            elif m not in state:
                visit(m, stack)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n, [])
    for b in bad:
        print("layers:", b)
    if bad:
        return 1
    print(f"layers: {len(graph)} files, {len(FLOORS)} floors, "
          "no include up a floor, no circle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
