import Runtime

/// One Ethernet II frame as the simulation sees it: link addresses, and the IPv4, ARP,
/// UDP and TCP header fields it routes, traces and counts on. Parsed once; a frame we
/// cannot read throws and is counted as dropped by the caller.
///
/// Layouts: Ethernet II (IEEE 802.3 §3.2, EtherType form), IPv4 RFC 791 §3.1,
/// UDP RFC 768, TCP RFC 793 §3.1, ARP RFC 826.
public struct LanPacket: Sendable {
    private enum Layout {
        static let ethDst = 0, ethSrc = 6, ethType = 12, ethHeader = 14
        // IPv4, relative to the IP header
        static let ipVerIHL = 0, ipTotalLength = 2, ipFlagsFrag = 6, ipTTL = 8, ipProto = 9
        static let ipSrc = 12, ipDst = 16, ipMinHeader = 20
        // TCP, relative to the TCP header
        static let tcpSrcPort = 0, tcpDstPort = 2, tcpSeq = 4, tcpAck = 8, tcpOffset = 12
        static let tcpFlags = 13, tcpWindow = 14, tcpMinHeader = 20
        // UDP
        static let udpSrcPort = 0, udpDstPort = 2, udpLength = 4, udpHeader = 8
        // ARP (Ethernet/IPv4 only)
        static let arpOper = 6, arpSHA = 8, arpSPA = 14, arpTHA = 18, arpTPA = 24, arpSize = 28
    }

    public static let etherTypeIPv4: UInt16 = 0x0800
    public static let etherTypeARP: UInt16 = 0x0806

    public struct IPv4: Sendable {
        public var source: IPv4Address
        public var destination: IPv4Address
        public var proto: UInt8
        public var ttl: UInt8
        /// Byte range of the IP payload inside the frame.
        public var payload: Range<Int>
        /// More-fragments set or a non-zero offset.
        public var isFragment: Bool
    }

    public struct TCP: Sendable {
        public var sourcePort: UInt16
        public var destinationPort: UInt16
        public var seq: UInt32
        public var ack: UInt32
        /// The flag byte (RFC 793: URG 0x20, ACK 0x10, PSH 0x08, RST 0x04, SYN 0x02, FIN 0x01).
        public var flags: UInt8
        public var window: UInt16
        /// Byte range of the segment's data inside the frame.
        public var payload: Range<Int>
        public var payloadLength: Int { payload.count }
        public static let fin: UInt8 = 0x01, syn: UInt8 = 0x02, rst: UInt8 = 0x04
        public static let psh: UInt8 = 0x08, ackFlag: UInt8 = 0x10, urg: UInt8 = 0x20
    }

    public struct UDP: Sendable {
        public var sourcePort: UInt16
        public var destinationPort: UInt16
        public var payload: Range<Int>
    }

    public struct ARP: Sendable {
        /// 1 request, 2 reply.
        public var operation: UInt16
        public var senderMAC: MACAddress
        public var senderIP: IPv4Address
        public var targetMAC: MACAddress
        public var targetIP: IPv4Address
    }

    public var destination: MACAddress
    public var source: MACAddress
    public var etherType: UInt16
    public var ipv4: IPv4?
    public var tcp: TCP?
    public var udp: UDP?
    public var arp: ARP?

    public init(parsing f: [UInt8]) throws(LanWireError) {
        guard f.count >= Layout.ethHeader else { throw .truncated(need: Layout.ethHeader, have: f.count) }
        destination = MACAddress(f[0], f[1], f[2], f[3], f[4], f[5])
        source = MACAddress(f[6], f[7], f[8], f[9], f[10], f[11])
        etherType = Bytes.u16(f, Layout.ethType)
        let l3 = Layout.ethHeader
        if etherType == Self.etherTypeARP {
            guard f.count >= l3 + Layout.arpSize else { throw .truncated(need: l3 + Layout.arpSize, have: f.count) }
            arp = ARP(operation: Bytes.u16(f, l3 + Layout.arpOper),
                      senderMAC: Self.mac(f, l3 + Layout.arpSHA),
                      senderIP: IPv4Address(Bytes.u32(f, l3 + Layout.arpSPA)),
                      targetMAC: Self.mac(f, l3 + Layout.arpTHA),
                      targetIP: IPv4Address(Bytes.u32(f, l3 + Layout.arpTPA)))
            return
        }
        guard etherType == Self.etherTypeIPv4 else { return }
        guard f.count >= l3 + Layout.ipMinHeader else { throw .truncated(need: l3 + Layout.ipMinHeader, have: f.count) }
        let verIHL = f[l3 + Layout.ipVerIHL]
        guard verIHL >> 4 == 4 else { throw .unsupported(field: UInt16(verIHL)) }
        let ihl = Int(verIHL & 0x0F) * 4
        let total = Int(Bytes.u16(f, l3 + Layout.ipTotalLength))
        guard ihl >= Layout.ipMinHeader, total >= ihl else { throw .unsupported(field: UInt16(verIHL)) }
        guard f.count >= l3 + total else { throw .truncated(need: l3 + total, have: f.count) }
        let frag = Bytes.u16(f, l3 + Layout.ipFlagsFrag)
        let ip = IPv4(source: IPv4Address(Bytes.u32(f, l3 + Layout.ipSrc)),
                      destination: IPv4Address(Bytes.u32(f, l3 + Layout.ipDst)),
                      proto: f[l3 + Layout.ipProto], ttl: f[l3 + Layout.ipTTL],
                      payload: (l3 + ihl)..<(l3 + total),
                      isFragment: frag & 0x3FFF != 0)
        ipv4 = ip
        if ip.isFragment { return }
        let l4 = ip.payload.lowerBound
        switch ip.proto {
        case 6:
            guard ip.payload.count >= Layout.tcpMinHeader else { throw .truncated(need: l4 + Layout.tcpMinHeader, have: ip.payload.upperBound) }
            let off = Int(f[l4 + Layout.tcpOffset] >> 4) * 4
            guard off >= Layout.tcpMinHeader, off <= ip.payload.count else { throw .truncated(need: l4 + off, have: ip.payload.upperBound) }
            tcp = TCP(sourcePort: Bytes.u16(f, l4 + Layout.tcpSrcPort),
                      destinationPort: Bytes.u16(f, l4 + Layout.tcpDstPort),
                      seq: Bytes.u32(f, l4 + Layout.tcpSeq), ack: Bytes.u32(f, l4 + Layout.tcpAck),
                      flags: f[l4 + Layout.tcpFlags] & 0x3F, window: Bytes.u16(f, l4 + Layout.tcpWindow),
                      payload: (l4 + off)..<ip.payload.upperBound)
        case 17:
            guard ip.payload.count >= Layout.udpHeader else { throw .truncated(need: l4 + Layout.udpHeader, have: ip.payload.upperBound) }
            let len = Int(Bytes.u16(f, l4 + Layout.udpLength))
            guard len >= Layout.udpHeader, len <= ip.payload.count else { throw .truncated(need: l4 + len, have: ip.payload.upperBound) }
            udp = UDP(sourcePort: Bytes.u16(f, l4 + Layout.udpSrcPort),
                      destinationPort: Bytes.u16(f, l4 + Layout.udpDstPort),
                      payload: (l4 + Layout.udpHeader)..<(l4 + len))
        default:
            break
        }
    }

    private static func mac(_ f: [UInt8], _ at: Int) -> MACAddress {
        MACAddress(f[at], f[at + 1], f[at + 2], f[at + 3], f[at + 4], f[at + 5])
    }
}
