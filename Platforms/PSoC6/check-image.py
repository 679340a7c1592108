#!/usr/bin/env python3
"""Checks that a PSoC 6 CM4 kit image is laid out to boot, and reports flash/RAM by part.

usage: check-image.py app.elf --device <part> [--map app.map] [--report out.json]

Checks (docs/psoc6-platform.md §1.2-§1.4): the CM0+ image at 0x10000000; the CM4 vector
table (__Vectors) at the CM4 start address and aligned for VTOR; its initial SP inside the
CM4 RAM and equal to __StackTop; its reset handler in flash with the Thumb bit, = Reset_Handler;
every allocated section inside the part's CM4 flash or RAM region; .data with VMA in RAM and
LMA in flash; every initialised RAM section covered by a .copy.table entry whose source is its
load address; .bss, heap, stack and the RAM vector table in RAM, RAM vectors aligned for VTOR;
__HeapBase < __HeapLimit <= __StackLimit < __StackTop; no two sections overlapping (by VMA,
and by LMA among loaded ones). Exit 1 with every failure listed.
Parts from the GNU ld map (--map): Swift, shim, PDL+BSP, CM0+ image, Wi-Fi images, C library.
"""
import json
import re
import struct
import sys

# part prefix -> (CM4 flash start, flash size, CM4 RAM start, RAM size, CM4 vectors)
PARTS = {
    'CY8C624A': (0x10000000, 0x200000, 0x08002000, 0xFD800, 0x10002000),
    'CY8C6247': (0x10000000, 0x100000, 0x08002000, 0x45800, 0x10002000),
    'CY8C6245': (0x10000000, 0x80000, 0x08002000, 0x3D800, 0x10002000),
    'CYB0644A': (0x10000000, 0xE0000, 0x08000800, 0xDF800, 0x10010000),
}
SHF_WRITE, SHF_ALLOC = 0x1, 0x2
SHT_PROGBITS, SHT_SYMTAB, SHT_NOBITS = 1, 2, 8


