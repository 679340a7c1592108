import Testing
import Runtime
@testable import ChipModel

/// SDIO far side: CCCR/FBR, CMD52/CMD53, the backplane window, chip ids (docs/cyw43-bus.md §2, §3).
@Suite struct SDIOTests {
    @Test func cccrEnableReadyAndBlockSizes() {
        let h = SDIOHost(.cyw4343W)
        // §2.7 step 1: IOEN = 0x02, IORDY shows F1 ready.
        #expect(h.cmd52(0, 0x02, write: 0x02) == 0x02)
        #expect(h.cmd52(0, 0x03) == 0x02)
        // Step 3: block sizes read back (F0 0x10/0x11, F1 0x110, F2 0x210).
        _ = h.cmd52(0, 0x10, write: 64)
        #expect(h.cmd52(0, 0x10) == 64)
        #expect(h.cmd52(0, 0x11) == 0)
        _ = h.cmd52(0, 0x210, write: 64)
        #expect(h.cmd52(0, 0x210) == 64)
        // Step 5: SPEED_CONTROL reports SHS; setting EHS sticks.
        #expect(h.cmd52(0, 0x13)! & 0x01 == 0x01)
        _ = h.cmd52(0, 0x13, write: 0x02)
        #expect(h.cmd52(0, 0x13) == 0x03)
        // F2 enabled but no firmware: IORDY has no F2 bit (§3.6).
        _ = h.cmd52(0, 0x02, write: 0x06)
        #expect(h.cmd52(0, 0x03) == 0x02)
        // SEPINT keeps MASK|OE|ACT_HI (§2.2).
        _ = h.cmd52(0, 0xF2, write: 0x07)
        #expect(h.cmd52(0, 0xF2) == 0x07)
    }

    @Test func chipIDPerChip() {
        let expected: [(ChipKind, UInt16)] = [(.cyw4343W, 43430), (.cyw43439, 43439), (.cyw43012, 43012), (.cyw4373, 0x4373)]
        for (kind, id) in expected {
            let h = SDIOHost(kind)
            _ = h.cmd52(0, 0x02, write: 0x02)
            if h.cmd52(0, 0xF0)! & 0x40 != 0 {
                // CHIPID_PRESENT: ADDR_RST, read the window bytes = SDIO core base, read base+0x330
                // (§2.7 step 12).
                _ = h.cmd52(1, 0x10009, write: 0x40)
                let base = UInt32(h.cmd52(1, 0x1000C)!) << 24 | UInt32(h.cmd52(1, 0x1000B)!) << 16
                    | UInt32(h.cmd52(1, 0x1000A)!) << 8
                // The registers read back the core base whole ("read SBADDR regs to get the
                // SDIO core base ... read at base + 0x330"); the window keeps bit 15 and up.
                #expect(base == kind.profile.sdioCoreBase)
                _ = h.cmd52(1, 0x10009, write: 0x00)
                h.window = base & ~0x7FFF
                let r = h.cmd53Read(1, (kind.profile.sdioCoreBase + 0x330) & 0x7FFF, 2)!
                #expect(le16(r, 0) == id)
            } else {
                h.setWindow(0x1800_0000)
                #expect(le16(h.cmd53Read(1, 0x0000, 2)!, 0) == id)
            }
            // The full register (§3.2): 16-bit id + revision in bits 19..16.
            #expect(h.bpRead32(0x1800_0000) & 0xFFFF == UInt32(id))
        }
    }

    @Test func windowSelectsBackplaneAddress() {
        let h = SDIOHost(.cyw43439)
        // Write to RAM at 0x0001_8004 through window 0x18000 (LOW keeps bit 15 only, §3.1).
        h.setWindow(0x0001_8004)
        #expect(h.cmd52(1, 0x1000A) == 0x80)
        h.cmd53Write(1, 0x0004, [1, 2, 3, 4, 5])
        #expect(h.chip.memory.bytes(offset: 0x1_8004, count: 5) == [1, 2, 3, 4, 5])
        // The 0x8000 flag only marks a 4-byte access: same address.
        #expect(h.cmd53Read(1, 0x8004, 4) == [1, 2, 3, 4])
    }

