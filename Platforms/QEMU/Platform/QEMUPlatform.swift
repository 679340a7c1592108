import QEMUSupport
import Runtime

/// QEMU mps2-an386 as a `Runtime` platform (tickless):
/// - clock: the CMSDK DUALTIMER's timer 1, free-running at 25 MHz, extended to 64-bit µs
///   in software (each read adds the ticks since the previous one);
/// - idle: `sleep(until:)` masks interrupts (PRIMASK), re-checks the mailbox, programs
///   TIMER1 for the deadline and executes WFI; interrupts are unmasked after it, so an
///   interrupt raised after the scheduler's last look still ends the sleep at once
///   (QP's `QV_CPU_SLEEP`, docs/style-anchors.md §3);
/// - alarm: `setAlarm` runs TIMER1 for the deadline with its interrupt on; the handler
///   raises `InterruptMailbox.alarmLine`. A sleep borrows TIMER1 and starts the alarm
///   again after it (raising the line at once if it came due meanwhile);
/// - interrupts: every external IRQ n (0...31) raises mailbox line n (see
///   `qemu_irq_entry` in board.c); the IRQ stays masked in the NVIC until its owner
///   calls `unmaskIRQ(n)`.
///
/// One instance (`shared`): the C interrupt entry needs to find its mailbox.
public final class QEMUPlatform: InterruptingPlatform {
    /// The board. First use starts UART0, the clock and the alarm interrupt.
    nonisolated(unsafe) public static let shared = QEMUPlatform()

    public let interrupts = InterruptMailbox()

    /// Longest single sleep. The 32-bit 25 MHz clock wraps after 171.8 s, so the clock
    /// must be read at least that often; a longer idle is cut into 100 s sleeps
    /// (counted in `clockWakeups`, the only wake-ups that are not at a deadline).
    public static let maxSleepMicroseconds: UInt32 = 100_000_000

    private var lastTicks: UInt32 = 0
    private var micros: UInt64 = 0
    private var leftoverTicks: UInt32 = 0
    /// The alarm's deadline, µs (`UInt64.max`: none).
    private var alarmMicros: UInt64 = .max

    /// Completed sleeps.
    public private(set) var sleeps: UInt64 = 0
    /// Total time spent in WFI.
    public private(set) var sleptMicroseconds: UInt64 = 0
    /// Sleeps that ended before their deadline with no interrupt raised: must stay 0.
    public private(set) var earlyWakeups: UInt64 = 0
    /// Sleeps cut at `maxSleepMicroseconds` to keep the clock extended.
    public private(set) var clockWakeups: UInt64 = 0

    private init() {
        qemu_board_init()
        lastTicks = qemu_clock_ticks()
    }

    /// Microseconds since the board started.
    public var now: Instant {
        let t = qemu_clock_ticks()
        let delta = t &- lastTicks
        lastTicks = t
        var us = delta / QEMU_TICKS_PER_US
        leftoverTicks &+= delta % QEMU_TICKS_PER_US
        if leftoverTicks >= QEMU_TICKS_PER_US { leftoverTicks &-= QEMU_TICKS_PER_US; us &+= 1 }
        micros &+= UInt64(us)
        return Instant(microseconds: micros)
    }

    public func setAlarm(_ deadline: Instant) {
        alarmMicros = deadline.microseconds
        startAlarm()
    }

    /// Runs TIMER1 for the alarm, capped at `maxSleepMicroseconds` (an alarm that comes
    /// early finds nothing due and is set again), or raises the line if it is due.
    private func startAlarm() {
        let deadline = alarmMicros
        if deadline == .max { qemu_alarm_stop(); return }
        let t = now.microseconds
        if deadline <= t {
            alarmMicros = .max
            qemu_alarm_stop()
            interrupts.raise(InterruptMailbox.alarmLine)
            return
        }
        let us = deadline &- t
        let wait = us < UInt64(Self.maxSleepMicroseconds) ? UInt32(truncatingIfNeeded: us) : Self.maxSleepMicroseconds
        qemu_alarm_start(wait &* QEMU_TICKS_PER_US)
    }

