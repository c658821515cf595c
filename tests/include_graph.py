#!/usr/bin/env python3
"""include_graph.py ENGINE_DIR: the engine's include graph has no cycle.

A module is a .c file and its .h (run.c and run.h are one node); an edge
runs from a module to every engine header either of its files includes.
A cycle (run -> project -> run) means two modules cannot be understood or
tested apart, so the build's floors (text and files at the bottom, formats
above, execution on top; engine/README.md) are checked here.  Prints the
layers from the ground up, or the first cycle found, and exits non-zero on
a cycle."""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "engine")
files = [f for f in os.listdir(root) if f.endswith((".c", ".h"))]
modules = {os.path.splitext(f)[0] for f in files}
edges = {m: set() for m in modules}
for f in files:
    m = os.path.splitext(f)[0]
    with open(os.path.join(root, f), encoding="utf-8") as fh:
        for inc in re.findall(r'^\s*#\s*include\s+"([^"]+)\.h"', fh.read(), re.M):
            if inc in modules and inc != m:
                edges[m].add(inc)

# depth-first search with colours: a grey node reached again closes a cycle
state, stack = {}, []


def visit(m):
    state[m] = "grey"
    stack.append(m)
    for n in sorted(edges[m]):
        if state.get(n) == "grey":
            cycle = stack[stack.index(n):] + [n]
            print("cycle: " + " -> ".join(cycle))
            sys.exit(1)
        if n not in state:
            visit(n)
    stack.pop()
    state[m] = "black"


for m in sorted(modules):
    if m not in state:
        visit(m)

# no cycle: print each module's floor (0 = includes no engine header)
floor = {}


def depth(m):
    if m not in floor:
        floor[m] = 1 + max((depth(n) for n in edges[m]), default=-1)
    return floor[m]


for m in modules:
    depth(m)
for d in range(max(floor.values()) + 1):
    print(f"floor {d}: " + " ".join(sorted(m for m in modules if floor[m] == d)))
print(f"{len(modules)} modules, {sum(len(e) for e in edges.values())} edges, no cycle")
