/// The 4-byte BDC header in front of data and event frames (docs/cyw43-bus.md §5.3).
public struct BDCHeader: Equatable {
    private enum Layout { static let flags = 0, priority = 1, flags2 = 2, dataOffset = 3 }
    public static let size = 4
    /// Protocol version 2 in bits 7..4 of the flags byte.
    public static let version2: UInt8 = 0x20

    public var flags: UInt8
    /// 802.1D priority (bits 2..0).
    public var priority: UInt8
    /// Bits 3..0: interface index.
    public var interface: UInt8
    /// 32-bit words of firmware-signal TLVs between this header and the Ethernet frame.
    public var dataOffsetWords: UInt8

    public init(flags: UInt8 = BDCHeader.version2, priority: UInt8 = 0, interface: UInt8 = 0, dataOffsetWords: UInt8 = 0) {
        self.flags = flags; self.priority = priority; self.interface = interface
        self.dataOffsetWords = dataOffsetWords
    }

    public init(parsing bytes: UnsafeRawBufferPointer) throws(WireError) {
        guard bytes.count >= Self.size else { throw .truncated(need: Self.size, have: bytes.count) }
        self.init(flags: bytes[Layout.flags], priority: bytes[Layout.priority] & 0x07,
                  interface: bytes[Layout.flags2] & 0x0F, dataOffsetWords: bytes[Layout.dataOffset])
    }

    public func emit(into buffer: UnsafeMutableRawBufferPointer) {
        buffer[Layout.flags] = flags
        buffer[Layout.priority] = priority & 0x07
        buffer[Layout.flags2] = interface & 0x0F
        buffer[Layout.dataOffset] = dataOffsetWords
    }

    /// Bytes from the BDC header start to the Ethernet frame (§8.5: 4 + 4 * data offset).
    public var headerLength: Int { Self.size + 4 * Int(dataOffsetWords) }
}