class Elf:
    def __init__(self, path):
        self.data = open(path, 'rb').read()
        d = self.data
        if d[:4] != b'\x7fELF' or d[4] != 1 or d[5] != 1:
            raise SystemExit(f'{path}: not a 32-bit little-endian ELF')
        (self.entry, phoff, shoff) = struct.unpack_from('<III', d, 24)
        (phentsize, phnum, shentsize, shnum, shstrndx) = struct.unpack_from('<HHHHH', d, 42)
        self.segments = [struct.unpack_from('<IIIIIIII', d, phoff + i * phentsize) for i in range(phnum)]
        raw = [struct.unpack_from('<IIIIIIIIII', d, shoff + i * shentsize) for i in range(shnum)]
        strtab = raw[shstrndx]
        def name(off, tab):
            s = tab[4] + off
            return d[s:d.index(b'\0', s)].decode()
        self.sections = []
        for r in raw:
            n, typ, flags, addr, off, size = r[0], r[1], r[2], r[3], r[4], r[5]
            self.sections.append({'name': name(n, strtab), 'type': typ, 'flags': flags, 'vma': addr,
                                  'off': off, 'size': size, 'link': r[6], 'lma': self.lma(addr, off, typ, flags)})
        self.symbols = {}
        for s in self.sections:
            if s['type'] == SHT_SYMTAB:
                stab = raw[s['link']]
                for i in range(s['size'] // 16):
                    st_name, value, size, info, other, shndx = struct.unpack_from('<IIIBBH', d, s['off'] + i * 16)
                    if st_name:
                        self.symbols.setdefault(name(st_name, stab), value)

    def lma(self, vma, off, typ, flags):
        if not flags & SHF_ALLOC:
            return vma
        for (ptype, poff, vaddr, paddr, filesz, memsz, pflags, align) in self.segments:
            if ptype == 1 and vaddr <= vma < vaddr + max(memsz, 1):
                if typ == SHT_NOBITS or poff <= off < poff + max(filesz, 1):
                    return paddr + (vma - vaddr)
        return vma

    def word(self, addr):
        for s in self.sections:
            if s['type'] == SHT_PROGBITS and s['flags'] & SHF_ALLOC and s['vma'] <= addr < s['vma'] + s['size']:
                return struct.unpack_from('<I', self.data, s['off'] + addr - s['vma'])[0]
        return None


def check(elf, device):
    errors = []
    part = next((p for p in PARTS if device.upper().startswith(p)), None)
    if part is None:
        return [f'unknown part {device} (known: {", ".join(PARTS)})'], None
    fstart, fsize, rstart, rsize, cm4 = PARTS[part]
    in_flash = lambda a, n=0: fstart <= a and a + n <= fstart + fsize
    in_ram = lambda a, n=0: rstart <= a and a + n <= rstart + rsize
    alloc = [s for s in elf.sections if s['flags'] & SHF_ALLOC and s['size'] > 0]
    by = {s['name']: s for s in elf.sections}
    sym = elf.symbols

    m0 = by.get('.cy_m0p_image')
    if not m0 or m0['size'] == 0 or m0['vma'] != 0x10000000 or m0['type'] != SHT_PROGBITS:
        errors.append(f'CM0+ image: .cy_m0p_image must be loaded at 0x10000000 '
                      f'(found {hex(m0["vma"]) + " size " + str(m0["size"]) if m0 else "none"})')
    vec = sym.get('__Vectors')
    vsize = (sym['__Vectors_End'] - vec) if vec is not None and '__Vectors_End' in sym else 0
    if vec != cm4:
        errors.append(f'CM4 vector table __Vectors at {hex(vec) if vec is not None else "?"}, CM4 start is {hex(cm4)}')
    else:
        sp, reset = elf.word(vec), elf.word(vec + 4)
        if sp is None or reset is None:
            errors.append('CM4 vector table is not loaded data')
        else:
            if not in_ram(sp) and sp != rstart + rsize or sp % 8:
                errors.append(f'initial SP {hex(sp)} not an 8-aligned address inside CM4 RAM')
            if sp != sym.get('__StackTop'):
                errors.append(f'initial SP {hex(sp)} != __StackTop {hex(sym.get("__StackTop", 0))}')
            if not reset & 1:
                errors.append(f'reset vector {hex(reset)} lacks the Thumb bit')
            if not in_flash(reset & ~1):
                errors.append(f'reset vector {hex(reset)} not in flash')
            if 'Reset_Handler' in sym and (reset & ~1) != (sym['Reset_Handler'] & ~1):
                errors.append(f'reset vector {hex(reset)} != Reset_Handler {hex(sym["Reset_Handler"])}')
        align = 1 << max(7, (max(vsize, 1) - 1).bit_length())
        if vec % align:
            errors.append(f'__Vectors {hex(vec)} not aligned to {align} (VTOR, table of {vsize} B)')
    ramv = sym.get('__ramVectors')
    if ramv is None or not in_ram(ramv, vsize):
        errors.append(f'__ramVectors {hex(ramv) if ramv is not None else "undefined"} not inside CM4 RAM')
    elif ramv % (1 << max(7, (max(vsize, 1) - 1).bit_length())):
        errors.append(f'__ramVectors {hex(ramv)} not aligned for VTOR')

    for s in alloc:
        where = in_flash(s['vma'], s['size']) or in_ram(s['vma'], s['size'])
        if not where and s['name'] not in ('.cy_em_eeprom',):
            errors.append(f'{s["name"]} at {hex(s["vma"])}+{s["size"]} is outside the CM4 flash and RAM of {device}')
        if s['type'] == SHT_PROGBITS and not in_flash(s['lma'], s['size']) and s['name'] != '.cy_em_eeprom':
            errors.append(f'{s["name"]} is loaded at {hex(s["lma"])}, not in flash: nothing would be programmed there')
    data = by.get('.data')
    if not data or not in_ram(data['vma'], data['size']) or not in_flash(data['lma'], data['size']):
        errors.append(f'.data must have VMA in RAM and LMA in flash (VMA {hex(data["vma"]) if data else "?"}, '
                      f'LMA {hex(data["lma"]) if data else "?"})')
    for n in ('.bss', '.heap', '.stack_dummy', '.ramVectors'):
        s = by.get(n)
        if s is None or not in_ram(s['vma'], s['size']) or s['size'] == 0 and n != '.bss':
            errors.append(f'{n} must be in CM4 RAM (found {hex(s["vma"]) if s else "none"})')
    hb, hl, sl, st = (sym.get(k) for k in ('__HeapBase', '__HeapLimit', '__StackLimit', '__StackTop'))
    if None in (hb, hl, sl, st) or not (in_ram(hb) and hb < hl <= sl < st <= rstart + rsize):
        errors.append(f'heap/stack symbols out of order or outside RAM: __HeapBase {hb and hex(hb)} '
                      f'__HeapLimit {hl and hex(hl)} __StackLimit {sl and hex(sl)} __StackTop {st and hex(st)}')

    # .copy.table: (from, to, size) triplets the startup walks.
    ct = by.get('.copy.table')
    copies = []
    if ct:
        for i in range(ct['size'] // 12):
            copies.append(struct.unpack_from('<III', elf.data, ct['off'] + 12 * i))
    for s in alloc:
        if s['type'] == SHT_PROGBITS and s['flags'] & SHF_WRITE and in_ram(s['vma'], s['size']):
            ok = any(dst <= s['vma'] and s['vma'] + s['size'] <= dst + n and src - dst == s['lma'] - s['vma']
                     for (src, dst, n) in copies)
            if not ok:
                errors.append(f'{s["name"]} ({hex(s["vma"])}+{s["size"]}) holds initial data in RAM that no '
                              f'.copy.table entry copies from its load address {hex(s["lma"])}')
    if ramv is not None and not any(src == vec and dst == ramv for (src, dst, n) in copies):
        errors.append('no .copy.table entry copies the flash vectors to __ramVectors')

    def overlaps(key, secs):
        secs = sorted(secs, key=lambda s: s[key])
        for a, b in zip(secs, secs[1:]):
            if a[key] + a['size'] > b[key]:
                errors.append(f'{a["name"]} ({hex(a[key])}+{a["size"]}) overlaps {b["name"]} ({hex(b[key])}) by {key}')
    # The startup's .ram_vectors/.stack have no alloc flag; GNU ld still places their output
    # sections by the script's region, so they take part in the RAM overlap check.
    placed = alloc + [s for s in elf.sections if not s['flags'] & SHF_ALLOC and s['size'] > 0
                      and s['name'] in ('.ramVectors', '.stack_dummy', '.heap')]
    overlaps('vma', placed)
    overlaps('lma', [s for s in alloc if s['type'] == SHT_PROGBITS])

    flash = sum(s['size'] for s in alloc if s['type'] == SHT_PROGBITS and in_flash(s['lma'], s['size']))
    ram = sum(s['size'] for s in alloc if in_ram(s['vma'], s['size']) and s['name'] not in ('.heap', '.stack_dummy'))
    totals = {'device': device, 'flash_bytes': flash, 'flash_size': fsize, 'ram_bytes': ram, 'ram_size': rsize,
              'heap_bytes': (hl - hb) if hb and hl else 0, 'stack_bytes': (st - sl) if sl and st else 0}
    return errors, totals


def part_of(path):
    p = path.replace('\\', '/')
    if 'img/' in p and re.search(r'(fw\.bin|clm\.bin|nvram\.txt)\.o', p):
        return 'Wi-Fi images'
    if 'cm0p' in p.lower():
        return 'CM0+ image'
    if '.swift.o' in p or '/swift/' in p and '.build/' in p and p.endswith('.o') and 'libpsoc6' not in p:
        return 'Swift'
    if 'libswiftUnicodeDataTables' in p or p.endswith('/swift-lto/whole-program.o'):   # psoc6.mk PSOC6_LTO=full
        return 'Swift'
    if 'libpsoc6.a' in p and '_shim_psoc6_' in p:
        return 'shim'
    if 'libpsoc6.a' in p or 'startup_' in p or '/obj/' in p:
        return 'PDL+BSP'
    if re.search(r'lib(c|c_nano|g|m|nosys|gcc)\.a|crt[0-9a-z]*\.o', p):
        return 'C library (newlib-nano, libgcc)'
    if p in ('', '*fill*'):
        return 'padding'
    return 'linker-made'


def parts(map_path, elf):
    """Input sections from a GNU ld map, attributed to parts and split flash/RAM."""
    secs = {s['name']: s for s in elf.sections if s['flags'] & SHF_ALLOC}
    fstart = 0x10000000
    flash, ram = {}, {}
    out = None
    pending = None
    in_memory_map = False
    for line in open(map_path, errors='replace'):
        line = line.rstrip('\n')
        if line.startswith('Linker script and memory map'):
            in_memory_map = True
            continue
        if not in_memory_map:
            continue
        m = re.match(r'^(\.\S+|\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)', line)
        if m and not line.startswith(' '):
            out = m.group(1)
            continue
        if re.match(r'^(\.\S+)$', line):
            out = line.strip()
            continue
        m = re.match(r'^ (\S+)\s*$', line)
        if m:
            pending = m.group(1)
            continue
        m = re.match(r'^ (\S+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$', line)
        if m and (m.group(1) or pending):
            size = int(m.group(3), 16)
            obj = m.group(4)
            pending = None
            if size == 0 or out not in secs:
                continue
            s = secs[out]
            part = part_of(obj)
            if s['type'] == SHT_PROGBITS and s['lma'] >= fstart:
                flash[part] = flash.get(part, 0) + size
            if s['vma'] < fstart and out not in ('.heap', '.stack_dummy'):
                ram[part] = ram.get(part, 0) + size
            continue
        m = re.match(r'^ \*fill\*\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)', line)
        if m and out in secs:
            size = int(m.group(2), 16)
            s = secs[out]
            if s['type'] == SHT_PROGBITS and s['lma'] >= fstart:
                flash['padding'] = flash.get('padding', 0) + size
            elif s['vma'] < fstart and out not in ('.heap', '.stack_dummy'):
                ram['padding'] = ram.get('padding', 0) + size
        else:
            pending = None if not re.match(r'^ \S', line) else pending
    return flash, ram


def main(argv):
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument('elf')
    ap.add_argument('--device', required=True)
    ap.add_argument('--map')
    ap.add_argument('--report')
    a = ap.parse_args(argv)
    elf = Elf(a.elf)
    errors, totals = check(elf, a.device)
    report = {'image': a.elf, **(totals or {})}
    if totals:
        print(f"{a.elf}: flash {totals['flash_bytes']} B of {totals['flash_size']} "
              f"({100.0 * totals['flash_bytes'] / totals['flash_size']:.1f} %), RAM {totals['ram_bytes']} B of "
              f"{totals['ram_size']} (+ heap {totals['heap_bytes']} B, stack {totals['stack_bytes']} B)")
    if a.map and totals:
        flash, ram = parts(a.map, elf)
        report['flash_by_part'], report['ram_by_part'] = flash, ram
        print(f"  {'part':34} {'flash B':>9} {'RAM B':>8}")
        for p in sorted(set(flash) | set(ram), key=lambda p: -flash.get(p, 0)):
            print(f"  {p:34} {flash.get(p, 0):9} {ram.get(p, 0):8}")
        print(f"  {'(sum of input sections)':34} {sum(flash.values()):9} {sum(ram.values()):8}")
    if a.report:
        report['errors'] = errors
        with open(a.report, 'w') as f:
            json.dump(report, f, indent=2, sort_keys=True)
    for e in errors:
        print(f'FAIL {a.elf}: {e}')
    if errors:
        return 1
    print(f'ok   {a.elf}: boot layout checks passed for {a.device}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
