import Runtime

/// When an idle may be spent in system deep sleep, and when only in CPU sleep (WFI, clocks
/// running): the rule the simulation's power books assume (SimKit's AccountingPlatform) and
/// the PSoC 6 platform follows (docs/psoc6-platform.md §4.1, §4.3).
///
/// - A handler waiting for the chip (`Scheduler.isWaiting`: an ioctl reply, tx credit) sleeps
///   lightly: the answer comes in microseconds to milliseconds and the SDIO host stays clocked.
/// - An idle expected to last at least `threshold` (the next timer; none at all) is a deep
///   sleep, and its end a host wake (a tickless idle decides from the expected idle time).
/// - A shorter idle is a deep sleep only while the app has released its lock
///   (`KeepaliveApp.deepSleepUnlocked`: nothing pending but a timer, as LPA releases
///   `cyhal_syspm_lock_deepsleep` outside its windows) and it is at least `napThreshold`.
/// - Everything else (a repair's answer window, the inactivity windows) is a CPU sleep.
public struct DeepSleepPolicy: Sendable {
    public var threshold: Duration = .seconds(1)
    /// The shortest idle spent in deep sleep with the lock released: 10 ms leaves room for
    /// the clocks' relock after it, which our references do not quantify (§4.1).
    public var napThreshold: Duration = .milliseconds(10)

    public init() {}

    /// `idle`: from now to the idle's deadline (nil: none).
    public func allowsDeepSleep(idle: Duration?, waitingForChip: Bool, unlocked: Bool) -> Bool {
        if waitingForChip { return false }
        guard let idle else { return true }
        return idle >= threshold || (unlocked && idle >= napThreshold)
    }
}
