import Testing
import Runtime
import Net
import ChipModel
@testable import Simulation

/// The echo server host is a real TCP peer: a Net client on the air side connects,
/// sends, gets its bytes back; the script can push data, FIN and RST; it survives a reset.
@Suite struct EchoServerHostTests {
    final class Client: AirStation, VirtualDevice {
        let mac = MACAddress(0xA0, 0xC9, 0xA0, 0x3D, 0xD3, 0x6A)
        let iface: Interface
        let socket = TcpSocket(seed: 42)
        let clock: VirtualPlatform
        var received: [UInt8] = []
        var lost = 0
        /// Frames from the air are ignored (a station that went away without a word).
        var deaf = false
        final class Sink: FrameSink {
            unowned(unsafe) let world: World
            let mac: MACAddress
            init(_ w: World, _ m: MACAddress) { world = w; mac = m }
            func transmit(_ frame: UnsafeRawBufferPointer) { world.transmit(Array(frame), from: mac) }
        }
        init(world: World, clock: VirtualPlatform) {
            self.clock = clock
            iface = Interface(config: .init(mac: mac), sink: Sink(world, mac))
            iface.configureAddress(.fixed(IPv4Config(address: IPv4Address(192, 168, 0, 100), netmask: IPv4Address(255, 255, 255, 0),
                                                     gateway: IPv4Address(192, 168, 0, 1))), now: clock.now)
            iface.addTcpSocket(socket)
        }
        func receiveFromAir(_ frame: [UInt8]) {
            if deaf { return }
            frame.withUnsafeBytes { iface.receive(frame: $0, now: clock.now) }
            drain()
            iface.poll(now: clock.now)
        }
        func apLost() { lost += 1 }
        var nextDeadline: Instant? { iface.pollAt(now: clock.now) }
        func advance(to now: Instant) { iface.poll(now: now); drain() }
        func drain() { if let d = try? socket.receive(), !d.isEmpty { received += d } }
    }

    func setup() -> (VirtualPlatform, World, Client, EchoServerHost, StringLog) {
        let platform = VirtualPlatform()
        let ap = VirtualAP(ssid: Array("S".utf8), security: .open, bssid: WorldConfig.defaultBSSID)
        let c = WorldConfig.standard(ap: ap, serverIP: IPv4Address(192, 168, 0, 114), serverPort: 3360)
        let w = World(config: c, clock: platform)
        let log = StringLog()
        let server = EchoServerHost(mac: c.serverMAC, ip: c.serverIP!, netmask: c.subnetMask, gateway: c.routerIP,
                                    port: 3360, clock: platform, lan: w, log: Log(log))
        w.attach(server: server)
        let client = Client(world: w, clock: platform)
        w.attach(station: client)
        platform.attach(w)
        platform.attach(client)
        return (platform, w, client, server, log)
    }

    @Test func echoesAndPrintsLikeTcpServerPy() throws {
        let (platform, w, client, server, log) = setup()
        try client.socket.connect(to: TcpEndpoint(address: IPv4Address(192, 168, 0, 114), port: 3360), localPort: 3353, now: platform.now)
        platform.sleep(until: .seconds(1))
        #expect(client.socket.state == .established)
        _ = try client.socket.send(Array("Some random stuff".utf8))
        platform.sleep(until: .seconds(2))
        #expect(client.received == Array("Some random stuff".utf8))
        #expect(server.stats.connectionsAccepted == 1 && server.stats.bytesEchoed == 17)
        #expect(log.lines[0...3] == ["==========================", "TCP Server", "==========================", "Listening on: 3360"])
        #expect(log.lines[4] == "('Incoming connection accepted: ', ('192.168.0.100', 3353))")
        #expect(log.lines[5].hasPrefix("('Jan 01 00:00:0") && log.lines[5].hasSuffix(" ', '192.168.0.100', ':', 'Some random stuff')"))
        // Scripted data from the server reaches the client.
        w.schedule(ScriptedEvent(.at(.seconds(3)), .serverSends(Array("hello".utf8))))
        platform.sleep(until: .seconds(4))
        #expect(client.received == Array("Some random stuffhello".utf8))
        // The pcap saw every frame both ways.
        #expect(w.counters.framesFromStation > 3 && w.counters.framesToStation > 3)
    }

    /// Linux's retransmission timer: from 200 ms (TCP_RTO_MIN) on a LAN round trip,
    /// doubling each time (RFC 6298 §5.5): 0.2, 0.6, 1.4, 3.0, 6.2 s after the send, 5
    /// retransmissions in 10 s (the RFC's 1 s minimum gave 3; no back-off would give 50).
    @Test func serverRetransmitsLikeLinuxWithBackOff() throws {
        let (platform, w, client, server, _) = setup()
        try client.socket.connect(to: TcpEndpoint(address: IPv4Address(192, 168, 0, 114), port: 3360), localPort: 3353, now: platform.now)
        platform.sleep(until: .seconds(1))
        #expect(client.socket.state == .established)
        client.deaf = true
        w.schedule(ScriptedEvent(.at(.seconds(2)), .serverSends(Array("hello".utf8))))
        platform.sleep(until: .milliseconds(2_150))
        #expect(server.socket.counters.retransmissions == 0)
        platform.sleep(until: .milliseconds(2_250))
        #expect(server.socket.counters.retransmissions == 1)
        platform.sleep(until: .seconds(12))
        #expect(server.socket.counters.retransmissions == 5)
    }

    @Test func resetThenNewClientIsServed() throws {
        let (platform, w, client, server, _) = setup()
        let ep = TcpEndpoint(address: IPv4Address(192, 168, 0, 114), port: 3360)
        try client.socket.connect(to: ep, localPort: 3353, now: platform.now)
        platform.sleep(until: .seconds(1))
        w.schedule(ScriptedEvent(.at(.seconds(2)), .serverResets))
        platform.sleep(until: .seconds(3))
        #expect(client.socket.state == .closed)
        #expect(client.socket.closeReason == .reset)
        #expect(server.socket.state == .listen)
        try client.socket.connect(to: ep, localPort: 3354, now: platform.now)
        platform.sleep(until: .seconds(4))
        #expect(client.socket.state == .established)
        #expect(server.stats.connectionsAccepted == 2)
    }

    @Test func serverCloseSendsFin() throws {
        let (platform, w, client, _, _) = setup()
        try client.socket.connect(to: TcpEndpoint(address: IPv4Address(192, 168, 0, 114), port: 3360), localPort: 3353, now: platform.now)
        platform.sleep(until: .seconds(1))
        w.schedule(ScriptedEvent(.at(.seconds(2)), .serverCloses))
        platform.sleep(until: .seconds(3))
        #expect(client.socket.state == .closeWait)
    }

    @Test func vanishedServerDoesNotAnswer() throws {
        let (platform, w, client, _, _) = setup()
        try client.socket.connect(to: TcpEndpoint(address: IPv4Address(192, 168, 0, 114), port: 3360), localPort: 3353, now: platform.now)
        platform.sleep(until: .seconds(1))
        w.schedule(ScriptedEvent(.at(.seconds(2)), .serverDisappears))
        platform.sleep(until: .seconds(3))
        _ = try client.socket.send(Array("x".utf8))
        platform.sleep(until: .seconds(5))
        #expect(client.received.isEmpty)
        #expect(w.counters.lostNoHost > 0)
    }
}
