import Testing
@testable import Net
import Runtime

/// Retransmission timer (RFC 6298): RTO, backoff, Karn, giving up.
@Suite struct TcpRetransmissionTests {
    static let hello: [UInt8] = Array("hello".utf8)

    @Test func retransmitAtRtoWithBackoff() throws {
        let script = TcpScript.established()
        let s = script.socket
        _ = try s.send(Self.hello)
        _ = script.recvOne(time: 100)
        #expect(s.pollAt(now: tms(100)) == tms(1100))
        script.recvNothing(time: 1099)
        let r1 = try #require(script.recvOne(time: 1100))
        #expect(r1.seq == 1001 && r1.payload == Self.hello)
        #expect(s.counters.retransmissions == 1 && s.counters.bytesRetransmitted == 5)
        script.recvNothing(time: 3099)
        #expect(script.recvOne(time: 3100)?.seq == 1001)
        script.recvNothing(time: 7099)
        #expect(script.recvOne(time: 7100)?.seq == 1001)
        #expect(s.counters.timeouts == 3)
        // The ACK stops the timer and clears the backoff.
        script.send(time: 7150, seq: 5001, ack: 1006)
        #expect(s.pollAt(now: tms(7150)) == nil)
        #expect(s.retransmissionTimeout == .seconds(1))
        script.recvNothing(time: 20_000)
        #expect(s.counters.bytesOut == 5)
    }

    @Test func goBackNRetransmitsFromSndUna() throws {
        let script = TcpScript.established()
        let s = script.socket
        _ = try s.send([UInt8](repeating: 1, count: 3000))
        #expect(script.recv(time: 0).map(\.seq) == [1001, 2461, 3921])
        // The first segment is acknowledged, the rest is lost.
        script.send(time: 50, seq: 5001, ack: 2461)
        // The timer restarted at the ACK (RFC 6298 §5.3).
        script.recvNothing(time: 1049)
        // RFC 5681 §3.1: after a timeout cwnd is one segment (slow start again).
        let again = script.recv(time: 1050)
        #expect(again.map(\.seq) == [2461])
        #expect(s.congestionWindow == 1460)
        script.send(time: 1060, seq: 5001, ack: 3921)
        let next = script.recv(time: 1060)
        #expect(next.map(\.seq) == [3921] && next.map(\.payload.count) == [80])
        #expect(s.counters.retransmissions == 2)
        #expect(s.congestionWindow == 2920)
    }

    @Test func fastRetransmitOnThirdDuplicateAck() throws {
        let script = TcpScript.established(window: 8000, sendCapacity: 8192)
        let s = script.socket
        _ = try s.send([UInt8](repeating: 1, count: 4 * 1460))
        #expect(script.recv(time: 0).map(\.seq) == [1001, 2461, 3921, 5381])
        // Segment 2 is lost: the peer ACKs 2461 once, then three duplicates.
        script.send(time: 10, seq: 5001, ack: 2461, window: 8000)
        script.recvNothing(time: 10)
        script.send(time: 11, seq: 5001, ack: 2461, window: 8000)
        script.send(time: 12, seq: 5001, ack: 2461, window: 8000)
        script.recvNothing(time: 12)
        script.send(time: 13, seq: 5001, ack: 2461, window: 8000)
        let fast = try #require(script.recvOne(time: 13))
        #expect(fast.seq == 2461 && fast.payload.count == 1460)
        #expect(s.counters.retransmissions == 1 && s.counters.timeouts == 0)
        // The repair fills the hole: everything is acknowledged, long before the RTO.
        script.send(time: 20, seq: 5001, ack: 6841, window: 8000)
        #expect(s.sendQueueCount == 0)
        script.recvNothing(time: 5000)
    }

    @Test func partialAckRetransmitsTheNextHole() throws {
        // RFC 6582: two segments lost; the ACK of the first repair is partial and
        // triggers the second repair without waiting for the RTO.
        let script = TcpScript.established(window: 8000, sendCapacity: 8192)
        let s = script.socket
        _ = try s.send([UInt8](repeating: 1, count: 4 * 1460))
        _ = script.recv(time: 0)
        for t in UInt64(10)...13 { script.send(time: t, seq: 5001, ack: 1001, window: 8000) }
        #expect(script.recvOne(time: 13)?.seq == 1001)
        script.send(time: 20, seq: 5001, ack: 2461, window: 8000)       // partial
        #expect(script.recvOne(time: 20)?.seq == 2461)
        script.send(time: 30, seq: 5001, ack: 6841, window: 8000)
        #expect(s.sendQueueCount == 0 && s.counters.timeouts == 0)
    }

