import Runtime

/// What the application counted (the simulation's report reads these).
public struct AppStats: Sendable {
    /// Wakes from deep sleep with the stack suspended, by reason (`WakeReason.rawValue`).
    public var wakes: InlineArray<7, Int> = .init(repeating: 0)
    /// Suspend (offloaded sleep) periods entered.
    public var suspensions = 0
    /// Time spent with the stack suspended.
    public var suspendedTime = Duration.zero
    /// Bytes the server sent that the application read.
    public var bytesReceived = 0
    /// Joins that succeeded (first join and rejoins).
    public var joins = 0
    public var joinFailures = 0
    /// TCP connections established (first ones and reconnections).
    public var connections = 0
    public var connectFailures = 0
    /// Keepalive offload connections the firmware gave up on.
    public var keepaliveFailures = 0
    /// Answer windows opened (`AppSettings.answerWindow`), and how many a frame ended
    /// before they ran out (the answer was taken without a deep sleep in between).
    public var answerWindows = 0
    public var answersInWindow = 0

    public init() {}

    public func wakes(_ reason: WakeReason) -> Int { wakes[Int(reason.rawValue)] }
    public var totalWakes: Int {
        var n = 0
        for i in wakes.indices { n += wakes[i] }
        return n
    }
}

/// Receives the bytes the server sent, in order, per configured socket slot (tests and
/// the simulation check that nothing is lost or duplicated across a sleep).
public protocol AppDataSink: AnyObject {
    func received(slot: UInt8, bytes: UnsafeRawBufferPointer)
}
