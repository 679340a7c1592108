import Runtime

// RawSpan entry points (house style §4) over the UnsafeRawBufferPointer parsers: the
// span's bytes are borrowed only for the call; ranges in the result index the span.

extension EthernetFrame {
    public init(parsing span: RawSpan) throws(WireError) {
        self = try span.withUnsafeBytes { (b) throws(WireError) -> EthernetFrame in try EthernetFrame(parsing: b) }
    }
}

extension ArpPacket {
    public init(parsing span: RawSpan) throws(WireError) {
        self = try span.withUnsafeBytes { (b) throws(WireError) -> ArpPacket in try ArpPacket(parsing: b) }
    }
}

extension IPv4Header {
    public init(parsing span: RawSpan) throws(WireError) {
        self = try span.withUnsafeBytes { (b) throws(WireError) -> IPv4Header in try IPv4Header(parsing: b) }
    }
}

extension IcmpMessage {
    public init(parsing span: RawSpan) throws(WireError) {
        self = try span.withUnsafeBytes { (b) throws(WireError) -> IcmpMessage in try IcmpMessage(parsing: b) }
    }
}

extension UdpDatagram {
    public init(parsing span: RawSpan, source: IPv4Address, destination: IPv4Address) throws(WireError) {
        self = try span.withUnsafeBytes { (b) throws(WireError) -> UdpDatagram in
            try UdpDatagram(parsing: b, source: source, destination: destination)
        }
    }
}

extension DhcpMessage {
    public init(parsing span: RawSpan) throws(WireError) {
        self = try span.withUnsafeBytes { (b) throws(WireError) -> DhcpMessage in try DhcpMessage(parsing: b) }
    }
}