    @Test func rttSampleSetsRto() throws {
        // RFC 6298 §2.2: first sample R: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 RTTVAR.
        var config = TcpConfig()
        config.minimumRetransmissionTimeout = .milliseconds(100)
        let s = TcpSocket(config: config, seed: 1)
        let script = TcpScript(s)
        try s.connect(to: TcpEndpoint(address: TcpScript.remoteIP, port: TcpScript.remotePort),
                      localPort: TcpScript.localPort, now: tms(0), isn: 1000)
        _ = script.recv(time: 0)
        script.send(time: 50, seq: 5000, ack: 1001, flags: .syn)     // R = 50 ms (the SYN)
        _ = script.recv(time: 50)
        #expect(s.retransmissionTimeout == .milliseconds(150))
        _ = try s.send(Self.hello)
        _ = script.recv(time: 100)
        script.send(time: 150, seq: 5001, ack: 1006)       // R = 50 ms again
        // §2.3: RTTVAR = 3/4 * 25 + 1/4 * 0 = 18.75; SRTT = 50; RTO = 50 + 75 = 125 ms.
        #expect(s.retransmissionTimeout == .microseconds(125_000))
        _ = try s.send(Self.hello)
        _ = script.recv(time: 300)
        script.recvNothing(time: 424)
        #expect(script.recvOne(time: 425)?.seq == 1006)
        // Karn: the ACK of a retransmitted segment gives no sample.
        script.send(time: 2000, seq: 5001, ack: 1011)
        #expect(s.retransmissionTimeout == .microseconds(125_000))
    }

    @Test func givesUpAfterMaximumRetransmissions() throws {
        var config = TcpConfig()
        config.maximumRetransmissions = 2
        let script = TcpScript.established(config: config)
        let s = script.socket
        _ = try s.send(Self.hello)
        _ = script.recv(time: 0)
        _ = script.recvOne(time: 1000)
        _ = script.recvOne(time: 3000)
        script.recvNothing(time: 6999)
        #expect(s.state == .established)
        script.recvNothing(time: 7000)
        #expect(s.state == .closed && s.closeReason == .timedOut)
        #expect(throws: TcpReceiveError.invalidState(.closed)) { _ = try s.receive() }
    }

    @Test func finIsRetransmitted() throws {
        let script = TcpScript.established()
        let s = script.socket
        s.close()
        let fin = try #require(script.recvOne(time: 0))
        #expect(fin.flags == [.fin, .ack] && fin.seq == 1001)
        script.recvNothing(time: 999)
        let again = try #require(script.recvOne(time: 1000))
        #expect(again.flags == [.fin, .ack] && again.seq == 1001)
    }

    @Test func sendRefusedByInterfaceIsRetried() throws {
        // The interface returns false (ARP pending): nothing is committed, and the socket
        // asks to be polled again after `sendRetryDelay`.
        let script = TcpScript.established()
        let s = script.socket
        _ = try s.send(Self.hello)
        #expect(script.recv(time: 100, accept: false).isEmpty)
        #expect(s.counters.segmentsOut == 2)
        #expect(s.pollAt(now: tms(100)) == tms(110))
        let seg = try #require(script.recvOne(time: 110))
        #expect(seg.seq == 1001 && seg.payload == Self.hello)
        #expect(s.counters.retransmissions == 0)
    }

    @Test func lossOnALinkIsRepaired() throws {
        let link = TcpLink(delay: .milliseconds(10))
        let client = TcpSocket(seed: 1), server = TcpSocket(seed: 2)
        link.a.add(client); link.b.add(server)
        try server.listen(port: 3360)
        try client.connect(to: TcpEndpoint(address: TcpLink.ipB, port: 3360), localPort: 3353, now: link.now)
        link.run(for: .seconds(1))
        // Drop the first two data segments from the client once each.
        var dropped = 0
        link.drop = { fromA, seg in
            if fromA && !seg.payload.isEmpty && dropped < 2 { dropped += 1; return true }
            return false
        }
        let message = (0..<3000).map { UInt8(truncatingIfNeeded: $0) }
        _ = try client.send(message)
        link.run(for: .seconds(10))
        #expect(try server.receive() == message)
        #expect(client.counters.retransmissions >= 2)
        #expect(client.sendQueueCount == 0)
    }
}
