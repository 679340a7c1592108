import Testing
@testable import Net
import Runtime

/// Closing (RFC 9293 §3.6), TIME-WAIT, and RST in every state (§3.10.7, RFC 5961).
@Suite struct TcpCloseTests {
    @Test func activeCloseThroughTimeWait() throws {
        let script = TcpScript.established()
        let s = script.socket
        s.close()
        #expect(s.state == .finWait1)
        #expect(throws: TcpSendError.invalidState(.finWait1)) { _ = try s.send([1]) }
        let fin = try #require(script.recvOne(time: 100))
        #expect(fin.flags == [.fin, .ack] && fin.seq == 1001 && fin.ack == 5001)
        script.send(time: 110, seq: 5001, ack: 1002)
        #expect(s.state == .finWait2)
        // Data may still arrive in FIN-WAIT-2.
        script.send(time: 120, seq: 5001, ack: 1002, payload: [1, 2])
        #expect(script.recvOne(time: 120)?.ack == 5003)
        script.send(time: 130, seq: 5003, ack: 1002, flags: .fin)
        #expect(s.state == .timeWait)
        let lastAck = try #require(script.recvOne(time: 130))
        #expect(lastAck.flags == .ack && lastAck.seq == 1002 && lastAck.ack == 5004)
        #expect(try s.receive() == [1, 2])
        #expect(throws: TcpReceiveError.finished) { _ = try s.receive() }
        // TIME-WAIT: 60 s (config.timeWait) from the FIN.
        #expect(s.pollAt(now: tms(130)) == tms(60_130))
        script.recvNothing(time: 60_129)
        #expect(s.state == .timeWait)
        script.recvNothing(time: 60_130)
        #expect(s.state == .closed && s.closeReason == .normal)
    }

    @Test func retransmittedFinInTimeWaitIsAckedAndRestartsTimer() throws {
        let script = TcpScript.established()
        let s = script.socket
        s.close()
        _ = script.recv(time: 0)
        script.send(time: 10, seq: 5001, ack: 1002, flags: .fin)
        _ = script.recv(time: 10)
        #expect(s.state == .timeWait)
        script.send(time: 1000, seq: 5001, ack: 1002, flags: .fin)
        let ack = try #require(script.recvOne(time: 1000))
        #expect(ack.ack == 5002)
        #expect(s.pollAt(now: tms(1000)) == tms(61_000))
    }

    @Test func passiveClose() throws {
        let script = TcpScript.established()
        let s = script.socket
        script.send(time: 100, seq: 5001, ack: 1001, flags: .fin, payload: [7])
        #expect(s.state == .closeWait)
        #expect(script.recvOne(time: 100)?.ack == 5003)
        #expect(try s.receive() == [7])
        #expect(s.peerClosed)
        #expect(throws: TcpReceiveError.finished) { _ = try s.receive() }
        // We may still send in CLOSE-WAIT.
        _ = try s.send([8])
        s.close()
        #expect(s.state == .lastAck)
        let finData = try #require(script.recvOne(time: 200))
        #expect(finData.flags == [.fin, .ack, .psh] && finData.payload == [8] && finData.seq == 1001)
        script.send(time: 210, seq: 5003, ack: 1003)
        #expect(s.state == .closed && s.closeReason == .normal)
        script.recvNothing(time: 300)
    }

    @Test func simultaneousClose() throws {
        let script = TcpScript.established()
        let s = script.socket
        s.close()
        _ = script.recv(time: 0)
        script.send(time: 10, seq: 5001, ack: 1001, flags: .fin)     // their FIN crossed ours
        #expect(s.state == .closing)
        #expect(script.recvOne(time: 10)?.ack == 5002)
        script.send(time: 20, seq: 5002, ack: 1002)
        #expect(s.state == .timeWait)
    }

    @Test func listenerAcceptsAgainAfterClose() throws {
        let link = TcpLink()
        let server = TcpSocket(seed: 2)
        link.b.add(server)
        try server.listen(port: 3360)
        for round in 0..<3 {
            let client = TcpSocket(seed: UInt64(10 + round))
            link.a.add(client)
            try client.connect(to: TcpEndpoint(address: TcpLink.ipB, port: 3360),
                               localPort: UInt16(3353 + round), now: link.now)
            link.run(for: .seconds(1))
            #expect(server.accept()?.port == UInt16(3353 + round))
            _ = try client.send([UInt8(round)])
            link.run(for: .seconds(1))
            #expect(try server.receive() == [UInt8(round)])
            client.close()
            link.run(for: .seconds(1))
            #expect(server.state == .closeWait)
            server.close()
            link.run(for: .seconds(1))
            #expect(server.state == .listen, "round \(round)")
            #expect(client.state == .timeWait)
            link.a.remove(client)
        }
        server.close()
        #expect(server.state == .closed)
    }

    // MARK: RST

