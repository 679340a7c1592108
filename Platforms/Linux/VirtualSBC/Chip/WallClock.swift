import Glibc
import Runtime

/// The chip process's clock: CLOCK_MONOTONIC since the process started, in the Runtime's
/// `Instant`. The chip model and the world read it between their own deadlines; nothing in
/// this process sleeps through `sleep(until:)` (the server loop's poll does).
final class WallClock: Platform {
    private let start = WallClock.monotonicMicroseconds()

    static func monotonicMicroseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000 &+ UInt64(ts.tv_nsec / 1_000)
    }

    static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    var now: Instant { Instant(microseconds: Self.monotonicMicroseconds() &- start) }
    func sleep(until deadline: Instant?) {}
    /// No scheduler runs on this clock (the chip model only reads it), so no alarm.
    func setAlarm(_ deadline: Instant) {}
    func delay(_ duration: Duration) {
        if duration.microseconds > 0 { usleep(UInt32(min(duration.microseconds, 1_000_000))) }
    }
}
