/// A 48-bit IEEE 802 MAC address, bytes in wire order. Shared by the driver, the chip
/// model and the TCP/IP stack, which must not import each other.
public struct MACAddress: Hashable, Sendable {
    public var b0, b1, b2, b3, b4, b5: UInt8

    public init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8, _ b4: UInt8, _ b5: UInt8) {
        (self.b0, self.b1, self.b2, self.b3, self.b4, self.b5) = (b0, b1, b2, b3, b4, b5)
    }

    /// Reads six bytes at `offset`; the caller has checked the length.
    public init(bytes: UnsafeRawBufferPointer, at offset: Int = 0) {
        self.init(bytes[offset], bytes[offset + 1], bytes[offset + 2],
                  bytes[offset + 3], bytes[offset + 4], bytes[offset + 5])
    }

    public static let broadcast = MACAddress(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)
    public static let zero = MACAddress(0, 0, 0, 0, 0, 0)

    /// The six bytes in wire order.
    public var bytes: [UInt8] { [b0, b1, b2, b3, b4, b5] }

    /// Writes the six bytes at `offset`; the caller has checked the length.
    public func write(to buffer: UnsafeMutableRawBufferPointer, at offset: Int = 0) {
        buffer[offset] = b0; buffer[offset + 1] = b1; buffer[offset + 2] = b2
        buffer[offset + 3] = b3; buffer[offset + 4] = b4; buffer[offset + 5] = b5
    }

    public var isBroadcast: Bool { self == .broadcast }
    /// The group bit (I/G) of the first octet: broadcast and multicast.
    public var isMulticast: Bool { b0 & 0x01 != 0 }
}
