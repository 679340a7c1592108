import Runtime

/// A DHCP message (RFC 2131 §2 "Protocol Summary", Figure 1: the BOOTP layout of RFC 951)
/// with the options we use (RFC 2132): 53 message type, 1 subnet mask, 3 router,
/// 6 DNS servers, 51 lease time, 54 server identifier, 58 renewal (T1), 59 rebinding
/// (T2), 50 requested address, 55 parameter request list, 61 client identifier,
/// 12 host name, 255 end, 0 pad. Other options are skipped. Variable-length options come
/// back as ranges into the parsed buffer; `emit` takes their bytes as arguments.
public struct DhcpMessage: Equatable, Sendable {
    private enum Layout {
        static let op = 0
        static let htype = 1
        static let hlen = 2
        static let hops = 3
        static let xid = 4
        static let secs = 8
        static let flags = 10
        static let ciaddr = 12
        static let yiaddr = 16
        static let siaddr = 20
        static let giaddr = 24
        static let chaddr = 28     // 16 bytes
        static let sname = 44      // 64 bytes
        static let file = 108      // 128 bytes
        static let magicCookie = 236
        static let options = 240
    }
    /// The fixed part plus the magic cookie.
    public static let fixedSize = Layout.options
    /// RFC 2131 §3: "the first four octets of the 'options' field ... 99, 130, 83 and 99".
    static let magicCookie: UInt32 = 0x6382_5363
    /// RFC 2131 §2: the BROADCAST bit of `flags`.
    public static let broadcastFlag: UInt16 = 0x8000

