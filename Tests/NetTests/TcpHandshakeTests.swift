import Testing
@testable import Net
import Runtime

/// Opening a connection (RFC 9293 §3.5), as timed scripts.
@Suite struct TcpHandshakeTests {
    static let remote = TcpEndpoint(address: TcpScript.remoteIP, port: TcpScript.remotePort)

    @Test func activeOpen() throws {
        let s = TcpSocket(receiveCapacity: 4096, seed: 7)
        let script = TcpScript(s)
        try s.connect(to: Self.remote, localPort: 3353, now: tms(0), isn: 1000)
        #expect(s.state == .synSent)
        let syn = try #require(script.recvOne(time: 0))
        #expect(syn.flags == .syn)
        #expect(syn.seq == 1000)
        #expect(syn.header.sourcePort == 3353 && syn.header.destinationPort == 3360)
        #expect(syn.header.options.maximumSegmentSize == 1460)
        #expect(syn.window == 4096)
        #expect(syn.source == TcpScript.localIP && syn.destination == TcpScript.remoteIP)
        #expect(syn.ttl == 64)
        script.recvNothing(time: 10)

        script.send(time: 20, seq: 5000, ack: 1001, flags: .syn, window: 8192, mss: 1400)
        #expect(s.state == .established)
        let ack = try #require(script.recvOne(time: 20))
        #expect(ack.flags == .ack)
        #expect(ack.seq == 1001 && ack.ack == 5001)
        #expect(s.sendWindow == 8192)
        #expect(s.counters.segmentsOut == 2 && s.counters.segmentsIn == 1)
        script.recvNothing(time: 30)
        #expect(s.pollAt(now: tms(30)) == nil)
    }

    @Test func synRetransmissionBacksOff() throws {
        // RFC 6298 §2.1: RTO 1 s before any sample; §5.5: doubled per expiry.
        let s = TcpSocket(seed: 7)
        let script = TcpScript(s)
        try s.connect(to: Self.remote, localPort: 3353, now: tms(0), isn: 1000)
        _ = script.recvOne(time: 0)
        #expect(s.pollAt(now: tms(0)) == tms(1000))
        script.recvNothing(time: 999)
        let again = try #require(script.recvOne(time: 1000))
        #expect(again.flags == .syn && again.seq == 1000)
        #expect(s.counters.retransmissions == 1)
        #expect(s.pollAt(now: tms(1000)) == tms(3000))
        script.recvNothing(time: 2999)
        #expect(script.recvOne(time: 3000)?.seq == 1000)
        script.recvNothing(time: 6999)
        #expect(script.recvOne(time: 7000)?.seq == 1000)
    }

    @Test func connectGivesUpAfterSynRetries() throws {
        var config = TcpConfig()
        config.maximumSynRetransmissions = 2
        let s = TcpSocket(config: config, seed: 7)
        let script = TcpScript(s)
        try s.connect(to: Self.remote, localPort: 3353, now: tms(0), isn: 1000)
        _ = script.recv(time: 0)      // SYN
        _ = script.recv(time: 1000)   // retry 1
        _ = script.recv(time: 3000)   // retry 2
        script.recvNothing(time: 6999)
        #expect(s.state == .synSent)
        script.recvNothing(time: 7000)
        #expect(s.state == .closed)
        #expect(s.closeReason == .timedOut)
    }