    public func sleep(until deadline: Instant?) {
        qemu_irq_disable()
        guard !interrupts.hasPending else { qemu_irq_enable(); return }
        let start = now
        var wait = Self.maxSleepMicroseconds
        var capped = true
        if let deadline {
            guard deadline > start else { qemu_irq_enable(); return }
            let us = deadline.microseconds &- start.microseconds
            if us < UInt64(wait) { wait = UInt32(truncatingIfNeeded: us); capped = false }
        }
        qemu_sleep_masked(wait &* QEMU_TICKS_PER_US)
        let end = now
        startAlarm()                            // the sleep borrowed TIMER1
        qemu_irq_enable()                       // a pending handler runs here
        sleeps &+= 1
        sleptMicroseconds &+= end.microseconds &- start.microseconds
        if capped {
            clockWakeups &+= 1
        } else if let deadline, end < deadline, !interrupts.hasPending {
            earlyWakeups &+= 1
        }
    }

    /// Busy-waits (drivers' short waits).
    public func delay(_ duration: Duration) {
        let end = now + duration
        while now < end {}
    }

    /// Re-enables external interrupt `irq` after its device was serviced.
    public func unmaskIRQ(_ irq: UInt8) { qemu_irq_unmask(UInt32(irq)) }

    /// Pends external interrupt `irq` by software (NVIC STIR), as a device would.
    public func triggerIRQ(_ irq: UInt8) {
        qemu_irq_unmask(UInt32(irq))
        qemu_irq_trigger(UInt32(irq))
    }

    /// Heap bytes taken so far.
    public var heapUsed: Int { Int(qemu_heap_used()) }

    /// The counting allocator (Support/board.c): allocations, frees, bytes live, high-water mark.
    public var allocations: AllocationCount {
        var s = qemu_alloc_stats()
        qemu_alloc_stats_read(&s)
        return AllocationCount(allocations: Int(s.allocations), frees: Int(s.frees),
                               bytesInUse: Int(s.bytes_in_use), peakBytes: Int(s.peak_bytes))
    }

    /// The counting allocator's figures for the device's code alone: outside
    /// `beginHardware`/`endHardware`, which bracket the chip model and the simulated world.
    public var deviceAllocations: AllocationCount {
        var s = qemu_alloc_stats()
        qemu_alloc_device_stats_read(&s)
        return AllocationCount(allocations: Int(s.allocations), frees: Int(s.frees),
                               bytesInUse: Int(s.bytes_in_use), peakBytes: Int(s.peak_bytes))
    }
    /// The main stack's deepest use in bytes: the whole image's (`stackPeak`, painted at reset)
    /// and the device's depth at its deepest call into the hardware scope (`deviceStackAtHardware`,
    /// a lower bound of the device's own use); Support/QEMUSupport.h.
    public var stackPeak: Int { Int(qemu_stack_peak()) }
    public var deviceStackAtHardware: Int { Int(qemu_stack_device_peak()) }
    /// Starts both stack figures again from here (the caller's frame is kept).
    public func restartStackFigures() { qemu_stack_restart() }

    public func beginHardware() { qemu_alloc_hardware_begin() }
    public func endHardware() { qemu_alloc_hardware_end() }

    /// Ends QEMU with `code` as its exit status (semihosting SYS_EXIT_EXTENDED).
    public func exit(_ code: Int32) -> Never {
        qemu_exit(code)
    }
}

/// The C interrupt entry's way into Swift: IRQ n raises mailbox line n.
@_cdecl("qemu_swift_irq")
public func qemuSwiftIRQ(_ irq: UInt32) {
    QEMUPlatform.shared.interrupts.raise(UInt8(truncatingIfNeeded: irq))
}
