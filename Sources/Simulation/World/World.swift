import Runtime
import ChipModel

/// The virtual world around the simulated kit, on the platform's virtual clock: the
/// access points a scan sees, the air between the station and its AP, the wired LAN
/// behind the AP (router + DHCP server, echo server), scripted events, the pcap of every
/// frame on the air side, keepalive recognition and the power ledger.
///
/// Wiring (the lead's SimulatedKit): create the platform, `World(config:clock:)`, the
/// chip model with `world` as its `AirMedium`, `world.attach(station: chip)`,
/// `platform.attach(world)`; report host sleep/wake with `hostAsleep(at:)` /
/// `hostAwake(at:reason:)`; run until `isFinished(at:)`; then `finish(at:)`.
public final class World: VirtualDevice, AirMedium, LanPort {
    public let config: WorldConfig
    public let power: PowerLedger
    public let keepalives = KeepaliveTracker()
    public private(set) var pcap: PcapWriter?
    public private(set) var router: RouterHost!
    public private(set) var server: (any ScriptableServer)?
    public private(set) var accessPointsState: [VirtualAP]
    public private(set) var apPresent: [Bool]

    public struct Counters: Equatable, Sendable {
        public var framesFromStation = 0, framesToStation = 0
        public var lostNoAP = 0, lostNoHost = 0, unparsable = 0
        /// Frames the AP held for the dozing station (power save) / dropped, its queue full.
        public var heldForDozingStation = 0, apBufferDrops = 0
    }
    public private(set) var counters = Counters()

    private let clock: any Platform
    private var station: (any AirStation)?
    private var external: (any ExternalLink)?
    /// When the bridged link is read next (every `externalPollInterval`). A stored instant:
    /// a deadline computed as `now + interval` on every query is never due, and the link
    /// was then read only when some other deadline of the world came (the firmware's next
    /// keepalive), leaving the kernel's frames queued for seconds.
    private var externalPollAt: Instant?
    public static let externalPollInterval = Duration.milliseconds(1)
    public private(set) var stationMAC: MACAddress?
    public private(set) var stationAssociated = false
    private var serverPresent = true
    private var hosts: [any LanHost] = []

    /// Frames in flight: (delivery time, frame, from station?, sender MAC).
    private struct InFlight { var at: Instant; var frame: [UInt8]; var toStation: Bool; var from: MACAddress }
    private var inFlight: [InFlight] = []
    private var inFlightHead = 0

    /// Power save: the station is awake until this instant (its last frame + its sleep
    /// return); frames the AP holds for it meanwhile and when it releases them.
    public private(set) var stationAwakeUntil = Instant.zero
    private var held: [[UInt8]] = []
    private var releaseAt: Instant?
    /// Frames the AP holds for the dozing station now.
    public var framesHeldByAP: Int { held.count }

    private struct Pending { var when: ScriptedEvent.When; var action: ScriptedEvent.Action }
    private var script: [Pending] = []
    public private(set) var firstSleep: Instant?

    public init(config: WorldConfig, clock: any Platform) {
        self.config = config
        self.clock = clock
        self.power = PowerLedger(figures: config.figures)
        // The scan results' DTIM period is the one the AP's power save runs on.
        self.accessPointsState = config.accessPoints.map {
            var ap = $0
            if let ps = config.powerSave { ap.dtimPeriod = UInt8(clamping: max(ps.dtimPeriod, 1)) }
            return ap
        }
        self.apPresent = [Bool](repeating: true, count: config.accessPoints.count)
        if config.capturePcap { pcap = PcapWriter(epochOffsetSeconds: config.clockOffsetSeconds) }
        keepalives.formatter.clockOffsetSeconds = config.clockOffsetSeconds
        router = RouterHost(mac: config.routerMAC, ip: config.routerIP, dhcp: config.dhcp, port: self)
        if config.virtualRouter { hosts.append(router) }
    }

    // MARK: wiring

    /// The station whose radio side the world drives (the chip model).
    public func attach(station: any AirStation) { self.station = station }

    /// Puts the echo server (or any scriptable host) on the LAN.
    public func attach(server: any ScriptableServer) {
        self.server = server
        hosts.append(server)
    }

    /// Adds another host to the LAN.
    public func attach(host: any LanHost) { hosts.append(host) }

    /// Bridges the air side to a real network (TAP): frames from the station go there
    /// as well as to the virtual hosts; frames from it reach the station.
    public func attach(external link: any ExternalLink) {
        external = link
        externalPollAt = clock.now
    }

    /// Frames on their way through the air or the LAN.
    public var framesInFlight: Int { inFlight.count - inFlightHead }
    /// Scripted events not yet performed.
    public var scriptedEventsLeft: Int { script.count }

    public func schedule(_ e: ScriptedEvent) { script.append(Pending(when: e.when, action: e.action)) }

