import Foundation
import Runtime
import Simulation

/// The stand-in device's surroundings, built from `SimulatedKitOptions`: the virtual
/// platform, the world (AP, LAN with router/DHCP and echo server, script, capture, power
/// ledger), and the optional TAP bridge and real-time pacing. (The lead's SimKit builds
/// its own platform and world; it uses `makeExternalLink`, `RealtimePacer` and
/// `RunResult.collect` from here.)
final class KitHarness {
    let options: SimulatedKitOptions
    let platform: VirtualPlatform
    let world: World
    let server: EchoServerHost?
    let consoles: Consoles
    var serialLog: Log { consoles.serial }
    /// If the host never reaches its first deep sleep by this virtual time, the run stops
    /// (a join or DHCP or connect problem the App should already have reported).
    var bootTimeout: Duration = .minutes(10)
    /// The interrupt line the world raises when the run's time is up, to end a
    /// `platform.sleep(until:)` (the App's scheduler must treat it as "nothing to do").
    static let stopInterruptLine: UInt8 = 31
    let wallStart = Date()
    private var tap: TapLink?

    init(options: SimulatedKitOptions, consoles: Consoles) throws(CommandError) {
        self.consoles = consoles
        self.options = options
        platform = VirtualPlatform()
        var wc = options.world
        wc.duration = options.duration
        wc.capturePcap = options.pcapPath != nil
        if options.tap != nil { wc.serverIP = nil; wc.virtualRouter = false }
        world = World(config: wc, clock: platform)
        consoles.trace(world)
        if let ip = wc.serverIP {
            let s = EchoServerHost(mac: wc.serverMAC, ip: ip, netmask: wc.subnetMask, gateway: wc.routerIP,
                                   port: wc.serverPort, clock: platform, lan: world, log: consoles.server)
            s.clockOffsetSeconds = wc.clockOffsetSeconds
            world.attach(server: s)
            server = s
        } else {
            server = nil
        }
        for e in options.script { world.schedule(e) }
        if let link = try makeExternalLink(options) {
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
        RunResult.collect(options: options, world: world, now: platform.now, app: app, wallStart: wallStart)
    }
}

/// The TAP bridge for `--tap`, or nil (a missing interface is one clear error).
func makeExternalLink(_ options: SimulatedKitOptions) throws(CommandError) -> TapLink? {
    guard let name = options.tap else { return nil }
    return try TapLink(name: name)
}

/// The simulated run: options in, numbers out. The App wiring is `runSimulatedApp`
/// (SimulatedKit.swift, the lead's file).
func runSimulatedKit(_ options: SimulatedKitOptions) throws(CommandError) -> RunResult {
    try runSimulatedApp(options, consoles: Consoles(options))
}
