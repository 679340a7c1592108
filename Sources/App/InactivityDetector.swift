import Runtime

/// LPA's `wait_net_suspend` inactivity check (docs/tko-offload.md §6.3) as a timed state
/// machine: after `start`, the network is inactive once a whole `window` passes with no
/// RX/TX activity; if `interval` has elapsed when activity is seen, the attempt times out
/// (the example then waits `NETWORK_SUSPEND_DELAY_MS` and tries again).
public struct InactivityDetector {
    public enum Verdict: Equatable { case waiting, inactive, timedOut }

    public let interval: Duration
    public let window: Duration
    private var startedAt = Instant.zero
    private var lastActivity = Instant.zero

    public init(interval: Duration, window: Duration) {
        self.interval = interval
        self.window = window
    }

    /// Begins an attempt at `now` (flags cleared).
    public mutating func start(now: Instant) {
        startedAt = now
        lastActivity = now
    }

    /// RX or TX activity at `now`: restarts the silent window, or ends the attempt when
    /// the interval is over.
    public mutating func activity(now: Instant) -> Verdict {
        if now - startedAt >= interval { return .timedOut }
        lastActivity = now
        return .waiting
    }

    /// When the current silent window completes.
    public var deadline: Instant { lastActivity + window }

    /// The verdict at `now` with no activity since the last call.
    public func check(now: Instant) -> Verdict { now >= deadline ? .inactive : .waiting }
}
