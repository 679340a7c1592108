/// What the runtime needs from a board, an OS or the simulation: a monotonic clock, an
/// alarm, a way to sleep until a deadline or an interrupt, and a short blocking delay.
///
/// Implementations: `VirtualPlatform` (tests, simulation), the QEMU board, Linux
/// (clock_gettime + epoll, an alarm thread), PSoC 6 (MCWDT + deep sleep).
public protocol Platform: AnyObject {
    /// The current time on the platform's monotonic clock.
    var now: Instant { get }
    /// Sets the alarm: once the clock reaches `deadline`, raise
    /// `InterruptMailbox.alarmLine` on the scheduler's mailbox (an `InterruptingPlatform`'s
    /// `interrupts`), once. A call replaces the previous deadline; `.distantFuture`
    /// cancels; a deadline already reached raises the line at once. The line may come
    /// early (the scheduler reads the clock and finds nothing due), never late by more
    /// than the platform's clock resolution, and it must come while the scheduler runs
    /// (an interrupt on a board), not only when it sleeps. An alarm that comes due during
    /// `sleep(until:)` or `delay(_:)` is raised by the time they return. The scheduler
    /// calls this only from its own thread, once per alarm and when the earliest timer
    /// moves earlier; `step` itself never reads the clock.
    func setAlarm(_ deadline: Instant)
    /// Sleeps until `deadline` (nil: no deadline) or until an interrupt is pending,
    /// whichever comes first. Called by the scheduler's idle hook with nothing ready, with
    /// the earliest timer deadline (the alarm's, or an earlier one) or the run's end.
    /// Returns at once if an interrupt is already pending.
    func sleep(until deadline: Instant?)
    /// Blocks for `duration` (drivers' short waits during bring-up and ioctls). In the
    /// simulation this advances virtual time, letting the rest of the world run.
    func delay(_ duration: Duration)
}
