import Testing
import Runtime
import SimKit
import Boards
import Simulation

/// The whole kit with a firmware that takes its time over every ioctl (the model's default
/// answers during the write): a data wake's iovars (offload off, offload on again) wait for
/// their replies asleep in the runtime's idle, never in `Platform.delay`.
@Suite struct IoctlWaitScenarioTests {
    @Test(arguments: ["CY8CPROTO-062-4343W", "LINUX-SBC-43439"])
    func aDataWakeWaitsForItsIovarsAsleep(board: String) throws {
        let message = Array("a reply the host has to wake for".utf8)
        let h = try KitHarness(board: try Boards.named(Array(board.utf8))) {
            $0.ioctlLatency = .microseconds(1_500)
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(5)), .serverSends(message))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(10))
        let r = h.kit.result()
        #expect(h.kit.stats.wakes(.data) == 1 && h.kit.stats.totalWakes == 1 && r.power.hostWakeups == 1)
        #expect(h.messagesReceived == message)
        h.expectRecovered([message])
        // Every ioctl of the wake and of the next sleep waited 1.5 ms for its reply: in WFI.
        #expect(r.cpu.busyWait == .zero && r.cpu.busyWaits == 0)
        #expect(r.cpu.shortSleeps >= 10)
        #expect(h.kit.scheduler.waits >= 10)
    }
}
