import Runtime

/// An Ethernet II header (IEEE 802.3 clause 3.2; RFC 894): destination MAC, source MAC,
/// EtherType. No 802.1Q tag (the CYW43 delivers untagged frames); no FCS (the chip
/// strips it).
public struct EthernetFrame: Equatable, Sendable {
    private enum Layout {
        static let destination = 0   // 6 bytes
        static let source = 6        // 6 bytes
        static let etherType = 12    // 2 bytes
        static let payload = 14
    }
    /// Header length in bytes.
    public static let headerSize = Layout.payload
    /// Largest payload we send (RFC 894: 1500).
    public static let mtu = 1500

    public var destination: MACAddress
    public var source: MACAddress
    public var etherType: EtherType
    /// Where the payload lies in the parsed buffer (empty for an emitted header).
    public var payload: Range<Int>

    public init(destination: MACAddress, source: MACAddress, etherType: EtherType) {
        self.destination = destination
        self.source = source
        self.etherType = etherType
        self.payload = Layout.payload..<Layout.payload
    }

    /// Parses the header; the payload is everything after it (including any padding
    /// to the 60-byte minimum, which the upper layer trims by its own length field).
    public init(parsing bytes: UnsafeRawBufferPointer) throws(WireError) {
        try need(Layout.payload, bytes)
        destination = MACAddress(bytes: bytes, at: Layout.destination)
        source = MACAddress(bytes: bytes, at: Layout.source)
        etherType = EtherType(rawValue: load16(bytes, Layout.etherType))
        payload = Layout.payload..<bytes.count
    }

    /// Writes the 14-byte header at the start of `buffer`.
    public func emit(into buffer: UnsafeMutableRawBufferPointer) throws(WireError) {
        try need(Layout.payload, buffer)
        destination.write(to: buffer, at: Layout.destination)
        source.write(to: buffer, at: Layout.source)
        store16(buffer, Layout.etherType, etherType.rawValue)
    }
}
