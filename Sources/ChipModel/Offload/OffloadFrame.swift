/// The minimal frame parsing the firmware offloads need (own code, from RFC 894/1042,
/// RFC 791, RFC 793 and RFC 826; docs/tko-offload.md §1.7: Ethernet II and 802.3 LLC/SNAP are
/// accepted, fragments ignored, IP and TCP checksums verified).
enum OffloadFrame {
    /// The EtherType and where the network-layer packet starts, or nil.
    static func network(_ f: [UInt8]) -> (etherType: UInt16, offset: Int)? {
        guard f.count >= 14 else { return nil }
        let typeOrLength = OffloadBytes.be16(f, 12)
        if typeOrLength >= 0x0600 { return (typeOrLength, 14) }
        // 802.3 length + LLC AA AA 03 + SNAP OUI 00 00 00 + EtherType (RFC 1042).
        guard f.count >= 22, f[14] == 0xAA, f[15] == 0xAA, f[16] == 0x03,
              f[17] == 0, f[18] == 0, f[19] == 0 else { return nil }
        return (OffloadBytes.be16(f, 20), 22)
    }

    /// A TCP segment inside an IPv4 packet, checksums verified.
    struct TCP {
        var sourceIP: UInt32, destinationIP: UInt32
        var sourcePort: UInt16, destinationPort: UInt16
        var seq: UInt32, ack: UInt32
        /// The TCP flag bits (FIN 0x01 ... ACK 0x10 ... CWR 0x80).
        var flags: UInt8
        var payloadLength: Int
    }

    /// Parses an IPv4/TCP frame; nil if it is not one, is a fragment, is truncated or has a
    /// bad IP or TCP checksum.
    static func tcp(_ f: [UInt8]) -> TCP? {
        guard let n = network(f), n.etherType == 0x0800, f.count >= n.offset + 20 else { return nil }
        let ip = n.offset
        guard f[ip] >> 4 == 4 else { return nil }
        let ihl = Int(f[ip] & 0x0F) * 4
        let total = Int(OffloadBytes.be16(f, ip + 2))
        guard ihl >= 20, total >= ihl + 20, f.count >= ip + total, f[ip + 9] == 6 else { return nil }
        let fragment = OffloadBytes.be16(f, ip + 6)
        guard fragment & 0x3FFF == 0 else { return nil }  // MF set or offset != 0
        guard OffloadBytes.fold(OffloadBytes.sum(f, ip..<(ip + ihl))) == 0 else { return nil }
        let t = ip + ihl
        let tcpLength = total - ihl
        let dataOffset = Int(f[t + 12] >> 4) * 4
        guard dataOffset >= 20, dataOffset <= tcpLength else { return nil }
        var pseudo = OffloadBytes.sum(f, (ip + 12)..<(ip + 20))
        pseudo &+= 6 &+ UInt32(tcpLength)
        guard OffloadBytes.fold(OffloadBytes.sum(f, t..<(t + tcpLength), pseudo)) == 0 else { return nil }
        return TCP(sourceIP: OffloadBytes.be32(f, ip + 12), destinationIP: OffloadBytes.be32(f, ip + 16),
                   sourcePort: OffloadBytes.be16(f, t), destinationPort: OffloadBytes.be16(f, t + 2),
                   seq: OffloadBytes.be32(f, t + 4), ack: OffloadBytes.be32(f, t + 8),
                   flags: f[t + 13], payloadLength: tcpLength - dataOffset)
    }

    /// An Ethernet/IPv4 ARP packet (RFC 826).
    struct ARP {
        var operation: UInt16
        var senderMAC: [UInt8], senderIP: UInt32
        var targetMAC: [UInt8], targetIP: UInt32
    }

    static func arp(_ f: [UInt8]) -> ARP? {
        guard let n = network(f), n.etherType == 0x0806, f.count >= n.offset + 28 else { return nil }
        let a = n.offset
        guard OffloadBytes.be16(f, a) == 1, OffloadBytes.be16(f, a + 2) == 0x0800,
              f[a + 4] == 6, f[a + 5] == 4 else { return nil }
        return ARP(operation: OffloadBytes.be16(f, a + 6),
                   senderMAC: Array(f[(a + 8)..<(a + 14)]), senderIP: OffloadBytes.be32(f, a + 14),
                   targetMAC: Array(f[(a + 18)..<(a + 24)]), targetIP: OffloadBytes.be32(f, a + 24))
    }
}
