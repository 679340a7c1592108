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
        switch match {
        case .etherType(let t):
            return PacketFilterPattern(id: UInt32(id), offset: 12, mask: [0xFF, 0xFF],
                                       pattern: [UInt8(t >> 8), UInt8(t & 0xFF)])
        case .ipProtocol(let p):
            var mask = [UInt8](repeating: 0, count: 12), pat = mask
            (mask[0], mask[1], pat[0], pat[1]) = (0xFF, 0xFF, 0x08, 0x00)
            (mask[11], pat[11]) = (0xFF, p)
            return PacketFilterPattern(id: UInt32(id), offset: 12, mask: mask, pattern: pat)
        case .port(let proto, let dir, let port, let range):
            var mask = [UInt8](repeating: 0, count: 26), pat = mask
            (mask[0], mask[1], pat[0], pat[1]) = (0xFF, 0xFF, 0x08, 0x00)
            (mask[2], pat[2]) = (0xFF, 0x45)  // IPv4 with IHL 5, so the ports sit at 34/36
            (mask[11], pat[11]) = (0xFF, proto == .tcp ? 6 : 17)
            let at = dir == .source ? 22 : 24  // 34 / 36 minus the offset 12
            let portMask = ~range
            (mask[at], mask[at + 1]) = (UInt8(portMask >> 8), UInt8(portMask & 0xFF))
            (pat[at], pat[at + 1]) = (UInt8(port >> 8), UInt8(port & 0xFF))
            return PacketFilterPattern(id: UInt32(id), offset: 12, mask: mask, pattern: pat)
        }
    }
}
