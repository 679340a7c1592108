import Testing
import Glibc
import Runtime
@testable import LinuxPlatform

/// `LinuxPlatform.setAlarm`: a timerfd with a thread of its own raises the alarm line
/// while the scheduler runs (no sleep needed), ends a sleep, is replaced and cancelled.
@Suite(.serialized) struct LinuxAlarmTests {
    /// Spins (never sleeps through the platform) until the alarm line is pending or
    /// `limit` passes; returns when it was seen.
    func spinUntilAlarm(_ p: LinuxPlatform, limit: Duration) -> Instant? {
        let end = p.now + limit
        while p.now < end {
            if p.interrupts.pending & InterruptMailbox.alarmBit != 0 { return p.now }
        }
        return nil
    }

    @Test func theAlarmComesWhileRunningNotBefore() throws {
        let p = try LinuxPlatform(levelPollInterval: nil)
        let deadline = p.now + .milliseconds(20)
        p.setAlarm(deadline)
        let seen = spinUntilAlarm(p, limit: .seconds(2))
        #expect(seen != nil)
        if let seen { #expect(seen >= deadline) }
        #expect(p.interrupts.takeAll() == InterruptMailbox.alarmBit)
        #expect(p.alarmsFired == 1)
    }

    @Test func aPastDeadlineFiresAtOnceAndAReplacedOneOnlyOnce() throws {
        let p = try LinuxPlatform(levelPollInterval: nil)
        p.setAlarm(p.now - .milliseconds(1))
        #expect(spinUntilAlarm(p, limit: .seconds(1)) != nil)
        _ = p.interrupts.takeAll()
        p.setAlarm(p.now + .milliseconds(10))
        let second = p.now + .milliseconds(30)
        p.setAlarm(second)                           // replaces the first
        let seen = spinUntilAlarm(p, limit: .seconds(2))
        if let seen { #expect(seen >= second) } else { Issue.record("replaced alarm never came") }
        _ = p.interrupts.takeAll()
        #expect(spinUntilAlarm(p, limit: .milliseconds(50)) == nil)
        #expect(p.alarmsFired == 2)
    }

    @Test func aCancelledAlarmNeverComes() throws {
        let p = try LinuxPlatform(levelPollInterval: nil)
        p.setAlarm(p.now + .milliseconds(10))
        p.setAlarm(.distantFuture)
        #expect(spinUntilAlarm(p, limit: .milliseconds(60)) == nil)
        #expect(p.alarmsFired == 0)
    }

    @Test func theAlarmEndsASleepWithoutDeadline() throws {
        let p = try LinuxPlatform(levelPollInterval: nil)
        let start = p.now
        p.setAlarm(start + .milliseconds(20))
        p.sleep(until: nil)
        #expect(p.now - start >= .milliseconds(20))
        #expect(p.now - start < .seconds(2))
        #expect(p.interrupts.takeAll() == InterruptMailbox.alarmBit)
    }
}
