import Foundation
import Runtime
import Simulation

/// The simulated kit's surroundings, built from `SimulatedKitOptions`: the virtual
/// platform, the world (AP, LAN with router/DHCP and echo server, script, capture, power
/// ledger), the consoles, and the optional TAP bridge and real-time pacing. The App
/// wiring (`runSimulatedApp` in SimulatedKit.swift) adds the chip model, the driver and
/// the application on top, then reports host sleep/wake to `world`.
final class KitHarness {
    let options: SimulatedKitOptions
    let platform: VirtualPlatform
    let world: World
    let server: EchoServerHost?
    /// The device's serial console (the CE's UART log).
    let serialConsole: ConsoleSink
    let serialLog: Log
    let serverConsole: ConsoleSink
    let airConsole: ConsoleSink
    /// If the host never reaches its first deep sleep by this virtual time, the run stops
    /// (a join or DHCP or connect problem the App should already have reported).
    var bootTimeout: Duration = .minutes(10)
    /// The interrupt line the world raises when the run's time is up, to end a
    /// `platform.sleep(until:)` (the App's scheduler must treat it as "nothing to do").
    static let stopInterruptLine: UInt8 = 31
    private let wallStart = Date()
    private var tap: TapLink?

    init(options: SimulatedKitOptions) throws(KitError) {
        self.options = options
        platform = VirtualPlatform()
        var wc = options.world
        wc.duration = options.duration
        wc.capturePcap = options.pcapPath != nil
        if options.tap != nil { wc.serverIP = nil }
        world = World(config: wc, clock: platform)
        serialConsole = ConsoleSink(enabled: options.verbose)
        serialLog = Log(serialConsole)
        serverConsole = ConsoleSink(prefix: "[server] ", enabled: options.verbose)
        airConsole = ConsoleSink(prefix: "[air] ", enabled: options.verbose)
        airConsole.limit = options.traceLimit
        world.keepalives.traceLog = Log(airConsole)
        if let ip = wc.serverIP {
            let s = EchoServerHost(mac: wc.serverMAC, ip: ip, netmask: wc.subnetMask, gateway: wc.routerIP,
                                   port: wc.serverPort, clock: platform, lan: world, log: Log(serverConsole))
            s.clockOffsetSeconds = wc.clockOffsetSeconds
            world.attach(server: s)
            server = s
        } else {
            server = nil
        }
        for e in options.script { world.schedule(e) }
        if let name = options.tap {
            let link = try TapLink(name: name)
            world.attach(external: link)
            tap = link
        }
        let p = platform
        world.onFinished = { p.raiseInterrupt(KitHarness.stopInterruptLine) }
        platform.attach(world)
        if options.realtime || options.tap != nil { platform.attach(RealtimePacer(clock: platform)) }
    }

    /// True when the run is over: the world's duration after the first sleep has passed,
    /// or the host never got to sleep within `bootTimeout`.
    func shouldStop(at now: Instant) -> Bool {
        world.isFinished(at: now) || (world.firstSleep == nil && now >= Instant.zero + bootTimeout)
    }

    /// Closes the books and collects the numbers.
    func result(_ app: AppOutcome) -> RunResult {
        let stop = platform.now
        let power = world.finish(at: stop)
        let k = world.keepalives
        return RunResult(board: options.boardName, offload: options.offload,
                         simulatedSeconds: Double(stop.microseconds) / 1e6, power: power,
                         keepalivesSent: k.keepalivesSent, keepalivesAcked: k.keepalivesAcked,
                         peerKeepalives: k.peerKeepalives, bytesReceived: app.bytesReceived,
                         connections: app.connections, wallSeconds: Date().timeIntervalSince(wallStart),
                         figures: world.power.figures, endTime: stop,
                         hostIntervals: world.power.hostIntervals, chipIntervals: world.power.chipIntervals,
                         wakeTimes: world.power.wakeTimes, keepaliveTimes: k.stationKeepaliveTimes,
                         pcap: world.pcap?.bytes)
    }
}

/// The simulated run: options in, numbers out. The App wiring is `runSimulatedApp`
/// (SimulatedKit.swift, the lead's file).
func runSimulatedKit(_ options: SimulatedKitOptions) throws(KitError) -> RunResult {
    let kit = try KitHarness(options: options)
    let outcome = try runSimulatedApp(kit)
    return kit.result(outcome)
}
