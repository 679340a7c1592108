/// What the runtime needs from a board, an OS or the simulation: a monotonic clock,
/// a way to sleep until a deadline or an interrupt, and a short blocking delay.
///
/// Implementations: `VirtualPlatform` (tests, simulation), the QEMU board, Linux
/// (clock_gettime + epoll), PSoC 6 (MCWDT + deep sleep).
public protocol Platform: AnyObject {
    /// The current time on the platform's monotonic clock.
    var now: Instant { get }
    /// Sleeps until `deadline` (nil: no deadline) or until an interrupt is pending,
    /// whichever comes first. Called by the scheduler's idle hook with nothing ready.
    /// Returns at once if an interrupt is already pending.
    func sleep(until deadline: Instant?)
    /// Blocks for `duration` (drivers' short waits during bring-up and ioctls). In the
    /// simulation this advances virtual time, letting the rest of the world run.
    func delay(_ duration: Duration)
}
