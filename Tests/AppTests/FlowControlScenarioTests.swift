import Testing
import Runtime
import Boards
import App
import SimKit
import Simulation

/// The firmware's flow control on a whole kit (docs/cyw43-bus.md §4.2): while a data wake is
/// being served, the chip stops best-effort data (precedence 2, the stack's frames) for 120 ms.
/// The device's ACK waits in the runner's transmit queue (control frames, the wake's iovars,
/// still go) and leaves the moment the firmware lifts the bit; nothing is lost, the message is
/// taken once, and the kit goes back to sleep offloaded.
@Suite struct FlowControlScenarioTests {
    @Test(arguments: ["CY8CPROTO-062-4343W", "LINUX-SBC-43439"])
    func anAckHeldByFlowControlLeavesWhenTheBitIsLifted(board: String) throws {
        let message = Array("held by flow control".utf8)
        let h = try KitHarness(board: try Boards.named(Array(board.utf8))) { $0.capturePcap = true }
        let t0 = try h.kit.runToFirstSleep()
        let at = t0 + .seconds(30)
        h.kit.world.schedule(ScriptedEvent(.at(at), .serverSends(message)))
        let chip = h.kit.chip, world = h.kit.world
        let hold = Duration.milliseconds(120)
        var stoppedAt: Instant?
        h.kit.onHostWake = { t, reason, _ in
            guard reason == .data, stoppedAt == nil else { return }
            chip.setFlowControl(0b0000_0100)
            stoppedAt = t
            world.schedule(ScriptedEvent(.at(t + hold), .chipFault(.flowControl(0))))
        }
        h.kit.run(until: t0 + .seconds(60))
        let lifted = (stoppedAt ?? .zero) + hold
        let stopped = try #require(stoppedAt)
        let segs = airSegments(h.kit.world.pcap?.bytes ?? [], station: h.kit.chip.macAddress)
        let data = try #require(segs.first { !$0.fromStation && $0.length == message.count && $0.at >= at })
        let end = data.seq &+ UInt32(message.count)
        let ack = try #require(segs.first { $0.fromStation && Int32(bitPattern: $0.ack &- end) >= 0 && $0.at >= data.at })
        // Nothing of ours went over the air while best effort was stopped; the ACK came after.
        #expect(!segs.contains { $0.fromStation && $0.at > stopped && $0.at < lifted })
        #expect(ack.at >= lifted && ack.at < lifted + .milliseconds(20), "ACK at \(ack.at), lifted at \(lifted)")
        #expect(h.contains("fc 4"), "the stall watch saw the flow-control bit")
        #expect(h.messagesReceived == message)
        h.expectRecovered([message])
    }
}