    /// The station's own report that it (re)joined; otherwise its first frame marks it.
    public func stationJoined(at t: Instant) {
        if !stationAssociated { stationAssociated = true; power.chipAssociated(at: t) }
    }

    /// The station left its AP on its own (disassociate, failed rejoin).
    public func stationLeft(at t: Instant) {
        if stationAssociated { stationAssociated = false; power.chipDisassociated(at: t) }
    }

    // MARK: host power (reported by the App wiring)

    public func hostAsleep(at t: Instant) {
        if firstSleep == nil { firstSleep = t }
        power.hostAsleep(at: t)
    }

    public func hostAwake(at t: Instant, reason: HostWakeReason) { power.hostAwake(at: t, reason: reason) }

    /// The end of the run: first sleep + `config.duration` (nil before the first sleep).
    public var endTime: Instant? {
        guard let s = firstSleep, let d = config.duration else { return nil }
        return s + d
    }

    public func isFinished(at now: Instant) -> Bool { endTime.map { now >= $0 } ?? false }

    /// Called once when virtual time reaches `endTime` (from `advance`), so a run loop
    /// asleep in `platform.sleep(until:)` can be woken: the harness raises an interrupt.
    public var onFinished: (() -> Void)?
    private var finishedSignalled = false

    /// Closes the books at `now`.
    public func finish(at now: Instant) -> PowerSummary { power.close(at: now) }

    // MARK: AirMedium

    public func accessPoints() -> [VirtualAP] {
        var out: [VirtualAP] = []
        for i in accessPointsState.indices where apPresent[i] { out.append(accessPointsState[i]) }
        return out
    }

    /// The chip model reports joins and leaves (ChipModel's addition to docs/seams.md §3).
    public func associationChanged(station mac: MACAddress, bssid: MACAddress?) {
        stationMAC = mac
        if bssid != nil { stationJoined(at: clock.now) } else { stationLeft(at: clock.now) }
    }

    public func transmit(_ frame: [UInt8], from mac: MACAddress) {
        let now = clock.now
        stationMAC = mac
        counters.framesFromStation += 1
        pcap?.append(frame, at: now)
        power.chipTransmitted(bytes: frame.count, at: now)
        observe(frame, at: now, fromStation: true)
        guard apPresent.contains(true) else { counters.lostNoAP += 1; return }
        stationJoined(at: now)
        stationActive(now)
        if !held.isEmpty { releaseAt = min(releaseAt ?? .distantFuture, now + config.latency) }
        external?.send(frame)
        enqueue(InFlight(at: now + config.latency, frame: frame, toStation: false, from: mac))
    }

    // MARK: LanPort

    public func send(_ frame: [UInt8], from host: MACAddress) {
        if host == config.serverMAC && !serverPresent { return }
        enqueue(InFlight(at: clock.now + config.latency, frame: frame, toStation: true, from: host))
    }

    private func enqueue(_ f: InFlight) {
        // Latency is constant, so arrival order is send order; keep it sorted anyway.
        var i = inFlight.count
        while i > inFlightHead && inFlight[i - 1].at > f.at { i -= 1 }
        inFlight.insert(f, at: i)
    }

    // MARK: VirtualDevice

    public var nextDeadline: Instant? {
        var d: Instant? = inFlightHead < inFlight.count ? inFlight[inFlightHead].at : nil
        func take(_ x: Instant?) { if let x, d == nil || x < d! { d = x } }
        for h in hosts where !(isServer(h) && !serverPresent) { take(h.nextDeadline) }
        for p in script { take(resolve(p.when)) }
        take(externalPollAt)
        take(releaseAt)
        if !finishedSignalled, onFinished != nil { take(endTime) }
        return d
    }

    public func advance(to now: Instant) {
        if !finishedSignalled, let e = endTime, now >= e, let f = onFinished {
            finishedSignalled = true
            f()
        }
        runScript(now)
        if let r = releaseAt, r <= now { releaseHeld(now) }
        while inFlightHead < inFlight.count && inFlight[inFlightHead].at <= now {
            let f = inFlight[inFlightHead]
            inFlightHead += 1
            deliver(f, now: f.at)
        }
        if inFlightHead > 64 && inFlightHead * 2 > inFlight.count {
            inFlight.removeFirst(inFlightHead); inFlightHead = 0
        }
        for h in hosts where !(isServer(h) && !serverPresent) {
            if let d = h.nextDeadline, d <= now { h.advance(to: now) }
        }
        if let ext = external, let at = externalPollAt, at <= now {
            externalPollAt = now + Self.externalPollInterval
            for frame in ext.receive() { deliverToStation(frame, now: now) }
        }
    }

