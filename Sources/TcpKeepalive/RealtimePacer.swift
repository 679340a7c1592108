import Foundation
import Runtime

/// Holds the virtual clock back to wall-clock speed (`--realtime`, and always with
/// `--tap`, whose peer is a real kernel): a device that wakes every 5 ms of virtual time
/// and sleeps until the wall clock has caught up.
final class RealtimePacer: VirtualDevice {
    private let clock: any Platform
    private let wallStart = Date()
    private let virtualStart: Instant
    private let tick = Duration.milliseconds(5)
    private var next: Instant

    init(clock: any Platform) {
        self.clock = clock
        virtualStart = clock.now
        next = clock.now + tick
    }

    var nextDeadline: Instant? { next }

    func advance(to now: Instant) {
        let virtualElapsed = Double((now - virtualStart).microseconds) / 1e6
        let wallElapsed = Date().timeIntervalSince(wallStart)
        if virtualElapsed > wallElapsed { usleep(useconds_t((virtualElapsed - wallElapsed) * 1e6)) }
        next = now + tick
    }
}
