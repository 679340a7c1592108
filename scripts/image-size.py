#!/usr/bin/env python3
"""Flash and RAM of a linked kit image, by part, from its linker map (ld.lld or GNU ld) and the ELF.

usage: image-size.py [--top N] [--dups N] [--files] [--stand-in] <image.elf> <image.map>

Every input section the linker kept is charged to the part that brought it:
  Swift modules (Runtime, CYW43, Net, Offload, App, Boards, the platform glue, the app's
  main), the stdlib code specialised into them ("stdlib (specialised)"), the Embedded
  Swift runtime helpers (swift_retain, swift_allocObject, ...: weak copies in every Swift
  object, counted once whichever won), strings (the linker merges every object's
  .rodata.str* into one section, so they are one line), and the C side: our PSoC 6 shim,
  the PDL + BSP, the CM0+ image, the Wi-Fi firmware / CLM / NVRAM images, newlib-nano,
  libgcc, libm. An image linked from psoc6.mk's whole-program object (PSOC6_LTO=full) has
  one line for all its Swift code ("Swift modules, whole-program optimised") beside its
  strings and runtime helpers: code inlined across modules belongs to no one module.
Flash = allocated read-only sections plus the load image of initialised data; RAM = .data
+ .bss. NOLOAD regions the linker script reserves (heap, stack) are listed on their own:
they are what the script sets aside, not what the program uses.
--stand-in marks the PDL + BSP and CM0+ lines as fake (an image linked against the fake MTB tree).
--top N lists the N largest functions, --dups N the N costliest groups of functions the
compiler emitted more than once under different names (specialisations, merged/outlined
copies), --files splits each Swift module by source file.
"""
import re
import subprocess
import sys
from collections import defaultdict

SWIFT_MODULE_ORDER = ['Runtime', 'CYW43', 'Net', 'Offload', 'App', 'Boards']
KNOWN_MODULES = set(SWIFT_MODULE_ORDER) | {'PSoC6Platform', 'PSoC6App', 'QEMUPlatform', 'QEMUApp',
                                         'SimKit', 'Simulation', 'ChipModel', 'ChipBridge'}
GOAL_FLASH = 96 * 1024
STAND_INS = ('PDL + BSP (startup, system, generated config)', 'CM0+ image')
RESERVED = ('.heap', '.stack', '.stack_dummy')


def sections(elf):
    """name -> (flags, type) for every section of the ELF."""
    out = subprocess.run(['arm-none-eabi-readelf', '-SW', elf], capture_output=True, text=True, check=True).stdout
    result = {}
    for line in out.splitlines():
        m = re.match(r'\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+([A-Z]*)', line)
        if m:
            result[m.group(1)] = (m.group(4), m.group(2), int(m.group(3), 16))
    return result


def memory_kind(out_name, secs):
    """'flash', 'data' (flash + RAM), 'bss' (RAM), 'reserved', or None (not in the image)."""
    if out_name not in secs:
        return None
    flags, typ, _ = secs[out_name]
    if 'A' not in flags:
        return None
    if out_name in RESERVED or out_name.startswith(RESERVED):
        return 'reserved'
    if 'W' in flags:
        return 'bss' if typ == 'NOBITS' else 'data'
    return 'flash'


def owner_module(demangled):
    """The module whose function this is: a specialisation or outlined copy of
    CYW43.Driver.x belongs to CYW43 even when the app's module emitted it; 'Swift' is the
    stdlib. None when the name says nothing (OUTLINED_FUNCTION_n, C names)."""
    d = demangled
    while True:
        for prefix in ('merged ', 'specialized ', 'outlined copy of ', 'outlined consume of ',
                       'outlined retain of ', 'outlined release of ', 'outlined destroy of ',
                       'outlined init with take of ', 'outlined init with copy of ',
                       'outlined assign with take of ', 'outlined assign with copy of ',
                       'static ', 'type metadata for ', 'full type metadata for ',
                       'nominal type descriptor for ', 'type metadata accessor for ',
                       'value witness table for ', 'protocol witness table for ',
                       'protocol witness for ', 'one-time initialization function for ',
                       'one-time initialization token for ', 'lazy protocol witness table accessor for type ',
                       'lazy protocol witness table cache variable for type ', 'closure #1 in ',
                       'variable initialization expression of '):
            if d.startswith(prefix):
                d = d[len(prefix):]
                break
        else:
            if re.match(r'(generic|function signature) specialization <', d) or d.startswith('closure #'):
                depth = 0
                for i, c in enumerate(d):
                    if c == '<':
                        depth += 1
                    elif c == '>':
                        depth -= 1
                        if depth == 0:
                            break
                d = re.sub(r'^ (of|in) ', '', d[i + 1:])
                continue
            break
    m = re.match(r'\(extension in ([A-Za-z_0-9]+)\):', d)
    if m:
        return m.group(1)
    m = re.match(r'([A-Za-z_][A-Za-z_0-9]*)\.', d)
    return m.group(1) if m else None


