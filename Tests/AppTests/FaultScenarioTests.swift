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
    func recovers(board: StaticString = Boards.defaultName, after: Duration,
                  _ fault: @escaping (KitHarness) -> Void) throws -> KitHarness {
        let message = Array("after the fault".utf8)
        let h = try KitHarness(board: try Boards.named(board)) {
            $0.events = [ScriptedEvent(.afterFirstSleep(after + .minutes(5)), .serverSends(message))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + after)
        fault(h)
        h.kit.run(until: t0 + after + .minutes(10))
        #expect(h.kit.phase == .suspended)
        #expect(h.kit.sockets[0].state == .established)
        #expect(h.messagesReceived == message)
        return h
    }

    /// SDIO (the default kit) resets the card's functions in bring-up; gSPI (the Linux SBC
    /// kit) needs WL_REG_ON toggled first, or the chip stays in its old 32-bit mode.
    @Test(arguments: [Boards.defaultName, "LINUX-SBC-43439"] as [StaticString])
    func firmwareTrapWhileAsleepRestartsTheChipAndRecovers(board: StaticString) throws {
        let h = try recovers(board: board, after: .minutes(3)) { $0.kit.chip.trapFirmware() }
        #expect(h.contains("Error: Wi-Fi firmware halted; restarting the chip"))
        #expect(h.kit.stats.joins == 2)
        #expect(h.kit.stats.wakes(.firmwareHalt) == 1 && h.kit.result().power.wakeups(.other) == 1)
        // The restart's bring-up register polls and core-reset steps (test pattern / CCCR, ALP,
        // HT, reset status, F2 ready) sleep in the runtime's idle: no busy `delay` at all.
        let cpu = h.kit.result().cpu
        #expect(cpu.busyWaits == 0 && cpu.busyWait == .zero, "\(cpu.busyWaits) delays, \(cpu.busyWait)")
    }

    @Test func aCorruptFrameFromTheBusIsDroppedAndNothingIsLost() throws {
        let h = try recovers(after: .minutes(3)) { $0.kit.chip.corruptNextSDPCMLength() }
        #expect(h.kit.stats.joins == 1)
    }

    @Test func aFailedBusTransferIsSurvived() throws {
        let h = try recovers(after: .minutes(3)) { $0.kit.chip.failNextTransfer() }
        #expect(h.kit.stats.joins == 1)
    }

    /// F2 stops for 20 s just as the server's message arrives (no F2_RX_READY, nothing
    /// readable): the firmware holds the frame; once F2 runs again the host gets it.
    @Test func aStalledF2HoldsTheFrameUntilItRunsAgain() throws {
        let message = Array("through a stalled F2".utf8)
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(3) + .seconds(1)), .serverSends(message))]
        }
        let t0 = try h.kit.runToFirstSleep()
        h.kit.run(until: t0 + .minutes(3))
        h.kit.chip.stallF2(true)
        h.kit.run(until: t0 + .minutes(3) + .seconds(20))
        #expect(h.messagesReceived.isEmpty)
        h.kit.chip.stallF2(false)
        h.kit.run(until: t0 + .minutes(10))
        h.expectRecovered([message])
        #expect(h.kit.stats.joins == 1 && h.kit.stats.connections == 1)
        #expect(h.kit.stats.wakes(.data) == 1)
    }

    /// Three pulses on host-wake with nothing behind them: the host looks, finds nothing,
    /// and sleeps on with the stack still suspended; the report counts them as spurious.
    @Test func spuriousHostWakePulsesAreCountedAndCostNothingElse() throws {
        let message = Array("after the glitches".utf8)
        let h = try KitHarness {
            $0.events = [ScriptedEvent(.afterFirstSleep(.minutes(10)), .serverSends(message))]
        }
        let t0 = try h.kit.runToFirstSleep()
        for k in 1...3 {
            h.kit.run(until: t0 + .minutes(Int64(2 * k)))
            h.kit.chip.glitchHostWake()
        }
        h.kit.run(until: t0 + .minutes(9))
        #expect(h.kit.phase == .suspended && h.kit.stats.suspensions == 1)   // never resumed the stack
        #expect(h.kit.result().power.wakeups(.spurious) == 3)
        #expect(h.kit.stats.totalWakes == 0)
        h.kit.run(until: t0 + .minutes(15))
        #expect(h.messagesReceived == message && h.kit.stats.wakes(.data) == 1)
        #expect(h.kit.phase == .suspended && h.kit.sockets[0].state == .established)
    }
}

