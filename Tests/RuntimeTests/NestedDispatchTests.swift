import Testing
@testable import Runtime

/// `Scheduler+Nested.swift`: while a handler waits in `waitInIdle`, tasks above its priority
/// keep running (their timers fire on time, their interrupts are handled when raised); the
/// waiter's own level and those below wait for it to return.
@Suite struct NestedDispatchTests {
    /// The waiting handler of a task at `priority`: on `.ping` it waits (as a driver waits
    /// for an ioctl reply) until `until`, re-checking after every wake; `nested: false` waits
    /// with no ceiling (nothing else may run).
    static func waiter(until: Instant, priority: UInt8, nested: Bool = true) -> (Event, Scheduler) -> Void {
        { e, s in
            guard e.signal == .ping else { return }
            while s.now < until { s.waitInIdle(until: until, runAbove: nested ? priority : nil) }
        }
    }

    @Test func aHigherTasksTimerRunsOnTimeDuringTheWait() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let app = try spawn(s, "app", trace, priority: 1, react: Self.waiter(until: us(10_000), priority: 1))
        let peer = try spawn(s, "peer", trace, priority: 1)
        let low = try spawn(s, "low", trace, priority: 0)
        let net = try spawn(s, "net", trace, priority: 3)
        s.runUntilIdle()
        let t = try s.makeTimer(for: net.id, signal: .tick)
        s.arm(t, after: .milliseconds(3), every: .milliseconds(3))
        try s.post(Event(.ping), to: app.id)
        try s.post(Event(.pong), to: peer.id)
        try s.post(Event(.pong), to: low.id)
        s.run(until: us(10_000))
        _ = s.cancel(t)
        let order = trace.work.map { "\($0.task)@\($0.at)" }
        // net's ticks at 3, 6 and 9 ms run inside app's wait; peer (app's level) and low run
        // after app returns at 10 ms.
        #expect(order == ["app@0", "net@3000", "net@6000", "net@9000", "peer@10000", "low@10000"], "\(order)")
        #expect(s.nestedDispatches == 3 && p.now == us(10_000))
    }

    @Test func anInterruptForAHigherTaskIsHandledWhenRaised() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let app = try spawn(s, "app", trace, priority: 1, react: Self.waiter(until: us(50_000), priority: 1))
        let net = try spawn(s, "net", trace, priority: 3)
        s.bindInterrupt(line: 2, to: net.id, flags: 0b1)
        s.runUntilIdle()
        p.raiseInterrupt(2, at: .milliseconds(7))
        try s.post(Event(.ping), to: app.id)
        s.run(until: us(50_000))
        #expect(trace.work.map { "\($0.task)@\($0.at)" } == ["app@0", "net@7000"])
        #expect(s.waits == 2)   // one sleep to the interrupt, one from it to the deadline
    }

    @Test func aNestedWaitRaisesTheCeiling() throws {
        let (s, _) = makeScheduler()
        let trace = Trace()
        var ids: (net: TaskID, mid: TaskID, top: TimerID)?
        let wait = Self.waiter(until: us(20_000), priority: 1)
        let app = try spawn(s, "app", trace, priority: 1) { e, s in
            guard e.signal == .ping, let ids else { return }
            try? s.post(Event(.pong), to: ids.mid)
            try? s.post(Event(.ping), to: ids.net)
            s.arm(ids.top, after: .milliseconds(4))
            wait(e, s)
        }
        let mid = try spawn(s, "mid", trace, priority: 2)
        let net = try spawn(s, "net", trace, priority: 3, react: Self.waiter(until: us(8_000), priority: 3))
        let top = try spawn(s, "top", trace, priority: 5)
        ids = (net.id, mid.id, try s.makeTimer(for: top.id, signal: .tick))
        s.runUntilIdle()
        try s.post(Event(.ping), to: app.id)
        s.run(until: us(20_000))
        let order = trace.work.map { "\($0.task)@\($0.at)" }
        // net (3) runs in app's wait and waits itself: inside that only top (5) runs; mid (2)
        // is above app but not above net: it runs when net returns, still inside app's wait.
        #expect(order == ["app@0", "net@0", "top@4000", "mid@8000"], "\(order)")
        #expect(s.nestedDispatches == 3)
    }

    /// A handler run inside a wait that waits with a lower ceiling than its own priority
    /// still lets only tasks above itself run: the task it interrupted (and its equals) are
    /// never entered.
    @Test func aNestedHandlerNeverLetsTheWaiterItInterruptedRun() throws {
        let (s, _) = makeScheduler()
        let trace = Trace()
        var netID: TaskID?
        var appID: TaskID?
        let wait = Self.waiter(until: us(5_000), priority: 1)
        let app = try spawn(s, "app", trace, priority: 1) { e, s in
            guard e.signal == .ping, let netID else { return }
            try? s.post(Event(.ping), to: netID)
            wait(e, s)
        }
        appID = app.id
        let net = try spawn(s, "net", trace, priority: 3) { e, s in
            guard e.signal == .ping, let appID else { return }
            try? s.post(Event(.pong), to: appID)           // more work for the waiter
            while s.now < us(2_000) { s.waitInIdle(until: us(2_000), runAbove: 0) }
        }
        netID = net.id
        s.runUntilIdle()
        try s.post(Event(.ping), to: app.id)
        s.run(until: us(5_000))
        #expect(trace.work.map { "\($0.task)@\($0.at)" } == ["app@0", "net@0", "app@5000"])
    }

    @Test func aWaitThatLetsNoOneRunOnlyDeliversInterrupts() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let app = try spawn(s, "app", trace, priority: 1,
                            react: Self.waiter(until: us(10_000), priority: 1, nested: false))
        let net = try spawn(s, "net", trace, priority: 3)
        s.bindInterrupt(line: 2, to: net.id, flags: 0b1)
        s.runUntilIdle()
        p.raiseInterrupt(2, at: .milliseconds(2))
        try s.post(Event(.ping), to: app.id)
        s.run(until: us(10_000))
        #expect(trace.work.map { "\($0.task)@\($0.at)" } == ["app@0", "net@10000"])
        #expect(s.nestedDispatches == 0)
    }

    @Test func withoutACeilingNothingIsNested() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let net = try spawn(s, "net", trace, priority: 3)
        s.runUntilIdle()
        try s.post(Event(.pong), to: net.id)
        s.waitInIdle(until: us(1_000))
        #expect(trace.work.isEmpty && s.nestedDispatches == 0 && p.now == us(1_000))
        s.runUntilIdle()
        #expect(trace.work.count == 1)
    }
}
