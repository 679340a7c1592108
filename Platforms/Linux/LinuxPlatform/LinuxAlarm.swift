import Glibc
import Runtime
import Synchronization

/// The Linux platform's alarm (`Platform.setAlarm`): a CLOCK_MONOTONIC timerfd armed
/// with the absolute deadline, and one thread blocked reading it. Each expiry posts
/// `InterruptMailbox.alarmLine` through the doorbell (raise, then the eventfd), so the
/// line comes while the scheduler runs and also ends an `epoll_wait`. One-shot: a new
/// deadline replaces the old; `.distantFuture` disarms; a past deadline fires at once.
final class LinuxAlarm: @unchecked Sendable {
    private let fd: Int32
    private let doorbell: InterruptDoorbell
    private let stopping = Atomic<Bool>(false)
    private var thread = pthread_t()
    /// Expiries posted so far (any thread may read).
    let fired = Atomic<UInt64>(0)

    /// Deadlines past this (about 285 years of µs) never come: the timer is disarmed.
    static let never: UInt64 = 1 << 53

    init(doorbell: InterruptDoorbell) throws(LinuxPlatformError) {
        let fd = Syscalls.timerfdCreate()
        if fd < 0 { throw .timerfd(errno: Syscalls.errno) }
        self.fd = fd
        self.doorbell = doorbell
        let rc = Syscalls.startThread(&thread, context: Unmanaged.passUnretained(self).toOpaque()) { arg in
            Unmanaged<LinuxAlarm>.fromOpaque(arg!).takeUnretainedValue().wait()
            return nil
        }
        if rc != 0 { Syscalls.close(fd); throw .thread(errno: rc) }
    }

    /// Sets the deadline (µs on CLOCK_MONOTONIC, `MonotonicClock`).
    func set(_ deadline: Instant) {
        let us = deadline.microseconds
        Syscalls.timerfdSetAbsolute(fd, microseconds: us < LinuxAlarm.never ? us : nil)
    }

    /// Ends the thread (fires the timer at once with `stopping` set), then closes the fd.
    func stop() {
        stopping.store(true, ordering: .releasing)
        Syscalls.timerfdSetAbsolute(fd, microseconds: 1)
        Syscalls.joinThread(thread)
        Syscalls.close(fd)
    }

    private func wait() {
        while true {
            let n = Syscalls.timerfdWait(fd)
            if stopping.load(ordering: .acquiring) { return }
            if n > 0 {
                fired.add(1, ordering: .relaxed)
                doorbell.post(InterruptMailbox.alarmLine)
            } else if Syscalls.errno != EINTR {
                return                                  // the fd is gone: nothing left to wait for
            }
        }
    }
}
