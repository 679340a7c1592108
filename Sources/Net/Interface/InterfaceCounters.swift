/// Counters the interface keeps (never reset by the interface itself).
public struct InterfaceCounters: Sendable {
    public var received: UInt32 = 0
    public var transmitted: UInt32 = 0
    /// Frames the sink refused (back-pressure from the driver's full transmit queues).
    public var transmitRefused: UInt32 = 0
    public var arpRequestsSent: UInt32 = 0
    public var arpRepliesSent: UInt32 = 0
    public var gratuitousArpsSent: UInt32 = 0
    public var arpResolutionFailures: UInt32 = 0
    public var echoRepliesSent: UInt32 = 0
    /// Frames queued while suspended (replayed on resume).
    public var suspendQueued: UInt32 = 0
    /// One slot per `DropReason` case (11; a new case needs a bigger array — the
    /// `countsEveryReason` test catches a mismatch).
    private var drops: InlineArray<11, UInt32> = .init(repeating: 0)

    public init() {}

    /// Frames dropped for `reason`.
    public func dropped(_ reason: DropReason) -> UInt32 { drops[reason.rawValue] }
    /// Frames dropped for any reason.
    public var totalDropped: UInt32 {
        var t: UInt32 = 0
        for r in DropReason.allCases { t &+= drops[r.rawValue] }
        return t
    }
    mutating func count(_ reason: DropReason) { drops[reason.rawValue] &+= 1 }
}
