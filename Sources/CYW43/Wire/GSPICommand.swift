/// The 32-bit gSPI command word (docs/cyw43-bus.md §1.1):
/// bit 31 write, bit 30 incrementing, bits 29..28 function, bits 27..11 address (17 bits),
/// bits 10..0 length in bytes (11 bits).
public struct GSPICommand: Equatable {
    private enum Field {
        static let writeBit: UInt32 = 1 << 31, incrementBit: UInt32 = 1 << 30
        static let functionShift: UInt32 = 28, functionMask: UInt32 = 0x3
        static let addressShift: UInt32 = 11, addressMask: UInt32 = 0x1FFFF
        static let lengthMask: UInt32 = 0x7FF
    }
    public static let size = 4
    /// Largest length the 11-bit field can carry.
    public static let maxLength = 0x7FF

    public var write: Bool
    public var incrementing: Bool
    public var function: UInt8
    public var address: UInt32
    public var length: Int

    public init(write: Bool, incrementing: Bool = true, function: UInt8, address: UInt32, length: Int) {
        self.write = write; self.incrementing = incrementing; self.function = function
        self.address = address; self.length = length
    }

    public init(word: UInt32) {
        self.init(write: word & Field.writeBit != 0, incrementing: word & Field.incrementBit != 0,
                  function: UInt8(truncatingIfNeeded: (word >> Field.functionShift) & Field.functionMask),
                  address: (word >> Field.addressShift) & Field.addressMask, length: Int(word & Field.lengthMask))
    }

    public var word: UInt32 {
        (write ? Field.writeBit : 0) | (incrementing ? Field.incrementBit : 0)
            | (UInt32(function) & Field.functionMask) << Field.functionShift
            | (address & Field.addressMask) << Field.addressShift
            | UInt32(truncatingIfNeeded: length) & Field.lengthMask
    }

    /// Start-up (16-bit word) mode order: the two 16-bit halves swapped, each half
    /// little-endian: bytes b1 b0 b3 b2 (§1.2). Also used for the 4 data bytes.
    public static func emitSwapped(_ word: UInt32, into buffer: UnsafeMutableRawBufferPointer, at o: Int = 0) {
        buffer[o] = UInt8(truncatingIfNeeded: word >> 8)
        buffer[o + 1] = UInt8(truncatingIfNeeded: word)
        buffer[o + 2] = UInt8(truncatingIfNeeded: word >> 24)
        buffer[o + 3] = UInt8(truncatingIfNeeded: word >> 16)
    }

    public static func readSwapped(_ buffer: UnsafeRawBufferPointer, at o: Int = 0) -> UInt32 {
        UInt32(buffer[o + 1]) | UInt32(buffer[o]) << 8 | UInt32(buffer[o + 3]) << 16 | UInt32(buffer[o + 2]) << 24
    }
}
