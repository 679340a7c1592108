import Runtime

/// The CYW43xxx host driver over either bus (`Driver<GSPIBus<T>>`, `Driver<SDIOBus<T>>`).
///
/// Cooperative and single-threaded: bring-up and ioctls are synchronous; an ioctl waits for
/// its reply by sleeping in the runtime's idle until host-wake or its timeout (`waiter`,
/// `Runner+Wait.swift`), never in a busy loop. Joins are started with quick ioctls and finish
/// through events that `poll(now:)` processes. The `runner` is the only code that touches
/// the bus.
public final class Driver<Bus: WLANBus> {
    public let runner: Runner<Bus>
    public let log: Log
    public let hostWake: HostWake
    /// The chip found at bring-up.
    public internal(set) var chip: ChipInfo?
    /// Chip revision (CHIPID bits 19..16) when read from chip-common.
    public internal(set) var chipRevision: UInt8 = 0
    /// "cur_etheraddr" after bring-up.
    public internal(set) var macAddress: MACAddress = .zero
    /// A number unique to this device (PSoC 6 die id, Linux machine-id, simulation seed): a chip
    /// that reports a placeholder MAC (`PlaceholderMAC`, blank OTP) gets a locally administered
    /// MAC made from it at bring-up. 0 if the board has none (every such device then shares one).
    public var uniqueID: UInt64 = 0
    /// The firmware's capability string has "sae" (WHD checks this before WPA3).
    public internal(set) var supportsSAE = false
    public internal(set) var isUp = false
    var bringingUp = false
    /// Ioctl reply timeout (WHD 5000 ms; cyw43-driver 500 ms).
    public var ioctlTimeout: Duration = .milliseconds(5000)
    /// Join timeout (WHD DEFAULT_JOIN_ATTEMPT_TIMEOUT 9000 ms).
    public var joinTimeout: Duration = .milliseconds(9000)
    /// Polling interval reported by `nextDeadline` when no host-wake line is used; waits for
    /// the chip then re-check at least this often too (nothing else would wake them).
    public var pollInterval: Duration? { didSet { runner.recheckInterval = pollInterval } }

    /// How waits for the chip sleep: a `SchedulerWaiter` under the runtime (the app's network
    /// task sets it), a `MailboxWaiter` for a driver on its own.
    public var waiter: (any ChipWaiter)? {
        get { runner.waiter }
        set { runner.waiter = newValue }
    }

    public internal(set) var eventMask = EventMask.join
    public internal(set) var joinState = JoinState.idle
    var joinProgress = JoinProgress()
    var joinSecurity = Security.open
    /// A failed join owes the firmware a WLC_DISASSOC (sent from `poll`).
    var pendingDisassoc = false
    /// Control requests in progress (`control`): a `poll` run by another task inside their
    /// wait leaves its own control work (link check, disassoc, bus sleep) for later.
    var controlDepth = 0
    /// A `poll` left its control work for later: `controlFreed` is called when the request
    /// in flight is done, so the owner of `poll` runs it again.
    var controlDeferred = false
    /// Called when control work a `poll` deferred may be done now (the network task asks
    /// for its next pass).
    public var controlFreed: (() -> Void)?
    /// A control request is in flight: the driver's own control work waits.
    public var controlBusy: Bool { controlDepth > 0 }
    /// Passes of `poll` that deferred their control work.
    public internal(set) var controlDeferrals = 0
    /// `runner.framesLost` when the link was last re-checked.
    var lossesChecked = 0
    public internal(set) var linkChecks = 0
    /// Link checks that found the link gone (a lost link-down event).
    public internal(set) var linkLossesFound = 0
    /// Preferred-network offload (Driver+NetworkSearch).
    public internal(set) var networkSearch = NetworkSearchState()

    // Bus sleep (docs/cyw43-bus.md §7.9)
    public internal(set) var saveRestore = false
    public internal(set) var busSleepEnabled = false
    public internal(set) var busAsleep = false
    var lastBusActivity = Instant.zero
    /// WHD PLATFORM_WLAN_ALLOW_BUS_TO_SLEEP_DELAY_MS.
    public var busSleepDelay: Duration = .milliseconds(10)

    // Upward notices: a bounded ring of 8 (oldest dropped when full, counted).
    var notices: InlineArray<8, DriverNotice> = .init(repeating: .joined)
    var noticeHead = 0
    var noticeCount = 0
    public internal(set) var noticesLost = 0

    public init(bus: Bus, log: Log, hostWake: HostWake = HostWake()) {
        runner = Runner(bus: bus, log: log)
        self.log = log
        self.hostWake = hostWake
        runner.eventHandler = DriverEventBridge(self)
    }

