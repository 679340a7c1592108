import Testing
import Runtime
import Boards
import App
import SimKit
import Simulation

/// The world misbehaves while the host sleeps (issue 8's scenario list): each ends with
/// the kit asleep and offloaded again, every byte the server sent delivered once, in
/// order, and the wake counted under the world's reason.
@Suite struct WorldFaultScenarioTests {
    static func message(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test(arguments: [Duration.seconds(5), .minutes(5), .hours(2)])
    func apOutage(_ outage: Duration) throws {
        let before = Self.message("before the outage"), after = Self.message("after the outage")
        let back = Duration.minutes(10) + outage
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(2)), .serverSends(before)),
                         ScriptedEvent(.afterFirstSleep(.minutes(10)), .apDisappears(0)),
                         ScriptedEvent(.afterFirstSleep(back), .apReturns(0)),
                         ScriptedEvent(.afterFirstSleep(back + .minutes(10)), .serverSends(after))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + back + .minutes(15))
        h.expectRecovered([before, after])
        let p = h.kit.result().power
        #expect(p.wakeups(.linkDown) == 1 && h.kit.stats.wakes(.linkDown) == 1)
        #expect(p.wakeups(.data) >= 2 && h.kit.stats.wakes(.data) == 2)
        #expect(h.kit.stats.joins == 2)
        #expect(h.contains("Error: Wi-Fi link lost"))
    }

    @Test func apChangesItsKeyThenChangesItBack() throws {
        let board = try Boards.default
        let m = Self.message("after the key came back")
        let h = try KitHarness(board: board) {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(5)), .apChangesPassphrase(0, Array("a-new-key-nobody-told-us".utf8))),
                         ScriptedEvent(.afterFirstSleep(.minutes(45)), .apChangesPassphrase(0, board.wifi.passphrase)),
                         ScriptedEvent(.afterFirstSleep(.minutes(60)), .serverSends(m))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(30))
        #expect(h.kit.phase == .joining)
        #expect(h.contains("Join failed: wrong passphrase"))
        let failures = h.kit.stats.joinFailures
        #expect(failures >= 6)                                   // rounds of 3, backing off
        #expect(h.log.filter { $0.hasPrefix("Info: Trying again in") }.count >= 2)
        h.kit.run(until: t0 + .minutes(65))
        h.expectRecovered([m])
        #expect(h.kit.stats.joins == 2 && h.kit.stats.wakes(.linkDown) == 1)
        #expect(h.kit.result().power.wakeups(.linkDown) == 1)
    }

    @Test(arguments: [false, true])
    func serverEndsTheConnectionWhileAsleep(reset: Bool) throws {
        let before = Self.message("first"), after = Self.message("on the new connection")
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(2)), .serverSends(before)),
                         ScriptedEvent(.afterFirstSleep(.minutes(5)), reset ? .serverResets : .serverCloses),
                         ScriptedEvent(.afterFirstSleep(.minutes(15)), .serverSends(after))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(20))
        h.expectRecovered([before, after])
        #expect(h.kit.stats.connections == 2 && h.kit.stats.wakes(.data) == 3)
    }

    /// The server sends, then vanishes before the host (whose ARP entry for it aged out
    /// while asleep) can re-validate its MAC: the host must not offload a connection it
    /// cannot address; it drops it and reconnects once the server is back.
    @Test func serverVanishesRightAfterSending() throws {
        let last = Self.message("last words"), after = Self.message("back again")
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(10)), .serverSends(last)),
                         ScriptedEvent(.afterFirstSleep(.minutes(10) + .milliseconds(3)), .serverDisappears),
                         ScriptedEvent(.afterFirstSleep(.minutes(20)), .serverReturns(rebooted: true)),
                         ScriptedEvent(.afterFirstSleep(.minutes(40)), .serverSends(after))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(45))
        #expect(h.contains("Error: Socket[0]: the server does not answer ARP; reconnecting"))
        h.expectRecovered([last, after])
        #expect(h.kit.stats.connections == 2)
    }

    /// One byte, one receive window (2 KiB), more than three windows: the firmware wakes
    /// the host for the first segment; the rest arrives while it is awake.
    @Test(arguments: [1, 2048, 7000])
    func burstWhileAsleep(bytes: Int) throws {
        let burst = (0..<bytes).map { UInt8(0x21 + $0 % 90) }
        let h = try KitHarness { $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(3)), .serverSends(burst))] }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(10))
        h.expectRecovered([burst])
        #expect(h.kit.stats.wakes(.data) == 1 && h.kit.result().power.wakeups(.data) == 1)
        #expect(h.kit.stats.bytesReceived == bytes + 17)         // and the greeting's echo
    }

    /// A one-hour lease: the host must wake to renew at T1 (30 min) — its own timer, the
    /// only wake an idle offloaded connection needs — and the connection survives it.
    @Test func leaseRenewalWhileOffloaded() throws {
        let m = Self.message("after two renewals")
        let h = try KitHarness {
            $0.leaseSeconds = 3600
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(75)), .serverSends(m))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(80))
        #expect(h.kit.stats.wakes(.leaseRenewal) == 2)
        #expect(h.kit.result().power.wakeups(.timer) == 2)
        #expect(h.kit.stats.connections == 1 && h.kit.stats.joins == 1)
        #expect(h.kit.phase == .suspended && h.kit.sockets[0].state == .established)
        #expect(h.messagesReceived == m)
    }
}
