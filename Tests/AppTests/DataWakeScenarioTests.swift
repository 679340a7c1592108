import Testing
import Runtime
import Boards
import App
import SimKit
import Simulation

/// What a data wake costs and what it must not break, on the virtual clock with the world's
/// AP power save and Linux-like server: the quick rule (`NetActivityRule.quick`) sleeps as
/// soon as the data is read and ACKed, waits a short window only while a write is still
/// arriving, and defers the re-offload's immediate probe (500 ms rate limit, 600 ms spacing)
/// with the MCU in deep sleep. The seed's windows stay a board option (`netact = seed`).
@Suite struct DataWakeScenarioTests {
    static let message = Array("temperature 21.5".utf8)

    func harness(_ rule: NetActivityRule = .quick) throws -> KitHarness {
        var board = try Boards.default
        board.netActivity = rule
        return try KitHarness(board: board) { $0.capturePcap = true }
    }

    /// Bytes `0, 1, 2, ...` (mod 251) of length `n`, distinguishable from each other.
    static func pattern(_ n: Int, seed: Int) -> [UInt8] { (0..<n).map { UInt8((seed * 37 + $0) % 251) } }

    /// The server's data segments and the device's ACKs from the capture: for every server
    /// byte range, how long until the device acknowledged its end.
    func ackDelays(_ h: KitHarness) -> [Duration] {
        let segs = airSegments(h.kit.world.pcap?.bytes ?? [], station: h.kit.chip.macAddress)
        var out: [Duration] = []
        for (i, s) in segs.enumerated() where !s.fromStation && s.length > 0 {
            let end = s.seq &+ UInt32(s.length)
            guard let ack = segs[i...].first(where: { $0.fromStation && Int32(bitPattern: $0.ack &- end) >= 0 && $0.at >= s.at }) else {
                out.append(.seconds(3600)); continue
            }
            out.append(ack.at - s.at)
        }
        return out
    }

    @Test func anIsolatedMessageCostsAtMost20MillisecondsAwake() throws {
        let h = try harness()
        let t0 = try h.kit.runToFirstSleep()
        h.kit.world.schedule(ScriptedEvent(.at(t0 + .seconds(30)), .serverSends(Self.message)))
        h.kit.run(until: t0 + .seconds(60))
        let r = h.kit.result()
        #expect(r.power.hostWakeups == 1 && r.power.wakeups(.data) == 1)
        let cost = r.power.dataWakeCost
        #expect(cost.wakes == 1)
        #expect(cost.max_ms <= 20, "a data wake cost \(cost.max_ms) ms")
        // The re-offload waited out the spacing asleep, and its probe was answered.
        #expect(r.power.naps >= 1)
        #expect(r.keepalivesAcked == r.keepalivesSent)
        #expect(ackDelays(h).allSatisfy { $0 <= .milliseconds(500) })
        h.expectRecovered([Self.message])
    }

    /// The bus corrupts the message's frame (the corrupt-frame soaks' first message after
    /// the fault): the wake probes, the server's answer shows the hole, and the retransmission
    /// comes an RTO (Linux: >= 200 ms) after the original. The host spends that wait in deep
    /// sleep with its lock released (host-wake rises for the retransmission: TKO is off), not
    /// awake: it was 190 ms awake before.
    @Test func aMessageWhoseFrameTheBusCorruptedCostsAtMost20MillisecondsAwake() throws {
        let h = try harness()
        let t0 = try h.kit.runToFirstSleep()
        // Hours asleep (the device's ARP entry for the server has aged out: the probe waits
        // for ARP, as in the soak); the server sends just before a DTIM the dozing chip
        // listens to, so its frame is on the air at once and the whole RTO is still to run.
        h.kit.run(until: t0 + .hours(3))
        let ps = try #require(h.kit.world.config.powerSave), listen = try #require(h.kit.chip.powerSave).listenDTIMs
        let at = ps.nextListenedDTIM(atOrAfter: t0 + .hours(3) + .seconds(1), listenDTIMs: listen) - Duration.milliseconds(3)
        h.kit.world.schedule(ScriptedEvent(.at(at), .serverSends(Self.message)))
        h.kit.chip.corruptNextSDPCMLength()
        h.kit.run(until: at + .seconds(30))
        #expect(h.contains("cyw43: frame lost"))
        let r = h.kit.result()
        #expect(r.power.wakeups(.data) == 1, "data wakes: \(r.power.wakeups(.data))")
        let cost = r.power.dataWakeCost
        #expect(cost.max_ms <= 20, "the wake cost \(cost.max_ms) ms")
        #expect(r.power.naps >= 2)
        #expect(r.keepalivesAcked == r.keepalivesSent)
        // The retransmission is ACKed at once (the lost original's ACK waits for it: an RTO).
        let delays = ackDelays(h)
        #expect(delays.last.map { $0 <= .milliseconds(10) } ?? false, "ACK delays: \(delays)")
        #expect(delays.allSatisfy { $0 <= .milliseconds(500) }, "ACK delays: \(delays)")
        h.expectRecovered([Self.message])
    }

