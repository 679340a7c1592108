#!/usr/bin/env python3
"""Flash/RAM per component from an ld.lld map file (-Map, see gen-toolset.sh).

usage: map-share.py <file.map>

Flash = input sections placed in .isr_vector/.text/.ARM.*/.got/.init_array plus the
load image of .data; RAM = .data + .bss (the NOLOAD heap and stack are not counted).
Embedded Swift runtime helpers (swift_retain, swift_once, ...) are weak copies carried
by every Swift object, so they are reported on their own line, whichever object won.
"""
import re
import sys
from collections import defaultdict

FLASH_OUT = {'.isr_vector', '.text', '.ARM.extab', '.ARM.exidx', '.got', '.init_array'}
KERNEL_FILES = ('Scheduler', 'TimerHeap', 'TaskSlot', 'InterruptMailbox', 'Event',
                'ActiveObject', 'RuntimeErrors')
# The heap allocator the Swift runtime calls (newlib-nano's malloc/free/memalign and the
# board's sbrk/posix_memalign hooks): the kernel allocates its tables through it.
ALLOCATOR_OBJECTS = ('nano-mallocr', 'nano-freer', 'nano-malignr', 'lib_a-malign.o',
                     'lib_a-malloc.o', 'lib_a-mlock.o', 'lib_a-sbrkr.o', 'lib_a-freer.o')
ALLOCATOR_SECTIONS = ('.text._sbrk', '.text.posix_memalign', '.data.heap_top')
ALLOCATOR = 'heap allocator (malloc/free/memalign, sbrk)'

def component(path, section):
    name = section.split('.')[-1] if section else ''
    if path.endswith('.swift.o') and re.match(r'_?swift_', name):
        return 'Embedded Swift runtime helpers'
    if any(o in path for o in ALLOCATOR_OBJECTS) or section in ALLOCATOR_SECTIONS:
        return ALLOCATOR
    if path == '<internal>':
        return 'linker-made (merged strings, GOT, ...)'
    if '/Runtime.build/' in path:
        base = path.rsplit('/', 1)[-1]
        if base.startswith(KERNEL_FILES):
            return 'Runtime kernel (scheduler, timers, mailbox)'
        return 'Runtime other (' + base.replace('.swift.o', '') + ')'
    m = re.search(r'/([^/]+)\.build/', path)
    if m:
        return m.group(1)
    if 'libswiftUnicodeDataTables' in path:
        return 'Unicode tables'
    if 'libc_nano' in path or 'libc.a' in path:
        return 'newlib-nano'
    if 'libgcc' in path:
        return 'libgcc'
    if 'libm' in path:
        return 'libm'
    return 'other (' + path + ')'

def main(path):
    flash = defaultdict(int)
    ram = defaultdict(int)
    out = None
    for line in open(path):
        parts = line.rstrip('\n').split(None, 4)
        if len(parts) < 5 or parts[0] == 'VMA':
            continue
        size = int(parts[2], 16)
        # columns: VMA LMA Size Align, then Out (no indent), In (8 more), Symbol (16 more)
        m = re.match(r'\s*[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+\d+ (\s*)(.*)$', line.rstrip('\n'))
        if not m:
            continue
        lead, body = len(m.group(1)), m.group(2)
        if lead == 0:
            out = body.split()[0] if body else None
            continue
        if lead != 8 or size == 0:
            continue
        im = re.match(r'(.*):\((.*)\)$', body)
        if not im:
            continue
        obj, section = im.group(1), im.group(2)
        comp = component(obj, section)
        if out in FLASH_OUT:
            flash[comp] += size
        elif out == '.data':
            flash[comp] += size
            ram[comp] += size
        elif out == '.bss':
            ram[comp] += size
    total_f = sum(flash.values())
    total_r = sum(ram.values())
    print(f"{'component':48} {'flash B':>8} {'RAM B':>7}")
    for comp in sorted(set(flash) | set(ram), key=lambda c: -flash[c]):
        print(f"{comp:48} {flash[comp]:8} {ram[comp]:7}")
    print(f"{'total':48} {total_f:8} {total_r:7}")
    kernel = 'Runtime kernel (scheduler, timers, mailbox)'
    print(f"runtime kernel share: {flash[kernel]} B flash ({flash[kernel] * 100 // max(total_f, 1)}%), "
          f"{ram[kernel]} B static RAM")
    helpers = 'Embedded Swift runtime helpers'
    allin = flash[kernel] + flash[helpers] + flash[ALLOCATOR]
    print(f"kernel all-in (kernel {flash[kernel]} + runtime helpers {flash[helpers]} + allocator "
          f"{flash[ALLOCATOR]}): {allin} B flash, {ram[kernel] + ram[helpers] + ram[ALLOCATOR]} B static RAM "
          f"(FreeRTOS V11.3.0 kernel incl. heap_4: 4,977 B)")

if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
