import Testing
import CYW43
import ChipModel
import Runtime

/// The exact text of the credit-recovery lines (poke, restart, resync, frames dropped at the
/// restart) from the chip model's scenarios in `CreditRecoveryTests`: each carries the
/// window's state " (seq S max M fc F" in the middle of its line.
@Suite struct CreditStallLogTests {
    static func recoveryLines(_ log: LineBuffer) -> [String] {
        text(log).filter { $0.hasPrefix("cyw43: tx ") || $0.hasPrefix("cyw43: drop tx") || $0.hasPrefix("cyw43: refuse tx") }
    }

    @Test func aSilentFirmwareIsPokedThenRestartedWithTheseLines() throws {
        let rig = sdioRig(.cyw4343W)
        let t = CreditRecoveryTests()
        try t.joinWithCorruptNextFrame(rig, .cyw4343W)
        t.sendTwelveFrames(rig)
        rig.chip.stallF2(true)
        rig.run(for: .seconds(5)) { rig.driver.nextNotice() == .firmwareHalted }
        rig.chip.stallF2(false)
        rig.chip.powered = false
        rig.chip.powered = true
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        #expect(Self.recoveryLines(rig.log) == [
            "cyw43: tx stalled (seq 36 max 36 fc 0, 4 queued): poking the firmware",
            "cyw43: tx stalled 510 ms, 5 pokes unanswered (seq 36 max 36 fc 0): restarting the chip",
            "cyw43: drop tx: 4 queued frames at chip restart",
        ])
    }

    @Test func aCorruptCreditUpdateIsResynchronisedWithTheseLines() throws {
        let rig = gspiRig(.cyw43439)
        let t = CreditRecoveryTests()
        try t.joinWithCorruptNextFrame(rig, .cyw43439)
        t.sendTwelveFrames(rig)
        rig.run(for: .seconds(1)) { rig.air.sent.count == 12 }
        #expect(Self.recoveryLines(rig.log) == [
            "cyw43: tx stalled (seq 36 max 36 fc 0, 4 queued): poking the firmware",
            "cyw43: tx credit back after 11 ms, 1 pokes (max 44)",
        ])
    }
}
