import Testing
import Runtime
@testable import LinuxPlatform

/// The runtime's scheduler idling on `LinuxPlatform`: a chip that keeps its interrupt
/// line asserted while causes are pending (one edge for three causes, plus one cause
/// raised during a service pass) gets every cause serviced, then the scheduler really
/// sleeps until its deadline.
@Suite(.serialized) struct SchedulerOnLinuxTests {
    /// A fake chip: the line is asserted while `causes > 0` (level), with one edge when
    /// it first rises.
    final class Chip {
        let line = FakeWakeLine()
        var causes = 0 { didSet { if causes > 0 { line.assert() } else { line.release() } } }
    }

    /// The driver's runner: on each host-wake, services ONE cause (like reading one
    /// frame) and returns; on the first pass the chip raises another cause.
    final class Runner: ActiveObject {
        let chip: Chip
        var passes = 0
        init(_ chip: Chip) { self.chip = chip }
        func handle(_ event: Event, scheduler: Scheduler) {
            guard event.signal == .flags else { return }
            passes += 1
            if chip.causes > 0 { chip.causes -= 1 }
            if passes == 1 { chip.causes += 1 }      // new cause during the service pass
        }
    }

    @Test func everyLevelHeldCauseIsServicedThenItSleeps() throws {
        let platform = try LinuxPlatform(levelPollInterval: nil)
        let chip = Chip()
        try platform.attach(hostWake: chip.line, interrupt: 3)
        let scheduler = Scheduler(platform: platform, maxTasks: 2, maxQueuedEvents: 8, maxTimers: 2)
        let runner = Runner(chip)
        let id = try scheduler.spawn(runner, priority: 5, queueCapacity: 4)
        scheduler.bindInterrupt(line: 3, to: id, flags: 0b1)
        chip.causes = 3                               // one rising edge for three causes
        let start = platform.now
        scheduler.run(for: .milliseconds(60))
        #expect(runner.passes == 4)                   // 3 + the one raised mid-pass
        #expect(chip.causes == 0)
        #expect(platform.edgeWakes == 1)
        #expect(platform.levelWakes >= 3)
        #expect(platform.now - start >= .milliseconds(60))   // then it slept to the deadline
        #expect(scheduler.leftovers.isClean)
    }

    /// A task that keeps itself busy (it re-posts itself; the scheduler never idles): its
    /// timer still fires on time, through the alarm thread, not through a sleep.
    final class Busy: ActiveObject {
        var me: TaskID?
        var spins = 0
        var firedAt: Instant?
        func handle(_ event: Event, scheduler: Scheduler) {
            if event.signal == Signal(40) { firedAt = scheduler.now; scheduler.stop(); return }
            spins += 1
            try? scheduler.post(Event(Signal(41)), to: me!)
        }
    }

    @Test func aTimerFiresWhileTheSchedulerNeverIdles() throws {
        let platform = try LinuxPlatform(levelPollInterval: nil)
        let scheduler = Scheduler(platform: platform, maxTasks: 1, maxQueuedEvents: 4, maxTimers: 1)
        let busy = Busy()
        let id = try scheduler.spawn(busy, priority: 1, queueCapacity: 4)
        busy.me = id
        let t = try scheduler.makeTimer(for: id, signal: Signal(40))
        let start = platform.now
        scheduler.arm(t, at: start + .milliseconds(20))
        scheduler.run(for: .seconds(3))
        let fired = try #require(busy.firedAt)
        #expect(fired - start >= .milliseconds(20))
        #expect(fired - start < .seconds(2))
        #expect(scheduler.idleCount == 0)              // it never slept: the alarm came running
        #expect(busy.spins > 0)
        #expect(platform.alarmsFired >= 1)
    }
}