    /// The bus corrupts the server's FIN: its retransmission (an RTO later) is awaited in
    /// deep sleep, and our FIN follows it at once (the app kicks the stack after `close`; it
    /// waited for the stack's next deadline, 1.6 s later, before), then the new connection:
    /// 1,705 ms awake before, 20 ms now.
    @Test func aServerFinWhoseFrameTheBusCorruptedCostsMilliseconds() throws {
        let h = try harness()
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .hours(3))
        let ps = try #require(h.kit.world.config.powerSave), listen = try #require(h.kit.chip.powerSave).listenDTIMs
        let at = ps.nextListenedDTIM(atOrAfter: t0 + .hours(3) + .seconds(1), listenDTIMs: listen) - Duration.milliseconds(3)
        h.kit.world.schedule(ScriptedEvent(.at(at), .serverCloses))
        h.kit.chip.corruptNextSDPCMLength()
        h.kit.run(until: at + .seconds(30))
        #expect(h.contains("cyw43: frame lost"))
        let r = h.kit.result()
        #expect(r.power.wakeups(.data) == 1, "data wakes: \(r.power.wakeups(.data))")
        #expect(r.power.dataWakeCost.max_ms <= 25, "the wake cost \(r.power.dataWakeCost.max_ms) ms")
        #expect(h.kit.stats.connections == 2)
        h.expectRecovered([])
    }

    @Test func theSeedsWindowsStayAvailableAsABoardOption() throws {
        let h = try harness(.seedWindows)
        let t0 = try h.kit.runToFirstSleep()
        h.kit.world.schedule(ScriptedEvent(.at(t0 + .seconds(30)), .serverSends(Self.message)))
        h.kit.run(until: t0 + .seconds(60))
        let r = h.kit.result()
        #expect(r.power.wakeups(.data) == 1)
        // NETWORK_SUSPEND_DELAY_MS + NETWORK_INACTIVE_WINDOW_MS with deep sleep locked.
        #expect(r.power.dataWakeCost.mean_ms >= 300)
        #expect(r.power.naps == 0)
        #expect(r.keepalivesAcked == r.keepalivesSent)
        h.expectRecovered([Self.message])
    }

    /// A reply larger than the receive window (2 KB): the server sends in several flights,
    /// each waiting for the window update; the host stays up while the write is unfinished
    /// (no PSH yet) and takes it all in one wake.
    @Test func aMultiSegmentReplyIsTakenInOneWake() throws {
        let h = try harness()
        let t0 = try h.kit.runToFirstSleep()
        let big = Self.pattern(6_000, seed: 1)
        h.kit.world.schedule(ScriptedEvent(.at(t0 + .seconds(20)), .serverSends(big)))
        h.kit.run(until: t0 + .seconds(60))
        let r = h.kit.result()
        #expect(r.power.wakeups(.data) == 1, "data wakes: \(r.power.wakeups(.data))")
        #expect(r.keepalivesAcked == r.keepalivesSent)
        #expect(ackDelays(h).allSatisfy { $0 <= .milliseconds(500) })
        h.expectRecovered([big])
    }

    /// Messages close together, one during the deferred re-offload and one just after it:
    /// nothing lost, reordered or held back longer than an offloaded sleep holds data (the
    /// AP's DTIM), every keepalive answered.
    @Test func burstsAroundTheFasterSleepLoseAndDelayNothing() throws {
        let h = try harness()
        let t0 = try h.kit.runToFirstSleep()
        let at = t0 + .seconds(20)
        let offsets: [Duration] = [.zero, .milliseconds(5), .milliseconds(12), .milliseconds(300),
                                   .milliseconds(700), .milliseconds(1_500), .seconds(4)]
        var sent: [[UInt8]] = []
        for (k, d) in offsets.enumerated() {
            let m = Self.pattern(k == 2 ? 1_800 : 40 + k, seed: k + 2)
            sent.append(m)
            h.kit.world.schedule(ScriptedEvent(.at(at + d), .serverSends(m)))
        }
        h.kit.run(until: t0 + .seconds(60))
        let r = h.kit.result()
        #expect(r.keepalivesAcked == r.keepalivesSent)
        let delays = ackDelays(h)
        #expect(delays.allSatisfy { $0 <= .milliseconds(500) }, "ACK delays: \(delays)")
        #expect(r.power.wakeups(.data) <= offsets.count)
        #expect(r.power.dataWakeCost.max_ms <= 100, "a data wake cost \(r.power.dataWakeCost.max_ms) ms")
        h.expectRecovered(sent)
    }
}
