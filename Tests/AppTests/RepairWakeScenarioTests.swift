import Testing
import Runtime
import Boards
import App
import SimKit
import Simulation

/// What a repair costs in host wakes (issue 18): a request whose answer is one LAN round
/// trip away (DHCP, a SYN) is answered inside the wake that sent it (`answerWindow`), and
/// a server's graceful close is followed by the new connection in the same wake.
@Suite struct RepairWakeScenarioTests {
    static func wakes(_ h: KitHarness) -> () -> [(Instant, HostWakeReason, RecoveryActivity)] {
        var list: [(Instant, HostWakeReason, RecoveryActivity)] = []
        h.kit.onHostWake = { t, r, a in list.append((t, r, a)) }
        return { list }
    }

    @Test func aServerFinCostsOneWakeAndTheNewConnectionComesInIt() throws {
        let after = Array("on the new connection".utf8)
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(5)), .serverCloses),
                         ScriptedEvent(.afterFirstSleep(.minutes(15)), .serverSends(after))]
        }
        let list = Self.wakes(h)
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(14))
        // The FIN's data wake; nothing after it (no reconnect back-off, no SYN-ACK wake).
        let fin = list().filter { $0.0 >= t0 + .minutes(5) }
        #expect(fin.count == 1 && fin.first?.1 == .data, "\(fin.map { ($0.0 - t0, $0.1, $0.2) })")
        #expect(h.kit.stats.connections == 2 && h.kit.phase == .suspended && h.kit.offloadActive)
        // The new connection came within a few round trips of the FIN, not after a back-off.
        #expect(h.kit.stats.answersInWindow >= 1)
        // And the quick rule sent the host back to sleep once it was up (the greeting's echo
        // taken and ACKed), not after the seed's windows: 601 ms awake before.
        let cost = h.kit.result().power.dataWakeCost
        #expect(cost.max_ms <= 20, "the FIN's wake cost \(cost.max_ms) ms")
        h.kit.run(until: t0 + .minutes(20))
        h.expectRecovered([after])
    }

    /// A server's RST: the data wake drops the connection, the reconnect back-off's wake
    /// (2 s later) opens the new one and, under the quick rule, sleeps as soon as it is up.
    @Test func aServerRstsReconnectWakeCostsMilliseconds() throws {
        let after = Array("after the reset".utf8)
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(5)), .serverResets),
                         ScriptedEvent(.afterFirstSleep(.minutes(15)), .serverSends(after))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(14))
        let p = h.kit.result().power
        #expect(p.wakeups(.data) == 1 && p.wakeups(.recovery) == 1)
        let cost = h.kit.world.power.wakeCost(.recovery)
        #expect(cost.max_ms <= 20, "the reconnect's wake cost \(cost.max_ms) ms")
        #expect(h.kit.stats.connections == 2 && h.kit.phase == .suspended && h.kit.offloadActive)
        h.kit.run(until: t0 + .minutes(20))
        h.expectRecovered([after])
    }

    @Test func aRejoinsDhcpAnswersComeInTheWakeThatAskedForThem() throws {
        let after = Array("after the outage".utf8)
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(5)), .apDisappears(0)),
                         ScriptedEvent(.afterFirstSleep(.minutes(5) + .seconds(30)), .apReturns(0)),
                         ScriptedEvent(.afterFirstSleep(.minutes(20)), .serverSends(after))]
        }
        let list = Self.wakes(h)
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(19))
        let outage = list().filter { $0.0 >= t0 + .minutes(5) }
        // While the address is acquired, only the two ARP probes' timers wake the host
        // (RFC 5227 waits): the OFFER and the ACK arrive inside the answer windows.
        let address = outage.filter { $0.2 == .address }
        #expect(address.count == 2 && address.allSatisfy { $0.1 == .recovery }, "\(address.map { ($0.0 - t0, $0.1) })")
        #expect(!outage.contains { $0.1 == .data })
        #expect(h.kit.stats.answersInWindow >= 3)   // OFFER, ACK, SYN-ACK
        h.kit.run(until: t0 + .minutes(25))
        h.expectRecovered([after])
    }

    @Test func withoutTheWindowEachAnswerIsAWake() throws {
        // The same outage with `answerWindow` zero: OFFER and ACK each end a deep sleep.
        let h = try KitHarness {
            $0.appTweak = { $0.answerWindow = .zero }
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(5)), .apDisappears(0)),
                         ScriptedEvent(.afterFirstSleep(.minutes(5) + .seconds(30)), .apReturns(0))]
        }
        let list = Self.wakes(h)
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(19))
        let address = list().filter { $0.0 >= t0 + .minutes(5) && $0.2 == .address }
        #expect(address.count == 4, "\(address.map { ($0.0 - t0, $0.1) })")
        #expect(h.kit.stats.answerWindows == 0)
    }
}
