import Testing
import Runtime
import App

/// Which idles may be system deep sleep (the power books' rule, and the PSoC 6 platform's).
@Suite struct DeepSleepPolicyTests {
    let p = DeepSleepPolicy()

    @Test func longIdlesDeepSleepShortOnesOnlyWithTheLockReleased() {
        #expect(p.allowsDeepSleep(idle: nil, waitingForChip: false, unlocked: false))
        #expect(p.allowsDeepSleep(idle: .seconds(1), waitingForChip: false, unlocked: false))
        // A repair's answer window (20 ms), the inactivity windows: CPU sleep while locked.
        #expect(!p.allowsDeepSleep(idle: .milliseconds(20), waitingForChip: false, unlocked: false))
        #expect(!p.allowsDeepSleep(idle: .milliseconds(999), waitingForChip: false, unlocked: false))
        // Only the re-offload's spacing left (`deepSleepUnlocked`): deep from 10 ms up.
        #expect(p.allowsDeepSleep(idle: .milliseconds(600), waitingForChip: false, unlocked: true))
        #expect(p.allowsDeepSleep(idle: .milliseconds(10), waitingForChip: false, unlocked: true))
        #expect(!p.allowsDeepSleep(idle: .milliseconds(9), waitingForChip: false, unlocked: true))
    }

    @Test func aHandlerWaitingForTheChipNeverDeepSleeps() {
        // An ioctl's wait: its deadline is a timeout (seconds away), the reply comes in ms.
        for idle in [Duration?.none, .seconds(5), .milliseconds(50)] {
            for unlocked in [false, true] {
                #expect(!p.allowsDeepSleep(idle: idle, waitingForChip: true, unlocked: unlocked))
            }
        }
    }
}
