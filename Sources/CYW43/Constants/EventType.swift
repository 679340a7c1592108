/// A firmware event number (docs/cyw43-bus.md §6.3; docs/tko-offload.md §3). Open: unknown
/// numbers survive a parse (house style §5).
public struct EventType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let setSSID = EventType(rawValue: 0)
    public static let join = EventType(rawValue: 1)
    public static let auth = EventType(rawValue: 3)
    public static let deauth = EventType(rawValue: 5)
    public static let deauthInd = EventType(rawValue: 6)
    public static let assoc = EventType(rawValue: 7)
    public static let reassoc = EventType(rawValue: 9)
    public static let disassoc = EventType(rawValue: 11)
    public static let disassocInd = EventType(rawValue: 12)
    public static let link = EventType(rawValue: 16)
    public static let micError = EventType(rawValue: 17)
    public static let roam = EventType(rawValue: 19)
    public static let prune = EventType(rawValue: 23)
    /// Preferred-network offload found / lost a network on its list (docs/pno.md §4).
    public static let pfnNetFound = EventType(rawValue: 33)
    public static let pfnNetLost = EventType(rawValue: 34)
    public static let pskSup = EventType(rawValue: 46)
    public static let escanResult = EventType(rawValue: 69)
    public static let csaCompleteInd = EventType(rawValue: 80)
    /// WLC_E_TKO: TCP keepalive offload gave up on a connection (docs/tko-offload.md §3).
    public static let tko = EventType(rawValue: 151)
}

/// Event status values (docs/cyw43-bus.md §6.4, generic and PSK_SUP supplicant states).
public enum EventStatus {
    public static let success: UInt32 = 0
    public static let fail: UInt32 = 1
    public static let timeout: UInt32 = 2
    public static let noNetworks: UInt32 = 3
    public static let abort: UInt32 = 4
    public static let noAck: UInt32 = 5
    public static let unsolicited: UInt32 = 6
    /// PSK_SUP: supplicant keyed (same value as UNSOLICITED).
    public static let supKeyed: UInt32 = 6
    public static let supWaitM1: UInt32 = 4
    public static let supWaitM3: UInt32 = 8
    public static let supWaitG1: UInt32 = 10
    /// PSK_SUP reasons: 4-way handshake / M1 / M3 timeouts.
    public static let supReasonPskTimeout: UInt32 = 15
    public static let supReasonM1Timeout: UInt32 = 16
    public static let supReasonM3Timeout: UInt32 = 17
    public static let supReasonDeauth: UInt32 = 14
}
