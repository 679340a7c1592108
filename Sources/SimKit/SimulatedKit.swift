import Runtime
import CYW43
import ChipModel
import ChipBridge
import Net
import Boards
import App
import Simulation

/// The chip model is the world's station; it brings its own clock up to the platform's
/// (`chip.clock`) before taking a frame from the air, and takes the script's faults.
extension ChipModel: AirStation {
    public func inject(_ fault: ChipFault) {
        switch fault {
        case .firmwareTrap: trapFirmware()
        case .failedTransfer: failNextTransfer()
        case .corruptFrame: corruptNextSDPCMLength()
        case .flowControl(let bitmap): setFlowControl(bitmap)
        }
    }

    /// What the AP sees of the firmware's power save: PM1/PM2 (WLC_SET_PM), how long it
    /// stays awake after traffic (PM2: pm2_sleep_ret; PM1: no time) and which DTIMs it
    /// listens to (bcn_li_dtim, 0 = every one).
    public var powerSave: StationPowerSave? {
        guard pmMode != 0 else { return nil }
        func u32(_ b: [UInt8]?) -> Int { guard let b, b.count >= 4 else { return 0 }; return Int(b[0]) | Int(b[1]) << 8 | Int(b[2]) << 16 | Int(b[3]) << 24 }
        let ret = pmMode == 2 ? u32(iovarValue("pm2_sleep_ret")) : 0
        return StationPowerSave(sleepReturn: .milliseconds(Int64(ret)), listenDTIMs: u32(iovarValue("bcn_li_dtim")))
    }
}

/// A simulated run's outcome (what the summary, the JSON report and tests read).
public struct KitResult {
    public var simulatedSeconds: Double
    public var power: PowerSummary
    public var app: AppStats
    public var keepalivesSent: Int
    public var keepalivesAcked: Int
    public var offload: Bool
    public var connections: [Connection]
    public var phase: AppPhase
    public var deepSleeps: Int
    /// Busy-wait and short-sleep time after the first deep sleep.
    public var cpu: CPUTime

    public struct Connection {
        public var slot: UInt8
        public var localPort: UInt16
        public var remote: IPv4Address
        public var remotePort: UInt16
        public var state: TcpState
    }
}

/// Why a simulated run could not start or finish.
public struct ReceivePoolFigures {
    public var bytes: Int
    public var highWater: Int
    public var dropped: Int
    public var droppedSuspended: Int
}

public enum KitError: Error, Equatable {
    /// The board names a chip the model does not have.
    case unsupportedChip
    /// The scheduler's tables are too small.
    case start(AppStartError)
    /// The application halted before its first deep sleep (e.g. firmware missing).
    case halted
    /// No first deep sleep within `bootLimit`; the phase it was stuck in.
    case neverSlept(AppPhase)
}

/// The kit, the chip model and the virtual world on one virtual clock.
public protocol Kit: AnyObject {
    var world: World { get }
    var chip: ChipModel { get }
    var scheduler: Scheduler { get }
    var platform: VirtualPlatform { get }
    var phase: AppPhase { get }
    var stats: AppStats { get }
    var offloadActive: Bool { get }
    /// Every connection up, nothing being repaired (`KeepaliveApp.steady`).
    var steady: Bool { get }
    /// `NetworkService.deadlineStalls`: a deadline the stack never consumed (a livelock avoided).
    var deadlineStalls: Int { get }
    /// Busy-wait and short-sleep time after the first deep sleep (`CPUTime`).
    var cpu: CPUTime { get }
    /// Bus faults the driver met so far: frames lost (corrupt, dropped, a sequence gap) and
    /// failed transfers. A run's books compare it across a wake (it may restart at a reset).
    var busFaults: Int { get }
    /// Interface counters, sockets: for tests.
    var sockets: [TcpSocket] { get }
    var interfaceCounters: InterfaceCounters? { get }
    /// The network task's receive pool (`NetworkService`): frames dropped because it was
    /// full (and of those, while the stack was suspended), and the most bytes it held.
    var receivePool: ReceivePoolFigures { get }
    var dataSink: (any AppDataSink)? { get set }
    /// Sees every counted host wake with what the host had been waiting for (the soak's books).
    var onHostWake: ((Instant, HostWakeReason, RecoveryActivity) -> Void)? { get set }
    /// Boots and runs until the host first goes to deep sleep (returns that instant).
    func runToFirstSleep() throws(KitError) -> Instant
    func run(until: Instant)
    func result() -> KitResult
}

