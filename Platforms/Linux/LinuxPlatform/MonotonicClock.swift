import Runtime

/// The Linux monotonic clock (`clock_gettime(CLOCK_MONOTONIC)`) as `Runtime.Instant`:
/// microseconds since boot, never stepped by NTP or settimeofday.
public enum MonotonicClock {
    /// Now.
    public static func now() -> Instant { Instant(microseconds: Syscalls.monotonicMicroseconds()) }
}
