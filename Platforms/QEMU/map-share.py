#!/usr/bin/env python3
"""Flash/RAM per component from an ld.lld map file (-Map, see gen-toolset.sh).

usage: map-share.py <file.map> [<image.elf>]

Flash = input sections placed in .isr_vector/.text/.ARM.*/.got/.init_array plus the
load image of .data; RAM = .data + .bss (the NOLOAD heap and stack are not counted).
Embedded Swift runtime helpers (swift_retain, swift_once, ...) are weak copies carried
by every Swift object, so they are reported on their own line, whichever object won.

Kernel all-in (with the ELF): the kernel's sections (the Runtime kernel files', and the
kernel's generics specialised in a caller's object, e.g. `Scheduler.spawn<T>`; not what
another module adds in an `extension Scheduler`, which is that module's code) plus every
section they reach by a direct call or an address in a literal pool (absolute, or
position-independent: `ldr rX, [pc, #n]` + `add rX, pc`; a GOT slot counts 4 B and leads
on to what it holds), transitively:
the helpers, allocator, Instant arithmetic, libgcc and newlib routines the kernel really
links, and nothing it does not. Calls through the platform's existential (the clock, the
alarm, sleep) and the dispatch to handlers are indirect and so not followed: they are the
board's and the app's code. Not counted either: the kernel's `@inline(__always)` API
(`post`, `arm(at:)`, `cancel`, `makeReady`) inlined into its callers, which has no symbol.
"""
import bisect
import re
import subprocess
import sys
from collections import defaultdict

FLASH_OUT = {'.isr_vector', '.text', '.ARM.extab', '.ARM.exidx', '.got', '.init_array'}
KERNEL_FILES = ('Scheduler', 'TimerHeap', 'TaskSlot', 'InterruptMailbox', 'Event',
                'ActiveObject', 'RuntimeErrors')
# Kernel types' mangled prefixes: their specialisations live in the caller's object.
KERNEL_TYPES = re.compile(r'\$e7Runtime(9Scheduler|9TimerHeap|8TaskSlot|16InterruptMailbox)[CV]')

class KernelSymbols:
    """A section of a kernel type's member: the kernel's own, or one of its generics
    specialised in a caller's object. Not a member another module adds in an extension
    (`$e7Runtime9SchedulerC3AppE...`: App's `extension Scheduler`): that is the app's code,
    like the kernel's inlined API compiled into the app's functions."""
    @staticmethod
    def search(section):
        m = KERNEL_TYPES.search(section)
        if not m:
            return False
        rest = section[m.end():]
        n = re.match(r'\d+', rest)
        if n:
            length = int(n.group())
            name_end = n.end() + length
            if len(rest) > name_end and rest[name_end] == 'E':
                return False        # <module name>E: an extension declared in that module
        return True

KERNEL_SYMBOLS = KernelSymbols()
KERNEL = 'Runtime kernel (scheduler, timers, mailbox)'
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
            return KERNEL
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

def read_map(path):
    """Input sections placed in the image: (address, size, output section, object, section)."""
    sections = []
    out = None
    for line in open(path):
        parts = line.rstrip('\n').split(None, 4)
        if len(parts) < 5 or parts[0] == 'VMA':
            continue
        # columns: VMA LMA Size Align, then Out (no indent), In (8 more), Symbol (16 more)
        m = re.match(r'\s*([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+ (\s*)(.*)$', line.rstrip('\n'))
        if not m:
            continue
        addr, size = int(m.group(1), 16), int(m.group(2), 16)
        lead, body = len(m.group(3)), m.group(4)
        if lead == 0:
            out = body.split()[0] if body else None
            continue
        if lead != 8 or size == 0:
            continue
        im = re.match(r'(.*):\((.*)\)$', body)
        if im:
            sections.append((addr, size, out, im.group(1), im.group(2)))
    return sections

def references(elf):
    """(from address, to address) for every direct branch and every code address in a
    literal pool: an absolute one, or a position-independent one (`ldr rX, [pc, #n]` then
    `add rX, pc`: the word is an offset from that add's pc, not an address)."""
    dis = subprocess.run(['arm-none-eabi-objdump', '-d', '--no-show-raw-insn', elf],
                         capture_output=True, text=True, check=True).stdout
    words, insns = {}, []
    for line in dis.splitlines():
        m = re.match(r'\s*([0-9a-f]+):\s+(\S+)\s*(.*)$', line)
        if not m:
            continue
        at, op, args = int(m.group(1), 16), m.group(2), m.group(3)
        if op == '.word':
            words[at] = int(args.split()[0], 16)
        else:
            insns.append((at, op, args))
    literal = {}            # register -> address of the literal last loaded into it
    relative = set()        # literals used as pc-relative offsets
    for at, op, args in insns:
        m = re.match(r'(r\d+|ip|lr|sl|fp), \[pc, #-?\d+\]\s+@ \(([0-9a-f]+)', args)
        if op in ('ldr', 'ldr.w') and m:
            literal[m.group(1)] = int(m.group(2), 16)
            continue
        m = re.fullmatch(r'(r\d+|ip|lr|sl|fp), pc', args.strip())
        if op == 'add' and m and m.group(1) in literal and literal[m.group(1)] in words:
            lit = literal.pop(m.group(1))
            relative.add(lit)
            yield at, (words[lit] + at + 4) & 0xFFFFFFFF & ~1
            continue
        arg = args.split()[0] if args else ''
        if re.fullmatch(r'(bl|blx|b)(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?(\.[nw])?', op) \
                and re.fullmatch(r'[0-9a-f]+', arg):
            yield at, int(arg, 16)
    for at, value in words.items():
        if at not in relative:
            yield at, value & ~1

