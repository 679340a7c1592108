import Testing
import Runtime
import Boards
import Net
import App
import SimKit
import Simulation

/// The world breaks something while the host sleeps; the app must recover to a sleeping,
/// offloaded state by itself.
@Suite struct RecoveryScenarioTests {
    @Test func serverGoneMeansThreeMissesThenWLC_E_TKOThenWakeThenReconnect() throws {
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(5)), .serverDisappears),
                         ScriptedEvent(.afterFirstSleep(.minutes(6)), .serverReturns(rebooted: true)),
                         ScriptedEvent(.afterFirstSleep(.minutes(25)), .serverSends(Array("back".utf8)))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(5) + .seconds(30))
        // Probe at +5 min at the latest, then 3 retries 3 s apart, then the event: well within 30 s.
        #expect(h.kit.stats.wakes(.keepaliveFailure) == 1)
        #expect(h.kit.stats.keepaliveFailures == 1)
        #expect(h.contains("Error: Socket[0]: the server stopped answering keepalives; reconnecting"))
        h.kit.run(until: t0 + .minutes(30))
        let r = h.kit.result()
        #expect(r.power.wakeups(.keepaliveFailure) == 1)
        #expect(h.kit.stats.connections == 2)
        #expect(h.kit.sockets[0].state == .established)
        #expect(h.kit.phase == .suspended)
        #expect(h.log.last(where: { $0.hasPrefix("whd_tko_toggle") }) == "whd_tko_toggle: Successfully enabled")
        h.expectRecovered([Array("back".utf8)])
    }

    /// A server that is down for minutes (its host does not answer ARP): each reconnect
    /// attempt gives the next hop `neighborAnswerWindow` to answer, then the host sleeps until
    /// the back-off's next attempt. Before, the SYN waited on ARP with the socket retrying
    /// every 10 ms and the host up (CPU sleep) for the whole outage: 6 minutes in one wake.
    @Test func aServerDownForMinutesCostsAWakePerAttemptNotMinutesAwake() throws {
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(5)), .serverDisappears),
                         ScriptedEvent(.afterFirstSleep(.minutes(11)), .serverReturns(rebooted: true)),
                         ScriptedEvent(.afterFirstSleep(.minutes(25)), .serverSends(Array("back".utf8)))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(30))
        #expect(h.kit.stats.wakes(.keepaliveFailure) == 1)
        #expect(h.kit.stats.connections == 2)
        #expect(h.contains("Error: Socket[0]: the server does not answer ARP"))
        let r = h.kit.result()
        // About six minutes of outage: attempts 2, 4, 8, ... 128 s apart, one wake each.
        #expect(r.power.hostWakeups <= 12, "host wakes: \(r.power.hostWakeups)")
        #expect(h.kit.cpu.shortSleep <= .seconds(10), "CPU sleep: \(h.kit.cpu.shortSleep.milliseconds) ms")
        #expect(h.kit.sockets[0].state == .established)
        h.expectRecovered([Array("back".utf8)])
    }

    /// The server vanishes seconds after a wake refreshed its ARP binding: the reconnect's
    /// SYN goes out (the binding is still valid) and is never answered. Its retransmissions
    /// (RTO doubling) are deep sleeps of their own, and once the binding expires the attempt
    /// gets the same ARP window as a new one. Before: 185 s of CPU sleep (the app looked
    /// again every 100 ms while the slot was connecting), 51 s with only that fixed (the
    /// ARP and the socket's 1 s retries out of phase: idles under the deep-sleep threshold).
    @Test func anUnansweredSynIsWaitedForInDeepSleep() throws {
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(4)), .serverSends(Array("last".utf8))),
                         ScriptedEvent(.afterFirstSleep(.minutes(4) + .seconds(5)), .serverDisappears),
                         ScriptedEvent(.afterFirstSleep(.minutes(8)), .serverReturns(rebooted: true)),
                         ScriptedEvent(.afterFirstSleep(.minutes(25)), .serverSends(Array("back".utf8)))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(30))
        #expect(h.kit.stats.wakes(.keepaliveFailure) == 1)
        #expect(h.kit.stats.connections == 2)
        #expect(h.kit.cpu.shortSleep <= .seconds(10), "CPU sleep: \(h.kit.cpu.shortSleep.milliseconds) ms")
        h.expectRecovered([Array("last".utf8), Array("back".utf8)])
    }

    @Test func apLostMeansLinkDownWakeRejoinAndReoffload() throws {
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(10)), .apDisappears(0)),
                         ScriptedEvent(.afterFirstSleep(.minutes(15)), .apReturns(0))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(40))
        let r = h.kit.result()
        #expect(h.kit.stats.wakes(.linkDown) == 1)
        #expect(r.power.wakeups(.linkDown) == 1)
        #expect(h.kit.stats.joins >= 2)
        #expect(h.kit.sockets[0].state == .established)
        #expect(h.kit.phase == .suspended)
        #expect(h.contains("Error: Wi-Fi link lost"))
    }

    // Server FIN and RST while asleep: WorldFaultScenarioTests.serverEndsTheConnectionWhileAsleep.
}
