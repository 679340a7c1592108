import Testing
import Dispatch
@testable import Runtime

@Suite struct InterruptTests {
    @Test func virtualInterruptWakesAnIdleScheduler() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        s.bindInterrupt(line: 5, to: a.id, flags: 0x20)
        let t = try s.makeTimer(for: a.id, signal: .timeout)
        s.arm(t, at: .milliseconds(10))
        p.raiseInterrupt(5, at: us(4_321))
        s.run(until: .milliseconds(10))
        #expect(trace.work == [Seen(task: "a", signal: Signal.flags.rawValue, value: 0x20, at: 4_321),
                               Seen(task: "a", signal: Signal.timeout.rawValue, value: 0, at: 10_000)])
        #expect(p.scheduledInterrupts == 0)
        #expect(s.leftovers.isClean)
    }

    @Test func linesCoalesceAndUnboundLinesAreCounted() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        let b = try spawn(s, "b", trace, priority: 2)
        s.runUntilIdle()
        s.bindInterrupt(line: 0, to: a.id, flags: 0b01)
        s.bindInterrupt(line: 30, to: a.id, flags: 0b10)
        s.bindInterrupt(line: 7, to: b.id, flags: 0b1)
        p.raiseInterrupt(0); p.raiseInterrupt(0); p.raiseInterrupt(30); p.raiseInterrupt(7)
        p.raiseInterrupt(12)                                   // nobody listens
        s.runUntilIdle()
        #expect(trace.work == [Seen(task: "b", signal: Signal.flags.rawValue, value: 1, at: 0),
                               Seen(task: "a", signal: Signal.flags.rawValue, value: 0b11, at: 0)])
        #expect(s.unboundInterrupts == 1)
        s.unbindInterrupt(line: 7)
        p.raiseInterrupt(7)
        s.runUntilIdle()
        #expect(s.unboundInterrupts == 2)
        #expect(s.leftovers.isClean)
    }

    /// Another thread raises lines while the scheduler runs: every raise is seen (lines
    /// coalesce, so the check is that each of the 31 device lines arrives at least once and
    /// the last state is delivered), and nothing is left pending.
    @Test func raisingFromAnotherThreadIsSafe() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        var bits: UInt32 = 0
        let a = try spawn(s, "a", trace, priority: 1) { e, _ in if e.signal == .flags { bits |= e.value } }
        for line in UInt8(0)..<31 { s.bindInterrupt(line: line, to: a.id, flags: 1 << UInt32(line)) }
        let mailbox = p.interrupts
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            for round in 0..<10_000 { mailbox.raise(UInt8(round % 31)) }
        }
        while group.wait(timeout: .now()) == .timedOut { s.step() }
        s.runUntilIdle()
        #expect(bits == 0x7FFF_FFFF)
        #expect(s.leftovers.isClean)
    }

    @Test func sleepReturnsAtOnceWhenAnInterruptIsPending() {
        let p = VirtualPlatform()
        p.raiseInterrupt(3)
        p.sleep(until: .seconds(10))
        #expect(p.now == .zero)
        #expect(p.interrupts.takeAll() == 1 << 3)
        p.sleep(until: .seconds(10))
        #expect(p.now == .seconds(10))
    }
}