WHOLE_PROGRAM = 'Swift modules, whole-program optimised'


def part_of(path, symbol, demangled):
    """The part an input section belongs to."""
    base = path.rsplit('/', 1)[-1]
    if path == '<internal>':
        return 'linker-made (GOT)' if not symbol.startswith('.rodata.str') else 'strings (merged)'
    if path.endswith('/swift-lto/whole-program.o'):
        # psoc6.mk's PSOC6_LTO=full object: every module's code optimised as one program, so
        # code inlined across modules has no module of its own; only strings and the runtime
        # helpers are told apart (size.sh prints the per-module split from a per-module build)
        if re.match(r'_?swift_', symbol):
            return 'Embedded Swift runtime helpers'
        return 'strings (merged)' if symbol.startswith('.rodata.str') else WHOLE_PROGRAM
    m = re.search(r'/([^/]+)\.build/[^/]+\.swift\.o$', path)
    if m:
        if re.match(r'_?swift_', symbol):
            return 'Embedded Swift runtime helpers'
        if symbol.startswith('.rodata.str'):
            return 'strings (merged)'
        owner = owner_module(demangled) if demangled else None
        if owner == 'Swift':
            return 'stdlib (specialised)'
        if owner and owner in KNOWN_MODULES:
            return owner
        return m.group(1)
    m = re.search(r'/([^/]+)\.build/[^/]+\.o$', path)
    if m:
        return m.group(1) + ' (C)'
    if 'libswift' in path:
        return 'Embedded Swift runtime helpers'
    if '/img/' in path:
        return 'Wi-Fi images (' + base.replace('.o', '') + ')'
    if 'cm0p' in base.lower():
        return 'CM0+ image'
    if '_PSoC6_shim_' in base or '/shim/' in path:
        return 'shim (ours, C)'
    if 'libc_nano' in path or 'libc.a' in path:
        return 'newlib-nano'
    if re.match(r'crt(begin|end|i|n)\.o$', base):
        return 'C start files (crti/crtn/crtbegin/crtend)'
    if 'libgcc' in path:
        return 'libgcc'
    if 'libm.a' in path:
        return 'libm'
    if path.endswith('.o') and '/obj/' in path or 'libpsoc6.a' in path:
        return 'PDL + BSP (startup, system, generated config)'
    return 'other (' + base + ')'


def parse_gnu_map(path):
    """parse_map for a GNU ld map (-Wl,-Map; the PSoC 6 kit images are linked by GNU ld):
    ' .text.name  0xADDR  0xSIZE file' per input section, the name alone on its line when long."""
    out, name, started = None, None, False
    for line in open(path, errors='replace'):
        line = line.rstrip('\n')
        if not started:
            started = line.startswith('Linker script and memory map')
            continue
        m = re.match(r'^(\.?[A-Za-z_][^\s]*)(\s+0x[0-9a-f]+\s+0x[0-9a-f]+.*)?$', line)
        if m and not line.startswith(' '):
            out, name = m.group(1), None
            continue
        m = re.match(r'^ (\.\S+|COMMON)\s*$', line)
        if m:
            name = m.group(1)
            continue
        m = re.match(r'^ (\.\S+|COMMON)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$', line)
        if m and (m.group(1) or name):
            insec, size, obj = m.group(1) or name, int(m.group(3), 16), m.group(4)
            name = None
            if size:
                yield [out, obj, insec, size, None]
            continue
        if not re.match(r'^\s+0x', line):
            name = None


