import Testing
import Runtime
import Boards
import App
import SimKit
import Simulation

/// The soak's world and its judge. The week itself runs in release (`make soak`, part of
/// `make test`: a debug build takes ~75 s for it); here one day, and the judge's teeth.
@Suite struct SoakTests {
    final class NullSink: LogSink { func write(_ byte: UInt8) {} }

    @Test func aPlanIsTheSameForTheSameSeedAndCoversEveryKindOfTrouble() {
        let a = SoakPlan(seed: 0x50AC, days: 7), b = SoakPlan(seed: 0x50AC, days: 7)
        #expect(a.messages == b.messages && a.episodes.map { $0.0 } == b.episodes.map { $0.0 })
        #expect(SoakPlan(seed: 1, days: 7).messages != a.messages)
        func has(_ m: (SoakPlan.Episode) -> Bool) -> Bool { a.count(where: m) > 0 }
        #expect(has { if case .apOutage(let d) = $0 { d <= .seconds(5) } else { false } })
        #expect(has { if case .apOutage(let d) = $0 { d >= .hours(2) } else { false } })
        #expect(has { if case .serverReboot = $0 { true } else { false } })
        #expect(has { if case .serverVanishes = $0 { true } else { false } })
        #expect(has { $0 == .serverCloses } && has { $0 == .serverResets })
        #expect(has { $0 == .message(bytes: 1) })
        #expect(has { if case .message(let n) = $0 { n > 2920 } else { false } })   // more than two full segments
        // Episodes never overlap and leave time to settle; they all fit in the week.
        for (x, y) in zip(a.episodes, a.episodes.dropFirst()) {
            let busy: Duration
            switch x.1 {
            case .apOutage(let d), .serverReboot(let d), .serverVanishes(let d): busy = d
            default: busy = .zero
            }
            #expect(y.0 >= x.0 + busy + SoakPlan.settle)
        }
        #expect(a.episodes.last.map { $0.0 < .hours(7 * 24) } == true)
        // Messages are told apart by their headers.
        #expect(Set(a.messages.filter { $0.count > 3 }.map { Array($0.prefix(3)) }).count > 1)
    }

    @Test func oneDayOfTroublePassesTheJudge() throws {
        let run = try SoakRun(plan: SoakPlan(seed: 0x50AC, days: 1), board: Boards.default, log: Log(NullSink()))
        try run.run()
        #expect(run.findings() == [])
        let d = try #require(run.days.first)
        #expect(d.appWakes.reduce(0, +) > 0 && d.hostWakes[Int(HostWakeReason.linkDown.rawValue)] > 0)
        #expect(d.bytesReceived >= run.plan.messages.reduce(0) { $0 + $1.count })
        #expect(d.keepalivesSent > 10_000 && d.keepalivesAcked > 10_000)
    }

    @Test func theJudgeCatchesAHostWakeGlitch() throws {
        let run = try SoakRun(plan: SoakPlan(seed: 0x50AC, days: 1), board: Boards.default, log: Log(NullSink()))
        try run.start()
        let t0 = try #require(run.firstSleep)
        // Find a moment in the steady state, then glitch the line there.
        var t = t0 + .hours(1)
        repeat { t += .minutes(7); run.kit.run(until: t) } while !(run.kit.phase == .suspended && run.kit.offloadActive
                                                                 && run.kit.stats.connections > 0 && t < t0 + .hours(20))
        run.kit.chip.glitchHostWake()
        run.runDay()
        #expect(run.kit.chip.glitches == 1)
        #expect(run.findings().contains(.unexplainedWake(day: 1, reason: .spurious, count: 1)))
        #expect(!run.findings().contains { if case .bytes = $0 { true } else { false } })
    }
}
