import Testing
import Runtime
@testable import ChipModel

/// WL_REG_ON, re-download, power-save bookkeeping (docs/cyw43-bus.md §3.5, §7.4, §7.9).
@Suite struct PowerTests {
    @Test func powerCycleReturnsToStartUpState() {
        let h = GSPIHost(.immediate)
        let c = h.chip
        downloadFirmware(profile: c.profile, image: SyntheticFirmware.image(for: .cyw43439),
                         nvram: SyntheticFirmware.nvram()) { h.bpWrite($0, $1) }
        #expect(c.f2Ready)
        c.powered = false
        #expect(spi(c, [0xA0, 0x04, 0x40, 0x00], read: 4) == nil)
        c.powered = true
        #expect(!c.firmwareRunning)
        // Back in 16-bit start-up mode (§1.2).
        #expect(spi(c, [0xA0, 0x04, 0x40, 0x00], read: 4) == [0xBE, 0xAD, 0xFE, 0xED])
    }

    @Test func haltingTheARMForgetsTheFirmware() {
        let h = SDIOHost(.cyw43439)
        h.bringUp(); h.firmwareUp()
        #expect(h.chip.isUp)
        h.bpWrite(h.chip.profile.armCoreBase + 0x10_0000 + 0x800, le32Bytes(1))
        #expect(!h.chip.firmwareRunning)
        #expect(!h.chip.isUp)
        #expect(h.cmd52(0, 0x03)! & 0x04 == 0)
    }

    @Test func busSleepTimeAccumulates() {
        let h = SDIOHost(.cyw43439, timing: ChipTiming())
        h.bringUp()
        let c = h.chip
        _ = h.cmd52(1, 0x1001F, write: 0x00)
        c.advance(to: c.now + .milliseconds(500))
        #expect(c.busSleepTime == .milliseconds(500))
        _ = h.cmd52(1, 0x1001F, write: 0x01)   // dozing: no response, but the write wakes it
        _ = h.cmd52(1, 0x1001F, write: 0x01)
        c.advance(to: c.now + .milliseconds(10))
        #expect(!c.busSleeping)
        #expect(c.busSleepTime == .milliseconds(500))   // counted until the host set KSO again
    }

    @Test func dataQueueToHostIsBounded() {
        let h = SDIOHost(.cyw43439)
        h.air.aps = [VirtualAP(ssid: ascii("n"), security: .open, bssid: MACAddress(2, 0, 0, 0, 0, 1))]
        h.bringUp(); h.firmwareUp(); h.configure(wsec: 0, wpaAuth: 0)
        _ = h.join("n"); h.run(.zero)
        h.chip.hostQueueLimit = 3
        for _ in 0..<5 { h.chip.receiveFromAir(h.chip.macAddress.bytes + [2, 0, 0, 0, 0, 9, 0x08, 0x00] + [UInt8](repeating: 0, count: 46)) }
        #expect(h.chip.counters.droppedFromAir == 2)
        h.drain()
        #expect(h.dataFrames.count == 3)
    }
}
