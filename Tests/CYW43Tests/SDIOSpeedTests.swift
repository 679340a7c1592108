import Testing
@testable import CYW43
import Runtime

/// The card's bus timing follows the host controller's choice (CCCR 0x13 EHS): WHD sets EHS
/// only when a high-speed clock is configured (HIGH_SPEED_SDIO_CLOCK) and switches the host with
/// it; the PSoC 6 SDHC shim sets EHS itself as it goes to 50 MHz, its UDB shim stays at 25 MHz
/// default timing. The driver never runs the card ahead of the host.
@Suite struct SDIOSpeedTests {
    func bringUp(_ chip: FakeSDIOChip) throws {
        let driver = Driver(bus: SDIOBus(transport: chip, platform: VirtualPlatform()), log: Log(LineBuffer()))
        try driver.bringUp(resources: syntheticResources())
        #expect(driver.isUp)
    }

    func speedWrites(_ chip: FakeSDIOChip) -> [String] { chip.transcript.filter { $0.hasPrefix("CMD52 W F0 0x00013") } }

    @Test func aTransportThatOwnsTheSpeedIsLeftAlone() throws {
        let chip = FakeSDIOChip()                          // SHS offered, host timing not told
        try bringUp(chip)
        #expect(speedWrites(chip).isEmpty && chip.cccr[0x13] == 0x01)
    }

    @Test func aHighSpeedHostGetsEHS() throws {
        let chip = FakeSDIOChip()
        chip.highSpeed = true
        try bringUp(chip)
        #expect(speedWrites(chip) == ["CMD52 W F0 0x00013 = 03 -> 03"])
    }

    @Test func aDefaultSpeedHostNeverRunsBehindTheCard() throws {
        let chip = FakeSDIOChip()
        chip.cccr[0x13] = 0x03                             // EHS left set by someone before us
        chip.highSpeed = false
        try bringUp(chip)
        #expect(speedWrites(chip) == ["CMD52 W F0 0x00013 = 01 -> 01"])
    }
}
