import Runtime

/// Byte-level helpers for the `board.conf` text format (no `String`, so the parser costs
/// little flash on the MCU). All functions take ASCII bytes.
enum ConfText {
    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

    /// `bytes` without leading and trailing blanks (space, tab, CR).
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lo = bytes.startIndex, hi = bytes.endIndex
        while lo < hi && isBlank(bytes[lo]) { lo += 1 }
        while hi > lo && isBlank(bytes[hi - 1]) { hi -= 1 }
        return bytes[lo..<hi]
    }

    /// True if `bytes` spell exactly `word`.
    static func equals(_ bytes: ArraySlice<UInt8>, _ word: StaticString) -> Bool {
        word.withUTF8Buffer { w in
            guard w.count == bytes.count else { return false }
            var i = bytes.startIndex
            for c in w {
                if bytes[i] != c { return false }
                i += 1
            }
            return true
        }
    }

    /// Splits on runs of blanks; empty pieces are dropped.
    static func words(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var start: Int? = nil
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if isBlank(bytes[i]) {
                if let s = start { out.append(bytes[s..<i]); start = nil }
            } else if start == nil {
                start = i
            }
            i += 1
        }
        if let s = start { out.append(bytes[s..<bytes.endIndex]) }
        return out
    }

    /// A decimal number (or `0x` hex) no larger than `max`; nil if malformed or too big.
    static func number(_ bytes: ArraySlice<UInt8>, max: UInt32) -> UInt32? {
        var s = bytes
        var radix: UInt64 = 10
        if s.count > 2 && s[s.startIndex] == 0x30 && (s[s.startIndex + 1] | 0x20) == 0x78 {
            radix = 16
            s = s.dropFirst(2)
        }
        guard !s.isEmpty, s.count <= 10 else { return nil }
        var v: UInt64 = 0
        for c in s {
            let d: UInt64
            switch c {
            case 0x30...0x39: d = UInt64(c - 0x30)
            case 0x61...0x66 where radix == 16: d = UInt64(c - 0x61 + 10)
            case 0x41...0x46 where radix == 16: d = UInt64(c - 0x41 + 10)
            default: return nil
            }
            v = v * radix + d
        }
        return v <= UInt64(max) ? UInt32(v) : nil
    }

    /// A dotted-quad IPv4 address.
    static func ipv4(_ bytes: ArraySlice<UInt8>) -> IPv4Address? { IPv4Address(ascii: bytes) }

    /// True if every byte is printable ASCII (0x20...0x7E).
    static func isPrintable(_ bytes: ArraySlice<UInt8>) -> Bool {
        for b in bytes where b < 0x20 || b > 0x7E { return false }
        return true
    }
}
