import Net
import Runtime

/// The 54-byte keepalive frame the firmware sends for an offloaded connection, built
/// byte by byte from the table of docs/tko-offload.md §1.6 (LPA `prep_packet`), not with our
/// emitters: Ethernet II, IPv4 (IHL 5, ID 0, no DF, TTL from the state), TCP ACK with no
/// options, seq = SND.NXT - 1 (request) or SND.NXT (response), ack = RCV.NXT.
enum TkoFrame {
    static func build(_ s: TcpOffloadState, response: Bool) -> [UInt8] {
        var f = [UInt8](repeating: 0, count: 54)
        func put16(_ at: Int, _ v: UInt16) { f[at] = UInt8(v >> 8); f[at + 1] = UInt8(v & 0xFF) }
        func put32(_ at: Int, _ v: UInt32) { put16(at, UInt16(v >> 16)); put16(at + 2, UInt16(v & 0xFFFF)) }
        f.replaceSubrange(0..<6, with: s.remoteMAC.bytes)
        f.replaceSubrange(6..<12, with: s.localMAC.bytes)
        put16(12, 0x0800)
        f[14] = 0x45
        put16(16, 40)               // total length
        f[22] = s.ttl
        f[23] = 6
        put32(26, s.localIP)
        put32(30, s.remoteIP)
        let ipSum = f.withUnsafeBytes { InternetChecksum.compute(UnsafeRawBufferPointer(rebasing: $0[14..<34])) }
        put16(24, ipSum)
        put16(34, s.localPort)
        put16(36, s.remotePort)
        put32(38, response ? s.sndNxt : s.sndNxt &- 1)
        put32(42, s.rcvNxt)
        f[46] = 0x50
        f[47] = 0x10
        put16(48, s.rcvWnd)
        let pseudo = InternetChecksum.pseudoHeader(source: IPv4Address(s.localIP), destination: IPv4Address(s.remoteIP),
                                                   protocol: 6, length: 20)
        let tcpSum = f.withUnsafeBytes { InternetChecksum.finish(InternetChecksum.add(UnsafeRawBufferPointer(rebasing: $0[34..<54]), to: pseudo)) }
        put16(50, tcpSum)
        return f
    }
}
