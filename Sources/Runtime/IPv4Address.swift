/// An IPv4 address held as a host-order UInt32 (first octet in the top byte).
public struct IPv4Address: Hashable, Comparable, Sendable {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }
    /// Reads four bytes (network order) at `offset`; the caller has checked the length.
    public init(bytes: UnsafeRawBufferPointer, at offset: Int = 0) {
        self.init(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3])
    }

    public static let any = IPv4Address(0)
    public static let broadcast = IPv4Address(0xFFFF_FFFF)

    /// Writes four bytes in network order at `offset`.
    public func write(to buffer: UnsafeMutableRawBufferPointer, at offset: Int = 0) {
        buffer[offset] = UInt8(truncatingIfNeeded: value >> 24)
        buffer[offset + 1] = UInt8(truncatingIfNeeded: value >> 16)
        buffer[offset + 2] = UInt8(truncatingIfNeeded: value >> 8)
        buffer[offset + 3] = UInt8(truncatingIfNeeded: value)
    }

    /// Network-order bytes.
    public var bytes: [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
         UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    /// Parses dotted-quad ASCII ("192.168.1.10"); nil if malformed.
    public init?<C: Collection>(ascii: C) where C.Element == UInt8 {
        var parts = 0, current: UInt32 = 0, digits = 0, v: UInt32 = 0
        for c in ascii {
            if c == 0x2E {
                guard digits > 0, parts < 3 else { return nil }
                v = v << 8 | current; parts += 1; current = 0; digits = 0
            } else if c >= 0x30 && c <= 0x39 {
                current = current * 10 + UInt32(c - 0x30); digits += 1
                guard digits <= 3, current <= 255 else { return nil }
            } else { return nil }
        }
        guard parts == 3, digits > 0 else { return nil }
        value = v << 8 | current
    }

    public static func < (a: IPv4Address, b: IPv4Address) -> Bool { a.value < b.value }
    public var isBroadcast: Bool { value == 0xFFFF_FFFF }
    /// 224.0.0.0/4
    public var isMulticast: Bool { value >> 28 == 0xE }
    public var isUnspecified: Bool { value == 0 }
}
