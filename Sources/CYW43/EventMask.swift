/// The firmware event mask sent as "bsscfg:event_msgs" = u32 bsscfg index + mask
/// (docs/cyw43-bus.md §6.2). Bit n = byte n/8, bit n%8.
///
/// Length: 24 bytes (embassy). DISAGREE in the sheet (WHD 16, Linux 18, cyw43-driver 19,
/// embassy 24); WLC_E_TKO is event 151, which a 16-byte mask cannot carry, and 24 bytes
/// reaches event 191 (EXT_AUTH 187-189).
public struct EventMask: Equatable, Sendable {
    public static let byteCount = 24
    public private(set) var bytes: [UInt8] = Array(repeating: 0, count: EventMask.byteCount)

    public init() {}

    public mutating func enable(_ e: EventType) {
        guard e.rawValue < UInt32(Self.byteCount * 8) else { return }
        bytes[Int(e.rawValue / 8)] |= 1 << UInt8(e.rawValue % 8)
    }

    public mutating func disable(_ e: EventType) {
        guard e.rawValue < UInt32(Self.byteCount * 8) else { return }
        bytes[Int(e.rawValue / 8)] &= ~(1 << UInt8(e.rawValue % 8))
    }

    public func isEnabled(_ e: EventType) -> Bool {
        guard e.rawValue < UInt32(Self.byteCount * 8) else { return false }
        return bytes[Int(e.rawValue / 8)] & (1 << UInt8(e.rawValue % 8)) != 0
    }

    /// The events WHD registers for a join (§6.5) plus DEAUTH, DISASSOC and PRUNE.
    public static var join: EventMask {
        var m = EventMask()
        for e in [EventType.setSSID, .auth, .deauth, .deauthInd, .disassoc, .disassocInd, .link, .pskSup,
                  .csaCompleteInd, .prune] { m.enable(e) }
        return m
    }
}
