import Testing
import Runtime
import Boards
import App
import SimKit
import Simulation

/// Faults on the bus and in the firmware while the host sleeps: the app must come back to
/// a sleeping, offloaded state by itself, and the server's bytes must all arrive.
@Suite struct FaultScenarioTests {
    /// Runs `fault` on the chip `after` the first sleep, then a server message 5 min later.
    func recovers(after: Duration, _ fault: @escaping (KitHarness) -> Void) throws -> KitHarness {
        let message = Array("after the fault".utf8)
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(after + .minutes(5)), .serverSends(message))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + after)
        fault(h)
        h.kit.run(until: t0 + after + .minutes(10))
        #expect(h.kit.phase == .suspended)
        #expect(h.kit.sockets[0].state == .established)
        #expect(h.received[0].map { Array($0.suffix(message.count)) } == message)
        return h
    }

    @Test func firmwareTrapWhileAsleepRestartsTheChipAndRecovers() throws {
        let h = try recovers(after: .minutes(3)) { $0.kit.chip.trapFirmware() }
        #expect(h.contains("Error: Wi-Fi firmware halted; restarting the chip"))
        #expect(h.kit.stats.joins == 2)
    }

    @Test func aCorruptFrameFromTheBusIsDroppedAndNothingIsLost() throws {
        let h = try recovers(after: .minutes(3)) { $0.kit.chip.corruptNextSDPCMLength() }
        #expect(h.kit.stats.joins == 1)
    }

    @Test func aFailedBusTransferIsSurvived() throws {
        let h = try recovers(after: .minutes(3)) { $0.kit.chip.failNextTransfer() }
        #expect(h.kit.stats.joins == 1)
    }
}
