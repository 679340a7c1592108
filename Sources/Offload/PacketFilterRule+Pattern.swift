import Boards
import CYW43

extension PacketFilterRule {
    /// The firmware pattern for this rule (`pkt_filter_add`, docs/cyw43-bus.md §7.7), matching on
    /// the Ethernet II frame from the EtherType on:
    ///
    /// - EtherType: 2 bytes at offset 12.
    /// - IPv4 protocol: EtherType 0x0800 at 12 and the protocol byte at 23.
    /// - Port: as above plus the TCP/UDP port at 34 (source) or 36 (destination), assuming a
    ///   20-byte IPv4 header (IHL 5: frames with IP options do not match); the range's low
    ///   bits are masked off (LPA: range = 2^y - 1).
    public var pattern: PacketFilterPattern {
        let n: Int
        switch match {
        case .etherType: n = 2
        case .ipProtocol: n = 12
        case .port: n = 26
        }
        // Each array written once in place (no second array copied from the first and then
        // mutated: that copy-on-write was most of this getter on the kit image).
        var mask = [UInt8](repeating: 0, count: n), pat = [UInt8](repeating: 0, count: n)
        mask.withUnsafeMutableBufferPointer { m in
            pat.withUnsafeMutableBufferPointer { p in
                (m[0], m[1]) = (0xFF, 0xFF)
                switch match {
                case .etherType(let t):
                    (p[0], p[1]) = (UInt8(t >> 8), UInt8(t & 0xFF))
                case .ipProtocol(let proto):
                    (p[0], p[1]) = (0x08, 0x00)
                    (m[11], p[11]) = (0xFF, proto)
                case .port(let proto, let dir, let port, let range):
                    (p[0], p[1]) = (0x08, 0x00)
                    (m[2], p[2]) = (0xFF, 0x45)  // IPv4 with IHL 5, so the ports sit at 34/36
                    (m[11], p[11]) = (0xFF, proto == .tcp ? 6 : 17)
                    let at = dir == .source ? 22 : 24  // 34 / 36 minus the offset 12
                    let portMask = ~range
                    (m[at], m[at + 1]) = (UInt8(portMask >> 8), UInt8(portMask & 0xFF))
                    (p[at], p[at + 1]) = (UInt8(port >> 8), UInt8(port & 0xFF))
                }
            }
        }
        return PacketFilterPattern(id: UInt32(id), offset: 12, mask: mask, pattern: pat)
    }
}