# What the kernel's references are followed into (not the app's modules, not the board's).
LIBRARIES = ('Embedded Swift runtime helpers', ALLOCATOR, 'newlib-nano', 'libgcc', 'libm', 'stdlib',
             'Unicode tables', 'linker-made (merged strings, GOT, ...)')
# A standard-library generic specialised in whichever object emitted it first.
STDLIB = re.compile(r"\.text\.\$es")
DEBUG = False

def got_slots(sections, elf):
    """The GOT as one section per 4-byte slot (the kernel counts the slots it loads, not
    the whole table), and each slot's content: (sections, {slot address: address})."""
    dump = subprocess.run(['arm-none-eabi-objdump', '-s', '-j', '.got', elf],
                          capture_output=True, text=True).stdout
    content = {}
    for line in dump.splitlines():
        m = re.match(r'\s([0-9a-f]+)\s((?:[0-9a-f]{8}\s?)+)', line)
        if m:
            base = int(m.group(1), 16)
            for k, w in enumerate(m.group(2).split()):
                content[base + 4 * k] = int.from_bytes(bytes.fromhex(w), 'little')
    out = []
    for a, sz, o, obj, sec in sections:
        if o == '.got' and obj == '<internal>':
            out.extend((a + k, 4, o, obj, sec) for k in range(0, sz, 4))
        else:
            out.append((a, sz, o, obj, sec))
    return out, content

def kernel_closure(sections, elf):
    """Flash per component of the kernel's sections and everything they reach."""
    sections, got = got_slots(sections, elf)
    code = sorted((a, sz, i) for i, (a, sz, out, obj, sec) in enumerate(sections)
                  if out in FLASH_OUT or out == '.data')
    starts = [c[0] for c in code]
    def section_at(addr):
        k = bisect.bisect_right(starts, addr) - 1
        return code[k][2] if k >= 0 and addr < code[k][0] + code[k][1] else None
    edges = {}
    for at, to in list(references(elf)) + [(a, v & ~1) for a, v in got.items()]:
        f, t = section_at(at), section_at(to)
        if f is not None and t is not None and f != t:
            edges.setdefault(f, set()).add(t)
    todo = [i for i, (a, sz, out, obj, sec) in enumerate(sections)
            if (out in FLASH_OUT or out == '.data')
            and (component(obj, sec) == KERNEL or KERNEL_SYMBOLS.search(sec))]
    seen = set(todo)
    while todo:
        f = todo.pop()
        for t in edges.get(f, ()):
            if t in seen:
                continue
            comp = component(sections[t][3], sections[t][4])
            if comp not in LIBRARIES and not comp.startswith('Runtime') \
                    and not KERNEL_SYMBOLS.search(sections[t][4]) and not STDLIB.search(sections[t][4]):
                if DEBUG: print('not followed:', sections[f][4][:70], '->', comp, sections[t][4][:70])
                continue
            if DEBUG: print('followed:', sections[f][4][:70], '->', comp, sections[t][4][:70])
            seen.add(t)
            todo.append(t)
    parts = defaultdict(int)
    for i in seen:
        a, sz, out, obj, sec = sections[i]
        comp = component(obj, sec)
        if KERNEL_SYMBOLS.search(sec):
            comp = KERNEL if comp == KERNEL else 'kernel generics specialised in callers'
        elif STDLIB.search(sec):
            comp = 'stdlib generics specialised for it'
        parts[comp] += sz
    return parts

def main(path, elf=None):
    flash = defaultdict(int)
    ram = defaultdict(int)
    sections = read_map(path)
    for addr, size, out, obj, section in sections:
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
    print(f"runtime kernel share: {flash[KERNEL]} B flash ({flash[KERNEL] * 100 // max(total_f, 1)}%), "
          f"{ram[KERNEL]} B static RAM")
    if elf is None:
        return
    parts = kernel_closure(sections, elf)
    allin = sum(parts.values())
    print("kernel all-in: the kernel and everything it links (direct calls and code addresses, "
          "transitively):")
    for comp in sorted(parts, key=lambda c: -parts[c]):
        print(f"  {comp:46} {parts[comp]:8}")
    print(f"kernel all-in: {allin} B flash (FreeRTOS V11.3.0 kernel incl. heap_4: 4,977 B; "
          f"goal <= 4,096: {'met' if allin <= 4096 else 'NOT met'})")

if __name__ == '__main__':
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(*sys.argv[1:])