/// Builds the kit for `options.board`: the bus the board uses, the chip it has.
public func makeKit(_ options: KitOptions, log: Log) throws(KitError) -> any Kit {
    let kind: ChipKind
    switch options.board.chip {
    case .cyw4343w, .cyw43438: kind = .cyw4343W
    case .cyw43439: kind = .cyw43439
    case .cyw43012: kind = .cyw43012
    case .cyw4373: kind = .cyw4373
    }
    // The simulated hardware (the platform's books, the chip model, the world) is made inside
    // the hardware scope too: a counting allocator charges only the device's objects to it.
    let scope = options.hardwareScope
    scope?.enter()
    let base: VirtualPlatform
    if let host = options.hostClock { base = VirtualPlatform(steppedBy: host) } else { base = VirtualPlatform() }
    let platform = AccountingPlatform(base: base, threshold: options.deepSleepThreshold)
    platform.scope = scope
    let chip = ChipModel(chip: kind, bus: options.board.bus == .sdio ? .sdio : .gspi)
    scope?.leave()
    switch options.board.bus {
    case .sdio:
        scope?.enter()
        let transport = ChipSDIOTransport(chip)
        transport.scope = scope
        scope?.leave()
        let bus = SDIOBus(transport: transport, platform: platform)
        return try SimulatedKit(options, chip: chip, bus: bus, platform: platform, log: log)
    case .gspi:
        scope?.enter()
        let transport = ChipGSPITransport(chip)
        transport.scope = scope
        scope?.leave()
        let bus = GSPIBus(transport: transport, platform: platform)
        return try SimulatedKit(options, chip: chip, bus: bus, platform: platform, log: log)
    }
}

final class SimulatedKit<Bus: WLANBus>: Kit {
    let options: KitOptions
    let world: World
    let chip: ChipModel
    let scheduler: Scheduler
    let app: KeepaliveApp<Bus>
    let accounting: AccountingPlatform
    /// The firmware's offload engines (nil: a firmware without them).
    let offloads: FirmwareOffloads?
    var platform: VirtualPlatform { accounting.base }
    static var hostWakeLine: UInt8 { 1 }

    init(_ options: KitOptions, chip: ChipModel, bus: Bus, platform: AccountingPlatform, log: Log) throws(KitError) {
        self.options = options
        self.chip = chip
        chip.timing.ioctlLatency = options.ioctlLatency
        accounting = platform
        options.hardwareScope?.enter()   // the world, its server, the firmware image in "flash"
        var wc = WorldConfig.forBoard(options.board)
        if let ap = options.accessPoint { wc.accessPoints = [ap] }
        wc.leaseSeconds = options.leaseSeconds
        wc.capturePcap = options.capturePcap
        wc.clockOffsetSeconds = options.clockOffsetSeconds
        wc.duration = options.duration
        options.worldTweak?(&wc)
        world = World(config: wc, clock: platform.base)
        chip.air = world
        world.attach(station: chip)
        if let ip = wc.serverIP, options.external == nil {
            let server = EchoServerHost(mac: wc.serverMAC, ip: ip, netmask: wc.subnetMask, gateway: wc.routerIP,
                                        port: wc.serverPort, clock: platform.base, lan: world, log: options.serverLog)
            world.attach(server: server)
        }
        if let ext = options.external { world.attach(external: ext) }
        for e in options.events { world.schedule(e) }
        if options.firmwareOffloads { offloads = FirmwareOffloads.install(on: chip) } else { offloads = nil }
        if options.firmwarePNO { PreferredNetworkOffload.install(on: chip) }
        let base = platform.base
        let line = Self.hostWakeLine
        chip.onHostWake = { level in if level { base.raiseInterrupt(line) } }
        chip.clock = base
        base.attach(chip)
        base.attach(world)
        platform.world = world
        platform.chip = chip
        // The image names the offloads only when this firmware has them (its trailer's "-tko").
        let features: [UInt8]? = offloads == nil ? Array("chipmodel".utf8) : nil
        let resources = MemoryResources(firmware: SyntheticFirmware.image(for: chip.kind, features: features),
                                        nvram: SyntheticFirmware.nvram(), clm: SyntheticFirmware.clm())
        options.hardwareScope?.leave()

        scheduler = Scheduler(platform: platform, maxTasks: 4, maxQueuedEvents: 64, maxTimers: 16)
        var settings = AppSettings(board: options.board)
        settings.offload = options.offload
        settings.seed = options.seed
        settings.address = options.address
        options.appTweak?(&settings)
        let driver = Driver(bus: bus, log: log)
        app = KeepaliveApp(settings: settings, driver: driver, resources: resources, scheduler: scheduler, log: log)
        do throws(AppStartError) { try app.spawn(hostWakeLine: line) } catch { throw .start(error) }
        if let w = options.chipWaiter { driver.waiter = w }
        // The kit owns the app and the platform; the app reaches the platform through its
        // bus, so the platform must not hold the app strongly (that would be a cycle).
        platform.steady = { [unowned(unsafe) app = self.app] in app.steady }
        platform.activity = { [unowned(unsafe) app = self.app] in app.recoveryActivity }
        platform.napAllowed = { [unowned(unsafe) app = self.app] in app.deepSleepUnlocked }
        platform.inHandlerWait = { [unowned(unsafe) scheduler = self.scheduler] in scheduler.isWaiting }
        if options.board.bus == .gspi {
            // WL_REG_ON: low 20 ms, high, 250 ms (embassy's timing, docs/cyw43-bus.md §1.9 step 1, docs/linux-sbc.md §3.3).
            let scope = options.hardwareScope
            app.powerCycle = { [chip, base] in
                scope?.enter()
                defer { scope?.leave() }
                chip.powered = false
                base.delay(.milliseconds(20))
                chip.powered = true
                base.delay(.milliseconds(250))
            }
        }
    }

