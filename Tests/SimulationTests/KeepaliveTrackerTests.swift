import Testing
import Runtime
@testable import Simulation

@Suite struct KeepaliveTrackerTests {
    let dev = [UInt8]([0xA0, 0xC9, 0xA0, 0x3D, 0xD3, 0x6A]), srv = [UInt8]([0x11, 0x22, 0x33, 0x44, 0x55, 0x66])
    let devIP = Fixture.ip(192, 168, 0, 15), srvIP = Fixture.ip(192, 168, 0, 10)

    func serverAck(seq: UInt32 = 0x9ABC_DEF0, ack: UInt32 = 0x1234_5678) -> [UInt8] {
        Fixture.tcp(srcMAC: srv, dstMAC: dev, src: srvIP, dst: devIP, sport: 3360, dport: 3353,
                    seq: seq, ack: ack, flags: 0x10, window: 29200)
    }

    @Test func goldenTkoRequestIsAKeepaliveAndItsAckIsCounted() throws {
        let t = KeepaliveTracker()
        let sink = StringLog()
        t.traceLog = Log(sink)
        // The server has acknowledged everything up to snd_nxt = 0x12345678.
        #expect(t.observe(try LanPacket(parsing: serverAck()), at: .seconds(1), fromStation: false) == .other)
        let req = try LanPacket(parsing: Fixture.tkoRequest)
        #expect(req.tcp?.seq == 0x1234_5677 && req.tcp?.window == 5983 && req.ipv4?.ttl == 32)
        #expect(t.observe(req, at: .seconds(2), fromStation: true) == .stationKeepalive)
        #expect(t.observe(try LanPacket(parsing: serverAck()), at: Instant(microseconds: 2_000_065), fromStation: false) == .stationKeepaliveAck)
        #expect(t.observe(req, at: .seconds(7), fromStation: true) == .stationKeepalive)
        #expect(t.keepalivesSent == 2 && t.keepalivesAcked == 1)
        // tcpdump -n style, absolute on the first line, relative after (CE README capture).
        #expect(sink.lines == [
            "00:00:02.000000 IP 192.168.0.15.3353 > 192.168.0.10.3360: Flags [.], ack 2596069104, win 5983, length 0",
            "00:00:02.000065 IP 192.168.0.10.3360 > 192.168.0.15.3353: Flags [.], ack 1, win 29200, length 0",
            "00:00:07.000000 IP 192.168.0.15.3353 > 192.168.0.10.3360: Flags [.], ack 1, win 5983, length 0",
        ])
    }

    @Test func dataAndPlainAcksAreNotKeepalives() throws {
        let t = KeepaliveTracker()
        let data = Fixture.tcp(srcMAC: dev, dstMAC: srv, src: devIP, dst: srvIP, sport: 3353, dport: 3360,
                               seq: 0x1234_5667, ack: 0x9ABC_DEF0, flags: 0x18, window: 5983,
                               payload: Array("Some random stuff".utf8))
        #expect(t.observe(try LanPacket(parsing: data), at: .seconds(1), fromStation: true) == .other)
        #expect(t.observe(try LanPacket(parsing: serverAck()), at: .seconds(1), fromStation: false) == .other)
        let ack = Fixture.tcp(srcMAC: dev, dstMAC: srv, src: devIP, dst: srvIP, sport: 3353, dport: 3360,
                              seq: 0x1234_5678, ack: 0x9ABC_DEF0, flags: 0x10, window: 5983)
        #expect(t.observe(try LanPacket(parsing: ack), at: .seconds(2), fromStation: true) == .other)
        #expect(t.keepalivesSent == 0)
    }

    @Test func peerKeepaliveAndTheAnswer() throws {
        let t = KeepaliveTracker()
        let devAck = Fixture.tcp(srcMAC: dev, dstMAC: srv, src: devIP, dst: srvIP, sport: 3353, dport: 3360,
                                 seq: 0x1234_5678, ack: 0x9ABC_DEF0, flags: 0x10, window: 5983)
        _ = t.observe(try LanPacket(parsing: devAck), at: .seconds(1), fromStation: true)
        let probe = serverAck(seq: 0x9ABC_DEEF)
        #expect(t.observe(try LanPacket(parsing: probe), at: .seconds(2), fromStation: false) == .peerKeepalive)
        #expect(t.observe(try LanPacket(parsing: devAck), at: .seconds(2), fromStation: true) == .peerKeepaliveAnswer)
    }

    @Test func truncatedFramesThrow() {
        #expect(throws: LanWireError.truncated(need: 14, have: 10)) { try LanPacket(parsing: Array(Fixture.tkoRequest[0..<10])) }
        #expect(throws: LanWireError.self) { try LanPacket(parsing: Array(Fixture.tkoRequest[0..<40])) }
    }
}

@Suite struct FrameBuilderTests {
    @Test func tcpBuilderReproducesTheGoldenTkoFrame() {
        // docs/tko-offload.md §1.6 worked example: TTL 32, ID 0, no DF.
        let f = FrameBuilder.tcp(srcMAC: MACAddress(0xA0, 0xC9, 0xA0, 0x3D, 0xD3, 0x6A),
                                 dstMAC: MACAddress(0x11, 0x22, 0x33, 0x44, 0x55, 0x66),
                                 srcIP: IPv4Address(192, 168, 0, 15), dstIP: IPv4Address(192, 168, 0, 10),
                                 srcPort: 3353, dstPort: 3360, seq: 0x1234_5677, ack: 0x9ABC_DEF0,
                                 flags: 0x10, window: 5983, ttl: 32)
        #expect(f == Fixture.tkoRequest)
    }
}

@Suite struct KeepaliveTrackerResetTests {
    let dev = [UInt8]([0xA0, 0xC9, 0xA0, 0x3D, 0xD3, 0x6A]), srv = [UInt8]([0x11, 0x22, 0x33, 0x44, 0x55, 0x66])
    let devIP = Fixture.ip(192, 168, 0, 15), srvIP = Fixture.ip(192, 168, 0, 10)

    @Test func anAckAfterTheStationResetIsNotAKeepaliveAck() throws {
        let t = KeepaliveTracker()
        let ack = Fixture.tcp(srcMAC: srv, dstMAC: dev, src: srvIP, dst: devIP, sport: 3360, dport: 3353,
                              seq: 0x9ABC_DEF0, ack: 0x1234_5678, flags: 0x10, window: 29200)
        _ = t.observe(try LanPacket(parsing: ack), at: .seconds(1), fromStation: false)
        #expect(t.observe(try LanPacket(parsing: Fixture.tkoRequest), at: .seconds(2), fromStation: true) == .stationKeepalive)
        let rst = Fixture.tcp(srcMAC: dev, dstMAC: srv, src: devIP, dst: srvIP, sport: 3353, dport: 3360,
                              seq: 0x1234_5678, ack: 0, flags: 0x04, window: 0)
        _ = t.observe(try LanPacket(parsing: rst), at: .seconds(3), fromStation: true)
        // The server's (challenge) ACK later carries the same ack number: not an answer.
        #expect(t.observe(try LanPacket(parsing: ack), at: .seconds(4), fromStation: false) == .other)
        #expect(t.keepalivesSent == 1 && t.keepalivesAcked == 0)
    }
}
