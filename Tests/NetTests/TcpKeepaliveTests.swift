import Testing
@testable import Net
import Runtime

/// Host-side keepalive (RFC 1122 §4.2.3.6) with the CE's parameters (docs/tko-offload.md §2:
/// interval 5 s, retry interval 3 s, retry count 3): the no-offload baseline.
@Suite struct TcpKeepaliveTests {
    static func config(probeByte: Bool = false) -> TcpConfig {
        var c = TcpConfig()
        c.keepalive = TcpKeepaliveConfig(interval: .seconds(5), retryInterval: .seconds(3), retryCount: 3,
                                         probeCarriesByte: probeByte)
        return c
    }

    @Test func probeAfterIdleIntervalAndAnswered() throws {
        let script = TcpScript.established(config: Self.config())
        let s = script.socket
        // Established at 0 ms (the SYN-ACK was the last thing heard).
        #expect(s.pollAt(now: tms(0)) == tms(5000))
        script.recvNothing(time: 4999)
        let probe = try #require(script.recvOne(time: 5000))
        // seq = SND.NXT - 1, no data, ACK of RCV.NXT.
        #expect(probe.flags == .ack && probe.seq == 1000 && probe.ack == 5001 && probe.payload.isEmpty)
        #expect(s.counters.keepaliveProbes == 1)
        // The peer's answer is a duplicate ACK (seq = RCV.NXT, ack = SND.NXT): idle restarts.
        script.send(time: 5100, seq: 5001, ack: 1001)
        script.recvNothing(time: 5100)
        script.recvNothing(time: 10_099)
        #expect(script.recvOne(time: 10_100)?.seq == 1000)
        #expect(s.state == .established)
        #expect(s.counters.dropped == 0)
    }

    @Test func deadPeerIsDetected() throws {
        let script = TcpScript.established(config: Self.config())
        let s = script.socket
        #expect(script.recvOne(time: 5000)?.seq == 1000)     // probe 1
        script.recvNothing(time: 7999)
        #expect(script.recvOne(time: 8000)?.seq == 1000)     // probe 2
        script.recvNothing(time: 10_999)
        #expect(script.recvOne(time: 11_000)?.seq == 1000)   // probe 3
        script.recvNothing(time: 13_999)
        #expect(s.state == .established)
        // 3 probes unanswered for 3 s each: dead, like the firmware (first probe + 9 s).
        let rst = try #require(script.recvOne(time: 14_000))
        #expect(rst.flags == .rst && rst.seq == 1001)
        #expect(s.state == .closed && s.closeReason == .keepaliveTimeout)
        #expect(s.counters.keepaliveProbes == 3)
    }

    @Test func lateAnswerRestoresTheInterval() throws {
        let script = TcpScript.established(config: Self.config())
        _ = script.recvOne(time: 5000)
        _ = script.recvOne(time: 8000)
        script.send(time: 9000, seq: 5001, ack: 1001)
        script.recvNothing(time: 13_999)
        #expect(script.recvOne(time: 14_000)?.seq == 1000)
        #expect(script.socket.state == .established)
    }

    @Test func probeCanCarryOneByte() throws {
        let script = TcpScript.established(config: Self.config(probeByte: true))
        let probe = try #require(script.recvOne(time: 5000))
        #expect(probe.seq == 1000 && probe.payload == [0])
        // The peer drops the old byte and re-ACKs SND.NXT.
        script.send(time: 5010, seq: 5001, ack: 1001)
        #expect(script.socket.sendQueueCount == 0)
        #expect(script.socket.state == .established)
    }

    /// A probe (SEG.SEQ = SND.NXT - 1) is outside the peer's window: the peer answers it and
    /// drops it without looking at its ACK field (RFC 9293 §3.10.7.4). An ACK that was due
    /// when the probe went (data received, then `probeNow` after a lost frame) must still go
    /// as a segment of its own, or the peer never learns the data arrived and retransmits it
    /// (found in the corrupt-frame soak: the retransmission woke the re-offloaded host).
    @Test func aProbeDoesNotStandInForADueAck() throws {
        let script = TcpScript.established(config: Self.config())
        let s = script.socket
        script.send(time: 1000, seq: 5001, ack: 1001, payload: Array(repeating: 7, count: 100))
        s.probeNow()
        let out = script.recv(time: 1000)
        #expect(out.contains { $0.seq == 1000 && $0.payload.isEmpty }, "the probe: \(out)")
        #expect(out.contains { $0.seq == 1001 && $0.ack == 5101 && $0.flags == .ack && $0.payload.isEmpty },
                "an acceptable ACK of the 100 bytes: \(out)")
        #expect(out.count == 2)
        script.recvNothing(time: 1001)
    }

    @Test func dataTrafficPostponesProbes() throws {
        let script = TcpScript.established(config: Self.config())
        script.send(time: 3000, seq: 5001, ack: 1001, payload: [1])
        _ = script.recv(time: 3000)
        script.recvNothing(time: 7999)
        #expect(script.recvOne(time: 8000)?.seq == 1000)
    }

    @Test func answersThePeersKeepalive() throws {
        // The peer's probe (seq = RCV.NXT - 1, 0 or 1 byte) is outside our window: ACK it.
        let script = TcpScript.established()
        script.send(time: 100, seq: 5000, ack: 1001)
        let a1 = try #require(script.recvOne(time: 100))
        #expect(a1.flags == .ack && a1.seq == 1001 && a1.ack == 5001)
        script.send(time: 200, seq: 5000, ack: 1001, payload: [0])
        let a2 = try #require(script.recvOne(time: 200))
        #expect(a2.seq == 1001 && a2.ack == 5001)
        #expect(script.socket.receiveQueueCount == 0)
    }
}
