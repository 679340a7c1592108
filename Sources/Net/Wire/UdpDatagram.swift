import Runtime

/// A UDP header (RFC 768). The checksum covers the pseudo-header (source, destination,
/// zero, protocol 17, UDP length), the header and the data; a transmitted 0 means "no
/// checksum" and a computed 0 is sent as 0xFFFF (RFC 768 "Fields").
public struct UdpDatagram: Equatable, Sendable {
    private enum Layout {
        static let sourcePort = 0
        static let destinationPort = 2
        static let length = 4          // header + data
        static let checksum = 6
        static let data = 8
    }
    public static let headerSize = Layout.data
    public static let ipProtocol = IPProtocol.udp

    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// UDP length (header + data) as parsed, or as it will be emitted.
    public var length: UInt16
    /// The checksum as parsed (0: the sender did not compute one).
    public var checksum: UInt16
    /// Where the data lies in the parsed buffer: `8..<length` (IPv4 padding excluded).
    public var data: Range<Int>

    public init(sourcePort: UInt16, destinationPort: UInt16, dataLength: Int) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.length = UInt16(truncatingIfNeeded: Layout.data + dataLength)
        self.checksum = 0
        self.data = Layout.data..<(Layout.data + dataLength)
    }

    /// Parses `bytes` (the IPv4 payload) and verifies the checksum unless it is 0.
    public init(parsing bytes: UnsafeRawBufferPointer, source: IPv4Address,
                destination: IPv4Address) throws(WireError) {
        try need(Layout.data, bytes)
        let len = Int(load16(bytes, Layout.length))
        guard len >= Layout.data else { throw .badLength(field: WireField.udpLength, value: len) }
        try need(len, bytes)
        sourcePort = load16(bytes, Layout.sourcePort)
        destinationPort = load16(bytes, Layout.destinationPort)
        length = UInt16(len)
        checksum = load16(bytes, Layout.checksum)
        data = Layout.data..<len
        if checksum != 0 {
            let pseudo = InternetChecksum.pseudoHeader(source: source, destination: destination,
                                                       protocol: IPProtocol.udp.rawValue, length: length)
            let computed = InternetChecksum.finish(
                InternetChecksum.add(UnsafeRawBufferPointer(rebasing: bytes[0..<len]), to: pseudo))
            guard computed == 0 else { throw .badChecksum(found: checksum, computed: computed) }
        }
    }

    /// Writes the header at the start of `buffer` and the checksum over `buffer[0..<length]`;
    /// the caller has written the data at `headerSize...` first.
    public func emit(into buffer: UnsafeMutableRawBufferPointer, source: IPv4Address,
                     destination: IPv4Address) throws(WireError) {
        try need(Int(length), buffer)
        store16(buffer, Layout.sourcePort, sourcePort)
        store16(buffer, Layout.destinationPort, destinationPort)
        store16(buffer, Layout.length, length)
        store16(buffer, Layout.checksum, 0)
        let pseudo = InternetChecksum.pseudoHeader(source: source, destination: destination,
                                                   protocol: IPProtocol.udp.rawValue, length: length)
        let sum = InternetChecksum.finish(
            InternetChecksum.add(UnsafeRawBufferPointer(rebasing: buffer[0..<Int(length)]), to: pseudo))
        store16(buffer, Layout.checksum, sum == 0 ? 0xFFFF : sum)
    }
}
