import Runtime

/// `Runtime.Platform` on a PSoC 6 kit's CM4: time from MCWDT counter 2 (LFCLK, runs in
/// deep sleep), tickless idle in system deep sleep with the MCWDT C0/C1 match as the
/// alarm, and the Wi-Fi host-wake GPIO as the wake-up source (docs/psoc6-platform.md §3.2,
/// §4.1, §4.2, §6). Startup (vectors, SystemInit, cybsp_init) is the BSP's.
///
/// `sleep(until:)` honours the runtime's idle contract: interrupts are masked, the
/// mailbox and the host-wake line are checked, and only then does the CPU sleep; WFI
/// wakes on a pending interrupt even while masked, so an ISR between the scheduler's last
/// check and the sleep is never lost. The host-wake ISR only latches an edge; the level is
/// re-read here too, because the chip holds the line while any cause is pending and an
/// edge alone would miss a cause raised during a service pass (§8 item 8). The scheduler's
/// alarm (`setAlarm`) is the same MCWDT match while the CPU runs: its interrupt raises
/// `InterruptMailbox.alarmLine` (`psoc6_alarm_set`; a sleep borrows the match and starts the
/// alarm again when it ends).
public final class PSoC6Platform: InterruptingPlatform {
    public let interrupts: InterruptMailbox
    /// The mailbox line the host-wake raises.
    public let hostWakeInterrupt: UInt8
    /// false keeps the CPU in Sleep (debugging: a probe prevents Deep Sleep anyway).
    public var allowDeepSleep: Bool
    /// Asked before every idle, with interrupts masked: may this one (now, its deadline) be
    /// a system deep sleep, or only CPU sleep? The app wiring answers with
    /// `App.DeepSleepPolicy` (CPU sleep while a handler waits for the chip, for a repair's
    /// answer window and the inactivity windows; deep sleep for long idles and while the app
    /// released its lock). Default: always deep.
    public var mayDeepSleep: (_ now: Instant, _ deadline: Instant?) -> Bool = { _, _ in true }
    /// Wake-ups by kind (diagnostics).
    public private(set) var deepSleeps: UInt32 = 0
    public private(set) var lightSleeps: UInt32 = 0

    /// Brings the board up (`psoc6_board_init`); throws the shim's status on failure.
    public init(interrupts: InterruptMailbox, hostWakeInterrupt: UInt8,
                allowDeepSleep: Bool = true) throws(PSoC6Error) {
        self.interrupts = interrupts
        self.hostWakeInterrupt = hostWakeInterrupt
        self.allowDeepSleep = allowDeepSleep
        let status = PDL.boardInit()
        if status != PDL.ok { throw .boardInit(status: status) }
        alarmMailbox = Unmanaged.passUnretained(interrupts)   // the platform keeps it alive
        PDL.alarmInit { alarmMailbox?._withUnsafeGuaranteedRef { $0.raise(InterruptMailbox.alarmLine) } }
    }

    public func setAlarm(_ deadline: Instant) { PDL.alarmSet(deadline: deadline.microseconds) }

    public var now: Instant { Instant(microseconds: PDL.nowMicroseconds()) }

    public func sleep(until deadline: Instant?) {
        let state = PDL.irqMask()
        if checkHostWake() || interrupts.hasPending {
            PDL.irqRestore(state)
            return
        }
        let deep = allowDeepSleep && mayDeepSleep(now, deadline)
        if PDL.sleepMasked(deadline: deadline?.microseconds ?? UInt64.max, allowDeepSleep: deep) {
            deepSleeps &+= 1
        } else {
            lightSleeps &+= 1
        }
        PDL.irqRestore(state)      // pending ISRs (host-wake, MCWDT) run here
        _ = checkHostWake()
    }

    public func delay(_ duration: Duration) {
        var us = duration.microseconds
        while us > 0 {
            let step = min(us, 1_000_000)
            PDL.delay(microseconds: UInt32(step))
            us -= step
        }
    }

    /// Raises the host-wake line if the ISR latched an edge or the line is asserted now.
    @discardableResult public func checkHostWake() -> Bool {
        let edge = PDL.hostWakeTakeEdge()
        guard edge || PDL.hostWakeAsserted() else { return false }
        interrupts.raise(hostWakeInterrupt)
        return true
    }

    /// The kit this image was built for (`psoc6_kit_name`), to check against the board
    /// config the app was given.
    public var kitName: UnsafeBufferPointer<UInt8> { PDL.kitName() }

    /// The die's 64-bit unique id (`Cy_SysLib_GetUniqueId`), for `Driver.uniqueID`.
    public var uniqueID: UInt64 { PDL.uniqueID() }

    /// The counting allocator (shim/psoc6_runtime.c): allocations, frees, bytes live, high-water
    /// mark since reset. On the kit all of it is the device's (no model, no world).
    public var allocations: AllocationCount {
        let s = PDL.allocStats()
        return AllocationCount(allocations: Int(s.allocations), frees: Int(s.frees),
                               bytesInUse: Int(s.live), peakBytes: Int(s.peak))
    }
    /// Heap bytes taken from the BSP's heap so far (sbrk high-water mark).
    public var heapUsed: Int { Int(PDL.heapUsed()) }

    /// Whether the host-wake edge is rising (INTERRUPT_POLARITY_HIGH on the chip side).
    public var hostWakeRising: Bool { PDL.hostWakeRising() }
}

/// The mailbox the MCWDT interrupt raises the alarm line on (one board, one platform).
nonisolated(unsafe) private var alarmMailbox: Unmanaged<InterruptMailbox>?

/// Why the PSoC 6 platform or its SDIO host could not start (shim status attached).
public enum PSoC6Error: Error, Equatable {
    /// `psoc6_board_init` failed (cybsp_init, UART, MCWDT or GPIO interrupt setup).
    case boardInit(status: Int32)
    /// `psoc6_sdio_init` failed: -6 = enumeration, -7 = a PDL/HAL call.
    case sdioInit(status: Int32)
}
