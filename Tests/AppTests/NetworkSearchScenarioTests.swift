import Testing
import Runtime
import Boards
import App
import SimKit
import Simulation
import ChipModel

/// An AP outage of 1 h 43 min with the chip's preferred-network offload (docs/pno.md): the host
/// sleeps until PFN_NET_FOUND; without PNO in the firmware the app finds out from the
/// firmware's BCME_UNSUPPORTED and backs off instead.
@Suite struct NetworkSearchScenarioTests {
    static func outage(pno: Bool) throws -> KitHarness {
        try KitHarness {
            $0.firmwarePNO = pno
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(10)), .apDisappears(0)),
                         ScriptedEvent(.afterFirstSleep(.minutes(113)), .apReturns(0)),
                         ScriptedEvent(.afterFirstSleep(.hours(2) + .minutes(40)), .serverSends(Array("back".utf8)))]
        }
    }

    @Test func anOutageOfHoursCostsAHandfulOfWakesWithPNO() throws {
        let h = try Self.outage(pno: true)
        var wakes: [(Instant, RecoveryActivity)] = []
        h.kit.onHostWake = { t, _, a in wakes.append((t, a)) }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .hours(3))
        let pno = try #require(h.kit.chip.preferredNetworkOffload)
        // The firmware scanned while the AP was away (adaptive: 30 s growing to 240 s) and
        // raised PFN_NET_FOUND once, after the AP came back.
        #expect(pno.scans > 25 && pno.scans < 60)
        #expect(pno.foundEvents == 1)
        #expect(!pno.enabled)   // the app stopped the search before it joined
        #expect(h.contains("Info: AP not found; the Wi-Fi chip searches for it (PNO)"))
        #expect(h.contains("Info: PNO found the AP"))
        let during = wakes.filter { $0.0 > t0 + .minutes(11) && $0.0 < t0 + .minutes(113) }
        // One safety join an hour (in case NET_FOUND was lost), nothing else.
        #expect(during.count <= 3, "\(during.map { $0.1 })")
        #expect(wakes.filter { $0.1 == .networkSearch }.count >= 1)
        #expect(wakes.filter { $0.1 == .rejoinBackoff }.isEmpty)
        h.expectRecovered([Array("back".utf8)])
    }

    @Test func firmwareWithoutPNORejectsPfnAndTheAppBacksOff() throws {
        let h = try Self.outage(pno: false)
        var wakes: [(Instant, RecoveryActivity)] = []
        h.kit.onHostWake = { t, _, a in wakes.append((t, a)) }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .hours(3))
        #expect(h.kit.chip.preferredNetworkOffload == nil)
        #expect(!h.contains("PNO"))
        // One join per round (the AP is not there: no immediate retries), rounds backed off to 5 min.
        let during = wakes.filter { $0.0 > t0 + .minutes(11) && $0.0 < t0 + .minutes(113) }
        #expect(during.count > 20 && during.count < 70)
        #expect(wakes.contains { $0.1 == .rejoinBackoff })
        h.expectRecovered([Array("back".utf8)])
    }
}
