#!/usr/bin/env python3
"""Groups the backtraces CAllocCount prints with ALLOC_COUNT_TRACE=1 (one per counted
allocation: "alloc_count: device allocation at" then object(+offset)[addr] lines) by the
first frames in our own code, symbolized (llvm-symbolizer) and demangled, most bytes first.

    ALLOC_COUNT_TRACE=1 swift test --skip-build --filter ZeroAllocationCycle 2>&1 | scripts/alloc-trace.py
"""
import collections, re, subprocess, sys

DEPTH = int(sys.argv[1]) if len(sys.argv) > 1 else 4
HEAD = re.compile(r'^alloc_count: device allocation of (\d+) B at$')
FRAME = re.compile(r'^(\S+?)\((\S*?)\)\[(0x[0-9a-f]+)\]$')
traces, sizes, cur = [], [], None
for line in sys.stdin:
    line = line.strip()
    h = HEAD.match(line)
    if h:
        cur = []; traces.append(cur); sizes.append(int(h.group(1))); continue
    m = FRAME.match(line)
    if m and cur is not None:
        obj, sym, _ = m.groups()
        off = sym[1:] if sym.startswith('+') else None
        cur.append((obj, off, sym))

cache = {}
def symbolize(obj, off):
    key = (obj, off)
    if key not in cache:
        out = subprocess.run(['llvm-symbolizer', '--obj=' + obj, '--relative-address', '--demangle', off],
                             capture_output=True, text=True).stdout.split('\n')
        fn = out[0] if out else '?'
        loc = out[1].rsplit('/', 1)[-1] if len(out) > 1 else ''
        if fn.startswith('$s') or fn.startswith('_$s'):
            fn = subprocess.run(['swift-demangle', '--simplified', '--compact', fn], capture_output=True, text=True).stdout.strip()
        cache[key] = f'{fn[:110]}  {loc}'
    return cache[key]

groups = collections.Counter()
nbytes = collections.Counter()
for t, size in zip(traces, sizes):
    own = [symbolize(o, off) for o, off, _ in t if off and 'libswift' not in o and 'libc' not in o]
    own = [f for f in own if 'alloc_count.c' not in f and not f.startswith('malloc')]
    groups[tuple(own[:DEPTH])] += 1
    nbytes[tuple(own[:DEPTH])] += size
print(f'{len(traces)} allocations, {sum(sizes)} B (usable sizes), in {len(groups)} places; most bytes first')
for k, b in nbytes.most_common():
    print(f'{groups[k]:6} {b:8} B  ' + '\n                  <- '.join(k))
