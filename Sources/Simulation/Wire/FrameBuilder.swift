import Runtime

/// Emits the few frames the simulation's own hosts send (ARP replies, UDP datagrams for
/// the DHCP server) with correct IPv4 and UDP checksums. Layouts as in `LanPacket`.
public enum FrameBuilder {
    /// An ARP reply (RFC 826): `senderMAC` is at `senderIP`, sent to the asker.
    public static func arpReply(senderMAC: MACAddress, senderIP: IPv4Address,
                                targetMAC: MACAddress, targetIP: IPv4Address) -> [UInt8] {
        var f = [UInt8](repeating: 0, count: 42)
        writeEthernet(&f, dst: targetMAC, src: senderMAC, type: LanPacket.etherTypeARP)
        Bytes.put16(&f, 14, 1)          // HTYPE Ethernet
        Bytes.put16(&f, 16, 0x0800)     // PTYPE IPv4
        f[18] = 6; f[19] = 4            // HLEN, PLEN
        Bytes.put16(&f, 20, 2)          // OPER reply
        senderMAC.bytes.withUnsafeBufferPointer { for i in 0..<6 { f[22 + i] = $0[i] } }
        Bytes.put32(&f, 28, senderIP.value)
        targetMAC.bytes.withUnsafeBufferPointer { for i in 0..<6 { f[32 + i] = $0[i] } }
        Bytes.put32(&f, 38, targetIP.value)
        return f
    }

    /// Ethernet + IPv4 (20-byte header, TTL 64, DF clear) + UDP with checksum.
    public static func udp(srcMAC: MACAddress, dstMAC: MACAddress, srcIP: IPv4Address, dstIP: IPv4Address,
                           srcPort: UInt16, dstPort: UInt16, payload: [UInt8], ipID: UInt16 = 0) -> [UInt8] {
        let udpLen = 8 + payload.count
        let ipLen = 20 + udpLen
        var f = [UInt8](repeating: 0, count: 14 + ipLen)
        writeEthernet(&f, dst: dstMAC, src: srcMAC, type: LanPacket.etherTypeIPv4)
        writeIPv4(&f, totalLength: ipLen, id: ipID, proto: 17, src: srcIP, dst: dstIP)
        Bytes.put16(&f, 34, srcPort); Bytes.put16(&f, 36, dstPort); Bytes.put16(&f, 38, UInt16(udpLen))
        for i in 0..<payload.count { f[42 + i] = payload[i] }
        var c = Bytes.checksum(f, 34..<(34 + udpLen),
                               sum: Bytes.pseudoSum(src: srcIP.value, dst: dstIP.value, proto: 17, length: udpLen))
        if c == 0 { c = 0xFFFF }        // RFC 768: a computed zero is sent as all ones
        Bytes.put16(&f, 40, c)
        return f
    }

    /// Ethernet + IPv4 (20 bytes, DF clear) + TCP (20 bytes, no options) with checksums,
    /// e.g. the keepalive frames of docs/tko-offload.md §1.6 (TTL 32 there).
    public static func tcp(srcMAC: MACAddress, dstMAC: MACAddress, srcIP: IPv4Address, dstIP: IPv4Address,
                           srcPort: UInt16, dstPort: UInt16, seq: UInt32, ack: UInt32, flags: UInt8,
                           window: UInt16, payload: [UInt8] = [], ttl: UInt8 = 64, ipID: UInt16 = 0) -> [UInt8] {
        let tcpLen = 20 + payload.count
        let ipLen = 20 + tcpLen
        var f = [UInt8](repeating: 0, count: 14 + ipLen)
        writeEthernet(&f, dst: dstMAC, src: srcMAC, type: LanPacket.etherTypeIPv4)
        writeIPv4(&f, totalLength: ipLen, id: ipID, proto: 6, src: srcIP, dst: dstIP, ttl: ttl)
        Bytes.put16(&f, 34, srcPort); Bytes.put16(&f, 36, dstPort)
        Bytes.put32(&f, 38, seq); Bytes.put32(&f, 42, ack)
        f[46] = 0x50; f[47] = flags
        Bytes.put16(&f, 48, window)
        for i in 0..<payload.count { f[54 + i] = payload[i] }
        Bytes.put16(&f, 50, Bytes.checksum(f, 34..<(34 + tcpLen),
                                           sum: Bytes.pseudoSum(src: srcIP.value, dst: dstIP.value, proto: 6, length: tcpLen)))
        return f
    }

    static func writeEthernet(_ f: inout [UInt8], dst: MACAddress, src: MACAddress, type: UInt16) {
        let d = dst.bytes, s = src.bytes
        for i in 0..<6 { f[i] = d[i]; f[6 + i] = s[i] }
        Bytes.put16(&f, 12, type)
    }

    static func writeIPv4(_ f: inout [UInt8], totalLength: Int, id: UInt16, proto: UInt8,
                          src: IPv4Address, dst: IPv4Address, ttl: UInt8 = 64) {
        f[14] = 0x45; f[15] = 0
        Bytes.put16(&f, 16, UInt16(totalLength)); Bytes.put16(&f, 18, id)
        Bytes.put16(&f, 20, 0); f[22] = ttl; f[23] = proto
        Bytes.put32(&f, 26, src.value); Bytes.put32(&f, 30, dst.value)
        Bytes.put16(&f, 24, 0)
        Bytes.put16(&f, 24, Bytes.checksum(f, 14..<34))
    }
}
