import Testing
@testable import Runtime

/// A device that does something at fixed instants and records when it ran.
final class Metronome: VirtualDevice {
    var pending: [Instant]
    var ran: [UInt64] = []
    var raise: UInt8?
    let platform: VirtualPlatform
    init(_ platform: VirtualPlatform, at instants: [Instant], raise: UInt8? = nil) {
        self.platform = platform
        pending = instants
        self.raise = raise
    }
    var nextDeadline: Instant? { pending.first }
    func advance(to now: Instant) {
        #expect(platform.now == now)
        while let first = pending.first, first <= now {
            pending.removeFirst()
            ran.append(now.microseconds)
            if let raise { platform.raiseInterrupt(raise) }
        }
    }
}

@Suite struct VirtualPlatformTests {
    @Test func timeStartsAtZeroAndMovesOnlyWhenAsked() {
        let p = VirtualPlatform()
        #expect(p.now == .zero)
        p.delay(.microseconds(250))
        #expect(p.now == us(250))
        p.sleep(until: nil)                      // nothing can wake it: returns, clock unchanged
        #expect(p.now == us(250))
        p.sleep(until: us(100))                  // past deadline: no-op
        #expect(p.now == us(250))
    }

    @Test func sleepRunsDevicesAtTheirDeadlines() {
        let p = VirtualPlatform()
        let m = Metronome(p, at: [us(10), us(20), us(20), us(35)])
        p.attach(m)
        p.sleep(until: us(19))
        #expect(m.ran == [10])
        #expect(p.now == us(19))
        p.sleep(until: us(20))
        #expect(m.ran == [10, 20, 20])            // two events at 20, one advance
        p.sleep(until: nil)                      // jumps to the device's deadline
        #expect(m.ran == [10, 20, 20, 35])
        #expect(p.now == us(35))
        p.sleep(until: nil)
        #expect(p.now == us(35))
    }

    @Test func deviceInterruptEndsSleepButNotDelay() {
        let p = VirtualPlatform()
        let m = Metronome(p, at: [us(10), us(30)], raise: 2)
        p.attach(m)
        p.sleep(until: us(1_000))
        #expect(p.now == us(10))
        #expect(p.interrupts.pending == 1 << 2)
        p.delay(.microseconds(100))              // pending interrupt does not cut a delay
        #expect(p.now == us(110))
        #expect(m.ran == [10, 30])
        #expect(p.interrupts.takeAll() == 1 << 2)
        p.detach(m)
    }

    @Test func schedulerAndDeviceShareTheTimeline() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        s.bindInterrupt(line: 1, to: a.id, flags: 1)
        let m = Metronome(p, at: [.milliseconds(3), .milliseconds(7)], raise: 1)
        p.attach(m)
        let t = try s.makeTimer(for: a.id, signal: .timeout)
        s.arm(t, at: .milliseconds(5))
        s.runUntilIdle()
        #expect(trace.work.map(\.at) == [3_000, 5_000, 7_000])
        #expect(trace.work.map(\.signal) == [Signal.flags.rawValue, Signal.timeout.rawValue, Signal.flags.rawValue])
        #expect(m.pending.isEmpty)
        #expect(s.leftovers.isClean)
    }
}

/// A virtual platform stepped on another platform's clock (what the QEMU whole-app run
/// does with the board's timer): the host sleeps exactly once per deadline, devices and
/// scheduler timers, and nothing in between.
@Suite struct SteppedPlatformTests {
    @Test func hostSleepsOncePerDeadlineAndDevicesRunOnItsClock() throws {
        let host = VirtualPlatform(now: us(1_000))
        let p = VirtualPlatform(steppedBy: host)
        #expect(p.now == us(1_000))
        let m = Metronome(p, at: [us(1_500), us(3_000)], raise: 2)
        p.attach(m)
        let s = Scheduler(platform: p, maxTasks: 2, maxQueuedEvents: 8, maxTimers: 2)
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        s.bindInterrupt(line: 2, to: a.id, flags: 1)
        let t = try s.makeTimer(for: a.id, signal: .timeout)
        s.arm(t, at: us(2_000))
        s.run(until: us(4_000))
        #expect(m.ran == [1_500, 3_000])
        #expect(trace.work.map(\.at) == [1_500, 2_000, 3_000])
        #expect(host.now == us(4_000) && p.now == us(4_000))
        // Host sleeps: to 1,500 (device), 2,000 (timer), 3,000 (device), 4,000 (the end).
        #expect(host.sleepCount == 4)
        #expect(p.deviceSteps == 2)
        p.delay(.microseconds(250))
        #expect(host.now == us(4_250))
    }
}
