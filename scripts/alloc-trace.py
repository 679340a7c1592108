#!/usr/bin/env python3
"""Groups the backtraces CAllocCount prints with ALLOC_COUNT_TRACE=1 (one per counted
allocation: "alloc_count: device allocation at" then object(+offset)[addr] lines) by the
first frames in our own code, symbolized (llvm-symbolizer) and demangled, most frequent first.

    ALLOC_COUNT_TRACE=1 swift test --skip-build --filter ZeroAllocationCycle 2>&1 | scripts/alloc-trace.py
"""
import collections, re, subprocess, sys

DEPTH = int(sys.argv[1]) if len(sys.argv) > 1 else 4
FRAME = re.compile(r'^(\S+?)\((\S*?)\)\[(0x[0-9a-f]+)\]$')
traces, cur = [], None
for line in sys.stdin:
    line = line.strip()
    if line == 'alloc_count: device allocation at':
        cur = []; traces.append(cur); continue
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
for t in traces:
    own = [symbolize(o, off) for o, off, _ in t if off and 'libswift' not in o and 'libc' not in o]
    own = [f for f in own if 'alloc_count.c' not in f and not f.startswith('malloc')]
    groups[tuple(own[:DEPTH])] += 1
print(f'{len(traces)} allocations in {len(groups)} places')
for k, n in groups.most_common():
    print(f'{n:6}  ' + '\n        <- '.join(k))
