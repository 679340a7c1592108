import Runtime

/// How the driver waits for the chip (an ioctl reply, a tx credit, the bus waking from KSO
/// sleep): it sleeps in the runtime's idle until an interrupt (host-wake) or the deadline,
/// never in a busy loop. The runner re-checks the chip after every return.
public protocol ChipWaiter: AnyObject {
    /// Sleeps until an interrupt is raised or `deadline` comes; returns at once when one is
    /// already pending. Interrupts it sees must still reach their owner.
    func wait(until deadline: Instant)
}

/// The driver inside the runtime: waits are `Scheduler.waitInIdle` (WFI / tickless / epoll,
/// host-wake delivered to its task's flags as usual). The app's network task sets this.
public final class SchedulerWaiter: ChipWaiter {
    unowned(unsafe) let scheduler: Scheduler
    public init(_ scheduler: Scheduler) { self.scheduler = scheduler }
    public func wait(until deadline: Instant) { scheduler.waitInIdle(until: deadline) }
}

/// A driver with no scheduler above it (bring-up tools, driver tests): the platform's idle,
/// and the driver is the only reader of the mailbox, so what it sees is taken and remembered
/// in `taken` (a test loop can ask).
public final class MailboxWaiter<P: InterruptingPlatform>: ChipWaiter {
    public let platform: P
    /// Lines seen during waits since the last `takeSeen()`.
    public private(set) var taken: UInt32 = 0
    public init(_ platform: P) { self.platform = platform }
    public func wait(until deadline: Instant) {
        if !platform.interrupts.hasPending { platform.sleep(until: deadline) }
        taken |= platform.interrupts.takeAll()
    }
    /// The lines seen since the last call, cleared.
    public func takeSeen() -> UInt32 { let t = taken; taken = 0; return t }
}
