import Runtime
import Net
import ChipModel
import Boards
import Simulation

/// A stand-in for the App + driver + chip model, used until the lead's App wiring lands
/// (SimulatedKit.swift): a Net `Interface` put straight on the air, doing what CE229926
/// does (join, DHCP, connect slot 0, send "Some random stuff", suspend, sleep), with a
/// firmware-like keepalive engine (tko-offload.md §1.7) while "asleep" when offload is on,
/// or the host's own TCP keepalive when it is off. It exercises the world end to end:
/// DHCP server, echo server, pcap, keepalive recognition and power accounting.
final class StandInDevice: AirStation, VirtualDevice {
    enum Phase { case dhcp, connecting, settling, asleep, rejoining, failed }

    let kit: KitHarness
    let mac = MACAddress(0xA0, 0xC9, 0xA0, 0x3D, 0xD3, 0x6A)    // the seed log's WLAN MAC
    let iface: Interface
    let socket: TcpSocket
    let log: Log
    var phase = Phase.dhcp
    var error: CommandError?
    var bytesReceived = 0
    /// Host awake until this instant without network activity (CE: 200 ms quiet window
    /// inside 300 ms, then 100 ms delay; tko-offload.md §6.3).
    var quietUntil = Instant.zero
    // Firmware keepalive stand-in (offload on, host asleep).
    var tko: TcpOffloadState?
    var tkoNext: Instant?
    var tkoRetriesLeft = 0

    private final class Sink: FrameSink {
        unowned(unsafe) let world: World
        let mac: MACAddress
        init(_ w: World, _ m: MACAddress) { world = w; mac = m }
        func transmit(_ frame: UnsafeRawBufferPointer) { world.transmit(Array(frame), from: mac) }
    }

    init(kit: KitHarness) {
        self.kit = kit
        log = kit.serialLog
        var c = Interface.Config(mac: mac)
        c.randomSeed = kit.options.seed
        iface = Interface(config: c, sink: Sink(kit.world, mac))
        var tc = TcpConfig()
        let k = kit.options.board.keepalive
        if !kit.options.offload {
            // ENABLE_HOST_TCP_KEEPALIVE (tko-offload.md §6.2 step 5): the host keeps the connection alive.
            tc.keepalive = TcpKeepaliveConfig(interval: .seconds(Int64(k.interval)),
                                              retryInterval: .seconds(Int64(k.retryInterval)),
                                              retryCount: Int(k.retryCount))
        }
        socket = TcpSocket(config: tc, seed: kit.options.seed &+ 7)
        iface.addTcpSocket(socket)
    }

    static func run(_ options: SimulatedKitOptions, consoles: Consoles) throws(CommandError) -> RunResult {
        let kit = try KitHarness(options: options, consoles: consoles)
        let d = StandInDevice(kit: kit)
        try d.start()
        kit.world.attach(station: d)
        kit.platform.attach(d)
        while d.phase != .failed && !kit.shouldStop(at: kit.platform.now) {
            let now = kit.platform.now
            let limit = kit.world.endTime ?? min(Instant.zero + kit.bootTimeout, now + .seconds(1))
            kit.platform.sleep(until: limit)
            _ = kit.platform.interrupts.takeAll()
        }
        if let e = d.error { throw e }
        if kit.world.firstSleep == nil { throw CommandError("stand-in device: never reached deep sleep") }
        let r = d.socket.remote
        return kit.result(AppOutcome(bytesReceived: d.bytesReceived, connections: [
            ConnectionReport(localPort: d.socket.local.port,
                             remoteAddress: "\(dotted(r.address)):\(r.port)", finalState: "\(d.socket.state)".uppercased())]))
    }

    // MARK: start-up (the CE's log lines, §6.2)

    func start() throws(CommandError) {
        let b = kit.options.board
        log.text("Info: ").end()
        log.line("Info: =====================================")
        log.line("Info: CE229926 - WLAN TCP Keepalive Offload")
        log.line("Info: =====================================")
        log.end()
        log.text("WLAN MAC Address : ").mac(mac.bytes).end()
        log.line("Info: Wi-Fi initialization is successful")
        log.text("Info: Join to AP: ").ascii(b.wifi.ssid).end()
        var joined: VirtualAP? = nil
        for _ in 0..<3 {                     // MAX_WIFI_RETRY_COUNT, no delay between attempts
            if let ap = findAP() { joined = ap; break }
            log.line("Error: Failed to join Wi-Fi network. Retrying...")
        }
        guard let ap = joined else {
            log.line("Error: Wi-Fi connection failed.")
            throw CommandError("Wi-Fi: cannot join '\(String(decoding: b.wifi.ssid, as: UTF8.self))' (wrong SSID, security or passphrase?)")
        }
        kit.world.associationChanged(station: mac, bssid: ap.bssid)
        log.text("Info: Successfully joined wifi network ").ascii(b.wifi.ssid).end()
        let now = kit.platform.now
        if let st = kit.options.staticAddress {
            iface.configureAddress(.fixed(IPv4Config(address: st.address, netmask: st.netmask, gateway: st.gateway)), now: now)
            addressReady(now)
        } else {
            iface.configureAddress(.dhcp(DhcpClient.Config()), now: now)
        }
    }