    @Test func connectRejectsBadArguments() {
        let s = TcpSocket(seed: 1)
        #expect(throws: TcpConnectError.unaddressable) {
            try s.connect(to: TcpEndpoint(address: .any, port: 1), localPort: 3353, now: tms(0))
        }
        #expect(throws: TcpConnectError.unaddressable) {
            try s.connect(to: Self.remote, localPort: 0, now: tms(0))
        }
        #expect(throws: TcpConnectError.unaddressable) {
            try s.connect(to: TcpEndpoint(address: .broadcast, port: 1), localPort: 1, now: tms(0))
        }
        try? s.connect(to: Self.remote, localPort: 3353, now: tms(0))
        #expect(throws: TcpConnectError.invalidState(.synSent)) {
            try s.connect(to: Self.remote, localPort: 3353, now: tms(0))
        }
    }

    @Test func isnComesFromTheSeed() throws {
        func firstIsn(seed: UInt64) throws -> UInt32 {
            let s = TcpSocket(seed: seed)
            let script = TcpScript(s)
            try s.connect(to: Self.remote, localPort: 3353, now: tms(0))
            return try #require(script.recvOne(time: 0)).seq
        }
        #expect(try firstIsn(seed: 42) == firstIsn(seed: 42))
        #expect(try firstIsn(seed: 42) != firstIsn(seed: 43))
    }

    @Test func passiveOpenAndAccept() throws {
        let s = TcpSocket(receiveCapacity: 2048, seed: 9)
        let script = TcpScript(s)
        try s.listen(port: TcpScript.localPort)
        #expect(s.state == .listen)
        script.recvNothing(time: 0)
        script.send(time: 10, seq: 5000, flags: .syn, window: 8192, mss: 1200)
        #expect(s.state == .synReceived)
        let synAck = try #require(script.recvOne(time: 10))
        #expect(synAck.flags == [.syn, .ack])
        #expect(synAck.ack == 5001)
        #expect(synAck.header.options.maximumSegmentSize == 1460)
        #expect(synAck.window == 2048)
        let isn = synAck.seq
        #expect(s.accept() == nil)

        // The peer's SYN again (our SYN-ACK was lost): SYN-ACK again.
        script.send(time: 20, seq: 5000, flags: .syn, window: 8192, mss: 1200)
        let again = try #require(script.recvOne(time: 20))
        #expect(again.flags == [.syn, .ack] && again.seq == isn)

        script.send(time: 30, seq: 5001, ack: isn &+ 1, window: 8192)
        #expect(s.state == .established)
        #expect(s.accept() == TcpEndpoint(address: TcpScript.remoteIP, port: TcpScript.remotePort))
        #expect(s.accept() == nil)
        script.recvNothing(time: 40)
        // The peer's MSS (1200) bounds our segments.
        _ = try s.send([UInt8](repeating: 1, count: 3000))
        let data = script.recv(time: 50)
        #expect(data.map(\.payload.count) == [1200, 1200, 600])
    }

    @Test func synAckRetransmittedAtRto() throws {
        let s = TcpSocket(seed: 9)
        let script = TcpScript(s)
        try s.listen(port: TcpScript.localPort)
        script.send(time: 0, seq: 5000, flags: .syn)
        let first = try #require(script.recvOne(time: 0))
        script.recvNothing(time: 999)
        let second = try #require(script.recvOne(time: 1000))
        #expect(second.flags == [.syn, .ack] && second.seq == first.seq)
    }

    @Test func listenerIgnoresStrayAckWithReset() throws {
        let s = TcpSocket(seed: 9)
        let script = TcpScript(s)
        try s.listen(port: TcpScript.localPort)
        // RFC 9293 §3.10.7.2: an ACK in LISTEN gets <SEQ=SEG.ACK><CTL=RST>.
        script.send(time: 0, seq: 77, ack: 1234)
        let rst = try #require(script.recvOne(time: 0))
        #expect(rst.flags == .rst && rst.seq == 1234)
        #expect(s.state == .listen)
        // A RST in LISTEN is ignored.
        script.send(time: 1, seq: 77, flags: .rst)
        script.recvNothing(time: 1)
        #expect(s.state == .listen)
    }

    @Test func synSentRejectsBadAck() throws {
        let s = TcpSocket(seed: 9)
        let script = TcpScript(s)
        try s.connect(to: Self.remote, localPort: 3353, now: tms(0), isn: 1000)
        _ = script.recv(time: 0)
        // RFC 9293 §3.10.7.3: unacceptable ACK -> <SEQ=SEG.ACK><CTL=RST>, stay in SYN-SENT.
        script.send(time: 5, seq: 5000, ack: 999, flags: .syn)
        let rst = try #require(script.recvOne(time: 5))
        #expect(rst.flags == .rst && rst.seq == 999)
        #expect(s.state == .synSent)
    }

    @Test func simultaneousOpen() throws {
        let s = TcpSocket(seed: 9)
        let script = TcpScript(s)
        try s.connect(to: Self.remote, localPort: 3353, now: tms(0), isn: 1000)
        _ = script.recv(time: 0)
        script.send(time: 5, seq: 5000, flags: .syn)
        #expect(s.state == .synReceived)
        let synAck = try #require(script.recvOne(time: 5))
        #expect(synAck.flags == [.syn, .ack] && synAck.seq == 1000 && synAck.ack == 5001)
        script.send(time: 6, seq: 5001, ack: 1001)
        #expect(s.state == .established)
    }
}