    private func deliver(_ f: InFlight, now: Instant) {
        if f.toStation { deliverToStation(f.frame, now: now); return }
        // Station -> LAN: unicast to the host with that MAC, broadcast/multicast to all.
        guard f.frame.count >= 6 else { counters.unparsable += 1; return }
        let dst = MACAddress(f.frame[0], f.frame[1], f.frame[2], f.frame[3], f.frame[4], f.frame[5])
        var delivered = false
        for h in hosts where dst.isMulticast || h.mac == dst {
            if isServer(h) && !serverPresent { continue }
            h.receive(f.frame, now: now)
            delivered = true
        }
        if !delivered && external == nil { counters.lostNoHost += 1 }
    }

    private func deliverToStation(_ frame: [UInt8], now: Instant) {
        guard frame.count >= 14, let station else { return }
        let dst = MACAddress(frame[0], frame[1], frame[2], frame[3], frame[4], frame[5])
        if let me = stationMAC, !dst.isMulticast && dst != me { return }
        guard stationAssociated || stationMAC == nil else { counters.lostNoAP += 1; return }
        guard apPresent.contains(true) else { counters.lostNoAP += 1; return }
        if let ps = config.powerSave, let sps = station.powerSave, !held.isEmpty || now >= stationAwakeUntil {
            // The station dozes (or frames before this one are still held): the AP keeps
            // the frame and sets the station's TIM bit; it listens at its next DTIM.
            guard held.count < ps.bufferLimit else { counters.apBufferDrops += 1; return }
            held.append(frame)
            counters.heldForDozingStation += 1
            let dtim = ps.nextListenedDTIM(atOrAfter: now, listenDTIMs: sps.listenDTIMs) + ps.deliveryDelay
            releaseAt = min(releaseAt ?? .distantFuture, dtim)
            return
        }
        hand(frame, to: station, now: now)
    }

    /// The station is awake from `now` for its sleep return (it sent or received a frame).
    private func stationActive(_ now: Instant) {
        guard let sps = station?.powerSave else { return }
        let until = now + sps.sleepReturn
        if until > stationAwakeUntil { stationAwakeUntil = until }
    }

    /// The station woke (a DTIM it listens to showed its TIM bit, or it transmitted): the
    /// AP sends everything it held, in order.
    private func releaseHeld(_ now: Instant) {
        releaseAt = nil
        let frames = held
        held.removeAll(keepingCapacity: true)
        guard let station else { return }
        for f in frames {
            guard stationAssociated || stationMAC == nil, apPresent.contains(true) else { counters.lostNoAP += 1; continue }
            hand(f, to: station, now: now)
        }
    }

    private func hand(_ frame: [UInt8], to station: any AirStation, now: Instant) {
        stationActive(now)
        counters.framesToStation += 1
        pcap?.append(frame, at: now)
        power.chipReceived(bytes: frame.count, at: now)
        observe(frame, at: now, fromStation: false)
        station.receiveFromAir(frame)
    }

    private func observe(_ frame: [UInt8], at now: Instant, fromStation: Bool) {
        guard let p = try? LanPacket(parsing: frame) else { counters.unparsable += 1; return }
        if p.tcp != nil { keepalives.observe(p, at: now, fromStation: fromStation) }
    }

    private func isServer(_ h: any LanHost) -> Bool {
        guard let s = server else { return false }
        return s === h
    }

    // MARK: script

    private func resolve(_ w: ScriptedEvent.When) -> Instant? {
        switch w {
        case .at(let t): return t
        case .afterFirstSleep(let d): return firstSleep.map { $0 + d }
        }
    }

    private func runScript(_ now: Instant) {
        var i = 0
        while i < script.count {
            if let t = resolve(script[i].when), t <= now {
                let a = script.remove(at: i).action
                perform(a, now: now)
            } else { i += 1 }
        }
    }

    private func perform(_ a: ScriptedEvent.Action, now: Instant) {
        switch a {
        case .serverSends(let bytes): server?.sendToClient(bytes, now: now)
        case .serverCloses: server?.closeClient(now: now)
        case .serverResets: server?.resetClient(now: now)
        case .serverDisappears: serverPresent = false
        case .serverReturns(let rebooted):
            serverPresent = true
            if rebooted { server?.reboot(now: now) }
        case .apDisappears(let i):
            guard apPresent.indices.contains(i) else { return }
            apPresent[i] = false
            dropStation(now)
        case .apReturns(let i):
            guard apPresent.indices.contains(i) else { return }
            apPresent[i] = true
        case .apChangesPassphrase(let i, let pass):
            guard accessPointsState.indices.contains(i) else { return }
            accessPointsState[i].passphrase = pass
            dropStation(now)
        case .dhcpServer(let enabled): router.dhcpEnabled = enabled
        case .chipFault(let f): station?.inject(f)
        case .serverWindow(let n): server?.setReceiveWindow(n, now: now)
        }
    }

    private func dropStation(_ now: Instant) {
        held.removeAll(); releaseAt = nil
        guard stationAssociated else { return }
        stationAssociated = false
        power.chipDisassociated(at: now)
        station?.apLost()
    }
}
