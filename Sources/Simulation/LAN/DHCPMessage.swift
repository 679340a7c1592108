import Runtime

/// A BOOTP/DHCP message (RFC 2131 §2, Figure 1) with the options our server reads and
/// writes (RFC 2132). Unknown options are skipped on parse; a message without the magic
/// cookie 99.130.83.99 (RFC 2131 §3) or a truncated option throws.
public struct DHCPMessage: Equatable, Sendable {
    private enum Layout {
        static let op = 0, htype = 1, hlen = 2, hops = 3, xid = 4, secs = 8, flags = 10
        static let ciaddr = 12, yiaddr = 16, siaddr = 20, giaddr = 24, chaddr = 28
        static let sname = 44, file = 108, cookie = 236, options = 240
        /// RFC 1542 §3.3: a BOOTP message is at least 300 octets; we pad replies to it.
        static let minimumSize = 300
    }
    static let magicCookie: UInt32 = 0x6382_5363

    /// DHCP message type, option 53 (RFC 2132 §9.6). Open: unknown codes survive.
    public struct Kind: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let discover = Kind(rawValue: 1), offer = Kind(rawValue: 2)
        public static let request = Kind(rawValue: 3), decline = Kind(rawValue: 4)
        public static let ack = Kind(rawValue: 5), nak = Kind(rawValue: 6)
        public static let release = Kind(rawValue: 7), inform = Kind(rawValue: 8)
    }

    /// Option codes (RFC 2132).
    enum Option {
        static let pad: UInt8 = 0, subnetMask: UInt8 = 1, router: UInt8 = 3, dns: UInt8 = 6
        static let requestedIP: UInt8 = 50, leaseTime: UInt8 = 51, messageType: UInt8 = 53
        static let serverID: UInt8 = 54, renewalT1: UInt8 = 58, rebindingT2: UInt8 = 59
        static let clientID: UInt8 = 61, end: UInt8 = 255
    }

    public var op: UInt8 = 1                  // 1 BOOTREQUEST, 2 BOOTREPLY
    public var xid: UInt32 = 0
    public var secs: UInt16 = 0
    /// Bit 15 is the BROADCAST flag (RFC 2131 §2, Figure 2).
    public var flags: UInt16 = 0
    public var ciaddr = IPv4Address.any
    public var yiaddr = IPv4Address.any
    public var siaddr = IPv4Address.any
    public var giaddr = IPv4Address.any
    public var chaddr = MACAddress.zero
    public var kind: Kind? = nil
    public var requestedIP: IPv4Address? = nil
    public var serverID: IPv4Address? = nil
    public var leaseSeconds: UInt32? = nil
    public var renewalSeconds: UInt32? = nil
    public var rebindingSeconds: UInt32? = nil
    public var subnetMask: IPv4Address? = nil
    public var router: IPv4Address? = nil
    public var dns: IPv4Address? = nil
    /// Option 61 contents (type byte + identifier), if the client sent one.
    public var clientID: [UInt8]? = nil

    public init() {}

    public var isBroadcast: Bool { flags & 0x8000 != 0 }

    public init(parsing b: [UInt8], range: Range<Int>) throws(LanWireError) {
        let base = range.lowerBound
        guard range.count >= Layout.options else { throw .truncated(need: Layout.options, have: range.count) }
        guard Bytes.u32(b, base + Layout.cookie) == Self.magicCookie else { throw .unsupported(field: 236) }
        op = b[base + Layout.op]
        guard b[base + Layout.htype] == 1, b[base + Layout.hlen] == 6 else { throw .unsupported(field: 1) }
        xid = Bytes.u32(b, base + Layout.xid)
        secs = Bytes.u16(b, base + Layout.secs)
        flags = Bytes.u16(b, base + Layout.flags)
        ciaddr = IPv4Address(Bytes.u32(b, base + Layout.ciaddr))
        yiaddr = IPv4Address(Bytes.u32(b, base + Layout.yiaddr))
        siaddr = IPv4Address(Bytes.u32(b, base + Layout.siaddr))
        giaddr = IPv4Address(Bytes.u32(b, base + Layout.giaddr))
        let c = base + Layout.chaddr
        chaddr = MACAddress(b[c], b[c + 1], b[c + 2], b[c + 3], b[c + 4], b[c + 5])
        var i = base + Layout.options
        let end = range.upperBound
        while i < end {
            let code = b[i]
            if code == Option.end { break }
            if code == Option.pad { i += 1; continue }
            guard i + 1 < end else { throw .truncated(need: i + 2 - base, have: range.count) }
            let len = Int(b[i + 1])
            let v = i + 2
            guard v + len <= end else { throw .truncated(need: v + len - base, have: range.count) }
            func ip() -> IPv4Address? { len >= 4 ? IPv4Address(Bytes.u32(b, v)) : nil }
            func u32() -> UInt32? { len >= 4 ? Bytes.u32(b, v) : nil }
            switch code {
            case Option.messageType: if len >= 1 { kind = Kind(rawValue: b[v]) }
            case Option.requestedIP: requestedIP = ip()
            case Option.serverID: serverID = ip()
            case Option.leaseTime: leaseSeconds = u32()
            case Option.renewalT1: renewalSeconds = u32()
            case Option.rebindingT2: rebindingSeconds = u32()
            case Option.subnetMask: subnetMask = ip()
            case Option.router: router = ip()
            case Option.dns: dns = ip()
            case Option.clientID: clientID = Array(b[v..<(v + len)])
            default: break
            }
            i = v + len
        }
    }

    /// The message as UDP payload, padded with zeros to 300 bytes.
    public func emit() -> [UInt8] {
        var b = [UInt8](repeating: 0, count: Layout.options)
        b[Layout.op] = op; b[Layout.htype] = 1; b[Layout.hlen] = 6; b[Layout.hops] = 0
        Bytes.put32(&b, Layout.xid, xid); Bytes.put16(&b, Layout.secs, secs); Bytes.put16(&b, Layout.flags, flags)
        Bytes.put32(&b, Layout.ciaddr, ciaddr.value); Bytes.put32(&b, Layout.yiaddr, yiaddr.value)
        Bytes.put32(&b, Layout.siaddr, siaddr.value); Bytes.put32(&b, Layout.giaddr, giaddr.value)
        let m = chaddr.bytes
        for i in 0..<6 { b[Layout.chaddr + i] = m[i] }
        Bytes.put32(&b, Layout.cookie, Self.magicCookie)
        if let kind { b += [Option.messageType, 1, kind.rawValue] }
        func addIP(_ code: UInt8, _ a: IPv4Address?) { if let a { b += [code, 4] + a.bytes } }
        func addU32(_ code: UInt8, _ v: UInt32?) {
            if let v { b += [code, 4, UInt8(truncatingIfNeeded: v >> 24), UInt8(truncatingIfNeeded: v >> 16),
                             UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }
        }
        addIP(Option.serverID, serverID)
        addIP(Option.requestedIP, requestedIP)
        addU32(Option.leaseTime, leaseSeconds)
        addU32(Option.renewalT1, renewalSeconds)
        addU32(Option.rebindingT2, rebindingSeconds)
        addIP(Option.subnetMask, subnetMask)
        addIP(Option.router, router)
        addIP(Option.dns, dns)
        if let clientID, clientID.count <= 255 { b += [Option.clientID, UInt8(clientID.count)] + clientID }
        b.append(Option.end)
        if b.count < Layout.minimumSize { b += [UInt8](repeating: 0, count: Layout.minimumSize - b.count) }
        return b
    }
}