def parse_map(path):
    """Yields (output section, input file, input section, size, first symbol) per input section."""
    with open(path, errors='replace') as f:
        head = f.read(4096)
    if 'Linker script and memory map' in head or head.startswith('Archive member included') \
            or 'Memory Configuration' in head:
        yield from parse_gnu_map(path)
        return
    out = None
    pending = None
    for line in open(path):
        m = re.match(r'\s*[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+ (\s*)(.*)$', line.rstrip('\n'))
        if not m:
            continue
        size, lead, body = int(m.group(1), 16), len(m.group(2)), m.group(3)
        if lead == 0:
            if pending:
                yield pending
                pending = None
            out = body.split()[0] if body else None
        elif lead == 8:
            if pending:
                yield pending
                pending = None
            im = re.match(r'(.*):\((.*)\)$', body)
            if im and size:
                pending = [out, im.group(1), im.group(2), size, None]
        elif lead == 16 and pending and pending[4] is None and not body.startswith('$'):
            pending[4] = body
        elif lead == 16 and pending and pending[4] is None and body.startswith('$') and len(body) > 3:
            pending[4] = body
    if pending:
        yield pending


def demangle_all(names):
    names = sorted(set(n for n in names if n.startswith('$e') or n.startswith('$s')))
    if not names:
        return {}
    try:
        res = subprocess.run(['swift', 'demangle'], input='\n'.join(names) + '\n', capture_output=True,
                             text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return {}
    return dict(zip(names, res)) if len(res) == len(names) else {}


def symbol_name(insec, first):
    """The function/data name of an input section (-function-sections names it after the symbol)."""
    for prefix in ('.text.', '.rodata.', '.data.rel.ro.', '.data.', '.bss.'):
        if insec.startswith(prefix) and not insec.startswith('.rodata.str') and insec != '.data.rel.ro':
            return insec[len(prefix):]
    # a section holding many symbols (.data, .data.rel.ro, .bss, ...) is its object's
    return insec


def strip_brackets(d):
    """d without its leading '<...>' (nested)."""
    depth = 0
    for i, c in enumerate(d):
        if c == '<':
            depth += 1
        elif c == '>':
            depth -= 1
            if depth == 0:
                return d[i + 1:]
    return d


def group_key(demangled):
    """Functions that are 'the same code' under different names: the same function after
    dropping specialisation arguments and merged/outlined prefixes."""
    d = demangled
    while True:
        if d.startswith('merged ') or d.startswith('specialized '):
            d = d.split(' ', 1)[1]
        elif re.match(r'(generic|function signature) specialization <', d):
            d = re.sub(r'^ of ', '', strip_brackets(d[d.index('<'):]))
        else:
            return d


def string_sources(paths):
    """module -> bytes of .rodata.str* in its objects (before merging and de-duplication)."""
    result = defaultdict(int)
    for path in paths:
        m = re.search(r'/([^/]+)\.build/[^/]+\.swift\.o$', path)
        if not m:
            continue
        try:
            for name, (flags, typ, size) in sections(path).items():
                if name.startswith('.rodata.str'):
                    result[m.group(1)] += size
        except (OSError, subprocess.CalledProcessError):
            pass
    return result


def main(argv):
    top = dups = 0
    files = False
    stand_in = False
    args = []
    it = iter(argv)
    for a in it:
        if a == '--top':
            top = int(next(it))
        elif a == '--dups':
            dups = int(next(it))
        elif a == '--files':
            files = True
        elif a == '--stand-in':
            stand_in = True
        else:
            args.append(a)
    if len(args) != 2:
        sys.exit(__doc__)
    elf, mapfile = args
    secs = sections(elf)
    entries = list(parse_map(mapfile))
    dem = demangle_all(symbol_name(e[2], e[4]) for e in entries)

    flash = defaultdict(int)
    ram = defaultdict(int)
    per_file = defaultdict(int)
    funcs = []
    data_rel_ro_ram = 0
    for out, path, insec, size, first in entries:
        kind = memory_kind(out, secs)
        if kind is None or kind == 'reserved':
            continue
        sym = symbol_name(insec, first)
        part = part_of(path, insec if insec.startswith('.rodata.str') else sym, dem.get(sym))
        if kind in ('flash', 'data'):
            flash[part] += size
        if kind in ('data', 'bss'):
            ram[part] += size
        if kind == 'data' and insec.startswith('.data.rel.ro'):
            data_rel_ro_ram += size
        m = re.search(r'/([^/]+)\.build/([^/]+)\.swift\.o$', path)
        if m and kind in ('flash', 'data'):
            per_file[(part if part not in (m.group(1),) else m.group(1), m.group(2))] += size
        if insec.startswith('.text.'):
            if part == WHOLE_PROGRAM:   # the module the function is named after (callees inlined)
                part = (owner_module(dem[sym]) if sym in dem else None) or 'whole-program'
            funcs.append((size, sym, dem.get(sym, sym), part))

    def swift_part(p):
        if p.endswith(' (C)'):
            return False
        return p in SWIFT_MODULE_ORDER or p.startswith('PSoC6') or p.startswith('QEMU') and 'support' not in p \
            or p in ('stdlib (specialised)', 'Embedded Swift runtime helpers', 'strings (merged)',
                     'linker-made (GOT)', WHOLE_PROGRAM) or p in ('SimKit', 'Simulation', 'ChipModel', 'ChipBridge')

    parts = sorted(set(flash) | set(ram), key=lambda p: (not swift_part(p),
                   SWIFT_MODULE_ORDER.index(p) if p in SWIFT_MODULE_ORDER else 99, -flash[p]))
    print(f"{'part':52} {'flash B':>9} {'RAM B':>8}")
    sub_f = sub_r = 0
    printed_c = False
    for p in parts:
        if not swift_part(p) and not printed_c:
            print(f"{'  Swift side':52} {sub_f:9,} {sub_r:8,}")
            printed_c = True
        if swift_part(p):
            sub_f += flash[p]
            sub_r += ram[p]
        label = p
        if stand_in and p in STAND_INS:
            label = p.split(' (')[0] + ' [fake stand-in, not the kit\'s]'
        print(f"{label:52} {flash[p]:9,} {ram[p]:8,}")
        if files:
            for (mod, f), n in sorted(per_file.items(), key=lambda kv: -kv[1]):
                if mod == p:
                    print(f"    {f:48} {n:9,}")
    if not printed_c:
        print(f"{'  Swift side':52} {sub_f:9,} {sub_r:8,}")
    print(f"{'total':52} {sum(flash.values()):9,} {sum(ram.values()):8,}")
    strings = string_sources(set(e[1] for e in entries))
    if strings:
        print('  strings as each module\'s objects carry them (before de-duplication; inlined code carries its strings along): ' +
              ', '.join(f'{m} {n:,}' for m, n in sorted(strings.items(), key=lambda kv: -kv[1])))
    if not any(p.startswith('Wi-Fi images') for p in parts) and any(p == 'shim (ours, C)' for p in parts):
        print("Wi-Fi firmware/CLM/NVRAM: not linked (make board ... WIFI_FW= WIFI_CLM= WIFI_NVRAM=)")
    if 'shim (ours, C)' in parts:
        verdict = (f"met, {GOAL_FLASH - sub_f:,} B to spare" if sub_f <= GOAL_FLASH
                   else f"NOT met, {sub_f - GOAL_FLASH:,} B over")
        print(f"goal: Swift side <= {GOAL_FLASH:,} B flash: {sub_f:,} B: {verdict}")
    reserved = [(n, s[2]) for n, s in secs.items() if memory_kind(n, secs) == 'reserved']
    for n, s in reserved:
        print(f"reserved by the linker script: {n} {s:,} B (not usage)")
    print(f"of the static RAM, .data.rel.ro (constants the linker script puts in RAM): {data_rel_ro_ram:,} B")
    if top:
        print(f"\nlargest {top} functions:")
        for size, sym, d, part in sorted(funcs, reverse=True)[:top]:
            print(f"  {size:6,}  {part:14.14}  {d[:110]}")
    if dups:
        groups = defaultdict(list)
        for size, sym, d, part in funcs:
            if not d.startswith('OUTLINED_FUNCTION'):
                groups[group_key(d)].append(size)
        costly = sorted(((sum(v) - max(v), len(v), k) for k, v in groups.items() if len(v) > 1), reverse=True)
        print(f"\nfunctions emitted more than once ({sum(c for c, _, _ in costly):,} B beyond one copy each); "
              f"costliest {dups}:")
        for extra, n, k in costly[:dups]:
            print(f"  {extra:6,} B extra  x{n:<3} {k[:100]}")


if __name__ == '__main__':
    main(sys.argv[1:])
