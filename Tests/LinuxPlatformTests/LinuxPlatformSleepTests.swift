import Testing
import Glibc
import Runtime
@testable import LinuxPlatform

/// `LinuxPlatform.sleep(until:)`: one epoll_wait over the host-wake descriptor and the
/// doorbell eventfd, with the level re-read that keeps a level-held wake from being
/// lost behind an already-consumed edge (docs/linux-sbc.md §3.5).
@Suite(.serialized) struct LinuxPlatformSleepTests {
    static let hostWake: UInt8 = 3

    func make(poll: Duration? = nil) throws -> (LinuxPlatform, FakeWakeLine) {
        let p = try LinuxPlatform(levelPollInterval: poll)
        let line = FakeWakeLine()
        try p.attach(hostWake: line, interrupt: Self.hostWake)
        return (p, line)
    }

    @Test func sleepsUntilTheDeadlineWhenNothingHappens() throws {
        let (p, _) = try make()
        let start = p.now
        p.sleep(until: start + .milliseconds(30))
        let slept = p.now - start
        #expect(slept >= .milliseconds(30))
        #expect(slept < .milliseconds(500))
        #expect(p.interrupts.takeAll() == 0)
    }

    @Test func anEdgeWakesTheSleepAndPostsTheHostWakeLine() throws {
        let (p, line) = try make()
        line.assert()
        let start = p.now
        p.sleep(until: start + .seconds(5))
        #expect(p.now - start < .seconds(1))
        #expect(p.interrupts.takeAll() == 1 << 3)
    }

    @Test func aLevelStillAssertedAfterTheServicePassIsNotLost() throws {
        let (p, line) = try make()
        line.assert()
        p.sleep(until: p.now + .seconds(5))
        #expect(p.interrupts.takeAll() == 1 << 3)      // scheduler takes it, driver services
        // During the service pass the chip raised a new cause; the line never went low,
        // so no second edge exists. The next sleep must still return at once.
        let start = p.now
        p.sleep(until: start + .seconds(5))
        #expect(p.now - start < .milliseconds(200))
        #expect(p.interrupts.takeAll() == 1 << 3)
        #expect(p.levelWakes >= 1)
        // Driver cleared the cause: now the platform really sleeps.
        line.release()
        let quiet = p.now
        p.sleep(until: quiet + .milliseconds(20))
        #expect(p.now - quiet >= .milliseconds(20))
        #expect(p.interrupts.takeAll() == 0)
    }

    @Test func aShortPulseCountsEvenIfTheLevelIsGone() throws {
        let (p, line) = try make()
        line.pulse()
        p.sleep(until: p.now + .seconds(5))
        #expect(p.interrupts.takeAll() == 1 << 3)
        #expect(p.edgeWakes == 1)
    }

    @Test func aWakeFromAnotherThreadDuringSleepWakesIt() throws {
        let (p, line) = try make()
        let start = p.now
        let t = Thread { usleep(30_000); line.assert() }
        p.sleep(until: start + .seconds(5))
        t.join()
        let slept = p.now - start
        #expect(slept >= .milliseconds(25))
        #expect(slept < .seconds(2))
        #expect(p.interrupts.takeAll() == 1 << 3)
    }

    @Test func theDoorbellWakesTheSleepWithItsOwnLine() throws {
        let (p, _) = try make()
        let bell = p.doorbell
        let start = p.now
        let t = Thread { usleep(20_000); bell.post(7) }
        p.sleep(until: start + .seconds(5))
        t.join()
        #expect(p.now - start < .seconds(2))
        #expect(p.interrupts.takeAll() == 1 << 7)
        #expect(p.doorbellWakes == 1)
    }

    @Test func aPendingInterruptReturnsAtOnce() throws {
        let (p, _) = try make()
        p.interrupts.raise(1)
        let start = p.now
        p.sleep(until: start + .seconds(5))
        #expect(p.now - start < .milliseconds(100))
        #expect(p.interrupts.takeAll() == 1 << 1)
    }

    @Test func theLevelPollBoundsEveryWait() throws {
        let (p, line) = try make(poll: .milliseconds(20))
        #expect(p.timeoutMilliseconds(until: nil) == 20)
        #expect(p.timeoutMilliseconds(until: p.now + .seconds(3)) == 20)
        #expect(p.timeoutMilliseconds(until: p.now - .seconds(1)) == 0)
        // The level rises during the sleep but its edge is lost: the poll finds it.
        let t = Thread { usleep(5_000); line.raiseLevelWithoutEdge() }
        let start = p.now
        // A loaded machine may run the thread after the first poll: a poll that finds the line
        // low ends the sleep with nothing, so sleep again (bounded) until the level is seen.
        repeat { p.sleep(until: nil) } while p.levelWakes == 0 && p.now - start < .seconds(5)
        t.join()
        #expect(p.now - start < .seconds(5))
        #expect(p.interrupts.takeAll() == 1 << 3)
        #expect(p.edgeWakes == 0)
        #expect(p.levelWakes == 1)
    }

    @Test func timeoutsRoundUpSoTheDeadlineIsNeverMissedEarly() throws {
        let p = try LinuxPlatform(levelPollInterval: nil)
        #expect(p.timeoutMilliseconds(until: nil) == -1)
        let t = p.timeoutMilliseconds(until: p.now + .microseconds(1_500))
        #expect(t == 2 || t == 1)     // 1.5 ms (minus the time since) rounded up
    }

    @Test func delayBlocksForTheDuration() throws {
        let p = try LinuxPlatform()
        let start = p.now
        p.delay(.milliseconds(15))
        #expect(p.now - start >= .milliseconds(15))
    }
}

/// A minimal pthread wrapper for the tests (no Foundation).
final class Thread: @unchecked Sendable {
    private var handle = pthread_t()
    private let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
        let box = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&handle, nil, { arg in
            let me = Unmanaged<Thread>.fromOpaque(arg!).takeRetainedValue()
            me.body()
            return nil
        }, box)
    }
    func join() { pthread_join(handle, nil) }
}
