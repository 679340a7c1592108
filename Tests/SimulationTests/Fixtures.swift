import Runtime
@testable import Simulation

/// Byte fixtures written from the RFC layouts (field by field at the RFC's offsets),
/// never from the simulation's own emitters.
enum Fixture {
    static func hex(_ s: String) -> [UInt8] {
        let digits = s.filter { $0.isHexDigit }
        var out: [UInt8] = []
        var i = digits.startIndex
        while i < digits.endIndex {
            let j = digits.index(i, offsetBy: 2)
            out.append(UInt8(digits[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    static let clientMAC = MACAddress(0xA0, 0xC9, 0xA0, 0x3D, 0xD3, 0x6A)

    /// A BOOTREQUEST per RFC 2131 §2 Figure 1: op 1, htype 1, hlen 6, hops 0, xid, secs 0,
    /// flags, ciaddr, yiaddr 0, siaddr 0, giaddr 0, chaddr (16, MAC + zero pad), sname (64)
    /// and file (128) zero, magic cookie 99.130.83.99 at 236, then options (RFC 2132).
    static func dhcpRequest(type: UInt8, xid: UInt32 = 0x3903_F326, mac: MACAddress = clientMAC,
                            broadcast: Bool = false, ciaddr: UInt32 = 0,
                            requested: UInt32? = nil, serverID: UInt32? = nil) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 240)
        b[0] = 1; b[1] = 1; b[2] = 6; b[3] = 0
        b[4] = UInt8(xid >> 24); b[5] = UInt8(xid >> 16 & 0xFF); b[6] = UInt8(xid >> 8 & 0xFF); b[7] = UInt8(xid & 0xFF)
        if broadcast { b[10] = 0x80 }
        b[12] = UInt8(ciaddr >> 24); b[13] = UInt8(ciaddr >> 16 & 0xFF); b[14] = UInt8(ciaddr >> 8 & 0xFF); b[15] = UInt8(ciaddr & 0xFF)
        let m = mac.bytes
        for i in 0..<6 { b[28 + i] = m[i] }
        b[236] = 99; b[237] = 130; b[238] = 83; b[239] = 99
        b += [53, 1, type]                               // DHCP message type
        if let r = requested { b += [50, 4] + be32(r) }  // requested IP address
        if let s = serverID { b += [54, 4] + be32(s) }   // server identifier
        b += [55, 4, 1, 3, 6, 51]                        // parameter request list
        b += [255]
        return b
    }

    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    static func ip(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> UInt32 {
        UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// TKO request frame of docs/tko-offload.md §1.6 (worked example, golden): device
    /// a0:c9:a0:3d:d3:6a 192.168.0.15:3353 -> 11:22:33:44:55:66 192.168.0.10:3360,
    /// seq 0x12345677 (snd_nxt − 1), ack 0x9abcdef0, win 5983, ACK only, 54 bytes.
    static let tkoRequest = hex("""
        112233445566 a0c9a03dd36a 0800 4500 0028 0000 0000 2006 1967 c0a8000f c0a8000a
        0d19 0d20 12345677 9abcdef0 5010 175f 1a7a 0000
        """)

    /// An Ethernet + IPv4 (RFC 791, 20 bytes, TTL 64) + TCP (RFC 793, 20 bytes) frame with
    /// correct checksums, fields written at their RFC offsets.
    static func tcp(srcMAC: [UInt8], dstMAC: [UInt8], src: UInt32, dst: UInt32, sport: UInt16, dport: UInt16,
                    seq: UInt32, ack: UInt32, flags: UInt8, window: UInt16, payload: [UInt8] = []) -> [UInt8] {
        var f = dstMAC + srcMAC + [0x08, 0x00]
        let total = 40 + payload.count
        var ipH: [UInt8] = [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 0, 0x40, 0, 64, 6, 0, 0] + be32(src) + be32(dst)
        let ipSum = checksum(ipH)
        ipH[10] = UInt8(ipSum >> 8); ipH[11] = UInt8(ipSum & 0xFF)
        var t: [UInt8] = [UInt8(sport >> 8), UInt8(sport & 0xFF), UInt8(dport >> 8), UInt8(dport & 0xFF)]
        t += be32(seq) + be32(ack) + [0x50, flags, UInt8(window >> 8), UInt8(window & 0xFF), 0, 0, 0, 0] + payload
        let pseudo = be32(src) + be32(dst) + [0, 6, UInt8(t.count >> 8), UInt8(t.count & 0xFF)]
        let tSum = checksum(pseudo + t)
        t[16] = UInt8(tSum >> 8); t[17] = UInt8(tSum & 0xFF)
        f += ipH + t
        return f
    }

    /// RFC 1071 checksum.
    static func checksum(_ b: [UInt8]) -> UInt16 {
        var s: UInt32 = 0
        var i = 0
        while i + 1 < b.count { s += UInt32(b[i]) << 8 | UInt32(b[i + 1]); i += 2 }
        if i < b.count { s += UInt32(b[i]) << 8 }
        while s >> 16 != 0 { s = (s & 0xFFFF) + (s >> 16) }
        return ~UInt16(s)
    }

    /// Ethernet + IPv4 + UDP (RFC 768) carrying `payload`, checksums filled in.
    static func udp(srcMAC: [UInt8], dstMAC: [UInt8], src: UInt32, dst: UInt32, sport: UInt16, dport: UInt16,
                    payload: [UInt8]) -> [UInt8] {
        let ulen = 8 + payload.count
        let total = 20 + ulen
        var ipH: [UInt8] = [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 1, 0, 0, 64, 17, 0, 0] + be32(src) + be32(dst)
        let ipSum = checksum(ipH)
        ipH[10] = UInt8(ipSum >> 8); ipH[11] = UInt8(ipSum & 0xFF)
        var u: [UInt8] = [UInt8(sport >> 8), UInt8(sport & 0xFF), UInt8(dport >> 8), UInt8(dport & 0xFF),
                          UInt8(ulen >> 8), UInt8(ulen & 0xFF), 0, 0] + payload
        let s = checksum(be32(src) + be32(dst) + [0, 17, UInt8(ulen >> 8), UInt8(ulen & 0xFF)] + u)
        u[6] = UInt8(s >> 8); u[7] = UInt8(s & 0xFF)
        return dstMAC + srcMAC + [0x08, 0x00] + ipH + u
    }
}

/// A log sink collecting lines as Strings (tests only).
final class StringLog: LogSink {
    var lines: [String] = []
    private var cur: [UInt8] = []
    func write(_ byte: UInt8) {
        if byte == 0x0A { lines.append(String(decoding: cur, as: UTF8.self)); cur = [] } else { cur.append(byte) }
    }
}
