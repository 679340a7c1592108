import Runtime

/// A firmware event: the Ethernet frame (type 0x886C) carried on SDPCM channel 1 after
/// the BDC header, with a Broadcom vendor header and a big-endian event message
/// (docs/cyw43-bus.md §6.1; docs/tko-offload.md §3).
public struct EventMessage: Equatable {
    private enum Layout {
        static let destination = 0, source = 6, etherType = 12, subtype = 14, length = 16
        static let version = 18, oui = 19, userSubtype = 22, eventVersion = 24, flags = 26
        static let eventType = 28, status = 32, reason = 36, authType = 40, dataLength = 44
        static let address = 48, ifname = 54, ifidx = 70, bsscfgidx = 71
        static let data = 72
    }
    public static let headerSize = 72
    public static let etherType: UInt16 = 0x886C
    static let vendorLongSubtype: UInt16 = 0x8001
    static let bcmEventSubtype: UInt16 = 1

    public var eventType: EventType
    public var status: UInt32
    public var reason: UInt32
    public var authType: UInt32
    /// Event flags (0x01 = LINK up for `EventType.link`).
    public var flags: UInt16
    public var address: MACAddress
    public var interfaceIndex: UInt8
    public var bsscfgIndex: UInt8
    /// Where the event data lies in the parsed buffer.
    public var data: Range<Int>

    public init(eventType: EventType, status: UInt32, reason: UInt32 = 0, authType: UInt32 = 0, flags: UInt16 = 0,
                address: MACAddress = .zero, interfaceIndex: UInt8 = 0, bsscfgIndex: UInt8 = 0,
                data: Range<Int> = Self.headerSize..<Self.headerSize) {
        self.eventType = eventType; self.status = status; self.reason = reason; self.authType = authType
        self.flags = flags; self.address = address; self.interfaceIndex = interfaceIndex
        self.bsscfgIndex = bsscfgIndex; self.data = data
    }

    /// Parses the Ethernet frame that starts at `frame[0]` (after BDC + its data offset).
    /// Checks in order (embassy `rx`): size, ethertype, subtype, OUI, user subtype, data length.
    public init(parsing frame: UnsafeRawBufferPointer) throws(WireError) {
        guard frame.count >= Self.headerSize else { throw .truncated(need: Self.headerSize, have: frame.count) }
        let type = frame.be16(at: Layout.etherType)
        guard type == Self.etherType else { throw .notEvent(etherType: type) }
        let sub = frame.be16(at: Layout.subtype)
        guard sub == Self.vendorLongSubtype else { throw .badEventHeader(field: UInt32(sub)) }
        let oui = UInt32(frame[Layout.oui]) << 16 | UInt32(frame[Layout.oui + 1]) << 8 | UInt32(frame[Layout.oui + 2])
        guard oui == 0x001018 else { throw .badEventHeader(field: oui) }
        let user = frame.be16(at: Layout.userSubtype)
        guard user == Self.bcmEventSubtype else { throw .badEventHeader(field: UInt32(user)) }
        let datalen = frame.be32(at: Layout.dataLength)
        guard UInt64(datalen) <= UInt64(frame.count - Layout.data) else {
            throw .eventDataTruncated(datalen: Int(clamping: datalen), available: frame.count - Layout.data)
        }
        self.init(eventType: EventType(rawValue: frame.be32(at: Layout.eventType)),
                  status: frame.be32(at: Layout.status), reason: frame.be32(at: Layout.reason),
                  authType: frame.be32(at: Layout.authType), flags: frame.be16(at: Layout.flags),
                  address: MACAddress(bytes: frame, at: Layout.address),
                  interfaceIndex: frame[Layout.ifidx], bsscfgIndex: frame[Layout.bsscfgidx],
                  data: Layout.data..<(Layout.data + Int(datalen)))
    }

    /// Writes a complete event frame (the chip side; used by tests and fuzz seeds).
    /// `buffer` must hold `headerSize + data.count` bytes.
    public func emit(into buffer: UnsafeMutableRawBufferPointer, source: MACAddress = .zero, dataLength: Int) {
        MACAddress.broadcast.write(to: buffer, at: Layout.destination)
        source.write(to: buffer, at: Layout.source)
        buffer.setBE16(Self.etherType, at: Layout.etherType)
        buffer.setBE16(Self.vendorLongSubtype, at: Layout.subtype)
        buffer.setBE16(UInt16(truncatingIfNeeded: Self.headerSize - Layout.subtype + dataLength), at: Layout.length)
        buffer[Layout.version] = 0
        buffer[Layout.oui] = 0x00; buffer[Layout.oui + 1] = 0x10; buffer[Layout.oui + 2] = 0x18
        buffer.setBE16(Self.bcmEventSubtype, at: Layout.userSubtype)
        buffer.setBE16(2, at: Layout.eventVersion)
        buffer.setBE16(flags, at: Layout.flags)
        buffer.setBE32(eventType.rawValue, at: Layout.eventType)
        buffer.setBE32(status, at: Layout.status)
        buffer.setBE32(reason, at: Layout.reason)
        buffer.setBE32(authType, at: Layout.authType)
        buffer.setBE32(UInt32(truncatingIfNeeded: dataLength), at: Layout.dataLength)
        address.write(to: buffer, at: Layout.address)
        for i in 0..<16 { buffer[Layout.ifname + i] = 0 }
        buffer[Layout.ifidx] = interfaceIndex
        buffer[Layout.bsscfgidx] = bsscfgIndex
    }
}
