import Runtime

/// The signals the application's two tasks exchange (Event.value carries the detail).
public enum AppSignal {
    // NetworkService -> KeepaliveApp
    /// The join finished: value 0 = joined, else `JoinFailure` code (see `KeepaliveApp`).
    public static let joinResult = Signal(Signal.firstUser.rawValue + 0)
    /// The link went down after a join; value = the event's reason.
    public static let linkDown = Signal(Signal.firstUser.rawValue + 1)
    /// DHCP: value 1 = address configured, 0 = address lost.
    public static let address = Signal(Signal.firstUser.rawValue + 2)
    /// The firmware gave up on keepalive offload connection `value` (WLC_E_TKO).
    public static let keepaliveFailed = Signal(Signal.firstUser.rawValue + 3)
    /// The chip's firmware trapped; the driver is down until brought up again.
    public static let firmwareHalted = Signal(Signal.firstUser.rawValue + 4)
    /// The chip's preferred-network offload found our AP again (WLC_E_PFN_NET_FOUND).
    public static let networkFound = Signal(Signal.firstUser.rawValue + 5)
    // KeepaliveApp's own timers
    static let inactivityWindow = Signal(Signal.firstUser.rawValue + 8)
    static let retry = Signal(Signal.firstUser.rawValue + 9)
    static let leaseRenewal = Signal(Signal.firstUser.rawValue + 10)
    static let answerWindow = Signal(Signal.firstUser.rawValue + 11)
    // NetworkService's own timer
    static let pump = Signal(Signal.firstUser.rawValue + 16)
}

/// Flag bits set on the application task (LPA's RX/TX activity event group, §6.3).
public enum AppFlag {
    public static let rxActivity: UInt32 = 1 << 0
    public static let txActivity: UInt32 = 1 << 1
    /// The network task ran: sockets may have changed state or received data.
    public static let networkChanged: UInt32 = 1 << 2
}

/// Flag bits set on the network task.
public enum NetworkFlag {
    /// The host-wake line (bound interrupt).
    public static let hostWake: UInt32 = 1 << 0
    /// Somebody queued work (connect, send): poll soon.
    public static let kick: UInt32 = 1 << 1
}
