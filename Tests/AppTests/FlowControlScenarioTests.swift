import Testing
import Runtime
import Boards
import App
import SimKit
import Simulation

/// The firmware's flow control on a whole kit (docs/cyw43-bus.md §4.2): while a data wake is
/// being served, the chip stops best-effort data (precedence 2, the stack's frames) for a while.
/// The device's ACK waits in the runner's transmit queue (control frames, the wake's iovars,
/// still go) and leaves the moment the firmware lifts the bit; the host does not re-offload and
/// sleep with frames still queued (they would go out stale, after the firmware took the
/// connection over, and the flow-control change would wake the host for them); nothing is
/// lost, the message is taken once, and the kit goes back to sleep offloaded.
@Suite struct FlowControlScenarioTests {
    @Test(arguments: ["CY8CPROTO-062-4343W", "LINUX-SBC-43439"])
    func anAckHeldByFlowControlLeavesWhenTheBitIsLifted(board: String) throws {
        try heldAck(board: board, hold: .milliseconds(120))
    }

    /// Held for 2 s: longer than the data wake would otherwise last (with the ACK queued, the
    /// host used to re-offload at once; the firmware's keepalive probes went out while the bit
    /// was set, and the lift woke the host twice more to send 4 stale ACKs).
    @Test func aLongStopKeepsTheHostUpUntilItsFramesWent() throws {
        let h = try heldAck(board: "CY8CPROTO-062-4343W", hold: .seconds(2))
        #expect(h.kit.stats.totalWakes == 1, "app wakes from offloaded sleep")
    }

    @discardableResult
    func heldAck(board: String, hold: Duration, sourceLocation: SourceLocation = #_sourceLocation) throws -> KitHarness {
        let message = Array("held by flow control".utf8)
        let h = try KitHarness(board: try Boards.named(Array(board.utf8))) { $0.capturePcap = true }
        let t0 = try h.kit.runToFirstSleep()
        let at = t0 + .seconds(30)
        h.kit.world.schedule(ScriptedEvent(.at(at), .serverSends(message)))
        let chip = h.kit.chip, world = h.kit.world
        var stoppedAt: Instant?
        h.kit.onHostWake = { t, reason, _ in
            guard reason == .data, stoppedAt == nil else { return }
            chip.setFlowControl(0b0000_0100)
            stoppedAt = t
            world.schedule(ScriptedEvent(.at(t + hold), .chipFault(.flowControl(0))))
        }
        h.kit.run(until: t0 + .seconds(60))
        let stopped = try #require(stoppedAt, sourceLocation: sourceLocation)
        let lifted = stopped + hold
        let segs = airSegments(h.kit.world.pcap?.bytes ?? [], station: h.kit.chip.macAddress)
        let data = try #require(segs.first { !$0.fromStation && $0.length == message.count && $0.at >= at },
                                sourceLocation: sourceLocation)
        let end = data.seq &+ UInt32(message.count)
        let ack = try #require(segs.first { $0.fromStation && Int32(bitPattern: $0.ack &- end) >= 0 && $0.at >= data.at },
                               sourceLocation: sourceLocation)
        // Nothing of ours (nor the firmware's keepalives: no re-offload yet) went over the air
        // while best effort was stopped; the ACK came right after.
        #expect(!segs.contains { $0.fromStation && $0.at > stopped && $0.at < lifted }, sourceLocation: sourceLocation)
        #expect(ack.at >= lifted && ack.at < lifted + .milliseconds(20), "ACK at \(ack.at), lifted at \(lifted)",
                sourceLocation: sourceLocation)
        // The bitmap reached the host (LPA's stats block after the wake prints it), and nobody
        // poked the firmware for it: flow control is not a credit stall.
        #expect(h.contains("flow_control:4"), sourceLocation: sourceLocation)
        #expect(!h.contains("tx stalled"), sourceLocation: sourceLocation)
        #expect(h.messagesReceived == message, sourceLocation: sourceLocation)
        h.expectRecovered([message], sourceLocation: sourceLocation)
        return h
    }
}

extension FlowControlScenarioTests {
    /// A firmware that never lifts the bit: each data wake waits `holeWait` (2 s) of the stop,
    /// then re-offloads and sleeps anyway (the held ACK dropped: it would be stale); the host does not stay awake
    /// for good and nobody pokes the firmware. The server, never ACKed, retransmits (its RTO
    /// backing off), and every copy is a data wake of the same bounded cost.
    @Test func aStopThatNeverEndsDoesNotKeepTheHostAwake() throws {
        let message = Array("never lifted".utf8)
        let h = try KitHarness()
        let t0 = try h.kit.runToFirstSleep()
        h.kit.world.schedule(ScriptedEvent(.at(t0 + .seconds(30)), .serverSends(message)))
        let chip = h.kit.chip
        var stoppedAt: Instant?
        h.kit.onHostWake = { t, reason, _ in
            guard reason == .data, stoppedAt == nil else { return }
            chip.setFlowControl(0b0000_0100)
            stoppedAt = t
        }
        h.kit.run(until: t0 + .minutes(2))
        #expect(stoppedAt != nil)
        #expect(h.kit.phase == .suspended && h.kit.offloadActive)
        #expect(h.messagesReceived == message, "taken once, the retransmitted copies dropped")
        let p = h.kit.result().power
        let cost = p.dataWakeCost
        #expect(cost.wakes >= 1 && p.hostWakeups == cost.wakes, "\(p.hostWakeups) wakes, \(cost.wakes) data")
        #expect(cost.max_ms >= 2_000 && cost.max_ms < 2_600, "awake \(cost.max_ms) ms")
        #expect(!h.contains("tx stalled"))
        // The ACK the stop held is dropped as the stack freezes, not sent stale later.
        #expect(h.contains("cyw43: drop tx: 1 queued frames of the suspended stack"))
    }
}
