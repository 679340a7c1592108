import Testing
import CYW43
import ChipBridge
import ChipModel
import Runtime

/// The SDIO host side against a card that keeps SD state (docs/cyw43-bus.md §2.7 steps 0-2):
/// the bus enumerates at every bring-up, and the card's width is 4-bit before the first CMD53.
@Suite struct SDIOEnumerationTests {
    @Test func bringUpSelectsTheCardAndSetsItsWidthBeforeAnyCMD53() throws {
        let rig = sdioRig()
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        #expect(rig.driver.isUp && rig.chip.sdioCardSelectedByHost)
        #expect(rig.chip.counters.sdioBusWidthMismatches == 0)
        #expect(rig.chip.counters.sdioCommandsBeforeSelect == 0)
        #expect(rig.chip.counters.sdioCommandsOutOfState == 0)
        // The card really holds the host to its state: deselected, it answers nothing.
        _ = rig.chip.sdioCommand(SDIOCommandIndex.selectCard, argument: 0)
        #expect(throws: BusError.self) { _ = try rig.driver.bus.readRegister(function: 0, address: 0x02, size: 1) }
        #expect(rig.chip.counters.sdioCommandsBeforeSelect == 1)
    }

    @Test func aPowerCycledCardIsEnumeratedAgainAtTheNextBringUp() throws {
        let rig = sdioRig()
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        rig.chip.powered = false
        rig.platform.delay(.milliseconds(20))
        rig.chip.powered = true
        rig.platform.delay(.milliseconds(250))
        #expect(!rig.chip.sdioCardSelectedByHost)
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        #expect(rig.driver.isUp && rig.chip.sdioCardSelectedByHost)
        #expect(rig.chip.counters.sdioCommandsBeforeSelect == 0)
        #expect(rig.chip.counters.sdioBusWidthMismatches == 0)
    }

    @Test func aSecondBringUpWithoutPowerCycleDeselectsBeforeCMD3() throws {
        let rig = sdioRig()
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        try rig.driver.bringUp(resources: resources(.cyw4343W))
        #expect(rig.driver.isUp)
        #expect(rig.chip.counters.sdioCommandsOutOfState == 0)
    }
}
