import Testing
import Runtime
@testable import ChipModel

/// gSPI rules real chips enforce: the SPI core sleeps with the chip when BUS_CONTROL WAKE_UP is
/// clear; the F0 space ends at 0x1F; DATA_UNAVAILABLE is latched when F2 comes up.
@Suite struct GSPISleepAndF0Tests {
    func booted() -> GSPIHost {
        let h = GSPIHost(.immediate)                        // WHD mode: BUS_CONTROL 0xA3, WAKE_UP set
        downloadFirmware(profile: h.chip.profile, image: SyntheticFirmware.image(for: .cyw43439),
                         nvram: SyntheticFirmware.nvram()) { h.bpWrite($0, $1) }
        h.chip.advance(to: h.chip.now + .milliseconds(100))
        return h
    }

    @Test func withWakeUpSetKSOAloneSleepsAndWakesTheChip() {
        let h = booted()
        h.write(1, 0x1001F, [0x00])                         // KSO off
        #expect(h.chip.busSleeping)
        h.write(1, 0x1001F, [0x01])                         // KSO on
        #expect(!h.chip.busSleeping)
        #expect(h.chip.counters.accessesWhileSPICoreAsleep == 0)
    }

    /// WHD's whd_bus_spi_sleep clears WAKE_UP; then the KSO write cannot reach the chip
    /// (cyw43-driver: "This causes the device to fail after sleep") until WAKE_UP is set over F0.
    @Test func withWakeUpClearTheSPICoreSleepsWithTheChip() {
        let h = booted()
        h.write(0, 0x00, [0x23])                            // BUS_CONTROL without WAKE_UP
        h.write(1, 0x1001F, [0x00])                         // KSO off: chip and SPI core sleep
        h.write(1, 0x1001F, [0x01])
        #expect(h.chip.busSleeping)
        #expect(h.read(1, 0x1001F, 1) == [0xFF])
        #expect(h.chip.counters.accessesWhileSPICoreAsleep == 2)
        #expect(h.read(0, 0x00, 1) == [0x23])               // F0 still answers
        h.write(0, 0x00, [0xA3])                            // WHD whd_bus_spi_wakeup
        h.write(1, 0x1001F, [0x01])
        #expect(!h.chip.busSleeping && h.chip.counters.accessesWhileSPICoreAsleep == 2)
    }

    @Test func addressesAboveTheF0SpaceDoNotAliasItsRegisters() {
        let h = GSPIHost(.immediate)
        #expect(h.read(0, 0x14, 4) == [0xAD, 0xBE, 0xED, 0xFE])       // READ_TEST
        #expect(h.read(0, 0x34, 4) == [0, 0, 0, 0])                    // 0x34 & 0x1F = 0x14: no alias
        h.write(0, 0x20, [0x00])                                      // would alias BUS_CONTROL
        #expect(h.read(0, 0x00, 1) == [0xA3])
        h.write(0, 0x3A, [0x55, 0x66])                                // would alias TEST_RW 0x1A
        #expect(h.read(0, 0x18, 4) == [0, 0, 0, 0])
    }

    @Test func dataUnavailableIsLatchedWhenF2ComesUp() {
        let h = GSPIHost(.immediate)
        #expect(le32(h.read(0, 0x04, 2) + [0, 0], 0) & 0x1 == 0)
        downloadFirmware(profile: h.chip.profile, image: SyntheticFirmware.image(for: .cyw43439),
                         nvram: SyntheticFirmware.nvram()) { h.bpWrite($0, $1) }
        h.chip.advance(to: h.chip.now + .milliseconds(100))
        #expect(h.chip.f2Ready)
        #expect(h.read(0, 0x04, 2)[0] & 0x1 == 0x1)
        #expect(h.status() & 0x1 == 0x1)                              // STATUS bit 0 too (§1.5)
        h.write(0, 0x04, [0x01, 0x00])                                // W1C, as cyw43-driver does
        #expect(h.read(0, 0x04, 2)[0] & 0x1 == 0)
    }
}