    var phase: AppPhase { app.phase }
    var stats: AppStats { app.stats }
    var offloadActive: Bool { !app.hostKeepalive }
    var steady: Bool { app.steady }
    var deadlineStalls: Int { app.network.deadlineStalls }
    var cpu: CPUTime { accounting.cpu }
    var busFaults: Int { app.driver.runner.framesLost &+ app.driver.counters.busErrors }
    var sockets: [TcpSocket] { app.sockets }
    var interfaceCounters: InterfaceCounters? { app.interface?.counters }
    var receivePool: ReceivePoolFigures {
        let n = app.network
        return ReceivePoolFigures(bytes: n.receivePoolBytes, highWater: n.receivePoolHighWater,
                                  dropped: n.framesDropped, droppedSuspended: n.framesDroppedSuspended)
    }
    var onHostWake: ((Instant, HostWakeReason, RecoveryActivity) -> Void)? {
        get { accounting.onWake }
        set { accounting.onWake = newValue }
    }
    var dataSink: (any AppDataSink)? {
        get { app.dataSink }
        set { app.dataSink = newValue }
    }

    func runToFirstSleep() throws(KitError) -> Instant {
        let limit = platform.now + options.bootLimit
        while platform.now < limit {
            scheduler.run(until: platform.now + .milliseconds(100))
            if app.phase == .halted { throw .halted }
            if settled {
                accounting.measuring = true
                return platform.now
            }
        }
        throw .neverSlept(app.phase)
    }

    /// Offload: the stack is suspended. Baseline: every socket is set up and idle.
    var settled: Bool {
        if !app.hostKeepalive { return app.phase == .suspended }
        return app.phase == .running && app.sockets.allSatisfy { $0.state == .established || $0.state == .closed }
    }

    func run(until t: Instant) {
        accounting.horizon = t
        accounting.resumeRun()
        scheduler.run(until: t)
    }

    func result() -> KitResult {
        let now = platform.now
        let summary = world.finish(at: now)
        var conns: [KitResult.Connection] = []
        for (i, s) in options.board.keepalive.sockets.enumerated() where i < app.sockets.count {
            conns.append(.init(slot: s.slot, localPort: s.localPort, remote: s.remoteIP, remotePort: s.remotePort,
                               state: app.sockets[i].state))
        }
        return KitResult(simulatedSeconds: Double(now.microseconds) / 1e6, power: summary, app: app.stats,
                         keepalivesSent: world.keepalives.keepalivesSent, keepalivesAcked: world.keepalives.keepalivesAcked,
                         offload: !app.hostKeepalive, connections: conns, phase: app.phase,
                         deepSleeps: accounting.deepSleeps, cpu: accounting.cpu)
    }
}
