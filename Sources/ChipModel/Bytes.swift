/// Little/big-endian field access on byte arrays. Callers check lengths first; out-of-range
/// reads return 0 so malformed host input can never trap.
enum Bytes {
    static func le16(_ b: [UInt8], _ at: Int) -> UInt16 {
        guard at >= 0, at + 2 <= b.count else { return 0 }
        return UInt16(b[at]) | UInt16(b[at + 1]) << 8
    }
    static func le32(_ b: [UInt8], _ at: Int) -> UInt32 {
        guard at >= 0, at + 4 <= b.count else { return 0 }
        return UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }
    static func putLE16(_ b: inout [UInt8], _ at: Int, _ v: UInt16) {
        b[at] = UInt8(truncatingIfNeeded: v); b[at + 1] = UInt8(truncatingIfNeeded: v >> 8)
    }
    static func putLE32(_ b: inout [UInt8], _ at: Int, _ v: UInt32) {
        for i in 0..<4 { b[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) }
    }
    static func putBE16(_ b: inout [UInt8], _ at: Int, _ v: UInt16) {
        b[at] = UInt8(truncatingIfNeeded: v >> 8); b[at + 1] = UInt8(truncatingIfNeeded: v)
    }
    static func putBE32(_ b: inout [UInt8], _ at: Int, _ v: UInt32) {
        for i in 0..<4 { b[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(3 - i))) }
    }
    static func appendLE32(_ b: inout [UInt8], _ v: UInt32) {
        for i in 0..<4 { b.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
    }
    /// Whether `b` equals the ASCII of `s`.
    static func equals(_ b: [UInt8], _ s: StaticString) -> Bool {
        s.withUTF8Buffer { u in
            guard u.count == b.count else { return false }
            for i in 0..<u.count where u[i] != b[i] { return false }
            return true
        }
    }
    static func hasPrefix(_ b: [UInt8], _ s: StaticString) -> Bool {
        s.withUTF8Buffer { u in
            guard u.count <= b.count else { return false }
            for i in 0..<u.count where u[i] != b[i] { return false }
            return true
        }
    }
    static func ascii(_ s: StaticString) -> [UInt8] {
        s.withUTF8Buffer { Array($0) }
    }
}