    /// The AP a join with the board's credentials would get (wrong credentials: none).
    func findAP() -> VirtualAP? {
        let b = kit.options.board
        let want = APSecurity(b.wifi.security)
        return kit.world.accessPoints().first {
            $0.ssid == b.wifi.ssid && $0.security == want && ($0.security == .open || $0.passphrase == b.wifi.passphrase)
        }
    }

    func addressReady(_ now: Instant) {
        guard let c = iface.ipv4Config else { return }
        log.text("Info: Assigned IP address: ").ipv4(c.address.value).end()
        log.line("Info: Taking TCP Keepalive configuration from the Generated sources.")
        guard let s = kit.options.board.keepalive.sockets.first else { fail("no keepalive socket configured"); return }
        do {
            try socket.connect(to: TcpEndpoint(address: s.remoteIP, port: s.remotePort), localPort: s.localPort, now: now)
        } catch { fail("connect: \(error)"); return }
        phase = .connecting
    }

    func fail(_ why: String) { error = CommandError(why); phase = .failed }

    // MARK: AirStation

    func receiveFromAir(_ frame: [UInt8]) {
        let now = kit.platform.now
        if phase == .asleep {
            if kit.options.offload, firmwareConsumes(frame) { return }
            wake(now, reason: .data)
        }
        frame.withUnsafeBytes { iface.receive(frame: $0, now: now) }
        quietUntil = now + .milliseconds(400)
        step(now)
    }

    func apLost() {
        let now = kit.platform.now
        if phase == .asleep { wake(now, reason: .linkDown) }
        log.line("Info: Wi-Fi link lost, rejoining")
        phase = .rejoining
        rejoinAt = now + .seconds(1)
    }
    var rejoinAt: Instant? = nil

    // MARK: VirtualDevice

    var nextDeadline: Instant? {
        switch phase {
        case .failed: return nil
        case .asleep: return kit.options.offload ? tkoNext : socketDeadline()
        case .rejoining: return rejoinAt
        default:
            let p = iface.pollAt(now: kit.platform.now)
            let q = phase == .settling ? quietUntil : phase == .rejoining ? rejoinAt : nil
            return [p, q].compactMap { $0 }.min()
        }
    }

    private func socketDeadline() -> Instant? { iface.isSuspended ? socketTimerWhileSuspended : iface.pollAt(now: kit.platform.now) }
    private var socketTimerWhileSuspended: Instant?

    func advance(to now: Instant) {
        if phase == .asleep {
            if kit.options.offload { firmwareTimer(now); return }
            wake(now, reason: .other)      // the host's TCP keepalive timer
        }
        step(now)
    }

    private func step(_ now: Instant) {
        if phase == .rejoining, let at = rejoinAt, now >= at {
            // WCM retries joins with a 1 s back-off doubling to 32 s (peers.md); 1 s here.
            if let ap = findAP() {
                kit.world.associationChanged(station: mac, bssid: ap.bssid)
                log.text("Info: Successfully joined wifi network ").ascii(kit.options.board.wifi.ssid).end()
                phase = .settling
                quietUntil = now + .milliseconds(400)
                rejoinAt = nil
            } else {
                rejoinAt = now + .seconds(1)
            }
        }
        if phase == .rejoining { return }
        iface.poll(now: now)
        while let e = iface.dhcp?.takeEvent() {
            if case .configured = e, phase == .dhcp { addressReady(now) }
        }
        if phase == .dhcp, now >= Instant.zero + .seconds(60), iface.ipv4Config == nil {
            fail("DHCP: no answer from a server within 60 s"); return
        }
        if phase == .connecting {
            if socket.state == .established {
                let s = kit.options.board.keepalive.sockets[0]
                log.text("Info: Socket[0]: Created connection to IP ").ipv4(s.remoteIP.value).text(", local port ")
                    .udec(UInt64(s.localPort)).text(", remote port ").udec(UInt64(s.remotePort)).end()
                _ = try? socket.send(Array("Some random stuff".utf8))
                phase = .settling
                quietUntil = now + .milliseconds(400)
            } else if socket.state == .closed {
                let s = kit.options.board.keepalive.sockets[0]
                fail("TCP: connection to \(dotted(s.remoteIP)):\(s.remotePort) refused or timed out (\(socket.closeReason.map { "\($0)" } ?? "closed"))")
                return
            }
        }
        if let data = try? socket.receive(), !data.isEmpty { bytesReceived += data.count; quietUntil = now + .milliseconds(400) }
        iface.poll(now: now)
        if phase == .settling, now >= quietUntil, socket.sendQueueCount == 0 { sleep(now) }
    }

