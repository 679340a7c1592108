import Glibc
import CGPIOD

/// The OS calls of `LinuxAlarm`: a CLOCK_MONOTONIC timerfd and one thread.
extension Syscalls {
    /// `timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC)` (blocking reads).
    static func timerfdCreate() -> Int32 { timerfd_create(CLOCK_MONOTONIC, Int32(TFD_CLOEXEC)) }

    /// `timerfd_settime(TFD_TIMER_ABSTIME)` one-shot at `microseconds` on CLOCK_MONOTONIC;
    /// nil disarms.
    @discardableResult
    static func timerfdSetAbsolute(_ fd: Int32, microseconds: UInt64?) -> Int32 {
        var spec = itimerspec()                         // all zero: disarmed
        if let us = microseconds {
            let t = max(us, 1)                          // 0 would mean "disarm"
            spec.it_value = timespec(tv_sec: Int(t / 1_000_000), tv_nsec: Int(t % 1_000_000) * 1_000)
        }
        return timerfd_settime(fd, Int32(TFD_TIMER_ABSTIME), &spec, nil)
    }

    /// Blocking `read(2)` of a timerfd's expiration count: > 0, or -1 with errno.
    static func timerfdWait(_ fd: Int32) -> Int64 {
        var expirations: UInt64 = 0
        return Glibc.read(fd, &expirations, 8) == 8 ? Int64(expirations) : -1
    }

    /// `pthread_create` running `body(context)`; returns 0 or the error number.
    static func startThread(_ handle: inout pthread_t, context: UnsafeMutableRawPointer,
                            _ body: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer?) -> Int32 {
        pthread_create(&handle, nil, body, context)
    }

    /// `pthread_join`.
    static func joinThread(_ handle: pthread_t) { pthread_join(handle, nil) }
}
