import Runtime

/// How the driver waits for the chip (an ioctl reply, a tx credit, the bus waking from KSO
/// sleep): it sleeps in the runtime's idle until an interrupt (host-wake) or the deadline,
/// never in a busy loop. The runner re-checks the chip after every return.
public protocol ChipWaiter: AnyObject {
    /// Sleeps until an interrupt is raised or `deadline` comes; returns at once when one is
    /// already pending. Interrupts it sees must still reach their owner. `othersMayRun`: the
    /// driver is in a state other tasks may see (an ioctl in flight, not half a bus register
    /// sequence), so a waiter under a scheduler runs the tasks above the waiting one meanwhile.
    func wait(until deadline: Instant, othersMayRun: Bool)
}

/// The driver inside the runtime: waits are `Scheduler.waitInIdle` (WFI / tickless / epoll,
/// host-wake delivered to its task's flags as usual). While an ioctl is in flight the tasks
/// above `ceiling` keep running. The app's network task sets this, and keeps `ceiling` at the
/// priority of the task that calls the driver (the app's, its own during its pass).
public final class SchedulerWaiter: ChipWaiter {
    unowned(unsafe) let scheduler: Scheduler
    /// The priority of the task whose driver calls wait here; nil: nothing else runs.
    public var ceiling: UInt8?
    public init(_ scheduler: Scheduler, ceiling: UInt8? = nil) {
        self.scheduler = scheduler
        self.ceiling = ceiling
    }
    public func wait(until deadline: Instant, othersMayRun: Bool) {
        scheduler.waitInIdle(until: deadline, runAbove: othersMayRun ? ceiling : nil)
    }
}

/// A driver with no scheduler above it (bring-up tools, driver tests): the platform's idle,
/// and the driver is the only reader of the mailbox, so what it sees is taken and remembered
/// in `taken` (a test loop can ask).
public final class MailboxWaiter<P: InterruptingPlatform>: ChipWaiter {
    public let platform: P
    /// Lines seen during waits since the last `takeSeen()`.
    public private(set) var taken: UInt32 = 0
    public init(_ platform: P) { self.platform = platform }
    public func wait(until deadline: Instant, othersMayRun: Bool) {
        if !platform.interrupts.hasPending { platform.sleep(until: deadline) }
        taken |= platform.interrupts.takeAll()
    }
    /// The lines seen since the last call, cleared.
    public func takeSeen() -> UInt32 { let t = taken; taken = 0; return t }
}
