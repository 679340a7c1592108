import Testing
import Runtime
@testable import ChipModel

@Test func anHourIdleIs720KeepalivesAndNoWake() {
    let chip = FakeChip()
    chip.peer = { $0 == exampleRequest ? serverAck : nil }  // the server's kernel ACKs at once
    let t = enabledEngine(chip)
    chip.run(until: Instant.seconds(3600) - .microseconds(1), [.tko(t)])
    #expect(t.counters(index: 0).requestsSent == 720)
    #expect(t.counters(index: 0).acksReceived == 720)
    #expect(t.counters(index: 0).retriesSent == 0)
    #expect(chip.wakes.isEmpty && chip.events.isEmpty && chip.toHost.isEmpty)
    #expect(chip.sent.allSatisfy { $0.frame == exampleRequest })
    // The first probe goes out at enable time, then every 5 s.
    #expect(chip.sent[0].at == .zero && chip.sent[1].at == .seconds(5) && chip.sent[719].at == .seconds(3595))
}

@Test func ackLatencyStretchesThePeriod() {
    let chip = FakeChip()
    chip.peer = { $0 == exampleRequest ? serverAck : nil }
    chip.peerLatency = .milliseconds(40)  // README capture: probes ~5.04 s apart (§1.7)
    let t = enabledEngine(chip)
    chip.run(until: .seconds(60), [.tko(t)])
    #expect(chip.sent.map(\.at).prefix(3) == [.zero, .milliseconds(5040), .milliseconds(10080)])
    #expect(chip.wakes.isEmpty)
}

@Test func silentPeerGetsThreeProbesThenEventAndWake() {
    let chip = FakeChip()
    let t = enabledEngine(chip)
    // Timed script (house style §12): at deadline - 1 and at the deadline.
    chip.run(until: .seconds(6), [.tko(t)])
    #expect(chip.sent.map(\.at) == [.zero, .seconds(3), .seconds(6)])
    #expect(t.counters(index: 0).retriesSent == 2)
    chip.run(until: Instant.seconds(9) - .microseconds(1), [.tko(t)])
    #expect(chip.events.isEmpty && chip.wakes.isEmpty)
    chip.run(until: .seconds(9), [.tko(t)])
    #expect(chip.wakes == [.keepaliveFailure])
    #expect(chip.events.count == 1)
    #expect(chip.events[0].type == 151 && chip.events[0].status == 5 && chip.events[0].reason == 0)
    #expect(chip.events[0].data == [0, 0, 0, 0])
    #expect(t.status(index: 0) == 1 && t.isSuspended && t.nextDeadline == nil)
    #expect(t.counters(index: 0).failures == 1)
    chip.run(until: .seconds(100), [.tko(t)])
    #expect(chip.sent.count == 3 && chip.events.count == 1)
}

@Test func peerDyingAfterAnAckIsReportedThreeRetriesLater() {
    let chip = FakeChip()
    var answering = true
    chip.peer = { answering && $0 == exampleRequest ? serverAck : nil }
    let t = enabledEngine(chip)
    chip.run(until: .seconds(1), [.tko(t)])
    answering = false
    chip.run(until: .seconds(20), [.tko(t)])
    #expect(chip.sent.map(\.at) == [.zero, .seconds(5), .seconds(8), .seconds(11)])
    #expect(chip.events.count == 1 && chip.wakes == [.keepaliveFailure])
}

@Test func peerKeepaliveIsAnsweredWithTheResponseFrame() {
    let chip = FakeChip()
    chip.peer = { $0 == exampleRequest ? serverAck : nil }
    let t = enabledEngine(chip)
    chip.run(until: .seconds(2), [.tko(t)])
    // The server's own keepalive: seq = rcv_nxt - 1, ack = snd_nxt (§1.7).
    chip.receive(serverSegment(seq: 0x9ABC_DEEF, ack: 0x1234_5678), [.tko(t)])
    #expect(chip.sent.last?.frame == exampleResponse)
    #expect(t.counters(index: 0).peerKeepalivesAnswered == 1)
    #expect(chip.wakes.isEmpty && chip.toHost.isEmpty)
    #expect(t.nextDeadline == .seconds(7))  // re-armed at the interval from now
}

@Test func unexpectedSegmentsSuspendAndGoToTheHost() {
    let cases: [(frame: [UInt8], status: UInt8)] = [
        (serverSegment(seq: 0x9ABC_DEF0, ack: 0x1234_5678, flags: 0x04), 2),                    // RST, no ACK flag
        (serverSegment(seq: 0x9ABC_DEF0, ack: 0x1234_5678, flags: 0x18, payload: Array("hi".utf8)), 6),  // data
        (serverSegment(seq: 0x9ABC_DEF0, ack: 0x1234_5678, flags: 0x11), 3),                    // FIN+ACK
        (serverSegment(seq: 0x9ABC_DEF0, ack: 0x1234_5679), 4),                                 // ack != local seq
        (serverSegment(seq: 0x9ABC_DEF1, ack: 0x1234_5678), 5),                                 // seq beyond
    ]
    for (frame, status) in cases {
        let chip = FakeChip()
        let t = enabledEngine(chip)
        chip.run(until: .seconds(1), [.tko(t)])
        chip.receive(frame, [.tko(t)])
        #expect(t.status(index: 0) == status)
        #expect(chip.toHost == [frame] && chip.wakes == [.data])
        #expect(t.isSuspended && t.nextDeadline == nil && t.counters(index: 0).suspensions == 1)
        #expect(chip.events.isEmpty)
    }
}

@Test func foreignBrokenAndFragmentedFramesAreNotTouched() {
    let chip = FakeChip()
    let t = enabledEngine(chip)
    for frame in [serverSegment(seq: 0x9ABC_DEF0, ack: 0x1234_5678, corruptTCP: true),
                  serverSegment(seq: 0x9ABC_DEF0, ack: 0x1234_5678, fragment: 0x2000)] {
        #expect(!t.intercept(frame, fw: chip))
    }
    #expect(!t.isSuspended && t.status(index: 0) == 0)
    // 802.3 LLC/SNAP framing is accepted (§1.7).
    #expect(t.intercept(serverSegment(seq: 0x9ABC_DEF0, ack: 0x1234_5678, snap: true), fw: chip))
    #expect(t.counters(index: 0).acksReceived == 1)
}

@Test func disableForgetsEveryConnection() {
    let chip = FakeChip()
    let t = enabledEngine(chip)
    chip.run(until: .seconds(1), [.tko(t)])
    #expect(t.set(enableOff, fw: chip) == 0)
    #expect(!t.isEnabled && !t.hasConnection(index: 0) && t.nextDeadline == nil)
    #expect(!t.intercept(serverAck, fw: chip))
    // Enabling again with nothing stored runs nothing (§4.2 firmware side).
    #expect(t.set(enableOn, fw: chip) == 0)
    #expect(t.nextDeadline == nil)
}