    // MARK: sleep / wake (LPA's wait_net_suspend, tko-offload.md §4.2–4.3, §6.3)

    private func sleep(_ now: Instant) {
        if kit.options.offload {
            guard let peerMAC = iface.neighborMAC(for: socket.remote.address),
                  let st = socket.offloadState(localMAC: mac, remoteMAC: peerMAC) else { quietUntil = now + .milliseconds(100); return }
            tko = st
            tkoNext = now                      // the firmware probes at once on enable (§1.7)
            tkoRetriesLeft = Int(kit.options.board.keepalive.retryCount)
            log.line("whd_tko_toggle: Successfully enabled")
            iface.suspend(now: now)
        } else {
            socketTimerWhileSuspended = nil
        }
        log.end()
        log.line("Network Stack Suspended, MCU will enter DeepSleep power mode")
        phase = .asleep
        kit.world.hostAsleep(at: now)
    }

    private func wake(_ now: Instant, reason: HostWakeReason) {
        kit.world.hostAwake(at: now, reason: reason)
        log.line("Resuming Network Stack, Network stack was suspended")
        if kit.options.offload {
            tko = nil; tkoNext = nil
            iface.resume(now: now)
            log.line("whd_tko_toggle: Successfully disabled")
        }
        phase = .settling
        quietUntil = now + .milliseconds(400)
    }

    // MARK: firmware keepalive stand-in (tko-offload.md §1.6–1.7)

    private func frame(_ st: TcpOffloadState, seq: UInt32) -> [UInt8] {
        FrameBuilder.tcp(srcMAC: st.localMAC, dstMAC: st.remoteMAC, srcIP: IPv4Address(st.localIP),
                         dstIP: IPv4Address(st.remoteIP), srcPort: st.localPort, dstPort: st.remotePort,
                         seq: seq, ack: st.rcvNxt, flags: LanPacket.TCP.ackFlag, window: st.rcvWnd, ttl: 32)
    }

    private func firmwareTimer(_ now: Instant) {
        guard let st = tko else { return }
        if tkoRetriesLeft == 0 {
            wake(now, reason: .keepaliveFailure)   // WLC_E_TKO, status NO_RESPONSE
            return
        }
        kit.world.transmit(frame(st, seq: st.sndNxt &- 1), from: mac)
        tkoRetriesLeft -= 1
        tkoNext = now + .seconds(Int64(kit.options.board.keepalive.retryInterval))
    }

    /// True if the firmware answers the frame itself (matching ACK or peer keepalive).
    private func firmwareConsumes(_ frame: [UInt8]) -> Bool {
        guard let st = tko, let p = try? LanPacket(parsing: frame), let ip = p.ipv4, let t = p.tcp,
              ip.source.value == st.remoteIP, ip.destination.value == st.localIP,
              t.sourcePort == st.remotePort, t.destinationPort == st.localPort else { return false }
        guard t.flags == LanPacket.TCP.ackFlag, t.payloadLength == 0, t.ack == st.sndNxt else { return false }
        let now = kit.platform.now
        if t.seq == st.rcvNxt {
            tkoRetriesLeft = Int(kit.options.board.keepalive.retryCount)
            tkoNext = now + .seconds(Int64(kit.options.board.keepalive.interval))
            return true
        }
        if Int32(bitPattern: t.seq &- st.rcvNxt) < 0 {       // the server's own keepalive
            kit.world.transmit(self.frame(st, seq: st.sndNxt), from: mac)
            tkoNext = now + .seconds(Int64(kit.options.board.keepalive.interval))
            return true
        }
        return false
    }
}

func dotted(_ a: IPv4Address) -> String {
    "\(a.value >> 24).\(a.value >> 16 & 0xFF).\(a.value >> 8 & 0xFF).\(a.value & 0xFF)"
}
