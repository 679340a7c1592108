import Testing
@testable import Runtime

/// `Scheduler.waitInIdle`: a handler waiting for a device sleeps in the platform's idle, and
/// what wakes it still reaches its owner.
@Suite struct WaitInIdleTests {
    /// A device that raises line 2 at a set instant and records whether the scheduler was in
    /// a handler's wait when it ran.
    final class Raiser: VirtualDevice {
        let platform: VirtualPlatform
        unowned(unsafe) var scheduler: Scheduler?
        var at: Instant?
        var sawWaiting: Bool?
        init(_ p: VirtualPlatform) { platform = p }
        var nextDeadline: Instant? { at }
        func advance(to now: Instant) {
            at = nil
            sawWaiting = scheduler?.isWaiting
            platform.raiseInterrupt(2)
        }
    }

    @Test func aPendingInterruptIsDeliveredAndNothingSleeps() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let r = try spawn(s, "net", trace, priority: 3)
        s.bindInterrupt(line: 2, to: r.id, flags: 0b10)
        p.raiseInterrupt(2)
        let sleeps = p.sleepCount
        s.waitInIdle(until: us(5_000))
        #expect(p.sleepCount == sleeps && p.now == us(0) && !p.interrupts.hasPending)
        s.runUntilIdle()
        #expect(trace.work == [Seen(task: "net", signal: Signal.flags.rawValue, value: 0b10, at: 0)])
    }

    @Test func itSleepsUntilTheInterruptThenHandsItOn() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let r = try spawn(s, "net", trace, priority: 3)
        s.bindInterrupt(line: 2, to: r.id, flags: 0b10)
        let dev = Raiser(p)
        dev.scheduler = s
        dev.at = us(1_234)
        p.attach(dev)
        s.waitInIdle(until: us(5_000_000))
        #expect(p.now == us(1_234) && dev.sawWaiting == true && !s.isWaiting && s.waits == 1)
        #expect(s.idleCount == 0)          // a handler's wait is not the scheduler going idle
        s.runUntilIdle()
        #expect(trace.work.map(\.value) == [0b10])
    }

    @Test func withNothingRaisedItSleepsToTheDeadline() {
        let (s, p) = makeScheduler()
        s.waitInIdle(until: us(700))
        #expect(p.now == us(700) && p.sleepCount == 1)
    }
}
