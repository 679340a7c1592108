import Runtime

/// `Runtime.Platform` for Linux: CLOCK_MONOTONIC time, and a sleep that is ONE
/// `epoll_wait` over the host-wake line's edge descriptor and an eventfd that other
/// threads ring through `doorbell.post(_:)`. Interrupts land in the runtime's
/// `InterruptMailbox` (`interrupts`), which the scheduler drains.
///
/// Host-wake is level-like on the chip but edge-only in Linux GPIO (docs/linux-sbc.md §3.5),
/// so `sleep(until:)` re-reads the level before blocking and after waking: when the
/// line is (still) asserted, the host-wake interrupt is posted and sleep returns. A
/// slow level poll (`levelPollInterval`, default 1 s) bounds every wait, so even an edge
/// the kernel dropped (event overflow drops the oldest) is recovered. The scheduler's
/// alarm is a timerfd with a thread of its own (`LinuxAlarm`) that posts the alarm line
/// through the doorbell.
public final class LinuxPlatform: InterruptingPlatform {
    /// The scheduler's mailbox: the host-wake line and `doorbell.post` raise lines here.
    public let interrupts: InterruptMailbox
    /// For other threads: raise a line and wake the epoll_wait.
    public let doorbell: InterruptDoorbell
    /// Upper bound of one epoll_wait; nil waits for the deadline only.
    public var levelPollInterval: Duration?
    /// Wake-ups by cause (diagnostics and tests).
    public private(set) var edgeWakes: UInt64 = 0
    public private(set) var levelWakes: UInt64 = 0
    public private(set) var doorbellWakes: UInt64 = 0

    private let epfd: Int32
    private var alarm: LinuxAlarm?
    /// Alarm expiries posted (diagnostics and tests).
    public var alarmsFired: UInt64 { alarm?.fired.load(ordering: .relaxed) ?? 0 }
    private var hostWake: (any WakeLine)?
    private var hostWakeInterrupt: UInt8 = 0
    private static let doorbellToken: UInt64 = 1
    private static let hostWakeToken: UInt64 = 2

    public init(interrupts: InterruptMailbox = InterruptMailbox(),
                levelPollInterval: Duration? = .seconds(1)) throws(LinuxPlatformError) {
        self.interrupts = interrupts
        self.levelPollInterval = levelPollInterval
        let epfd = Syscalls.epollCreate()
        if epfd < 0 { throw .epoll(errno: Syscalls.errno) }
        let efd = Syscalls.eventfdCreate()
        if efd < 0 { Syscalls.close(epfd); throw .eventfd(errno: Syscalls.errno) }
        if Syscalls.epollAddReadable(epfd, fd: efd, token: Self.doorbellToken) < 0 {
            let e = Syscalls.errno
            Syscalls.close(efd); Syscalls.close(epfd)
            throw .epoll(errno: e)
        }
        self.epfd = epfd
        self.doorbell = InterruptDoorbell(mailbox: interrupts, fd: efd)
        alarm = try LinuxAlarm(doorbell: doorbell)     // on failure deinit closes the fds
    }

    deinit {
        alarm?.stop()
        Syscalls.close(doorbell.fd)
        Syscalls.close(epfd)
    }

    /// Adds the host-wake line to the epoll set; its assertions post `interrupt`.
    public func attach(hostWake line: any WakeLine, interrupt: UInt8) throws(LinuxPlatformError) {
        if let old = hostWake { Syscalls.epollRemove(epfd, fd: old.fd) }
        if Syscalls.epollAddReadable(epfd, fd: line.fd, token: Self.hostWakeToken) < 0 {
            throw .epoll(errno: Syscalls.errno)
        }
        hostWake = line
        hostWakeInterrupt = interrupt
    }

    public var now: Instant { MonotonicClock.now() }

    public func setAlarm(_ deadline: Instant) { alarm?.set(deadline) }

    public func sleep(until deadline: Instant?) {
        if checkHostWake() || interrupts.hasPending { return }
        let timeout = timeoutMilliseconds(until: deadline)
        _ = Syscalls.epollWait(epfd, timeoutMilliseconds: timeout) { token in
            if token == Self.doorbellToken {
                Syscalls.eventfdDrain(doorbell.fd)
                doorbellWakes &+= 1
            }
            // The host-wake token needs no work here: checkHostWake drains its edges.
        }
        _ = checkHostWake()
    }

    public func delay(_ duration: Duration) {
        if duration.microseconds <= 0 { return }
        Syscalls.sleepUntilMonotonic(microseconds: (now + duration).microseconds)
    }

    /// Drains the host-wake edges, THEN reads the level; if either says "asserted",
    /// raises the host-wake interrupt and returns true. Draining first means an edge
    /// queued after the drain stays queued for the next sleep, and one queued before it
    /// is covered by the service pass this wake starts: nothing is lost, and a stale
    /// edge cannot cause a second, spurious wake.
    @discardableResult public func checkHostWake() -> Bool {
        guard let line = hostWake else { return false }
        let edges = line.drainEdges()
        if edges > 0 {
            edgeWakes &+= 1        // the chip asked, even if the level is gone again
        } else if line.isAsserted() {
            levelWakes &+= 1       // held since the last service pass, or its edge was lost
        } else {
            return false
        }
        interrupts.raise(hostWakeInterrupt)
        return true
    }

    /// epoll_wait's timeout: rounded UP to whole ms (never wake before the deadline),
    /// bounded by the level poll; -1 = forever.
    func timeoutMilliseconds(until deadline: Instant?) -> Int32 {
        var ms: Int64 = -1
        if let d = deadline {
            let remaining = d - now
            ms = remaining.microseconds <= 0 ? 0 : (remaining.microseconds + 999) / 1_000
        }
        if let poll = levelPollInterval, hostWake != nil {
            let p = max(0, (poll.microseconds + 999) / 1_000)
            ms = ms < 0 ? p : min(ms, p)
        }
        return ms < 0 ? -1 : Int32(min(ms, Int64(Int32.max)))
    }
}

/// Why the Linux platform could not be set up.
public enum LinuxPlatformError: Error, Equatable, CustomStringConvertible {
    case epoll(errno: Int32)
    case eventfd(errno: Int32)
    case timerfd(errno: Int32)
    case thread(errno: Int32)

    public var description: String {
        switch self {
        case .epoll(let e): return "epoll: \(Syscalls.describe(errno: e)) (errno \(e))"
        case .eventfd(let e): return "eventfd: \(Syscalls.describe(errno: e)) (errno \(e))"
        case .timerfd(let e): return "timerfd: \(Syscalls.describe(errno: e)) (errno \(e))"
        case .thread(let e): return "alarm thread: \(Syscalls.describe(errno: e)) (error \(e))"
        }
    }
}