    @Test func resetRefusesConnect() throws {
        let s = TcpSocket(seed: 1)
        let script = TcpScript(s)
        try s.connect(to: TcpEndpoint(address: TcpScript.remoteIP, port: TcpScript.remotePort),
                      localPort: 3353, now: tms(0), isn: 1000)
        _ = script.recv(time: 0)
        script.send(time: 5, seq: 0, flags: .rst)                   // no ACK: ignored
        #expect(s.state == .synSent)
        script.send(time: 6, seq: 0, ack: 1001, flags: .rst)
        #expect(s.state == .closed && s.closeReason == .refused)
        script.recvNothing(time: 1000)
    }

    @Test func resetInSynReceivedReturnsToListen() throws {
        let s = TcpSocket(seed: 1)
        let script = TcpScript(s)
        try s.listen(port: TcpScript.localPort)
        script.send(time: 0, seq: 5000, flags: .syn)
        _ = script.recv(time: 0)
        script.send(time: 5, seq: 5001, flags: .rst)
        #expect(s.state == .listen)
        script.recvNothing(time: 2000)
    }

    /// Drives a fresh client connection into `state`.
    static func connection(in state: TcpState) -> TcpScript {
        let script = TcpScript.established()
        let s = script.socket
        switch state {
        case .established: break
        case .finWait1: s.close(); _ = script.recv(time: 0)
        case .finWait2: s.close(); _ = script.recv(time: 0); script.send(time: 1, seq: 5001, ack: 1002)
        case .closeWait: script.send(time: 1, seq: 5001, ack: 1001, flags: .fin); _ = script.recv(time: 1)
        case .closing:
            s.close(); _ = script.recv(time: 0)
            script.send(time: 1, seq: 5001, ack: 1001, flags: .fin); _ = script.recv(time: 1)
        case .lastAck:
            script.send(time: 1, seq: 5001, ack: 1001, flags: .fin); _ = script.recv(time: 1)
            s.close(); _ = script.recv(time: 2)
        case .timeWait:
            s.close(); _ = script.recv(time: 0)
            script.send(time: 1, seq: 5001, ack: 1002, flags: .fin); _ = script.recv(time: 1)
        default: fatalError()
        }
        precondition(s.state == state)
        return script
    }

    @Test(arguments: [TcpState.established, .finWait1, .finWait2, .closeWait, .closing, .lastAck, .timeWait])
    func exactResetClosesInEveryState(state: TcpState) throws {
        let script = Self.connection(in: state)
        let s = script.socket
        let rcvNxt = s.receiveNext
        // RFC 5961 §3.2: a RST in the window but not at RCV.NXT draws a challenge ACK.
        script.send(time: 10, seq: rcvNxt &+ 5, flags: .rst)
        #expect(s.state == state)
        let challenge = try #require(script.recvOne(time: 10))
        #expect(challenge.flags == .ack && challenge.ack == rcvNxt)
        // Outside the window: silently dropped.
        script.send(time: 20, seq: rcvNxt &- 100, flags: .rst)
        script.recvNothing(time: 20)
        #expect(s.state == state)
        // Exactly at RCV.NXT: the connection is reset, nothing is sent.
        script.send(time: 30, seq: rcvNxt, flags: .rst)
        #expect(s.state == .closed)
        #expect(s.closeReason == (state == .timeWait ? .normal : .reset))
        script.recvNothing(time: 30)
        script.recvNothing(time: 100_000)
        #expect(s.counters.resetsIn == 1)
    }

    @Test func synInSynchronizedStateDrawsChallengeAck() throws {
        let script = TcpScript.established()
        script.send(time: 10, seq: 9999, flags: .syn)
        let ack = try #require(script.recvOne(time: 10))
        #expect(ack.flags == .ack && ack.ack == 5001)
        #expect(script.socket.state == .established)
    }

    @Test func abortSendsReset() throws {
        let script = TcpScript.established()
        let s = script.socket
        _ = try s.send([1, 2, 3])
        s.abort()
        #expect(s.state == .closed && s.closeReason == .aborted)
        let rst = try #require(script.recvOne(time: 5))
        #expect(rst.flags == .rst && rst.seq == 1001)
        script.recvNothing(time: 5000)
    }

    @Test func abortInTimeWaitSendsNothing() throws {
        let script = Self.connection(in: .timeWait)
        script.socket.abort()
        #expect(script.socket.state == .closed)
        script.recvNothing(time: 10)
    }

