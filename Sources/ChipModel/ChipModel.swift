import Runtime

/// A software CYW43xxx: the far side of the gSPI or SDIO transport, built from
/// docs/cyw43-bus.md. Its "firmware" answers ioctls/iovars, joins virtual
/// APs, raises events, bridges data frames to an `AirMedium`, and hosts offload features.
///
/// Time: the model keeps the instant it was last advanced to (`now`). Delayed work (HT clock,
/// F2 ready, join steps, KSO wake, ioctl latency, offload timers) is scheduled on the virtual
/// clock and runs from `advance(to:)` (Runtime.VirtualDevice, docs/seams.md §1). Set `clock` to the
/// platform the chip is attached to, so bus calls and world events between deadlines are
/// stamped with the platform's time:
///
///     let chip = ChipModel(chip: .cyw43439, bus: .gspi)
///     chip.air = world                       // an AirMedium
///     chip.clock = platform; platform.attach(chip)
///     chip.onHostWake = { if $0 { platform.raiseInterrupt(line) } }   // must not re-enter the chip
///
/// Single-threaded: every call happens on the simulation's thread.
public final class ChipModel {
    public let kind: ChipKind
    public let profile: ChipProfile
    public let bus: HostBus
    public var timing: ChipTiming
    /// The radio side; nil = no APs and frames to the air are counted as dropped.
    public var air: (any AirMedium)?
    /// Logical host-wake level changes (true = asserted), docs/seams.md §2.
    public var onHostWake: ((Bool) -> Void)?
    /// Optional trace of firmware-level happenings (boot, join, halt).
    public var log: Log?
    public var counters = ChipCounters()
    /// Free SDPCM receive buffers the firmware grants the host beyond the next expected
    /// sequence number (docs/cyw43-bus.md §4.2). 0 stalls the host (credit tests).
    public var creditWindow: UInt8 = 8

    /// The instant the model was last advanced to.
    public internal(set) var now: Instant = .zero
    /// The platform whose clock the model follows between its own deadlines. A VirtualPlatform
    /// advances a device only when its deadline is due, so without this the model would stamp
    /// bus calls with a stale time. Set it to the platform the chip is attached to.
    public var clock: (any Platform)?
    /// The station MAC ("cur_etheraddr"): the OTP MAC when programmed, else NVRAM "macaddr=",
    /// else `unprogrammedMAC`; the host may set it while the interface is down.
    public internal(set) var macAddress: MACAddress
    let initialMACAddress: MACAddress
    /// The MAC programmed in the chip's OTP (nil: blank OTP, as on boards whose MAC lives in NVRAM).
    public let otpMACAddress: MACAddress?
    /// What firmware with neither OTP nor NVRAM MAC reports (Broadcom's well-known default).
    public static let unprogrammedMAC = MACAddress(0x00, 0x90, 0x4C, 0xC5, 0x12, 0x38)
    /// The running image's trailer ("ver" is built from it).
    var firmwareIdentity: FirmwareIdentity?
    /// The loaded CLM blob's strings ("clmver" is built from them).
    var clmIdentity: ClmIdentity?

    // Bus far sides (gSPI F0 / SDIO CCCR) and the Broadcom F1 register block.
    var gspi = GSPIRegisters()
    var cccr = SDIOCCCR()
    var sdioCard = SDIOCard()
    var f1 = F1Registers()
    var memory: BackplaneMemory
    var cores = CoreRegisters()

    // Firmware lifecycle.
    var armRunning = false
    public internal(set) var firmwareRunning = false
    public internal(set) var htAvailable = false
    public internal(set) var f2Ready = false
    public internal(set) var bootError: BootError?
    public internal(set) var firmwareHalted = false
    /// Bytes of firmware image found in RAM at boot (highest written byte below the NVRAM).
    public internal(set) var firmwareSize = 0
    public internal(set) var firmwareMarkerFound = false
    public internal(set) var nvramSize = 0
    /// The NVRAM as NUL-separated key=value strings, as found in RAM at boot.
    public internal(set) var nvram: [UInt8] = []
    public internal(set) var clmLoaded = false
    public internal(set) var clmSize = 0
    var clmBuffer: [UInt8] = []
    var clmStatus: UInt32 = 0
    var clmInProgress = false

