import Testing
@testable import Runtime

@Suite struct TimerTests {
    @Test func oneShotFiresAtTheDeadlineNotOneTickEarly() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        let t = try s.makeTimer(for: a.id, signal: .timeout, value: 9)
        s.arm(t, after: .microseconds(1_000))
        s.run(until: us(999))
        #expect(trace.work.isEmpty)
        #expect(p.now == us(999))
        #expect(s.isArmed(t))
        s.run(until: us(1_000))
        #expect(trace.work == [Seen(task: "a", signal: Signal.timeout.rawValue, value: 9, at: 1_000)])
        #expect(!s.isArmed(t))
        s.releaseTimer(t)
        #expect(s.leftovers.isClean)
        #expect(s.timersInUse == 0)
    }

    /// `arm(after:)` adds the delay as Instant's `+` does: a negative delay is a deadline in
    /// the past, one below the clock's origin is 0, and an overflow saturates (at the
    /// heap's clamp, just below +∞, so the timer stays armed).
    @Test func armAfterSaturatesLikeInstantPlus() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        let t = try s.makeTimer(for: a.id, signal: .timeout)
        p.delay(.milliseconds(5))
        for d: Duration in [.milliseconds(3), .zero, .milliseconds(-2), .milliseconds(-9),
                            Duration(microseconds: .max), Duration(microseconds: .min)] {
            s.arm(t, after: d)
            let want = p.now + d
            let clamped = want.microseconds >> 32 == 0xFFFF_FFFF
                ? Instant(microseconds: want.microseconds & 0xFFFF_FFFE_FFFF_FFFF) : want
            #expect(s.deadline(of: t) == clamped, "delay \(d.microseconds)")
        }
        #expect(s.isArmed(t))
        s.cancel(t)
    }

    @Test func runUntilIdleJumpsToEachDeadline() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        let t1 = try s.makeTimer(for: a.id, signal: .timeout, value: 1)
        let t2 = try s.makeTimer(for: a.id, signal: .timeout, value: 2)
        s.arm(t2, at: .milliseconds(30))
        s.arm(t1, at: .milliseconds(10))
        s.runUntilIdle()
        #expect(trace.work.map(\.at) == [10_000, 30_000])
        #expect(trace.work.map(\.value) == [1, 2])
        #expect(p.now == .milliseconds(30))
        #expect(s.leftovers.isClean)
    }

    @Test func tiesFireInArmOrder() throws {
        let (s, _) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        var ids: [TimerID] = []
        for v in UInt32(0)..<20 { ids.append(try s.makeTimer(for: a.id, signal: .timeout, value: v)) }
        for i in [5, 3, 17, 0, 9, 12, 1, 19, 2, 4, 6, 7, 8, 10, 11, 13, 14, 15, 16, 18] {
            s.arm(ids[i], at: .milliseconds(5))
        }
        s.runUntilIdle()
        #expect(trace.work.map(\.value) == [5, 3, 17, 0, 9, 12, 1, 19, 2, 4, 6, 7, 8, 10, 11, 13, 14, 15, 16, 18])
        #expect(s.leftovers.isClean)
    }

    @Test func periodicTimerHasNoDriftOver10000Periods() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        var fires: [UInt64] = []
        let a = try spawn(s, "a", trace, priority: 1) { e, s in
            guard e.signal == .tick else { return }
            fires.append(s.now.microseconds)
            p.delay(.microseconds(77))        // the handler takes time: must not shift the period
        }
        let t = try s.makeTimer(for: a.id, signal: .tick)
        s.arm(t, at: us(1_000), every: .microseconds(333))
        let last = us(1_000 + 9_999 * 333)
        s.run(until: last)
        #expect(fires.count == 10_000)
        #expect(fires.enumerated().allSatisfy { $0.element == 1_000 + UInt64($0.offset) * 333 })
        #expect(s.deadline(of: t) == last + .microseconds(333))
        #expect(s.timerOverruns == 0)
        s.cancel(t)
        s.runUntilIdle()
        #expect(s.leftovers.isClean)
    }

    @Test func aVirtualDayIsOneJump() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        s.runUntilIdle()
        let t = try s.makeTimer(for: a.id, signal: .timeout)
        let day = Instant.seconds(86_400)
        s.arm(t, at: day)
        let sleepsBefore = p.sleepCount
        s.run(until: day - .microseconds(1))
        #expect(trace.work.isEmpty)
        s.run(until: day)
        #expect(trace.work.map(\.at) == [day.microseconds])
        #expect(p.sleepCount - sleepsBefore == 2)           // one jump to day-1, one tick more
        #expect(p.sleptTime == .seconds(86_400))
        s.arm(t, after: .hours(24))
        let before = p.sleepCount
        s.runUntilIdle()
        #expect(p.sleepCount - before == 2)        // the jump + the final "anything left?" probe
        #expect(p.now == .seconds(2 * 86_400))
        #expect(s.leftovers.isClean)
    }

    @Test func aDayOfTenSecondTicks() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        var n = 0
        let a = try spawn(s, "a", trace, priority: 1) { e, _ in if e.signal == .tick { n += 1 } }
        let t = try s.makeTimer(for: a.id, signal: .tick)
        s.arm(t, after: .seconds(10), every: .seconds(10))
        s.run(until: .seconds(86_400))
        #expect(n == 8_640)
        #expect(p.sleepCount == 8_640)                        // woke only at deadlines
        s.cancel(t)
        #expect(s.leftovers.isClean)
    }

    @Test func cancelBeforeDeadlineAndAfterExpiry() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let hog = try spawn(s, "hog", trace, priority: 9)
        let a = try spawn(s, "a", trace, priority: 1)
        s.runUntilIdle()
        let t = try s.makeTimer(for: a.id, signal: .timeout, value: 1)
        s.arm(t, at: .milliseconds(5))
        #expect(s.cancel(t))
        #expect(!s.cancel(t))
        s.runUntilIdle()
        #expect(trace.work.isEmpty)
        // Expired but not yet handled (a higher-priority task is busy): cancel withdraws it.
        s.arm(t, at: .milliseconds(10))
        let h = try s.makeTimer(for: hog.id, signal: .tick)
        s.arm(h, at: .milliseconds(10))
        p.delay(.milliseconds(10))                 // move the clock, dispatch nothing (a sleep
                                                   // would return at once: arming raised the alarm line)
        #expect(s.step())                                     // hog's tick; a's expiry pending
        #expect(s.leftovers.tasksWithFiredTimers == 1)
        #expect(s.cancel(t))
        s.runUntilIdle()
        #expect(trace.work.map(\.task) == ["hog"])
        #expect(s.leftovers.isClean)
    }

    /// Cancel is lazy inside the heap; a cancelled timer must still never cause a
    /// wake-up, and its slot must be reusable.
    @Test func cancelledTimerCausesNoWakeUp() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        s.runUntilIdle()
        let early = try s.makeTimer(for: a.id, signal: .timeout, value: 1)
        let late = try s.makeTimer(for: a.id, signal: .timeout, value: 2)
        s.arm(early, at: .milliseconds(5))
        s.arm(late, at: .milliseconds(10))
        s.cancel(early)
        #expect(s.nextDeadline == .milliseconds(10))
        #expect(s.armedTimers == 1)
        let sleeps = p.sleepCount
        s.run(until: .milliseconds(10))
        #expect(p.sleepCount - sleeps == 1)                 // straight to 10 ms
        #expect(trace.work.map(\.value) == [2])
        // Re-arm after cancel, release with a dead entry, reuse the slot.
        s.arm(early, at: .milliseconds(20))
        s.cancel(early)
        s.arm(early, at: .milliseconds(15))
        s.arm(late, at: .milliseconds(30))
        s.cancel(late)
        s.releaseTimer(late)
        let again = try s.makeTimer(for: a.id, signal: .timeout, value: 3)
        s.arm(again, at: .milliseconds(12))
        s.runUntilIdle()
        #expect(trace.work.map(\.value) == [2, 3, 1])
        #expect(trace.work.map(\.at) == [10_000, 12_000, 15_000])
        #expect(s.leftovers.isClean)
    }

    @Test func rearmMovesTheDeadline() throws {
        let (s, _) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        let t = try s.makeTimer(for: a.id, signal: .timeout)
        s.arm(t, at: .milliseconds(5))
        s.arm(t, at: .milliseconds(8))
        s.arm(t, at: .milliseconds(2))
        s.runUntilIdle()
        #expect(trace.work.map(\.at) == [2_000])
        #expect(s.leftovers.isClean)
    }

    @Test func pastDeadlineFiresAtTheNextStep() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        s.run(until: .milliseconds(7))
        let t = try s.makeTimer(for: a.id, signal: .timeout)
        s.arm(t, at: .milliseconds(3))
        s.runUntilIdle()
        #expect(trace.work.map(\.at) == [7_000])
        #expect(p.now == .milliseconds(7))
        #expect(s.leftovers.isClean)
    }

    @Test func overrunsAreCountedNotQueued() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        var first = true
        let a = try spawn(s, "a", trace, priority: 1) { e, _ in
            if e.signal == .tick && first { first = false; p.delay(.milliseconds(25)) }  // one slow tick
        }
        let t = try s.makeTimer(for: a.id, signal: .tick)
        s.arm(t, at: .milliseconds(10), every: .milliseconds(10))
        s.run(until: .milliseconds(100))
        // The 10 ms tick takes until 35: the 20 ms expiry is handled late (35), the 30 ms
        // one is an overrun, and the grid is kept (40, 50, ...).
        #expect(trace.work.map(\.at) == [10_000, 35_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000, 100_000])
        #expect(s.overruns(of: t) == 1)
        #expect(s.timerOverruns == 1)
        #expect(s.deadline(of: t) == .milliseconds(110))
        s.cancel(t)
        s.runUntilIdle()
        #expect(s.leftovers.isClean)
    }

    @Test func poolExhaustionIsATypedError() throws {
        let (s, _) = makeScheduler(maxTimers: 2)
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        let t1 = try s.makeTimer(for: a.id, signal: .tick)
        _ = try s.makeTimer(for: a.id, signal: .tick)
        #expect(throws: TimerError.poolExhausted(limit: 2)) { try s.makeTimer(for: a.id, signal: .tick) }
        s.releaseTimer(t1)
        let t3 = try s.makeTimer(for: a.id, signal: .tick)
        #expect(t3 == t1)
        s.runUntilIdle()
        #expect(s.leftovers.isClean)
    }

    /// 2,000 timers armed, re-armed and cancelled at random: expiries come out in
    /// (deadline, arm order) order, exactly at their deadlines.
    @Test func heapOrderUnderRandomArmAndCancel() throws {
        let (s, _) = makeScheduler(maxTimers: 2_000)
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1, capacity: 4)
        var rng = SplitMix(seed: 42)
        var ids: [TimerID] = []
        for i in 0..<2_000 { ids.append(try s.makeTimer(for: a.id, signal: .timeout, value: UInt32(i))) }
        var armed: [Int: (deadline: UInt64, order: Int)] = [:]
        var order = 0
        for _ in 0..<10_000 {
            let i = Int(rng.next() % 2_000)
            if rng.next() % 3 == 0 {
                s.cancel(ids[i]); armed[i] = nil
            } else {
                let d = 1 + rng.next() % 500
                s.arm(ids[i], at: us(d)); armed[i] = (d, order); order += 1
            }
        }
        #expect(s.armedTimers == armed.count)
        s.runUntilIdle()
        let expected = armed.sorted { ($0.value.deadline, $0.value.order) < ($1.value.deadline, $1.value.order) }
        #expect(trace.work.map(\.value) == expected.map { UInt32($0.key) })
        #expect(trace.work.map(\.at) == expected.map { $0.value.deadline })
        #expect(s.leftovers.isClean)
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
