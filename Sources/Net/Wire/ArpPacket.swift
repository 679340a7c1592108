import Runtime

/// An ARP packet for IPv4 over Ethernet (RFC 826 "Packet format"; RFC 5227 for probes
/// and announcements). Other hardware/protocol types are refused with `.unsupported`.
public struct ArpPacket: Equatable, Sendable {
    /// RFC 826 field names in the comments.
    private enum Layout {
        static let hardwareType = 0        // ar$hrd, 2 bytes (1 = Ethernet)
        static let protocolType = 2        // ar$pro, 2 bytes (0x0800 = IPv4)
        static let hardwareLength = 4      // ar$hln, 1 byte (6)
        static let protocolLength = 5      // ar$pln, 1 byte (4)
        static let operation = 6           // ar$op, 2 bytes
        static let senderHardware = 8      // ar$sha, 6 bytes
        static let senderProtocol = 14     // ar$spa, 4 bytes
        static let targetHardware = 18     // ar$tha, 6 bytes
        static let targetProtocol = 24     // ar$tpa, 4 bytes
        static let end = 28
    }
    public static let size = Layout.end

    /// ar$op (RFC 826; IANA "arp-parameters"). Open: unknown values survive.
    public struct Operation: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let request = Operation(rawValue: 1)
        public static let reply = Operation(rawValue: 2)
    }

    public var operation: Operation
    public var senderMAC: MACAddress
    public var senderIP: IPv4Address
    public var targetMAC: MACAddress
    public var targetIP: IPv4Address

    public init(operation: Operation, senderMAC: MACAddress, senderIP: IPv4Address,
                targetMAC: MACAddress, targetIP: IPv4Address) {
        self.operation = operation
        self.senderMAC = senderMAC
        self.senderIP = senderIP
        self.targetMAC = targetMAC
        self.targetIP = targetIP
    }

    /// Parses an Ethernet/IPv4 ARP packet; trailing bytes (Ethernet padding) are ignored.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(WireError) {
        try need(Layout.end, bytes)
        let htype = load16(bytes, Layout.hardwareType)
        guard htype == 1 else { throw .unsupported(field: WireField.arpHardwareType, value: UInt32(htype)) }
        let ptype = load16(bytes, Layout.protocolType)
        guard ptype == EtherType.ipv4.rawValue else {
            throw .unsupported(field: WireField.arpProtocolType, value: UInt32(ptype))
        }
        let hlen = bytes[Layout.hardwareLength], plen = bytes[Layout.protocolLength]
        guard hlen == 6, plen == 4 else {
            throw .unsupported(field: WireField.arpAddressLengths, value: UInt32(hlen) << 8 | UInt32(plen))
        }
        operation = Operation(rawValue: load16(bytes, Layout.operation))
        senderMAC = MACAddress(bytes: bytes, at: Layout.senderHardware)
        senderIP = IPv4Address(bytes: bytes, at: Layout.senderProtocol)
        targetMAC = MACAddress(bytes: bytes, at: Layout.targetHardware)
        targetIP = IPv4Address(bytes: bytes, at: Layout.targetProtocol)
    }

    /// Writes the 28 bytes at the start of `buffer`.
    public func emit(into buffer: UnsafeMutableRawBufferPointer) throws(WireError) {
        try need(Layout.end, buffer)
        store16(buffer, Layout.hardwareType, 1)
        store16(buffer, Layout.protocolType, EtherType.ipv4.rawValue)
        buffer[Layout.hardwareLength] = 6
        buffer[Layout.protocolLength] = 4
        store16(buffer, Layout.operation, operation.rawValue)
        senderMAC.write(to: buffer, at: Layout.senderHardware)
        senderIP.write(to: buffer, at: Layout.senderProtocol)
        targetMAC.write(to: buffer, at: Layout.targetHardware)
        targetIP.write(to: buffer, at: Layout.targetProtocol)
    }
}
