/// SDIO CMD52 / CMD53 argument words (docs/cyw43-bus.md §2.3). The transport seam takes the
/// decoded fields; these are for host controllers that want the raw argument and for tests.
public enum SDIOCommand {
    private enum Field {
        static let write: UInt32 = 1 << 31
        static let functionShift: UInt32 = 28, functionMask: UInt32 = 0x7
        static let raw: UInt32 = 1 << 27          // CMD52 read-after-write
        static let blockMode: UInt32 = 1 << 27    // CMD53
        static let opCode: UInt32 = 1 << 26       // CMD53 incrementing address
        static let addressShift: UInt32 = 9, addressMask: UInt32 = 0x1FFFF
        static let countMask: UInt32 = 0x1FF
    }

    /// CMD52: bit31 R/W, 30..28 function, 27 RAW, 25..9 address, 7..0 data.
    public static func cmd52Argument(write: Bool, function: UInt8, address: UInt32, value: UInt8, raw: Bool = false) -> UInt32 {
        (write ? Field.write : 0) | (UInt32(function) & Field.functionMask) << Field.functionShift
            | (raw ? Field.raw : 0) | (address & Field.addressMask) << Field.addressShift | UInt32(value)
    }

    /// CMD53: bit31 R/W, 30..28 function, 27 block mode, 26 op code (incrementing),
    /// 25..9 address, 8..0 count (bytes, or blocks in block mode; 512 bytes encode as 0).
    public static func cmd53Argument(write: Bool, function: UInt8, address: UInt32, incrementing: Bool,
                                     blockMode: Bool, count: Int) -> UInt32 {
        (write ? Field.write : 0) | (UInt32(function) & Field.functionMask) << Field.functionShift
            | (blockMode ? Field.blockMode : 0) | (incrementing ? Field.opCode : 0)
            | (address & Field.addressMask) << Field.addressShift | UInt32(truncatingIfNeeded: count) & Field.countMask
    }
}
