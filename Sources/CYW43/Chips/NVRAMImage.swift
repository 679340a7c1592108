/// NVRAM text -> the binary form the chip reads (docs/cyw43-bus.md §3.5 "NVRAM placement").
public enum NVRAMImage {
    /// Each non-empty, non-comment line (`#` starts a comment) trimmed of blanks becomes a
    /// NUL-terminated string; an extra NUL ends the list; zero-padded to a multiple of 4.
    public static func binary<C: Collection>(fromText text: C) -> [UInt8] where C.Element == UInt8 {
        let source = Array(text)
        return source.withUnsafeBytes { src in
            [UInt8](unsafeUninitializedCapacity: maxBinaryCount(textCount: src.count)) { buffer, count in
                count = convert(src, into: UnsafeMutableRawBufferPointer(buffer))
            }
        }
    }

    /// The most bytes `convert` writes for a text of `textCount` bytes: every line's bytes
    /// and its NUL (text + 1), the list's NUL and up to 3 bytes of padding.
    public static func maxBinaryCount(textCount: Int) -> Int { textCount + 5 }

    /// Writes the binary form of `text` (see `binary(fromText:)`) into `out`, which holds at
    /// least `maxBinaryCount(textCount: text.count)` bytes; returns the bytes written. Works in
    /// place over the two buffers (the kit converts its linked NVRAM text once, no arrays).
    public static func convert(_ text: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int {
        precondition(out.count >= maxBinaryCount(textCount: text.count), "NVRAM output buffer too small")
        var n = 0
        var start = 0
        while start <= text.count {
            var end = start
            while end < text.count, text[end] != 0x0A { end += 1 }
            var s = start, e = end
            while s < e, isBlank(text[s]) { s += 1 }
            while e > s, isBlank(text[e - 1]) { e -= 1 }
            if e > s, text[s] != 0x23 {
                while s < e { out[n] = text[s]; n += 1; s += 1 }
                out[n] = 0; n += 1
            }
            start = end + 1
        }
        repeat { out[n] = 0; n += 1 } while n % 4 != 0
        return n
    }

    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

    /// The length token written in the last RAM word: low 16 bits = words, high 16 = ~words.
    public static func lengthToken(paddedLength: Int) -> UInt32 {
        let words = UInt32(truncatingIfNeeded: paddedLength / 4) & 0xFFFF
        return (~words & 0xFFFF) << 16 | words
    }
}
