/// The firmware event mask sent as "bsscfg:event_msgs" = u32 bsscfg index + mask
/// (docs/cyw43-bus.md §6.2). Bit n = byte n/8, bit n%8.
///
/// Length: 24 bytes (embassy). DISAGREE in the sheet (WHD 16, Linux 18, cyw43-driver 19,
/// embassy 24); WLC_E_TKO is event 151, which a 16-byte mask cannot carry, and 24 bytes
/// reaches event 191 (EXT_AUTH 187-189).
///
/// The 24 bytes live inline (three words, addressed byte by byte), so a mask is a plain
/// value: no array to allocate, copy or grow on the device.
public struct EventMask: Equatable, Sendable {
    public static let byteCount = 24
    private var raw: (UInt64, UInt64, UInt64) = (0, 0, 0)

    public init() {}

    public mutating func enable(_ e: EventType) {
        guard e.rawValue < UInt32(Self.byteCount * 8) else { return }
        let bit: UInt8 = 1 << UInt8(e.rawValue % 8)
        withUnsafeMutableBytes(of: &raw) { $0[Int(e.rawValue / 8)] |= bit }
    }

    public mutating func disable(_ e: EventType) {
        guard e.rawValue < UInt32(Self.byteCount * 8) else { return }
        let bit: UInt8 = 1 << UInt8(e.rawValue % 8)
        withUnsafeMutableBytes(of: &raw) { $0[Int(e.rawValue / 8)] &= ~bit }
    }

    public func isEnabled(_ e: EventType) -> Bool {
        guard e.rawValue < UInt32(Self.byteCount * 8) else { return false }
        return byte(Int(e.rawValue / 8)) & (1 << UInt8(e.rawValue % 8)) != 0
    }

    /// Byte `i` (0..<byteCount) of the mask as the firmware reads it.
    public func byte(_ i: Int) -> UInt8 {
        precondition(i >= 0 && i < Self.byteCount, "EventMask byte index out of range")
        return withUnsafeBytes(of: raw) { $0[i] }
    }

    /// Writes the `byteCount` bytes at `offset` of `buffer` (which must hold them).
    public func write(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) {
        precondition(offset >= 0 && buffer.count - offset >= Self.byteCount, "EventMask does not fit the buffer")
        withUnsafeBytes(of: raw) { UnsafeMutableRawBufferPointer(rebasing: buffer[offset...]).copyMemory(from: $0) }
    }

    /// The mask's bytes (`byteCount` of them).
    public var bytes: [UInt8] { withUnsafeBytes(of: raw) { Array($0) } }

    public static func == (a: EventMask, b: EventMask) -> Bool {
        a.raw.0 == b.raw.0 && a.raw.1 == b.raw.1 && a.raw.2 == b.raw.2
    }

    /// The events WHD registers for a join (§6.5) plus DEAUTH, DISASSOC and PRUNE.
    public static var join: EventMask {
        var m = EventMask()
        m.enable(.setSSID); m.enable(.auth); m.enable(.deauth); m.enable(.deauthInd); m.enable(.disassoc)
        m.enable(.disassocInd); m.enable(.link); m.enable(.pskSup); m.enable(.csaCompleteInd); m.enable(.prune)
        return m
    }
}
