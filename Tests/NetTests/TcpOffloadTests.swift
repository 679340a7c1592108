import Testing
@testable import Net
import Runtime

/// Suspend/resume around host sleep and the hand-off to the firmware (docs/seams.md §4,
/// docs/tko-offload.md §1.5-1.7, §4).
@Suite struct TcpOffloadTests {
    static let deviceMAC = MACAddress(0xa0, 0xc9, 0xa0, 0x3d, 0xd3, 0x6a)
    static let serverMAC = MACAddress(0x11, 0x22, 0x33, 0x44, 0x55, 0x66)

    static func keepaliveConfig() -> TcpConfig {
        var c = TcpConfig()
        c.keepalive = TcpKeepaliveConfig(interval: .seconds(5), retryInterval: .seconds(3), retryCount: 3)
        return c
    }

    @Test func offloadStateOfAnIdleConnection() throws {
        // The worked example of docs/tko-offload.md §1.6: 192.168.0.15:3353 -> 192.168.0.10:3360,
        // snd_nxt 0x12345678, rcv_nxt 0x9abcdef0, rcv_wnd 5983.
        let script = TcpScript.established(isn: 0x1234_5677, peerIsn: 0x9abc_deef, receiveCapacity: 5983)
        let s = script.socket
        let state = try #require(s.offloadState(localMAC: Self.deviceMAC, remoteMAC: Self.serverMAC))
        #expect(state == TcpOffloadState(localMAC: Self.deviceMAC, remoteMAC: Self.serverMAC,
                                         localIP: 0xc0a8_000f, remoteIP: 0xc0a8_000a,
                                         localPort: 3353, remotePort: 3360,
                                         sndNxt: 0x1234_5678, rcvNxt: 0x9abc_def0, rcvWnd: 5983, ttl: 64))
    }

    @Test func noOffloadStateWhileDataIsInFlightOrNotEstablished() throws {
        let script = TcpScript.established()
        let s = script.socket
        _ = try s.send([1, 2, 3])
        #expect(s.offloadState(localMAC: Self.deviceMAC, remoteMAC: Self.serverMAC) == nil)   // unsent
        _ = script.recv(time: 10)
        #expect(s.offloadState(localMAC: Self.deviceMAC, remoteMAC: Self.serverMAC) == nil)   // in flight
        script.send(time: 20, seq: 5001, ack: 1004)
        let st = try #require(s.offloadState(localMAC: Self.deviceMAC, remoteMAC: Self.serverMAC))
        #expect(st.sndNxt == 1004 && st.rcvNxt == 5001)
        // Received but unread bytes shrink the window the firmware must announce.
        script.send(time: 30, seq: 5001, ack: 1004, payload: [9, 9])
        _ = script.recv(time: 30)
        #expect(s.offloadState(localMAC: Self.deviceMAC, remoteMAC: Self.serverMAC)?.rcvWnd == 4094)
        script.send(time: 40, seq: 5003, ack: 1004, flags: .fin)
        _ = script.recv(time: 40)
        #expect(s.state == .closeWait)
        #expect(s.offloadState(localMAC: Self.deviceMAC, remoteMAC: Self.serverMAC) == nil)
        let fresh = TcpSocket(seed: 1)
        #expect(fresh.offloadState(localMAC: Self.deviceMAC, remoteMAC: Self.serverMAC) == nil)
    }

    @Test func suspendedSocketIsSilentAndResumeKeepsRemainingTime() throws {
        let script = TcpScript.established()
        let s = script.socket
        _ = try s.send([1])
        _ = script.recv(time: 0)                  // RTO timer at 1000
        s.suspend(now: tms(400))
        #expect(s.isSuspended)
        #expect(s.pollAt(now: tms(400)) == nil)
        script.recvNothing(time: 1000)
        script.recvNothing(time: 50_000)
        s.resume(now: tms(60_000))
        // 600 ms were left when the host went to sleep.
        #expect(s.pollAt(now: tms(60_000)) == tms(60_600))
        script.recvNothing(time: 60_599)
        #expect(script.recvOne(time: 60_600)?.seq == 1001)
    }

    @Test func sendQueuedWhileSuspendedWaitsForResume() throws {
        let script = TcpScript.established()
        let s = script.socket
        s.suspend(now: tms(10))
        _ = try s.send([5])
        script.recvNothing(time: 20)
        s.resume(now: tms(30))
        #expect(script.recvOne(time: 30)?.payload == [5])
    }

    @Test func resumeAfterFirmwareKeptTheConnectionAlive() throws {
        let script = TcpScript.established(config: Self.keepaliveConfig())
        let s = script.socket
        let before = try #require(s.offloadState(localMAC: Self.deviceMAC, remoteMAC: Self.serverMAC))
        s.suspend(now: tms(100))
        // The firmware ran the keepalives for an hour: nothing from the host.
        script.recvNothing(time: 3_600_000)
        s.resume(now: tms(3_600_100))
        // The server's ACKs of the firmware's probes (seq = SND.NXT-1) now reach the host:
        // seq = RCV.NXT, ack = SND.NXT. They are plain duplicate ACKs: nothing to answer.
        script.send(time: 3_600_110, seq: before.rcvNxt, ack: before.sndNxt)
        script.send(time: 3_600_120, seq: before.rcvNxt, ack: before.sndNxt)
        script.recvNothing(time: 3_600_120)
        #expect(s.state == .established && s.counters.dropped == 0)
        // A late peer keepalive (seq = RCV.NXT - 1) is answered with our ACK.
        script.send(time: 3_600_130, seq: before.rcvNxt &- 1, ack: before.sndNxt)
        #expect(script.recvOne(time: 3_600_130)?.ack == before.rcvNxt)
        // The host keepalive restarts from the last thing heard (3_600_130 ms).
        script.recvNothing(time: 3_605_129)
        #expect(script.recvOne(time: 3_605_130)?.seq == before.sndNxt &- 1)
        // The data that woke us arrives and flows normally both ways.
        script.send(time: 3_605_200, seq: before.rcvNxt, ack: before.sndNxt, payload: Array("wake".utf8))
        #expect(script.recvOne(time: 3_605_200)?.ack == before.rcvNxt &+ 4)
        #expect(try s.receive() == Array("wake".utf8))
        _ = try s.send(Array("ok".utf8))
        let reply = try #require(script.recvOne(time: 3_605_300))
        #expect(reply.seq == before.sndNxt && reply.payload == Array("ok".utf8))
        let after = s.offloadState(localMAC: Self.deviceMAC, remoteMAC: Self.serverMAC)
        #expect(after == nil)
        script.send(time: 3_605_310, seq: before.rcvNxt &+ 4, ack: before.sndNxt &+ 2)
        #expect(s.offloadState(localMAC: Self.deviceMAC, remoteMAC: Self.serverMAC)?.sndNxt == before.sndNxt &+ 2)
    }

    @Test func keepaliveTimerRestartsAtResume() throws {
        let script = TcpScript.established(config: Self.keepaliveConfig())
        let s = script.socket
        s.suspend(now: tms(1000))
        script.recvNothing(time: 5000)           // would have been the first probe
        s.resume(now: tms(100_000))
        script.recvNothing(time: 104_999)
        #expect(script.recvOne(time: 105_000)?.seq == 1000)
    }

    @Test func timeWaitKeepsItsRemainingTimeAcrossSuspend() throws {
        let script = TcpScript.established()
        let s = script.socket
        s.close()
        _ = script.recv(time: 0)
        script.send(time: 0, seq: 5001, ack: 1002, flags: .fin)
        _ = script.recv(time: 0)                 // TIME-WAIT until 60 000
        s.suspend(now: tms(10_000))
        script.recvNothing(time: 70_000)
        #expect(s.state == .timeWait)
        s.resume(now: tms(100_000))
        #expect(s.pollAt(now: tms(100_000)) == tms(150_000))
    }
}
