import Runtime
import ChipModel
import Simulation

/// The virtual platform as the kit's MCU sees it, plus the power books: every sleep the
/// scheduler expects to last at least `threshold` is a deep sleep (FreeRTOS tickless idle
/// decides the same way, from the expected idle time); its end is a host wake-up, with the
/// reason the chip gave for asserting host-wake, or `other` when a host timer ended it.
final class AccountingPlatform: InterruptingPlatform {
    let base: VirtualPlatform
    let threshold: Duration
    unowned(unsafe) var world: World?
    unowned(unsafe) var chip: ChipModel?
    private(set) var deepSleeps = 0
    /// Off until the kit first settles into its sleep loop: the report covers the time
    /// after the first deep sleep (boot, join and DHCP are not part of it).
    var measuring = false
    /// Where the current `run(until:)` stops.
    var horizon: Instant?
    private var asleep = false

    init(base: VirtualPlatform, threshold: Duration) {
        self.base = base
        self.threshold = threshold
    }

    var now: Instant { base.now }
    var interrupts: InterruptMailbox { base.interrupts }
    func delay(_ duration: Duration) { base.delay(duration) }

    func sleep(until deadline: Instant?) {
        let start = base.now
        let deep = deadline.map { $0 - start >= threshold } ?? true
        guard measuring, deep, let world, !interrupts.hasPending else { base.sleep(until: deadline); return }
        let before = counts()
        if !asleep { world.hostAsleep(at: start) }
        asleep = true
        base.sleep(until: deadline)
        // The run's end (`horizon`) is not a wake-up: the host is still asleep there.
        if !interrupts.hasPending, let h = horizon, base.now >= h { return }
        asleep = false
        deepSleeps += 1
        world.hostAwake(at: base.now, reason: interrupts.hasPending ? reason(since: before) : .other)
    }

    private func counts() -> [Int] {
        guard let chip else { return [0, 0, 0, 0, 0] }
        return [chip.wakeCount(.data), chip.wakeCount(.event), chip.wakeCount(.linkDown),
                chip.wakeCount(.keepaliveFailure), chip.wakeCount(.other)]
    }

    /// The chip's reason for the host-wake assertion that ended the sleep.
    private func reason(since before: [Int]) -> HostWakeReason {
        let after = counts()
        if after[3] > before[3] { return .keepaliveFailure }
        if after[2] > before[2] { return .linkDown }
        if after[0] > before[0] { return .data }
        return .other
    }
}
