import Testing
import Runtime
import Boards
import App
import SimKit
import Simulation

/// The whole system on the virtual clock (issue: the application, §5 tests).
@Suite struct SleepScenarioTests {
    @Test func anHourIdleWithOffloadWakesTheHostNeverAndSends720Keepalives() throws {
        let h = try KitHarness()
        let t0 = try h.kit.runToFirstSleep()
        let chipWakes = h.kit.chip.totalWakes
        h.kit.run(until: t0 + .hours(1))
        let r = h.kit.result()
        #expect(r.offload)
        #expect(r.power.hostWakeups == 0)
        #expect(h.kit.stats.totalWakes == 0)
        #expect(h.kit.phase == .suspended)
        // One probe at enable, then one every 5 s: 720 (±1 for the boundaries) in an hour.
        #expect(r.keepalivesSent >= 720 && r.keepalivesSent <= 722)
        #expect(r.keepalivesAcked == r.keepalivesSent)
        #expect(h.kit.chip.totalWakes == chipWakes)
    }

    @Test func anHourWithoutOffloadWakesTheHostForEveryKeepalive() throws {
        let h = try KitHarness { $0.offload = false }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .hours(1))
        let r = h.kit.result()
        #expect(!r.offload)
        // The host's own TCP keepalive: a probe after 5 s of silence, each a wake-up.
        #expect(r.power.hostWakeups >= 700)
        #expect(r.keepalivesSent >= 700)
        #expect(h.kit.sockets[0].state == .established)
        #expect(!h.contains("Network Stack Suspended"))
    }

    @Test func dataWhileAsleepWakesOnceAndEveryByteArrivesInOrder() throws {
        let burst: [UInt8] = Array("hello from the server, while you slept".utf8)
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(10)), .serverSends(burst))]
        }
        let t0 = try h.kit.runToFirstSleep()
        let rcvBefore = h.kit.sockets[0].receiveNext
        h.kit.run(until: t0 + .minutes(20))
        let r = h.kit.result()
        #expect(h.kit.stats.wakes(.data) == 1)
        #expect(h.kit.stats.totalWakes == 1)
        #expect(r.power.wakeups(.data) == 1)
        #expect(r.power.hostWakeups == 1)
        // The greeting's echo, then the burst: in order, exactly once.
        #expect(h.received[0] == Array("Some random stuff".utf8) + burst)
        #expect(h.kit.phase == .suspended)
        // The next sleep offloaded the connection with the new RCV.NXT.
        #expect(h.kit.sockets[0].receiveNext == rcvBefore &+ UInt32(burst.count))
        #expect(h.contains("Resuming Network Stack, Network stack was suspended for 600"))
        #expect(h.log.filter { $0 == "whd_tko_toggle: Successfully enabled" }.count == 2)
    }
}
