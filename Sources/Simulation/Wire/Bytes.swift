/// Big-endian (network order) reads and writes on `[UInt8]` for the simulation's own
/// wire code. Callers check lengths first; these helpers do not.
enum Bytes {
    @inline(__always) static func u16(_ b: [UInt8], _ at: Int) -> UInt16 {
        UInt16(b[at]) << 8 | UInt16(b[at + 1])
    }
    @inline(__always) static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }
    @inline(__always) static func put16(_ b: inout [UInt8], _ at: Int, _ v: UInt16) {
        b[at] = UInt8(truncatingIfNeeded: v >> 8); b[at + 1] = UInt8(truncatingIfNeeded: v)
    }
    @inline(__always) static func put32(_ b: inout [UInt8], _ at: Int, _ v: UInt32) {
        b[at] = UInt8(truncatingIfNeeded: v >> 24); b[at + 1] = UInt8(truncatingIfNeeded: v >> 16)
        b[at + 2] = UInt8(truncatingIfNeeded: v >> 8); b[at + 3] = UInt8(truncatingIfNeeded: v)
    }
    /// Little-endian (pcap file headers are written in our host's order, LE on every
    /// machine we run on; readers detect it from the magic number).
    @inline(__always) static func putLE16(_ b: inout [UInt8], _ v: UInt16) {
        b.append(UInt8(truncatingIfNeeded: v)); b.append(UInt8(truncatingIfNeeded: v >> 8))
    }
    @inline(__always) static func putLE32(_ b: inout [UInt8], _ v: UInt32) {
        b.append(UInt8(truncatingIfNeeded: v)); b.append(UInt8(truncatingIfNeeded: v >> 8))
        b.append(UInt8(truncatingIfNeeded: v >> 16)); b.append(UInt8(truncatingIfNeeded: v >> 24))
    }
    /// RFC 1071 Internet checksum over `b[range]`, starting from `sum`.
    static func checksum(_ b: [UInt8], _ range: Range<Int>, sum: UInt32 = 0) -> UInt16 {
        var s = UInt64(sum)
        var i = range.lowerBound
        while i + 1 < range.upperBound { s += UInt64(b[i]) << 8 | UInt64(b[i + 1]); i += 2 }
        if i < range.upperBound { s += UInt64(b[i]) << 8 }
        while s >> 16 != 0 { s = (s & 0xFFFF) + (s >> 16) }
        return ~UInt16(truncatingIfNeeded: s)
    }
    /// RFC 793 §3.1 / RFC 768 pseudo-header sum.
    static func pseudoSum(src: UInt32, dst: UInt32, proto: UInt8, length: Int) -> UInt32 {
        (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + UInt32(proto) + UInt32(length)
    }
}
