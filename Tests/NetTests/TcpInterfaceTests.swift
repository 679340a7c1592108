import Testing
@testable import Net
import Runtime

/// Two Interfaces wired back to back (Ethernet frames, ARP, IPv4), TCP on top: the
/// contract of Interface+Tcp (tcpInput / tcpPoll / tcpPollAt / suspend / offload state).
final class TcpInterfacePair {
    final class Wire: FrameSink {
        var queue: [[UInt8]] = []
        var dropNext: (([UInt8]) -> Bool)?
        /// True refuses the frame (`offer` returns false: a driver's full transmit queues).
        var refuse: (([UInt8]) -> Bool)?
        func transmit(_ frame: UnsafeRawBufferPointer) {
            let f = Array(frame)
            if let d = dropNext, d(f) { return }
            queue.append(f)
        }
        func offer(_ frame: UnsafeRawBufferPointer) -> Bool {
            if let r = refuse, r(Array(frame)) { return false }
            transmit(frame)
            return true
        }
    }
    static let macA = MACAddress(0x02, 0, 0, 0, 0, 0x0a)
    static let macB = MACAddress(0x02, 0, 0, 0, 0, 0x0b)
    static let ipA = IPv4Address(192, 168, 7, 10)
    static let ipB = IPv4Address(192, 168, 7, 20)
    let toB = Wire(), toA = Wire()
    let a: Interface, b: Interface
    var now = Instant.zero

    init() {
        a = Interface(config: .init(mac: Self.macA), sink: toB)
        b = Interface(config: .init(mac: Self.macB), sink: toA)
        let mask = IPv4Address(255, 255, 255, 0)
        a.setIPv4Config(IPv4Config(address: Self.ipA, netmask: mask), now: now)
        b.setIPv4Config(IPv4Config(address: Self.ipB, netmask: mask), now: now)
    }

    /// Runs until `end`: frames are delivered instantly, time jumps to the next deadline.
    func run(until end: Instant) {
        var steps = 0
        while steps < 100_000 {
            steps += 1
            a.poll(now: now); b.poll(now: now)
            var moved = false
            while !toB.queue.isEmpty || !toA.queue.isEmpty {
                moved = true
                for f in toB.queue { f.withUnsafeBytes { b.receive(frame: $0, now: now) } }
                toB.queue.removeAll()
                for f in toA.queue { f.withUnsafeBytes { a.receive(frame: $0, now: now) } }
                toA.queue.removeAll()
                a.poll(now: now); b.poll(now: now)
            }
            if moved { continue }
            guard let next = TcpSocket.earliest(a.pollAt(now: now), b.pollAt(now: now)), next <= end else {
                now = end
                return
            }
            if next > now { now = next }
        }
        Issue.record("pair did not settle")
    }
    func run(for d: Duration) { run(until: now + d) }

    /// A client on A (port 3353) connected to a listening server on B (port 3360), 100 ms after
    /// the SYN: the set-up the suspend and batching tests share.
    static func connected() throws -> (TcpInterfacePair, client: TcpSocket, server: TcpSocket) {
        let pair = TcpInterfacePair()
        let client = TcpSocket(seed: 3), server = TcpSocket(seed: 4)
        pair.a.addTcpSocket(client); pair.b.addTcpSocket(server)
        try server.listen(port: 3360)
        try client.connect(to: TcpEndpoint(address: TcpInterfacePair.ipB, port: 3360), localPort: 3353, now: pair.now)
        pair.run(for: .milliseconds(100))
        return (pair, client, server)
    }
}

@Suite struct TcpInterfaceTests {
    @Test func connectThroughArpEchoAndClose() throws {
        let pair = TcpInterfacePair()
        pair.run(for: .seconds(3))      // gratuitous ARPs
        let client = TcpSocket(seed: 3), server = TcpSocket(seed: 4)
        pair.a.addTcpSocket(client); pair.b.addTcpSocket(server)
        try server.listen(port: 3360)
        try client.connect(to: TcpEndpoint(address: TcpInterfacePair.ipB, port: 3360), localPort: 3353, now: pair.now)
        pair.run(for: .milliseconds(100))
        #expect(client.state == .established)
        #expect(server.accept() == TcpEndpoint(address: TcpInterfacePair.ipA, port: 3353))
        _ = try client.send(Array("hello from 3353".utf8))
        pair.run(for: .milliseconds(100))
        let got = try server.receive()
        #expect(got == Array("hello from 3353".utf8))
        _ = try server.send(got)
        pair.run(for: .milliseconds(100))
        #expect(try client.receive() == got)
        // The offload snapshot through the interface: MACs from the ARP cache.
        let st = try #require(pair.a.tcpOffloadState(for: client))
        #expect(st.localMAC == TcpInterfacePair.macA && st.remoteMAC == TcpInterfacePair.macB)
        #expect(st.localIP == TcpInterfacePair.ipA.value && st.remoteIP == TcpInterfacePair.ipB.value)
        #expect(st.sndNxt == client.sendNext && st.rcvNxt == client.receiveNext)
        client.close()
        pair.run(for: .milliseconds(100))
        #expect(server.state == .closeWait)
        server.close()
        pair.run(for: .milliseconds(100))
        #expect(server.state == .listen && client.state == .timeWait)
        pair.run(for: .seconds(61))
        #expect(client.state == .closed)
        #expect(client.counters.retransmissions == 0 && server.counters.retransmissions == 0)
    }

