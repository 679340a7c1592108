import Runtime

extension Interface {
    /// True between `suspend(now:)` and `resume(now:)`.
    public var isSuspended: Bool { suspension.isActive }

    /// Stops the stack for host sleep (what LPA's `wait_net_suspend` does to lwIP): no
    /// timer fires and nothing is sent (`poll` returns at once, `pollAt` is nil, sends
    /// return `.suspended`); inbound frames are queued, not lost. TCP sockets are told
    /// so they can freeze their timers.
    public func suspend(now: Instant) {
        if isSuspended { return }
        suspension.isActive = true
        suspension.since = now
        tcpSuspend(now: now)
    }

    /// Restarts the stack: retransmission timers (ARP retries, the pending announcement,
    /// DHCP retransmissions, TCP) are re-armed relative to `now`, keeping the time they
    /// had left; lease times stay absolute (the server's clock did not stop). Then the
    /// queued frames are processed in arrival order.
    public func resume(now: Instant) {
        guard isSuspended else { return }
        let shift = now - suspension.since
        suspension.isActive = false
        neighbors.shiftRetries(by: shift)
        if let a = announceAt { announceAt = a + shift }
        dhcp?.shiftRetransmission(by: shift)
        tcpResume(now: now)
        receiving(now: now) {
            // Read in place, removed after: `process` looks at the interface (and its
            // suspension state) while the frame is lent.
            while let frame = suspension.first {
                process(frame: frame, now: now)
                suspension.pop()
            }
        }
    }

    /// Frames waiting in the suspend queue.
    public var suspendQueueCount: Int { suspension.count }
    /// The most bytes that ever waited in the suspend queue (of `config.suspendQueueBytes`).
    public var suspendQueueHighWater: Int { suspension.highWaterBytes }
}