    // SDPCM (§4).
    var toHost = HostQueue()
    var rxExpectedSeq: UInt8 = 0
    /// The last credit value sent in a header; the host starts with 1 (§4.2).
    var advertisedMax: UInt8 = 1
    /// Replies scheduled with `ioctlLatency` and not yet queued.
    var pendingDeliveries = 0

    // Firmware state.
    var iovars = IovarStore()
    var eventMask = [UInt8](repeating: 0, count: 32)
    public internal(set) var isUp = false
    public internal(set) var pmMode: UInt32 = 0
    var infra: UInt32 = 1
    var authMode: UInt32 = 0
    var wsec: UInt32 = 0
    var wpaAuth: UInt32 = 0
    var pmk: [UInt8] = []
    var pmkIsPassphrase = false
    var saePassword: [UInt8] = []
    var join = JoinState()
    var scanRequest: ScanRequest?
    /// Accepted "set-only" ioctls (antenna, band, country, ...) by number, for tests.
    var plainIoctls: [UInt32: [UInt8]] = [:]

    // Host wake (§7.8).
    public internal(set) var hostWakeAsserted = false
    var wakeCounts = [Int](repeating: 0, count: WakeReason.allCases.count)
    /// Frames the firmware holds for the host (a soak checks this stays bounded).
    public var framesQueuedForHost: Int { toHost.items.count }
    /// Host-wake pulses injected with nothing pending (`glitchHostWake`).
    public internal(set) var glitches = 0
    var pendingWakeReason: WakeReason?
    var lastCauseReason: WakeReason = .other

    // Bus sleep (§7.9).
    var ksoWakePending = false
    /// The SDIO always-on part dozes 1 ms after KSO went off; the next command then only wakes
    /// it and gets no response ("the first write may fail", §7.9).
    var aosDozing = false
    var sleepStarted: Instant = .zero
    var busSleepAccumulated: Duration = .zero

    var faults = Faults()
    var offloads: [any FirmwareOffload] = []
    var timers = TimerQueue()
    /// Zero-delay work, run when the current bus call or advance finishes.
    var deferred: [ChipAction] = []

    /// A chip on `bus`, powered and held in its start-up state (gSPI 16-bit mode, ARM in reset).
    /// `macAddress` is the MAC programmed in OTP; `otpProgrammed: false` leaves OTP blank, so the
    /// firmware takes NVRAM "macaddr=".
    public init(chip: ChipKind, bus: HostBus,
                macAddress: MACAddress = MACAddress(0x02, 0x0A, 0xF7, 0x43, 0x00, 0x01), otpProgrammed: Bool = true,
                timing: ChipTiming = ChipTiming(), air: (any AirMedium)? = nil) {
        self.otpMACAddress = otpProgrammed ? macAddress : nil
        self.kind = chip
        self.profile = chip.profile
        self.bus = bus
        self.timing = timing
        self.air = air
        self.macAddress = macAddress
        self.initialMACAddress = macAddress
        self.memory = BackplaneMemory(base: chip.profile.ramBase, size: chip.profile.ramSize)
        self.cccr.cardCapabilitiesRO = chip.profile.cardCapabilities
        self.iovars.installDefaults(profile: chip.profile)
    }

    /// Whether the bus the host uses is wired on this chip (gSPI only on 43439, §1.9/§3.5)
    /// and the chip is powered.
    var busPresent: Bool { powered && (bus == .sdio || profile.supportsGSPI) }

