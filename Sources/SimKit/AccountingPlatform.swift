import Runtime
import ChipModel
import Simulation
import ChipBridge
import App

/// The virtual platform as the kit's MCU sees it, plus the power books: every sleep the
/// scheduler expects to last at least `threshold` is a deep sleep (FreeRTOS tickless idle
/// decides the same way, from the expected idle time); its end is a host wake-up, with the
/// reason the chip gave for asserting host-wake (`spurious` when it had none), or, when a
/// host timer ended it, `recovery` (the app was not in its offloaded sleep: rejoining,
/// reconnecting, waiting for quiet) or `timer` (offloaded sleep, or no offload at all).
final class AccountingPlatform: InterruptingPlatform {
    let base: VirtualPlatform
    /// Which idles are deep sleeps: the rule the PSoC 6 platform follows too.
    var policy = DeepSleepPolicy()
    unowned(unsafe) var world: World?
    unowned(unsafe) var chip: ChipModel?
    private(set) var deepSleeps = 0
    /// Where the CPU's time went while measuring (`CPUTime`).
    private(set) var cpu = CPUTime()
    /// Off until the kit first settles into its sleep loop: the report covers the time
    /// after the first deep sleep (boot, join and DHCP are not part of it).
    var measuring = false
    /// Where the current `run(until:)` stops.
    var horizon: Instant?
    /// The app has every connection in place and is in its steady state (nothing being
    /// repaired, no quiet window running); set by the kit.
    var steady: () -> Bool = { false }
    /// What the app waits for (sampled as a deep sleep begins: the wake's cause in the books).
    var activity: () -> RecoveryActivity = { .none }
    /// Sees every counted host wake: when, the ledger's reason, what the host had been waiting for.
    var onWake: ((Instant, HostWakeReason, RecoveryActivity) -> Void)?
    /// The app holds no deep-sleep lock while it is up (LPA's `wait_net_suspend` holds one
    /// through its windows; our app releases it only while nothing but a timer is pending):
    /// an idle of at least `napThreshold` is then spent in deep sleep too, without counting
    /// as a wake. Set by the kit.
    var napAllowed: () -> Bool = { false }
    /// (`policy.napThreshold`: the shortest such idle. The seed's tickless idle deep-sleeps
    /// any expected idle above `CY_CFG_PWR_DEEPSLEEP_LATENCY` (0 ms) and the HAL's 1 ms
    /// floor, docs/psoc6-platform.md §4.3.)
    /// A handler sleeps in `Scheduler.waitInIdle`; set by the kit.
    var inHandlerWait: () -> Bool = { false }
    private var asleep = false
    /// The chip's wake counts and the app's state when the current deep sleep began.
    private var sleepCounts: [Int] = []
    private var sleepSettled = false
    /// Brackets the host's sleeps and delays (the world and the chip are stepped in them)
    /// and the books kept at a wake: not the device's code.
    var scope: HardwareScope?
    private var sleepActivity = RecoveryActivity.none

    init(base: VirtualPlatform, threshold: Duration) {
        self.base = base
        policy.threshold = threshold
    }

    var now: Instant { base.now }
    var interrupts: InterruptMailbox { base.interrupts }
    /// A driver's blocking wait: on the Cortex-M boards `delay` is a busy loop (the CPU runs
    /// at full current), so every microsecond in here is CPU-awake time.
    func delay(_ duration: Duration) {
        scope?.enter()
        defer { scope?.leave() }
        let start = base.now
        base.delay(duration)
        if measuring { cpu.busyWait += base.now - start; cpu.busyWaits += 1 }
    }
    func setAlarm(_ deadline: Instant) { base.setAlarm(deadline) }

    func sleep(until deadline: Instant?) {
        scope?.enter()
        defer { scope?.leave() }
        let start = base.now
        // A handler waiting for the chip (an ioctl reply) is awake work: its deadline is a
        // timeout, not when the next work is due (neither a deep sleep nor a nap).
        let waiting = inHandlerWait()
        let idle = deadline.map { $0 - start }
        // A deep sleep even with the app's lock held ends in a counted wake; one while the app
        // has released its lock (it is still up: only a timer or a peer's retransmission is
        // awaited, e.g. a receive hole's wait of up to 2 s) is a short deep sleep while up (a
        // nap), whatever its length: the wake is not over until the app suspends again.
        let deep = policy.allowsDeepSleep(idle: idle, waitingForChip: waiting, unlocked: false)
        if measuring, !asleep, let world, !interrupts.hasPending, napAllowed(),
           policy.allowsDeepSleep(idle: idle, waitingForChip: waiting, unlocked: true) {
            base.sleep(until: deadline)
            world.power.hostNap(from: start, to: base.now)
            return
        }
        guard measuring, deep, let world, !interrupts.hasPending else {
            base.sleep(until: deadline)
            if measuring { cpu.shortSleep += base.now - start; cpu.shortSleeps += 1 }
            return
        }
        // Everything in place: a wake now is the world's news (or a lease renewal). Anything
        // else: the host is repairing what the world broke, and its own timers and the
        // chip's answers to its requests (join results) are part of that repair.
        if !asleep {
            world.hostAsleep(at: start)
            sleepCounts = counts()
            sleepSettled = steady()
            sleepActivity = activity()
        }
        asleep = true
        base.sleep(until: deadline)
        // The run's end (`horizon`) is not a wake-up: the host is still asleep there.
        if !deviceInterruptPending, let h = horizon, base.now >= h { return }
        wokeUp(byInterrupt: deviceInterruptPending)
    }

    /// A device's line is pending (the timer alarm's line is the host's own timer).
    private var deviceInterruptPending: Bool { interrupts.pending & ~InterruptMailbox.alarmBit != 0 }

    /// Called before the kit runs on: a fault a test injected between two runs, while the
    /// host slept at the horizon, raised host-wake; that ends the sleep now.
    func resumeRun() {
        scope?.enter()
        defer { scope?.leave() }
        if asleep && deviceInterruptPending { wokeUp(byInterrupt: true) }
    }

    private func wokeUp(byInterrupt: Bool) {
        asleep = false
        deepSleeps += 1
        let r = byInterrupt ? reason(since: sleepCounts, settled: sleepSettled) : sleepSettled ? .timer : .recovery
        world?.hostAwake(at: base.now, reason: r)
        onWake?(base.now, r, sleepActivity)
    }

    private func counts() -> [Int] {
        guard let chip else { return [0, 0, 0, 0, 0] }
        return [chip.wakeCount(.data), chip.wakeCount(.event), chip.wakeCount(.linkDown),
                chip.wakeCount(.keepaliveFailure), chip.wakeCount(.other)]
    }

    /// The chip's reason for the host-wake assertion that ended the sleep.
    private func reason(since before: [Int], settled: Bool) -> HostWakeReason {
        let after = counts()
        if after[3] > before[3] { return .keepaliveFailure }
        if after[2] > before[2] { return .linkDown }
        if after[0] > before[0] { return .data }
        if after[1] > before[1] || after[4] > before[4] { return settled ? .other : .recovery }
        return .spurious
    }
}
