import Runtime

/// An ICMP message header (RFC 792): type, code, checksum and the 4-byte "rest of
/// header", which for Echo / Echo Reply is identifier and sequence number. The
/// checksum covers the whole ICMP message (header + data).
public struct IcmpMessage: Equatable, Sendable {
    private enum Layout {
        static let type = 0
        static let code = 1
        static let checksum = 2
        static let identifier = 4      // Echo: identifier; other types: rest of header
        static let sequenceNumber = 6  // Echo: sequence number
        static let data = 8
    }
    public static let headerSize = Layout.data

    /// ICMP type (RFC 792; IANA "icmp-parameters"). Open: unknown types survive.
    public struct MessageType: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let echoReply = MessageType(rawValue: 0)
        public static let destinationUnreachable = MessageType(rawValue: 3)
        public static let echoRequest = MessageType(rawValue: 8)
        public static let timeExceeded = MessageType(rawValue: 11)
    }

    public var type: MessageType
    public var code: UInt8
    /// Echo identifier (bytes 4-5 of the header; meaningless for non-echo types).
    public var identifier: UInt16
    /// Echo sequence number (bytes 6-7).
    public var sequenceNumber: UInt16
    /// Where the data lies in the parsed buffer (empty for a built header).
    public var data: Range<Int>

    public init(type: MessageType, code: UInt8 = 0, identifier: UInt16, sequenceNumber: UInt16) {
        self.type = type
        self.code = code
        self.identifier = identifier
        self.sequenceNumber = sequenceNumber
        self.data = Layout.data..<Layout.data
    }

    /// Parses the header and verifies the checksum over all of `bytes` (the IPv4 payload).
    public init(parsing bytes: UnsafeRawBufferPointer) throws(WireError) {
        try need(Layout.data, bytes)
        let computed = InternetChecksum.compute(bytes)
        guard computed == 0 else { throw .badChecksum(found: load16(bytes, Layout.checksum), computed: computed) }
        type = MessageType(rawValue: bytes[Layout.type])
        code = bytes[Layout.code]
        identifier = load16(bytes, Layout.identifier)
        sequenceNumber = load16(bytes, Layout.sequenceNumber)
        data = Layout.data..<bytes.count
    }

    /// Writes the header at the start of `buffer`, whose whole length is the ICMP
    /// message: the caller has put the data at `headerSize...` first, because the
    /// checksum covers it.
    public func emit(into buffer: UnsafeMutableRawBufferPointer) throws(WireError) {
        try need(Layout.data, buffer)
        buffer[Layout.type] = type.rawValue
        buffer[Layout.code] = code
        store16(buffer, Layout.checksum, 0)
        store16(buffer, Layout.identifier, identifier)
        store16(buffer, Layout.sequenceNumber, sequenceNumber)
        store16(buffer, Layout.checksum, InternetChecksum.compute(UnsafeRawBufferPointer(buffer)))
    }
}
