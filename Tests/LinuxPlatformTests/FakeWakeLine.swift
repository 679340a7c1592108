import Glibc
import CGPIOD
import Synchronization
@testable import LinuxPlatform

/// A host-wake line made of an eventfd (the "edge" descriptor) and an atomic level,
/// standing in for a libgpiod line on a machine without GPIO. `assert()` raises the
/// level and queues one edge, like the chip pulling its IRQ pin; `release()` drops it.
final class FakeWakeLine: WakeLine, Sendable {
    let fd: Int32
    private let level = Atomic<Bool>(false)

    init() { fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC)) }
    deinit { close(fd) }

    func assert() {
        if !level.exchange(true, ordering: .acquiringAndReleasing) {
            var one: UInt64 = 1
            _ = write(fd, &one, 8)
        }
    }
    /// A short pulse: edge queued, level already low again when anyone looks.
    func pulse() {
        var one: UInt64 = 1
        _ = write(fd, &one, 8)
    }
    /// The level rises but its edge is lost (the kernel drops the oldest events on overflow).
    func raiseLevelWithoutEdge() { level.store(true, ordering: .releasing) }
    func release() { level.store(false, ordering: .releasing) }

    func drainEdges() -> Int {
        var n: UInt64 = 0
        return read(fd, &n, 8) == 8 ? Int(n) : 0
    }
    func isAsserted() -> Bool { level.load(ordering: .acquiring) }
}
