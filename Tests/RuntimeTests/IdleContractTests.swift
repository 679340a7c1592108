import Testing
@testable import Runtime

/// A platform that records every idle call and jumps to the deadline, like a board whose
/// alarm always fires on time (it raises the alarm line on `mailbox` once the clock has
/// reached the alarm's deadline).
final class RecordingPlatform: Platform {
    let mailbox: InterruptMailbox
    var now = Instant.zero
    var sleeps: [Instant?] = []
    var alarms: [Instant] = []
    private var alarm = Instant.distantFuture
    init(mailbox: InterruptMailbox) { self.mailbox = mailbox }
    func setAlarm(_ deadline: Instant) {
        alarms.append(deadline)
        alarm = deadline
        ring()
    }
    func sleep(until deadline: Instant?) {
        sleeps.append(deadline)
        if let deadline, deadline > now { now = deadline }
        ring()
    }
    func delay(_ duration: Duration) { now += duration; ring() }
    private func ring() {
        if alarm <= now { alarm = .distantFuture; mailbox.raise(InterruptMailbox.alarmLine) }
    }
}

@Suite struct IdleContractTests {
    /// Tickless: idle is entered only with nothing ready, and always with the earliest
    /// armed deadline (or the run limit), never a periodic tick.
    @Test func idleSleepsUntilTheEarliestDeadlineOnly() throws {
        let mailbox = InterruptMailbox()
        let p = RecordingPlatform(mailbox: mailbox)
        let s = Scheduler(platform: p, interrupts: mailbox, maxTasks: 2, maxQueuedEvents: 8, maxTimers: 4)
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        let t1 = try s.makeTimer(for: a.id, signal: .timeout, value: 1)
        let t2 = try s.makeTimer(for: a.id, signal: .timeout, value: 2)
        s.arm(t2, at: .milliseconds(10))
        s.arm(t1, at: .milliseconds(5))
        try s.post(Event(.ping), to: a.id)
        s.run(until: .milliseconds(30))
        #expect(p.sleeps == [.milliseconds(5), .milliseconds(10), .milliseconds(30)])
        #expect(trace.seen.map(\.at) == [0, 0, 5_000, 10_000])      // .start, ping, t1, t2
        #expect(s.idleCount == 3)
        #expect(s.leftovers.isClean)
    }

    /// An interrupt pending before idle: the scheduler handles it without sleeping.
    @Test func pendingInterruptIsHandledBeforeIdle() throws {
        let mailbox = InterruptMailbox()
        let p = RecordingPlatform(mailbox: mailbox)
        let s = Scheduler(platform: p, interrupts: mailbox, maxTasks: 1, maxQueuedEvents: 8, maxTimers: 1)
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        s.bindInterrupt(line: 9, to: a.id, flags: 0x200)
        mailbox.raise(9)
        s.run(until: .milliseconds(1))
        #expect(trace.work == [Seen(task: "a", signal: Signal.flags.rawValue, value: 0x200, at: 0)])
        #expect(p.sleeps == [.milliseconds(1)])
        #expect(s.leftovers.isClean)
    }
}
