import Runtime

/// An IPv4 header (RFC 791 §3.1). Options are skipped on parse (their bytes are inside
/// `headerLength`) and never emitted. Fragments are refused with `.fragmented`: we do
/// no reassembly (RFC 791 §3.2 lets a host refuse what it cannot reassemble; our peers
/// send ≤ 1500-byte datagrams with DF).
public struct IPv4Header: Equatable, Sendable {
    private enum Layout {
        static let versionIHL = 0        // Version (4 bits) | IHL (4 bits, 32-bit words)
        static let typeOfService = 1     // DSCP | ECN (RFC 2474, RFC 3168)
        static let totalLength = 2
        static let identification = 4
        static let flagsFragment = 6     // flags (3 bits: 0, DF, MF) | fragment offset (13 bits)
        static let timeToLive = 8
        static let protocolNumber = 9
        static let headerChecksum = 10
        static let source = 12
        static let destination = 16
        static let end = 20              // without options
    }
    /// Length of the header we emit (no options).
    public static let size = Layout.end
    static let dontFragment: UInt16 = 0x4000
    static let moreFragments: UInt16 = 0x2000

    public var typeOfService: UInt8
    /// Header plus payload, in bytes (RFC 791 "Total Length").
    public var totalLength: UInt16
    public var identification: UInt16
    public var dontFragment: Bool
    public var timeToLive: UInt8
    public var protocolNumber: IPProtocol
    public var source: IPv4Address
    public var destination: IPv4Address
    /// IHL × 4 as parsed (20 when emitting).
    public var headerLength: Int
    /// Where the payload lies in the parsed buffer: `headerLength..<totalLength`
    /// (Ethernet padding after `totalLength` is excluded).
    public var payload: Range<Int>

    public init(source: IPv4Address, destination: IPv4Address, protocolNumber: IPProtocol,
                payloadLength: Int, timeToLive: UInt8 = 64, identification: UInt16 = 0,
                dontFragment: Bool = true, typeOfService: UInt8 = 0) {
        self.source = source
        self.destination = destination
        self.protocolNumber = protocolNumber
        self.totalLength = UInt16(truncatingIfNeeded: Layout.end + payloadLength)
        self.timeToLive = timeToLive
        self.identification = identification
        self.dontFragment = dontFragment
        self.typeOfService = typeOfService
        self.headerLength = Layout.end
        self.payload = Layout.end..<(Layout.end + payloadLength)
    }

    /// Parses and validates: version 4, IHL ≥ 5, total length within the buffer, header
    /// checksum (RFC 791 §3.1, RFC 1071), not a fragment.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(WireError) {
        try need(Layout.end, bytes)
        let vihl = bytes[Layout.versionIHL]
        guard vihl >> 4 == 4 else { throw .badVersion(vihl >> 4) }
        let hlen = Int(vihl & 0x0F) * 4
        guard hlen >= Layout.end else { throw .badLength(field: WireField.ipv4HeaderLength, value: hlen) }
        try need(hlen, bytes)
        let total = Int(load16(bytes, Layout.totalLength))
        guard total >= hlen else { throw .badLength(field: WireField.ipv4TotalLength, value: total) }
        try need(total, bytes)
        let computed = InternetChecksum.compute(UnsafeRawBufferPointer(rebasing: bytes[0..<hlen]))
        guard computed == 0 else {
            throw .badChecksum(found: load16(bytes, Layout.headerChecksum), computed: computed)
        }
        let ff = load16(bytes, Layout.flagsFragment)
        let offset = ff & 0x1FFF
        if offset != 0 || ff & Self.moreFragments != 0 {
            throw .fragmented(offset: offset, moreFragments: ff & Self.moreFragments != 0)
        }
        typeOfService = bytes[Layout.typeOfService]
        totalLength = UInt16(total)
        identification = load16(bytes, Layout.identification)
        dontFragment = ff & Self.dontFragment != 0
        timeToLive = bytes[Layout.timeToLive]
        protocolNumber = IPProtocol(rawValue: bytes[Layout.protocolNumber])
        source = IPv4Address(bytes: bytes, at: Layout.source)
        destination = IPv4Address(bytes: bytes, at: Layout.destination)
        headerLength = hlen
        payload = hlen..<total
    }

    /// Writes a 20-byte header (no options) with its checksum at the start of `buffer`.
    public func emit(into buffer: UnsafeMutableRawBufferPointer) throws(WireError) {
        try need(Layout.end, buffer)
        buffer[Layout.versionIHL] = 0x45
        buffer[Layout.typeOfService] = typeOfService
        store16(buffer, Layout.totalLength, totalLength)
        store16(buffer, Layout.identification, identification)
        store16(buffer, Layout.flagsFragment, dontFragment ? Self.dontFragment : 0)
        buffer[Layout.timeToLive] = timeToLive
        buffer[Layout.protocolNumber] = protocolNumber.rawValue
        store16(buffer, Layout.headerChecksum, 0)
        source.write(to: buffer, at: Layout.source)
        destination.write(to: buffer, at: Layout.destination)
        let sum = InternetChecksum.compute(UnsafeRawBufferPointer(rebasing: buffer[0..<Layout.end]))
        store16(buffer, Layout.headerChecksum, sum)
    }
}
