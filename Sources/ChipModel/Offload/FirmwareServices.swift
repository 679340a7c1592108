import Runtime

/// What the firmware offload engines need from the chip: the time, the radio, events and
/// the host-wake line. `ChipModel` provides it (docs/seams.md §3); engine tests use a fake.
public protocol FirmwareServices: AnyObject {
    /// The instant the chip was last advanced to.
    var now: Instant { get }
    /// The station MAC (source of ARP replies).
    var macAddress: MACAddress { get }
    /// Transmits a firmware-originated Ethernet II frame.
    func sendToAir(_ frame: [UInt8])
    /// Raises an event to the host (if enabled in its event mask).
    func raiseEvent(type: UInt32, status: UInt32, reason: UInt32, data: [UInt8])
    /// Asserts host-wake for `reason` and counts it.
    func wakeHost(reason: WakeReason)
}

extension ChipModel: FirmwareServices {}

/// BCME_* statuses the offload iovars answer with (docs/tko-offload.md §4.5: WHD_WLAN_* = 2000 + |BCME|).
enum OffloadStatus {
    static let ok: Int32 = 0
    static let badArgument: Int32 = -2
    static let bufferTooShort: Int32 = -14
    static let busy: Int32 = -16
    static let unsupported: Int32 = -23
    static let badLength: Int32 = -24
    static let range: Int32 = -29
    static let notFound: Int32 = -30
}

/// Byte helpers for the engines (own copy: ChipModel never imports CYW43 or Net).
enum OffloadBytes {
    static func le16(_ b: [UInt8], _ o: Int) -> UInt16 { UInt16(b[o]) | UInt16(b[o + 1]) << 8 }
    static func le32(_ b: [UInt8], _ o: Int) -> UInt32 { UInt32(le16(b, o)) | UInt32(le16(b, o + 2)) << 16 }
    static func be16(_ b: [UInt8], _ o: Int) -> UInt16 { UInt16(b[o]) << 8 | UInt16(b[o + 1]) }
    static func be32(_ b: [UInt8], _ o: Int) -> UInt32 { UInt32(be16(b, o)) << 16 | UInt32(be16(b, o + 2)) }
    static func putLE16(_ b: inout [UInt8], _ o: Int, _ v: UInt16) {
        b[o] = UInt8(truncatingIfNeeded: v); b[o + 1] = UInt8(truncatingIfNeeded: v >> 8)
    }
    static func putLE32(_ b: inout [UInt8], _ o: Int, _ v: UInt32) {
        putLE16(&b, o, UInt16(truncatingIfNeeded: v)); putLE16(&b, o + 2, UInt16(truncatingIfNeeded: v >> 16))
    }
    static func putBE16(_ b: inout [UInt8], _ o: Int, _ v: UInt16) {
        b[o] = UInt8(truncatingIfNeeded: v >> 8); b[o + 1] = UInt8(truncatingIfNeeded: v)
    }
    static func equals(_ b: [UInt8], _ s: StaticString) -> Bool {
        s.withUTF8Buffer { u in u.count == b.count && u.elementsEqual(b) }
    }
    static func u32Value(_ v: UInt32) -> [UInt8] {
        [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8),
         UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 24)]
    }

    /// RFC 1071 sum of big-endian 16-bit words of b[range] added to `sum`.
    static func sum(_ b: [UInt8], _ range: Range<Int>, _ sum: UInt32 = 0) -> UInt32 {
        var s = UInt64(sum)
        var i = range.lowerBound
        while i + 1 < range.upperBound { s += UInt64(b[i]) << 8 | UInt64(b[i + 1]); i += 2 }
        if i < range.upperBound { s += UInt64(b[i]) << 8 }
        while s >> 32 != 0 { s = (s & 0xFFFF_FFFF) + (s >> 32) }
        return UInt32(s)
    }

    /// Folds and complements: 0 means a received checksum verified.
    static func fold(_ s: UInt32) -> UInt16 {
        var v = s
        while v >> 16 != 0 { v = (v & 0xFFFF) + (v >> 16) }
        return ~UInt16(truncatingIfNeeded: v)
    }
}
