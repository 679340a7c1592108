/// NVRAM text -> the binary form the chip reads (docs/cyw43-bus.md §3.5 "NVRAM placement").
public enum NVRAMImage {
    /// Each non-empty, non-comment line (`#` starts a comment) trimmed of blanks becomes a
    /// NUL-terminated string; an extra NUL ends the list; zero-padded to a multiple of 4.
    public static func binary<C: Collection>(fromText text: C) -> [UInt8] where C.Element == UInt8 {
        var out: [UInt8] = []
        var line: [UInt8] = []
        func flush() {
            var s = 0, e = line.count
            while s < e, line[s] == 0x20 || line[s] == 0x09 || line[s] == 0x0D { s += 1 }
            while e > s, line[e - 1] == 0x20 || line[e - 1] == 0x09 || line[e - 1] == 0x0D { e -= 1 }
            if e > s, line[s] != 0x23 { out.append(contentsOf: line[s..<e]); out.append(0) }
            line.removeAll(keepingCapacity: true)
        }
        for b in text { if b == 0x0A { flush() } else { line.append(b) } }
        flush()
        out.append(0)
        while out.count % 4 != 0 { out.append(0) }
        return out
    }

    /// The length token written in the last RAM word: low 16 bits = words, high 16 = ~words.
    public static func lengthToken(paddedLength: Int) -> UInt32 {
        let words = UInt32(truncatingIfNeeded: paddedLength / 4) & 0xFFFF
        return (~words & 0xFFFF) << 16 | words
    }
}