    public var bus: Bus { runner.bus }
    public var platform: any Platform { runner.bus.platform }
    public var counters: DriverCounters { runner.counters }

    /// Received Ethernet frames go here.
    public var receiver: (any FrameReceiver)? {
        get { runner.receiver }
        set { runner.receiver = newValue }
    }

    /// Every firmware event goes here after the driver's own handling.
    public var eventListener: (any EventListener)? {
        get { runner.eventListener }
        set { runner.eventListener = newValue }
    }

    // MARK: notices

    func post(_ n: DriverNotice) {
        if noticeCount == 8 {
            noticeHead = (noticeHead + 1) % 8
            noticeCount -= 1
            noticesLost += 1
            log.say("cyw43: notice queue full, oldest notice dropped")
        }
        notices[(noticeHead + noticeCount) % 8] = n
        noticeCount += 1
    }

    /// The oldest unread notice (join result, link down), or nil.
    public func nextNotice() -> DriverNotice? {
        guard noticeCount > 0 else { return nil }
        let n = notices[noticeHead]
        noticeHead = (noticeHead + 1) % 8
        noticeCount -= 1
        return n
    }

    /// The firmware trapped: the driver is down until the next `bringUp`.
    func firmwareHalted() {
        isUp = false
        joinState = .idle
        pendingDisassoc = false
        post(.firmwareHalted)
    }

    // MARK: runner loop

    /// The host-wake line (or SDIO card interrupt) fired; `poll` will service the bus.
    public func hostWakeSeen() { runner.hostWakeSeen() }

    /// Services the bus when an interrupt is pending or polling is due, checks the join
    /// deadline and lets the bus sleep when idle. Never blocks for long.
    public func poll(now: Instant) {
        guard isUp else { return }
        if runner.interruptPending || runner.framesMayRemain || pollInterval != nil
            || runner.retryAt.map({ now >= $0 }) == true || runner.stallDeadline.map({ now >= $0 }) == true {
            wakeBusIfNeeded()
            runner.service()
            lastBusActivity = platform.now
        }
        if case .joining(let deadline) = joinState, now >= deadline { failJoin(.timeout) }
        // Inside another task's ioctl wait (`Scheduler+Nested`): no ioctl of our own (the
        // mailbox holds one), and no bus sleep under a request in flight. Done when it ends.
        if controlBusy {
            if !controlDeferred && (runner.framesLost != lossesChecked || pendingDisassoc || busSleepEnabled) {
                controlDeferrals += 1
                controlDeferred = true
            }
            return
        }
        if runner.framesLost != lossesChecked { checkLinkAfterLoss() }
        if pendingDisassoc {
            pendingDisassoc = false
            do throws(IoctlError) { try ioctlSet(.disassoc) } catch {
                log.say("cyw43: disassoc after failed join failed")
            }
        }
        sleepBusIfIdle(now: now)
    }

    /// The next instant `poll` has work: join deadline, bus-sleep delay, polling interval.
    public func nextDeadline(now: Instant) -> Instant? {
        guard isUp else { return nil }
        // No local function capturing `d`: a debug build boxes the capture on the heap per call.
        var d: Instant?
        if runner.interruptPending || runner.framesMayRemain { d = Self.earlier(d, now) }
        if let r = runner.retryAt { d = Self.earlier(d, r) }
        if let s = runner.stallDeadline { d = Self.earlier(d, s) }
        if case .joining(let deadline) = joinState { d = Self.earlier(d, deadline) }
        // The bus sleeps once a request in flight is done (it sets `lastBusActivity` then).
        if busSleepEnabled && !busAsleep && !controlBusy { d = Self.earlier(d, lastBusActivity + busSleepDelay) }
        if let p = pollInterval { d = Self.earlier(d, now + p) }
        return d
    }

    static func earlier(_ a: Instant?, _ b: Instant) -> Instant { if let a, a < b { return a }; return b }

    /// Sends one Ethernet II frame (BDC + SDPCM added here). False when dropped (counted).
    @discardableResult
    public func send(frame: UnsafeRawBufferPointer) -> Bool {
        guard isUp else { return false }
        wakeBusIfNeeded()
        defer { lastBusActivity = platform.now }
        return runner.send(frame: frame)
    }
}

/// Breaks the generic-class/protocol knot: the runner calls the driver's event logic.
final class DriverEventBridge<Bus: WLANBus>: RunnerEventHandler {
    unowned(unsafe) let driver: Driver<Bus>
    init(_ d: Driver<Bus>) { driver = d }
    func runnerEvent(_ event: EventMessage, frame: UnsafeRawBufferPointer) { driver.handleEvent(event, frame: frame) }
    func runnerFirmwareHalted() { driver.firmwareHalted() }
}
