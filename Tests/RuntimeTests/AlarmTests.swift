import Testing
@testable import Runtime

/// A virtual platform that counts clock reads.
final class CountingPlatform: InterruptingPlatform {
    let base = VirtualPlatform()
    var reads = 0
    var alarms: [Instant] = []
    var interrupts: InterruptMailbox { base.interrupts }
    var now: Instant { reads += 1; return base.now }
    func setAlarm(_ deadline: Instant) { alarms.append(deadline); base.setAlarm(deadline) }
    func sleep(until deadline: Instant?) { base.sleep(until: deadline) }
    func delay(_ duration: Duration) { base.delay(duration) }
}

/// Re-posts itself `left` times; never reads the clock.
final class Spinner: ActiveObject {
    var me: TaskID?
    var left: Int
    init(left: Int) { self.left = left }
    func handle(_ e: Event, scheduler s: Scheduler) {
        if e.signal == .ping && left > 0 { left -= 1; try? s.post(Event(.ping), to: me!) }
    }
}

/// The scheduler's timer alarm (`Platform.setAlarm`, `InterruptMailbox.alarmLine`): `step`
/// never reads the clock; the alarm follows the earliest deadline; timers fire while the
/// scheduler is busy; a stale alarm after a cancel does nothing.
@Suite struct AlarmTests {
    @Test func stepDoesNotReadTheClockWithTimersArmed() throws {
        let p = CountingPlatform()
        let s = Scheduler(platform: p, maxTasks: 2, maxQueuedEvents: 8, maxTimers: 16)
        let spinner = Spinner(left: 1_000)
        let id = try s.spawn(spinner, priority: 1, queueCapacity: 4)
        spinner.me = id
        for _ in 0..<10 { s.arm(try s.makeTimer(for: id, signal: .timeout), at: .seconds(1_000)) }
        try s.post(Event(.ping), to: id)
        p.reads = 0
        var steps = 0
        while s.step() { steps += 1 }
        #expect(steps >= 1_000)
        #expect(p.reads <= 1)                      // the one service that set the alarm
        #expect(p.alarms == [.seconds(1_000)])
    }

    @Test func theAlarmFollowsTheEarliestDeadlineAndAStaleOneFiresNothing() throws {
        let p = CountingPlatform()
        let s = Scheduler(platform: p, maxTasks: 1, maxQueuedEvents: 8, maxTimers: 4)
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        let late = try s.makeTimer(for: a.id, signal: .timeout, value: 10)
        let early = try s.makeTimer(for: a.id, signal: .timeout, value: 5)
        s.arm(late, at: .milliseconds(10))
        s.step()
        #expect(p.alarms == [.milliseconds(10)])
        s.arm(early, at: .milliseconds(5))
        s.step()
        #expect(p.alarms == [.milliseconds(10), .milliseconds(5)])
        s.cancel(early)                            // the alarm stays at 5 ms (stale)
        s.step()
        #expect(p.alarms.count == 2)
        s.run(until: .milliseconds(20))
        #expect(trace.work == [Seen(task: "a", signal: Signal.timeout.rawValue, value: 10, at: 10_000)])
        // Before sleeping, idle moved the stale alarm to 10 ms (a board would otherwise wake
        // at 5 ms for nothing); after the expiry nothing is armed: cancelled.
        #expect(p.alarms == [.milliseconds(10), .milliseconds(5), .milliseconds(10), .distantFuture])
        #expect(p.base.sleepCount == 2)            // to 10 ms, then to the run's end
        #expect(s.leftovers.isClean)
    }

    @Test func aTimerFiresWhileTheSchedulerIsBusy() throws {
        let (s, p) = makeScheduler(maxTasks: 1, maxQueuedEvents: 8, maxTimers: 1)
        let trace = Trace()
        var firedAt: UInt64?
        let a = try spawn(s, "a", trace, priority: 1) { e, s in
            if e.signal == .timeout { firedAt = s.now.microseconds; s.stop(); return }
            p.delay(.microseconds(100))             // work that takes time, then more work
            try? s.post(Event(.ping), to: TaskID(index: 0))
        }
        s.arm(try s.makeTimer(for: a.id, signal: .timeout), at: .milliseconds(5))
        try s.post(Event(.ping), to: a.id)
        s.run(until: .seconds(1))
        #expect(firedAt == 5_000)
        #expect(s.idleCount == 0)
    }

    @Test func aCancelledTimerDoesNotMoveTimeInRunUntilIdle() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        let t = try s.makeTimer(for: a.id, signal: .timeout)
        s.arm(t, at: .seconds(5))
        while s.step() {}                          // .start; the alarm is set for 5 s
        #expect(s.nextDeadline == .seconds(5))
        s.cancel(t)
        s.runUntilIdle()
        #expect(p.now == .zero)
        #expect(trace.work.isEmpty)
        #expect(s.leftovers.isClean)
    }

    @Test func aPastDeadlineFiresAtTheNextStep() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        s.runUntilIdle()
        p.delay(.milliseconds(3))
        s.arm(try s.makeTimer(for: a.id, signal: .timeout), at: .milliseconds(1))
        #expect(s.step())
        #expect(trace.work.map(\.at) == [3_000])
    }

    @Test func quotientWithoutLibraryDivision() {
        let cases: [(UInt64, UInt64)] = [(0, 1), (7, 2), (1 << 40, 3), (UInt64.max, 1), (UInt64.max, UInt64.max),
                                         (UInt64.max - 1, UInt64.max), (123_456_789_012_345, 1_000_003),
                                         (1 << 63, (1 << 63) + 1), (5_000_000_000, 4_294_967_296)]
        for (a, b) in cases { #expect(Scheduler.quotient(a, b) == a / b, "\(a) / \(b)") }
    }
}