    @Test func listenerInTimeWaitAcceptsANewerSyn() throws {
        // The server closes first, so its connection sits in TIME-WAIT; the same client
        // reconnects with a higher sequence number (RFC 1122 §4.2.2.13).
        let s = TcpSocket(seed: 5)
        let script = TcpScript(s)
        try s.listen(port: TcpScript.localPort)
        script.send(time: 0, seq: 5000, flags: .syn)
        let synAck = try #require(script.recvOne(time: 0))
        script.send(time: 1, seq: 5001, ack: synAck.seq &+ 1)
        #expect(s.accept() != nil)
        s.close()
        _ = script.recv(time: 2)
        script.send(time: 3, seq: 5001, ack: synAck.seq &+ 2, flags: .fin)
        _ = script.recv(time: 3)
        #expect(s.state == .timeWait)
        // An old duplicate SYN (not beyond RCV.NXT) gets a challenge ACK only.
        script.send(time: 4, seq: 4000, flags: .syn)
        #expect(script.recvOne(time: 4)?.flags == .ack)
        #expect(s.state == .timeWait)
        script.send(time: 10, seq: 90_000, flags: .syn)
        #expect(s.state == .synReceived)
        let second = try #require(script.recvOne(time: 10))
        #expect(second.flags == [.syn, .ack] && second.ack == 90_001)
        #expect(s.counters.segmentsIn == 1 && s.closeReason == nil)
        // The new connection is with the client that sent the SYN (a socket that forgot
        // the peer's address sent its SYN-ACK to 0.0.0.0, and the client's ACK found no
        // connection: it was answered with RST while the SYN-ACK retransmitted for 4 min).
        #expect(second.destination == TcpScript.remoteIP)
        #expect(s.remote == TcpEndpoint(address: TcpScript.remoteIP, port: TcpScript.remotePort))
        script.send(time: 11, seq: 90_001, ack: second.seq &+ 1)
        #expect(s.state == .established && s.accept() != nil)
        #expect(script.tableReplies.isEmpty)
    }

    @Test func aReceiveHoleDoesNotOutliveItsConnection() throws {
        // Data beyond a lost segment opens a hole: the peer's retransmission is due.
        let script = TcpScript.established()
        let s = script.socket
        script.send(time: 10, seq: 5101, ack: 1001, payload: [1, 2, 3])
        #expect(s.receiveHoleSince == tms(10))
        // The connection ends (the app aborts it and reconnects): no retransmission will
        // come to fill the old hole, and the new connection has none.
        s.abort()
        #expect(s.receiveHoleSince == nil)
        script.send(time: 20, seq: 5101, ack: 1001, payload: [1, 2, 3])    // answered by the table's RST
        try s.connect(to: TcpEndpoint(address: TcpScript.remoteIP, port: TcpScript.remotePort),
                      localPort: TcpScript.localPort, now: tms(30), isn: 2000)
        #expect(s.receiveHoleSince == nil)
        #expect(script.recv(time: 30).map(\.flags) == [.rst, .syn])   // the abort's RST, then the SYN
        // The same through `reset()` alone (a listener taking its next connection).
        script.send(time: 40, seq: 7000, ack: 2001, flags: .syn, mss: 1460)
        _ = script.recv(time: 40)
        #expect(s.state == .established)
        script.send(time: 50, seq: 7101, ack: 2001, payload: [4])
        #expect(s.receiveHoleSince == tms(50))
        s.reset()
        #expect(s.receiveHoleSince == nil)
    }

    @Test func segmentsForNoSocketAreReset() throws {
        let script = TcpScript.established()
        // RFC 9293 §3.10.7.1: no ACK -> <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
        script.send(time: 1, seq: 700, flags: .syn, toPort: 9999)
        // With ACK -> <SEQ=SEG.ACK><CTL=RST>.
        script.send(time: 2, seq: 700, ack: 4242, payload: [1, 2, 3], toPort: 9999)
        // No RST for a RST.
        script.send(time: 3, seq: 700, flags: .rst, toPort: 9999)
        #expect(script.tableReplies.count == 2)
        let r1 = script.tableReplies[0], r2 = script.tableReplies[1]
        #expect(r1.flags == [.rst, .ack] && r1.seq == 0 && r1.ack == 701)
        #expect(r1.header.sourcePort == 9999 && r1.header.destinationPort == TcpScript.remotePort)
        #expect(r1.destination == TcpScript.remoteIP && r1.source == TcpScript.localIP)
        #expect(r2.flags == .rst && r2.seq == 4242)
        #expect(script.table.counters.noSocket == 3 && script.table.counters.resetsSent == 2)
        // Our local port but another remote port is no socket either.
        script.send(time: 4, seq: 1, ack: 1, fromPort: 4444, toPort: TcpScript.localPort)
        #expect(script.tableReplies.count == 3)
    }

    @Test func malformedSegmentsAreCountedNotDelivered() {
        let script = TcpScript.established()
        let bytes: [UInt8] = [0x0d, 0x20, 0x0d, 0x19, 0, 0]
        _ = bytes.withUnsafeBytes {
            script.table.input($0, source: TcpScript.remoteIP, destination: TcpScript.localIP, now: tms(1))
        }
        #expect(script.table.counters.malformed == 1)
        #expect(script.table.lastError == .truncated(need: 20, have: 6))
        #expect(script.socket.counters.segmentsIn == 1)
    }
}