    @Test func blockModeNeedsTheProgrammedBlockSize() {
        let h = SDIOHost(.cyw43439)
        _ = h.cmd52(0, 0x02, write: 0x02)
        h.setWindow(0)
        #expect(h.cmd53Read(1, 0, 128, block: 64) == nil)   // F1 block size not programmed yet
        _ = h.cmd52(0, 0x110, write: 64)
        #expect(h.cmd53Read(1, 0, 128, block: 64) != nil)
        #expect(h.cmd53Read(1, 0, 600) == nil)               // byte mode is at most 512
    }

    @Test func armResetAndWrapperRegisters() {
        let h = SDIOHost(.cyw43012)
        let wrap = h.chip.profile.armCoreBase + 0x10_0000
        // Power-on: ARM in reset (cyw43-driver's disable only checks that, §3.3).
        #expect(h.bpRead32(wrap + 0x800) == 1)
        #expect(h.bpRead32(wrap + 0x804) == 0)
        h.bpWrite(wrap + 0x408, le32Bytes(0x3))
        #expect(h.bpRead32(wrap + 0x408) == 0x3)
        #expect(!h.chip.firmwareRunning)
    }

    @Test func cr4BootNeedsTheResetInstructionAtZero() {
        let h = SDIOHost(.cyw4373)
        _ = h.cmd52(0, 0x02, write: 0x02)
        downloadFirmware(profile: h.chip.profile, image: SyntheticFirmware.image(for: .cyw4373),
                         nvram: SyntheticFirmware.nvram()) { a, d in h.bpWrite(a, d) }
        #expect(h.chip.bootError == nil)
        #expect(h.chip.firmwareRunning)
        #expect(h.chip.htAvailable)
        let h2 = SDIOHost(.cyw4373)
        downloadFirmware(profile: h2.chip.profile, image: SyntheticFirmware.image(for: .cyw4373),
                         nvram: SyntheticFirmware.nvram()) { a, d in if a != 0 { h2.bpWrite(a, d) } }
        #expect(h2.chip.bootError == .resetVectorMismatch(expected: le32(SyntheticFirmware.image(for: .cyw4373), 0), found: 0))
        #expect(!h2.chip.htAvailable)
    }

    @Test func firmwareComesUpOnEveryChip() {
        for kind in [ChipKind.cyw4343W, .cyw43439, .cyw43012, .cyw4373] {
            let h = SDIOHost(kind)
            h.bringUp()
            #expect(h.chip.f2Ready)
            #expect(h.cmd52(0, 0x03) == 0x06)   // IORDY F1 + F2 (§2.7 step 14)
            #expect(h.chip.nvramSize == SyntheticFirmware.nvram().count)
        }
    }

    @Test func perChipAddressesFromTheSheet() {
        // docs/cyw43-bus.md §3.4 table: (ARM core, SDIO core, RAM base, RAM size).
        let table: [(ChipKind, UInt32, UInt32, UInt32, UInt32)] = [
            (.cyw4343W, 0x1800_3000, 0x1800_2000, 0, 0x8_0000),
            (.cyw43439, 0x1800_3000, 0x1800_2000, 0, 0x8_0000),
            (.cyw43012, 0x1800_3000, 0x1800_2000, 0, 0xA_0000),
            (.cyw4373, 0x1800_2000, 0x1800_5000, 0x16_0000, 0xE_0000),
        ]
        for (kind, arm, sdio, base, size) in table {
            let h = SDIOHost(kind)
            #expect(h.chip.profile.armCoreBase == arm && h.chip.profile.sdioCoreBase == sdio)
            // The NVRAM token lives in the last RAM word: write it there by hand.
            h.bpWrite(base + size - 4, le32Bytes(0xFFFE_0001))
            #expect(h.chip.memory.read32(offset: Int(size) - 4) == 0xFFFE_0001)
            #expect(h.bpRead32(base + size - 4) == 0xFFFE_0001)
        }
        // SDIO device ids (§2.1).
        #expect(ChipKind.cyw43439.profile.sdioDevice == 0xA9AF && ChipKind.cyw4343W.profile.sdioDevice == 0xA9A6)
    }
}
