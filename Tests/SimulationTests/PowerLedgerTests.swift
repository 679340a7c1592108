import Testing
import Runtime
@testable import Simulation

@Suite struct PowerLedgerTests {
    func approx(_ a: Double, _ b: Double, _ tol: Double = 1e-6) -> Bool { abs(a - b) <= tol * max(1, abs(b)) }

    @Test func hostIntervalsWakeReasonsAndAverage() {
        var f = PowerFigures()
        f.hostActive_uA = 5000; f.hostDeepSleep_uA = 10; f.hostWakeOverhead_us = 0
        let p = PowerLedger(figures: f)
        // Boot (awake 0..10 s) is outside the window; sleeps/wakes inside count.
        p.hostAwake(at: .seconds(1), reason: .other)          // already awake: ignored
        p.hostAsleep(at: .seconds(10))
        p.hostAwake(at: .seconds(20), reason: .data)
        p.hostAsleep(at: Instant(microseconds: 20_500_000))
        p.hostAwake(at: .seconds(30), reason: .linkDown)
        p.hostAsleep(at: .seconds(31))
        p.hostAwake(at: .seconds(35), reason: .keepaliveFailure)
        let s = p.close(at: .seconds(40))
        #expect(s.windowSeconds == 30)
        #expect(approx(s.hostAwakeSeconds, 6.5))              // 0.5 + 1 + 5
        #expect(approx(s.hostAsleepSeconds, 23.5))
        #expect(s.hostWakeups == 3)
        #expect(s.wakeups(.data) == 1 && s.wakeups(.linkDown) == 1 && s.wakeups(.keepaliveFailure) == 1)
        #expect(s.wakeups(.other) == 0)
        #expect(approx(s.averageHostCurrent_uA, (6.5 * 5000 + 23.5 * 10) / 30))
        #expect(p.hostIntervals.count == 7)
        #expect(p.hostIntervals[2] == .init(start: .seconds(20), end: Instant(microseconds: 20_500_000), awake: true, reason: .data))
    }

    @Test func chipAssociatedIdleAndActiveWindows() {
        var f = PowerFigures()
        f.chipAssociatedIdle_uA = 100; f.chipReceive_uA = 40_000; f.chipTransmit_uA = 300_000
        f.perFrameOverhead_us = 50; f.phyRateMbps = 8        // airtime = 50 + (bytes + 28) µs
        f.pm2ReturnToSleepHostAsleep_us = 10_000
        let p = PowerLedger(figures: f)
        p.chipAssociated(at: .seconds(1))
        p.hostAsleep(at: .seconds(10))
        p.chipTransmitted(bytes: 54, at: .seconds(15))       // 132 µs air + 10 ms tail
        p.chipReceived(bytes: 54, at: Instant(microseconds: 15_002_000))   // inside the window: extends it
        let s = p.close(at: .seconds(20))
        let active = (2_000 + 132 + 10_000) / 1e6           // 15.000000 .. 15.012132
        #expect(approx(s.chipActiveSeconds, active))
        #expect(approx(s.chipAssociatedIdleSeconds, 10 - active))
        #expect(approx(s.txAirtimeSeconds, 132e-6))
        #expect(approx(s.rxAirtimeSeconds, 132e-6))
        let charge = (10 - active) * 100 + (active - 132e-6) * 40_000 + 132e-6 * 300_000
        #expect(approx(s.averageChipCurrent_uA, charge / 10))
        #expect(p.chipIntervals.map(\.state) == [.unassociated, .associatedIdle, .active, .associatedIdle])
    }

    @Test func everyWakeCostsItsOverhead() {
        var f = PowerFigures()
        f.hostWakeOverhead_us = 2_000
        let p = PowerLedger(figures: f)
        p.hostAsleep(at: .seconds(1))
        p.hostAwake(at: .seconds(2), reason: .other)
        p.hostAsleep(at: .seconds(2))                        // zero virtual time awake
        let s = p.close(at: .seconds(11))
        #expect(approx(s.hostAwakeSeconds, 0.002) && approx(s.hostAsleepSeconds, 9.998))
    }

    @Test func nothingCountsBeforeTheFirstSleep() {
        let p = PowerLedger()
        p.chipAssociated(at: .zero)
        p.chipTransmitted(bytes: 300, at: .seconds(1))
        let s = p.close(at: .seconds(2))
        #expect(s.windowSeconds == 0 && s.hostWakeups == 0 && s.averageHostCurrent_uA == 0)
    }
}