    /// WL_REG_ON. Dropping it loses everything; raising it again gives a chip in its power-on
    /// state (gSPI 16-bit mode, ARM in reset, RAM cleared). Counters and wake counts survive.
    public var powered = true {
        didSet {
            guard powered != oldValue else { return }
            resetToPowerOn()
            updateHostWake()
        }
    }

    /// Frames waiting for the host beyond this are dropped (data from the air) — the firmware's
    /// buffers are finite. Control replies and events are always queued.
    public var hostQueueLimit = 64

    /// Total time the bus spent with KSO off so far (§7.9), for power accounting.
    public var busSleepTime: Duration {
        syncClock()
        return busSleepAccumulated + (f1.kso ? .zero : now - sleepStarted)
    }

    // MARK: Offload hook API (docs/seams.md §3)

    /// Adds a firmware feature; iovars are offered to features in installation order.
    public func installOffload(_ o: any FirmwareOffload) { offloads.append(o) }

    /// Whether the station is associated and authorized (data flows).
    public var isAssociated: Bool { join.authorized }
    /// The associated AP's BSSID, if any.
    public var bssid: MACAddress? { join.linkUp ? join.ap?.bssid : nil }

    /// Host-wake assertions so far, per reason.
    public func wakeCount(_ reason: WakeReason) -> Int { wakeCounts[reason.rawValue] }
    /// Host-wake assertions so far, all reasons.
    public var totalWakes: Int { wakeCounts.reduce(0, +) }

    /// Whether event `type` is enabled in the mask ("event_msgs"): bit n = byte n/8, bit n%8 (§6.2).
    public func eventEnabled(_ type: UInt32) -> Bool {
        type < 256 && eventMask[Int(type >> 3)] & (1 << UInt8(type & 7)) != 0
    }

    /// The last value set for a model-stored iovar (nil if unknown or never set and no default).
    public func iovarValue(_ name: StaticString) -> [UInt8]? { iovars.value(named: name) }

    /// The last buffer of an accepted plain set-ioctl (SET_BAND, SET_COUNTRY, ...), by number.
    public func ioctlValue(_ cmd: UInt32) -> [UInt8]? { plainIoctls[cmd] }

    /// The security settings the host made (WLC_SET_WSEC / SET_WPA_AUTH / SET_AUTH / SET_INFRA).
    public var securitySettings: (wsec: UInt32, wpaAuth: UInt32, auth: UInt32, infra: UInt32) {
        (wsec, wpaAuth, authMode, infra)
    }
}

// MARK: Runtime.VirtualDevice (docs/seams.md §1)

extension ChipModel: VirtualDevice {
    /// The earliest instant the model must run at: its own timers and every offload's.
    public var nextDeadline: Instant? {
        var best = timers.nextDeadline
        if !firmwareHalted {
            for o in offloads {
                if let d = o.nextDeadline, best == nil || d < best! { best = d }
            }
        }
        return best
    }

    /// Catches up with `clock` (running anything due) before a bus call or a world event.
    func syncClock() {
        if let c = clock?.now, c > now { advance(to: c) }
    }

    /// Runs everything due at or before `to`, in deadline order, setting `now` before each.
    public func advance(to target: Instant) {
        drainDeferred()
        // A feature whose deadline does not move would spin forever; stop after a generous bound.
        var budget = 100_000
        while budget > 0 {
            budget -= 1
            var due: Instant? = nil
            if let t = timers.nextDeadline, t <= target { due = t }
            var dueOffload: (any FirmwareOffload)? = nil
            if !firmwareHalted {
                for o in offloads {
                    if let d = o.nextDeadline, d <= target, due == nil || d < due! {
                        due = d; dueOffload = o
                    }
                }
            }
            guard let at = due else { break }
            if at > now { now = at }
            if let o = dueOffload {
                o.advance(to: now, chip: self)
            } else if let action = timers.popDue(at: now) {
                run(action)
            }
            drainDeferred()
        }
        if target > now { now = target }
    }
}
