import Testing
import Runtime
import SimKit
import Boards
import Simulation

/// Other tasks keep running while a handler waits for the chip (`Scheduler+Nested.swift`). A
/// data wake's iovars (PM2 back, offload off, ARP and filters to their awake settings) go one
/// round trip at a time from the app's task (priority 1); with a firmware that takes 20 ms per
/// ioctl that is ~100 ms of waiting. A segment that arrives meanwhile must still be taken in
/// and ACKed by the network task (priority 3) at once, not after the app's handler returns:
/// with the wait dispatching nothing it was ACKed 70.8 ms late.
@Suite struct NestedWaitScenarioTests {
    /// For every server data segment after `from`: (when it went over the air, how long until
    /// the device's ACK covered it).
    static func ackDelays(_ h: KitHarness, from: Instant) -> [(at: Instant, delay: Duration)] {
        let segs = airSegments(h.kit.world.pcap?.bytes ?? [], station: h.kit.chip.macAddress)
        var out: [(Instant, Duration)] = []
        for (i, s) in segs.enumerated() where !s.fromStation && s.length > 0 && s.at >= from {
            let end = s.seq &+ UInt32(s.length)
            guard let ack = segs[i...].first(where: { $0.fromStation && Int32(bitPattern: $0.ack &- end) >= 0 && $0.at >= s.at }) else {
                out.append((s.at, .seconds(3600))); continue
            }
            out.append((s.at, ack.at - s.at))
        }
        return out
    }

    @Test(arguments: ["CY8CPROTO-062-4343W", "LINUX-SBC-43439"])
    func aSegmentDuringTheWakesIovarsIsAckedAtOnce(board: String) throws {
        let first = Array("first message".utf8), second = Array("second message".utf8)
        let latency = Duration.milliseconds(20)
        let h = try KitHarness(board: try Boards.named(Array(board.utf8))) {
            $0.ioctlLatency = latency
            $0.capturePcap = true
        }
        let t0 = try h.kit.runToFirstSleep()
        let at = t0 + .seconds(30)
        h.kit.world.schedule(ScriptedEvent(.at(at), .serverSends(first)))
        // The AP holds the first until the chip's next listen (~133 ms later); the second comes
        // while the woken app waits for its iovars.
        h.kit.world.schedule(ScriptedEvent(.at(at + .milliseconds(140)), .serverSends(second)))
        h.kit.run(until: t0 + .seconds(60))
        let acks = Self.ackDelays(h, from: at)
        #expect(acks.count == 2, "\(acks)")
        #expect(acks.last.map { $0.at > acks[0].at } == true, "both segments came in one flight: \(acks)")
        // ACKed by the network task inside the app's wait, well before the iovar in flight
        // (20 ms) is answered.
        #expect(acks.allSatisfy { $0.delay < latency }, "ACK delays: \(acks.map(\.delay))")
        #expect(h.kit.scheduler.nestedDispatches > 0)
        #expect(h.messagesReceived == first + second)
        #expect(h.kit.stats.wakes(.data) == 1)
        let r = h.kit.result()
        #expect(r.cpu.busyWait == .zero && r.cpu.busyWaits == 0)
        h.expectRecovered([first, second])
    }
}