    @Test func closedPortIsRefusedWithReset() throws {
        let pair = TcpInterfacePair()
        let client = TcpSocket(seed: 3)
        pair.a.addTcpSocket(client)
        try client.connect(to: TcpEndpoint(address: TcpInterfacePair.ipB, port: 9), localPort: 3353, now: pair.now)
        pair.run(for: .milliseconds(100))
        #expect(client.state == .closed && client.closeReason == .refused)
        #expect(pair.b.counters.dropped(.noSocket) == 1)
    }

    @Test func suspendedInterfaceFreezesTcpTimers() throws {
        let (pair, client, server) = try TcpInterfacePair.connected()
        pair.a.suspend(now: pair.now)
        #expect(client.isSuspended)
        // The server talks to the sleeping host: frames queue at A, nothing is answered.
        _ = try server.send([42])
        pair.run(for: .milliseconds(500))
        #expect(client.receiveQueueCount == 0)
        #expect(pair.a.suspendQueueCount == 1)
        pair.a.resume(now: pair.now)
        #expect(!client.isSuspended)
        pair.run(for: .milliseconds(10))
        #expect(try client.receive() == [42])
        // The server's first transmission was queued, not lost: its RTO (1 s) saw the ACK.
        pair.run(for: .seconds(2))
        #expect(server.counters.retransmissions == 0)
    }

    /// A segment and two retransmissions of it waited for the host (kernel RTO back-off
    /// while the chip held them): one ACK after the resume, not three identical ones (a
    /// sender counts three duplicate ACKs as loss, RFC 5681 §3.2). Found against a Linux
    /// peer: the same ACK four times within 40 µs.
    @Test func framesQueuedWhileSuspendedAreAnsweredOnce() throws {
        let (pair, client, server) = try TcpInterfacePair.connected()
        pair.a.suspend(now: pair.now)
        _ = try server.send(Array("hello, host!".utf8))
        // The server's RTO backs off while the host sleeps: the segment and retransmissions queue.
        pair.run(for: .seconds(4))
        #expect(server.counters.retransmissions >= 2)
        #expect(pair.a.suspendQueueCount >= 1 + server.counters.retransmissions)
        var acks: [[UInt8]] = []
        pair.toB.dropNext = { f in acks.append(f); return false }
        pair.a.resume(now: pair.now)
        #expect(acks.count == 1)
        pair.run(for: .milliseconds(10))
        #expect(try client.receive() == Array("hello, host!".utf8))
    }

    /// The same inside a receive batch (the network task's pump): one answer per batch.
    @Test func aBatchOfDuplicatesIsAnsweredOnce() throws {
        let (pair, client, server) = try TcpInterfacePair.connected()
        var held: [[UInt8]] = []
        pair.toA.dropNext = { f in held.append(f); return true }
        _ = try server.send([7, 7, 7])
        pair.run(for: .seconds(2))
        pair.toA.dropNext = nil
        #expect(held.count >= 2)
        var sent = 0
        pair.toB.dropNext = { _ in sent += 1; return false }
        pair.a.receiving(now: pair.now) {
            for f in held { f.withUnsafeBytes { pair.a.receive(frame: $0, now: pair.now) } }
        }
        #expect(sent == 1)
        #expect(try client.receive() == [7, 7, 7])
    }

    /// Back-pressure: the sink (the driver's transmit queues) refuses frames for 35 ms, then
    /// takes one frame in two. TCP keeps what was refused and offers it again after
    /// `sendRetryDelay`: every segment arrives in order well inside the first RTO, none
    /// retransmitted, every refusal counted. (With a sink that took refused frames as sent,
    /// as `transmit` did, they would be lost and repaired only by the 1 s retransmission.)
    @Test func refusedFramesAreOfferedAgainNotLost() throws {
        let (pair, client, server) = try TcpInterfacePair.connected()
        let data = (0..<(4 * 1_460)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let until = pair.now + .milliseconds(35)
        var offers = 0, refusals = 0
        pair.toB.refuse = { _ in
            offers += 1
            let no = pair.now < until || offers % 2 == 0
            if no { refusals += 1 }
            return no
        }
        let n = try client.send(data)
        #expect(n >= 2 * 1_460, "send buffer took \(n)")
        pair.run(for: .milliseconds(300))
        var got: [UInt8] = []
        while let chunk = try? server.receive(), !chunk.isEmpty { got += chunk }
        #expect(got.count == n && got.elementsEqual(data.prefix(n)), "\(got.count) of \(n) bytes")
        #expect(refusals >= 4 && pair.a.counters.transmitRefused == UInt32(refusals))
        #expect(client.counters.retransmissions == 0)
        #expect(client.sendNext == client.sendUnacknowledged, "everything ACKed")
    }

    @Test func unresolvableNextHopTimesOut() throws {
        var config = TcpConfig()
        config.maximumSynRetransmissions = 1
        let pair = TcpInterfacePair()
        let client = TcpSocket(config: config, seed: 3)
        pair.a.addTcpSocket(client)
        // 192.168.7.99 never answers ARP: the SYN is counted lost after an RTO, retried,
        // and the connect fails instead of waiting forever.
        try client.connect(to: TcpEndpoint(address: IPv4Address(192, 168, 7, 99), port: 1), localPort: 3353,
                           now: pair.now)
        pair.run(for: .seconds(30))
        #expect(client.state == .closed && client.closeReason == .timedOut)
    }
}
