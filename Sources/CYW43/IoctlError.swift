/// Why an ioctl / iovar failed (docs/seams.md §2).
public enum IoctlError: Error, Equatable {
    /// The firmware answered with the error flag; `status` is the BCME_* code
    /// (-1 generic, -2 bad argument, -4 not up, -17 not associated, -23 unsupported, ...).
    case firmware(status: Int32)
    /// No reply with our request id within the ioctl timeout.
    case timeout
    /// The bus failed while sending or waiting.
    case bus(BusError)
    /// Name + value exceed the control frame (WHD caps ioctl payloads at 1500 bytes).
    case tooLarge(Int)
    /// No tx credit from the firmware within the timeout.
    case noCredit
    /// Another ioctl is in flight (called from inside a receive/event callback).
    case busy
    /// The driver is not brought up (or is down after a fatal bus error).
    case notReady

    /// BCME_UNSUPPORTED (-23): the firmware does not know this iovar / feature.
    public var isUnsupported: Bool { self == .firmware(status: -23) }
}

/// Why bring-up failed.
public enum BringUpError: Error, Equatable {
    case bus(BusError)
    /// The chip id read from chip-common is not in `ChipInfo`'s table.
    case unknownChip(id: UInt16)
    /// The firmware image is missing (size 0) or larger than the chip's RAM.
    case badFirmwareSize(Int)
    /// NVRAM missing or too large.
    case badNVRAMSize(Int)
    /// The firmware image has no valid trailer ("Version: ..." text, its length, a DVID record:
    /// `FirmwareTrailer`): not a CYW43 firmware image. Nothing was downloaded.
    case notFirmware
    /// The image's trailer names another chip (`imageChip`, e.g. 4373 on a 43439). Nothing was
    /// downloaded.
    case firmwareForAnotherChip(imageChip: UInt32, chipID: UInt16)
    /// The ARM core did not come up after reset.
    case coreNotUp
    /// HT clock never became available (F1 0x1000E bit 7).
    case htClockTimeout
    /// F2 never became ready (usually wrong NVRAM / crystal, docs/cyw43-bus.md §1.9 step 11).
    case f2NotReady
    /// An ioctl/iovar during firmware configuration failed.
    case ioctl(step: StaticString, IoctlError)
    /// "clmload_status" was non-zero after the CLM load.
    case clmLoadStatus(UInt32)

    public static func == (a: BringUpError, b: BringUpError) -> Bool {
        switch (a, b) {
        case let (.bus(x), .bus(y)): return x == y
        case let (.unknownChip(x), .unknownChip(y)): return x == y
        case let (.badFirmwareSize(x), .badFirmwareSize(y)): return x == y
        case let (.badNVRAMSize(x), .badNVRAMSize(y)): return x == y
        case (.coreNotUp, .coreNotUp), (.htClockTimeout, .htClockTimeout), (.f2NotReady, .f2NotReady),
             (.notFirmware, .notFirmware): return true
        case let (.firmwareForAnotherChip(x, c), .firmwareForAnotherChip(y, d)): return x == y && c == d
        case let (.ioctl(s, x), .ioctl(t, y)): return x == y && Self.same(s, t)
        case let (.clmLoadStatus(x), .clmLoadStatus(y)): return x == y
        default: return false
        }
    }

    private static func same(_ a: StaticString, _ b: StaticString) -> Bool {
        guard a.utf8CodeUnitCount == b.utf8CodeUnitCount else { return false }
        return a.withUTF8Buffer { x in b.withUTF8Buffer { y in x.elementsEqual(y) } }
    }
}