    /// `op` (RFC 951): 1 BOOTREQUEST, 2 BOOTREPLY.
    public struct Opcode: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let request = Opcode(rawValue: 1)
        public static let reply = Opcode(rawValue: 2)
    }

    /// Option 53 values (RFC 2132 §9.6). Open: unknown types survive.
    public struct MessageType: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let discover = MessageType(rawValue: 1)
        public static let offer = MessageType(rawValue: 2)
        public static let request = MessageType(rawValue: 3)
        public static let decline = MessageType(rawValue: 4)
        public static let ack = MessageType(rawValue: 5)
        public static let nak = MessageType(rawValue: 6)
        public static let release = MessageType(rawValue: 7)
        public static let inform = MessageType(rawValue: 8)
    }

    /// Option codes (RFC 2132).
    public enum Option {
        public static let pad: UInt8 = 0
        public static let subnetMask: UInt8 = 1
        public static let router: UInt8 = 3
        public static let dnsServers: UInt8 = 6
        public static let hostName: UInt8 = 12
        public static let requestedAddress: UInt8 = 50
        public static let leaseTime: UInt8 = 51
        public static let messageType: UInt8 = 53
        public static let serverIdentifier: UInt8 = 54
        public static let parameterRequestList: UInt8 = 55
        public static let renewalTime: UInt8 = 58
        public static let rebindingTime: UInt8 = 59
        public static let clientIdentifier: UInt8 = 61
        public static let end: UInt8 = 255
    }

    public var opcode: Opcode
    public var hops: UInt8 = 0
    /// `xid`
    public var transactionID: UInt32
    /// `secs`: seconds since the client began acquiring.
    public var seconds: UInt16 = 0
    public var flags: UInt16 = 0
    /// `ciaddr`
    public var clientAddress: IPv4Address = .any
    /// `yiaddr`
    public var yourAddress: IPv4Address = .any
    /// `siaddr`
    public var serverAddress: IPv4Address = .any
    /// `giaddr`
    public var relayAddress: IPv4Address = .any
    /// The first six bytes of `chaddr` (htype 1, hlen 6).
    public var clientMAC: MACAddress

    public var messageType: MessageType? = nil
    public var subnetMask: IPv4Address? = nil
    /// The first router of option 3.
    public var router: IPv4Address? = nil
    /// Option 6, up to three servers.
    public var dnsServers = IPv4AddressList()
    public var leaseTime: UInt32? = nil
    public var serverIdentifier: IPv4Address? = nil
    public var renewalTime: UInt32? = nil
    public var rebindingTime: UInt32? = nil
    public var requestedAddress: IPv4Address? = nil
    /// Option 55's body in the parsed buffer.
    public var parameterRequestList: Range<Int>? = nil
    /// Option 61's body in the parsed buffer.
    public var clientIdentifier: Range<Int>? = nil
    /// Option 12's body in the parsed buffer.
    public var hostName: Range<Int>? = nil

    public init(opcode: Opcode, transactionID: UInt32, clientMAC: MACAddress, messageType: MessageType?) {
        self.opcode = opcode
        self.transactionID = transactionID
        self.clientMAC = clientMAC
        self.messageType = messageType
    }

    /// Parses `bytes` (the UDP data). Requires htype 1 / hlen 6 and the magic cookie;
    /// a known option with the wrong length, or any option running past the end,
    /// throws `.badOption`; a missing end option throws `.truncated`.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(WireError) {
        try need(Layout.options, bytes)
        let op = bytes[Layout.op]
        guard op == 1 || op == 2 else { throw .unsupported(field: WireField.dhcpOpcode, value: UInt32(op)) }
        guard bytes[Layout.htype] == 1, bytes[Layout.hlen] == 6 else {
            throw .unsupported(field: WireField.dhcpHardwareAddress,
                               value: UInt32(bytes[Layout.htype]) << 8 | UInt32(bytes[Layout.hlen]))
        }
        let cookie = load32(bytes, Layout.magicCookie)
        guard cookie == Self.magicCookie else { throw .unsupported(field: WireField.dhcpMagicCookie, value: cookie) }
        opcode = Opcode(rawValue: op)
        hops = bytes[Layout.hops]
        transactionID = load32(bytes, Layout.xid)
        seconds = load16(bytes, Layout.secs)
        flags = load16(bytes, Layout.flags)
        clientAddress = IPv4Address(bytes: bytes, at: Layout.ciaddr)
        yourAddress = IPv4Address(bytes: bytes, at: Layout.yiaddr)
        serverAddress = IPv4Address(bytes: bytes, at: Layout.siaddr)
        relayAddress = IPv4Address(bytes: bytes, at: Layout.giaddr)
        clientMAC = MACAddress(bytes: bytes, at: Layout.chaddr)
        try parseOptions(bytes)
    }

    private mutating func parseOptions(_ b: UnsafeRawBufferPointer) throws(WireError) {
        var i = Layout.options
        while i < b.count {
            let code = b[i]
            if code == Option.end { return }
            if code == Option.pad { i += 1; continue }
            guard i + 1 < b.count else { throw .badOption(code: code, offset: i) }
            let len = Int(b[i + 1])
            let body = (i + 2)..<(i + 2 + len)
            guard body.upperBound <= b.count else { throw .badOption(code: code, offset: i) }
            switch code {
            case Option.messageType:
                guard len == 1 else { throw .badOption(code: code, offset: i) }
                messageType = MessageType(rawValue: b[body.lowerBound])
            case Option.subnetMask, Option.serverIdentifier, Option.requestedAddress,
                 Option.leaseTime, Option.renewalTime, Option.rebindingTime:
                // One four-byte body (an address or seconds): one length check, one load.
                guard len == 4 else { throw .badOption(code: code, offset: i) }
                let v = load32(b, body.lowerBound)
                switch code {
                case Option.subnetMask: subnetMask = IPv4Address(v)
                case Option.serverIdentifier: serverIdentifier = IPv4Address(v)
                case Option.requestedAddress: requestedAddress = IPv4Address(v)
                case Option.leaseTime: leaseTime = v
                case Option.renewalTime: renewalTime = v
                default: rebindingTime = v
                }
            case Option.router, Option.dnsServers:
                guard len >= 4, len % 4 == 0 else { throw .badOption(code: code, offset: i) }
                if code == Option.router {
                    router = IPv4Address(bytes: b, at: body.lowerBound)
                } else {
                    dnsServers = IPv4AddressList()
                    var o = body.lowerBound
                    while o < body.upperBound { dnsServers.append(IPv4Address(bytes: b, at: o)); o += 4 }
                }
            case Option.parameterRequestList: parameterRequestList = body
            case Option.clientIdentifier: clientIdentifier = body
            case Option.hostName: hostName = body
            default: break
            }
            i = body.upperBound
        }
        // RFC 2132 §3.2: the end option closes the options; without it the message was cut.
        throw .truncated(need: i + 1, have: b.count)
    }

    /// Bytes `emit` writes with these variable-length option bodies.
    public func emittedLength(parameterRequestList prl: Int = 0, clientIdentifier cid: Int = 0,
                              hostName host: Int = 0) -> Int {
        var n = Layout.options + 1    // + end
        if messageType != nil { n += 3 }
        if cid > 0 { n += 2 + cid }
        if requestedAddress != nil { n += 6 }
        if serverIdentifier != nil { n += 6 }
        if host > 0 { n += 2 + host }
        if prl > 0 { n += 2 + prl }
        if subnetMask != nil { n += 6 }
        if router != nil { n += 6 }
        if dnsServers.count > 0 { n += 2 + 4 * dnsServers.count }
        if leaseTime != nil { n += 6 }
        if renewalTime != nil { n += 6 }
        if rebindingTime != nil { n += 6 }
        return n
    }

    /// Writes the message at the start of `buffer` and returns its length. Options go in
    /// the order 53, 61, 50, 54, 12, 55, 1, 3, 6, 51, 58, 59, then 255; `sname`/`file` and
    /// the rest of `chaddr` are zero. Option bodies longer than 255 bytes are refused.
    @discardableResult
    public func emit(into buffer: UnsafeMutableRawBufferPointer,
                     parameterRequestList prl: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
                     clientIdentifier cid: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
                     hostName host: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0))
        throws(WireError) -> Int {
        if prl.count > 255 { throw .badOption(code: Option.parameterRequestList, offset: -1) }
        if cid.count > 255 { throw .badOption(code: Option.clientIdentifier, offset: -1) }
        if host.count > 255 { throw .badOption(code: Option.hostName, offset: -1) }
        let total = emittedLength(parameterRequestList: prl.count, clientIdentifier: cid.count, hostName: host.count)
        try need(total, buffer)
        for i in 0..<Layout.options { buffer[i] = 0 }
        buffer[Layout.op] = opcode.rawValue
        buffer[Layout.htype] = 1
        buffer[Layout.hlen] = 6
        buffer[Layout.hops] = hops
        store32(buffer, Layout.xid, transactionID)
        store16(buffer, Layout.secs, seconds)
        store16(buffer, Layout.flags, flags)
        clientAddress.write(to: buffer, at: Layout.ciaddr)
        yourAddress.write(to: buffer, at: Layout.yiaddr)
        serverAddress.write(to: buffer, at: Layout.siaddr)
        relayAddress.write(to: buffer, at: Layout.giaddr)
        clientMAC.write(to: buffer, at: Layout.chaddr)
        store32(buffer, Layout.magicCookie, Self.magicCookie)
        var w = OptionWriter(buffer: buffer, offset: Layout.options)
        if let t = messageType { w.put(Option.messageType, byte: t.rawValue) }
        w.put(Option.clientIdentifier, bytes: cid)
        w.put(Option.requestedAddress, word: requestedAddress?.value)
        w.put(Option.serverIdentifier, word: serverIdentifier?.value)
        w.put(Option.hostName, bytes: host)
        w.put(Option.parameterRequestList, bytes: prl)
        w.put(Option.subnetMask, word: subnetMask?.value)
        w.put(Option.router, word: router?.value)
        if dnsServers.count > 0 {
            w.header(Option.dnsServers, length: 4 * dnsServers.count)
            for k in 0..<dnsServers.count { w.word(dnsServers[k].value) }
        }
        w.put(Option.leaseTime, word: leaseTime)
        w.put(Option.renewalTime, word: renewalTime)
        w.put(Option.rebindingTime, word: rebindingTime)
        buffer[w.offset] = Option.end
        return w.offset + 1
    }
}

/// A cursor over the options area; the caller has checked the total length.
private struct OptionWriter {
    let buffer: UnsafeMutableRawBufferPointer
    var offset: Int
    mutating func header(_ code: UInt8, length: Int) {
        buffer[offset] = code; buffer[offset + 1] = UInt8(truncatingIfNeeded: length); offset += 2
    }
    mutating func word(_ v: UInt32) { store32(buffer, offset, v); offset += 4 }
    mutating func put(_ code: UInt8, byte: UInt8) { header(code, length: 1); buffer[offset] = byte; offset += 1 }
    /// A four-byte option, if present (out of line: emit has seven of them).
    @inline(never)
    mutating func put(_ code: UInt8, word v: UInt32?) {
        guard let v else { return }
        header(code, length: 4); word(v)
    }
    mutating func put(_ code: UInt8, bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        header(code, length: bytes.count)
        UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<(offset + bytes.count)]).copyMemory(from: bytes)
        offset += bytes.count
    }
}
