import Testing
import Runtime
@testable import ChipModel

/// gSPI far side, driven with hand-built bytes (docs/cyw43-bus.md §1).
@Suite struct GSPIRegisterTests {
    func chip(_ kind: ChipKind = .cyw43439) -> ChipModel { ChipModel(chip: kind, bus: .gspi, timing: .immediate) }

    @Test func startUpModeReadsTestRegisterSwapped() {
        // §1.2 example: read F0 0x14, 4 bytes, incrementing = 0x4000A004, sent as A0 04 40 00;
        // 0xFEEDBEAD comes back as BE AD FE ED.
        #expect(gspiCommand(write: false, function: 0, address: 0x14, length: 4) == 0x4000_A004)
        let c = chip()
        #expect(spi(c, [0xA0, 0x04, 0x40, 0x00], read: 4) == [0xBE, 0xAD, 0xFE, 0xED])
    }

    @Test func fixedAddressTestReadAlsoWorks() {
        // WHD issues the first test reads with the fixed-address bit clear (§1.1): 0x0000A004.
        let c = chip()
        #expect(spi(c, [0xA0, 0x04, 0x00, 0x00], read: 4) == [0xBE, 0xAD, 0xFE, 0xED])
    }

    @Test func whdBusControlSwitchesToLittleEndian32() {
        let c = chip()
        // Write F0 0x00 = 0x000204A3 (§1.8 WHD) in start-up order: cmd 0xC0000004 -> 00 04 C0 00,
        // data A3 04 02 00 -> 04 A3 00 02.
        #expect(spi(c, [0x00, 0x04, 0xC0, 0x00, 0x04, 0xA3, 0x00, 0x02], read: 0) == [])
        // Now plain little-endian: read back 0x00 (cmd 0x40000004) and the test register.
        #expect(spi(c, [0x04, 0x00, 0x00, 0x40], read: 4) == [0xA3, 0x04, 0x02, 0x00])
        #expect(spi(c, [0x04, 0xA0, 0x00, 0x40], read: 4) == [0xAD, 0xBE, 0xED, 0xFE])
    }

    @Test func embassyBusControlSendsWordsMostSignificantByteFirst() {
        let c = chip()
        // 0x000304B1 (§1.8 embassy): ENDIAN_BIG clear, status word on. Start-up order: cmd
        // 0xC0000004 -> 00 04 C0 00; value B1 04 03 00 -> 04 B1 00 03.
        _ = spi(c, [0x00, 0x04, 0xC0, 0x00, 0x04, 0xB1, 0x00, 0x03], read: 0)
        // Read 0x14 as one MSB-first word 40 00 A0 04; data FE ED BE AD, then the status word.
        let r = spi(c, [0x40, 0x00, 0xA0, 0x04], read: 8)!
        #expect(Array(r[0..<4]) == [0xFE, 0xED, 0xBE, 0xAD])
        // Status word, MSB first: before firmware boot nothing is ready or pending (§1.5).
        #expect(Array(r[4..<8]) == [0x00, 0x00, 0x00, 0x00])
    }

    @Test func testRWScratchRoundTripsInStartUpMode() {
        let c = chip()
        // embassy: write 0x12345678 to F0 0x18 swapped (cmd 0xC000C004 -> C0 04 C0 00; data
        // 78 56 34 12 -> 56 78 12 34), read it back (cmd 0x4000C004 -> C0 04 40 00).
        _ = spi(c, [0xC0, 0x04, 0xC0, 0x00, 0x56, 0x78, 0x12, 0x34], read: 0)
        #expect(spi(c, [0xC0, 0x04, 0x40, 0x00], read: 4) == [0x56, 0x78, 0x12, 0x34])
    }

    /// Puts the chip in WHD's mode: LE 32-bit, response delay 4, no status word.
    func whdMode(_ c: ChipModel) {
        _ = spi(c, [0x00, 0x04, 0xC0, 0x00, 0x04, 0xA3, 0x00, 0x02], read: 0)
    }

    @Test func backplaneReadsCarryResponseDelayPadding() {
        let c = chip()
        whdMode(c)
        // F1 0x1000E = 0x08 (ALP_AVAIL_REQ): cmd write F1 len 1 = 0xD8007001 (§1.9 step 8).
        let w = gspiCommand(write: true, function: 1, address: 0x1000E, length: 1)
        #expect(w == 0xD800_7001)
        _ = spi(c, le32Bytes(w) + [0x08, 0, 0, 0], read: 0)
        // Read it: 4 filler bytes (RESPONSE_DELAY 4, §1.6), then 0x48 = ALP_AVAIL | ALP_AVAIL_REQ.
        let r = spi(c, le32Bytes(gspiCommand(write: false, function: 1, address: 0x1000E, length: 1)), read: 8)!
        #expect(r[4] == 0x48)
        // cyw43-driver programs RESP_DELAY_F1 (F0 0x1D) = 16 (§1.6): 16 filler bytes now.
        _ = spi(c, le32Bytes(gspiCommand(write: true, function: 0, address: 0x1D, length: 1)) + [16, 0, 0, 0], read: 0)
        let r16 = spi(c, le32Bytes(gspiCommand(write: false, function: 1, address: 0x1000E, length: 1)), read: 20)!
        #expect(r16[16] == 0x48)
        // F0 reads have no delay.
        #expect(spi(c, le32Bytes(0x4000_A004), read: 4) == [0xAD, 0xBE, 0xED, 0xFE])
    }

    @Test func chipIDThroughBackplaneWindow() {
        for kind in [ChipKind.cyw43439] {
            let c = chip(kind)
            whdMode(c)
            // Window 0x18000000: F1 0x1000B = 0x00, 0x1000C = 0x18 (§3.1); read 16 bits at offset 0
            // (§1.9 step 9): 4 pad bytes then AF A9.
            _ = spi(c, le32Bytes(gspiCommand(write: true, function: 1, address: 0x1000C, length: 1)) + [0x18, 0, 0, 0], read: 0)
            let r = spi(c, le32Bytes(gspiCommand(write: false, function: 1, address: 0x0000, length: 2)), read: 8)!
            #expect(Array(r[4..<6]) == [0xAF, 0xA9])
        }
    }

    @Test func interruptErrorBitsAreWriteOneToClear() {
        let c = chip()
        whdMode(c)
        // Enable interrupts as WHD does (F0 0x06 = 0x00BE, §1.9 step 7).
        _ = spi(c, le32Bytes(gspiCommand(write: true, function: 0, address: 0x06, length: 2)) + [0xBE, 0x00, 0, 0], read: 0)
        // An F2 read with nothing pending latches DATA_UNAVAILABLE (bit 0x0001, §1.4).
        _ = spi(c, le32Bytes(gspiCommand(write: false, function: 2, address: 0, length: 4)), read: 4)
        let irq = spi(c, le32Bytes(gspiCommand(write: false, function: 0, address: 0x04, length: 2)), read: 4)!
        #expect(irq[0] & 0x01 == 0x01)
        // Write 0x99 (1 byte) clears it (§1.9 step 6).
        _ = spi(c, le32Bytes(gspiCommand(write: true, function: 0, address: 0x04, length: 1)) + [0x99, 0, 0, 0], read: 0)
        let after = spi(c, le32Bytes(gspiCommand(write: false, function: 0, address: 0x04, length: 2)), read: 4)!
        #expect(after[0] & 0x01 == 0)
    }

    @Test func sdioOnlyChipDoesNotAnswerOnGSPI() {
        let c = ChipModel(chip: .cyw4373, bus: .gspi)
        #expect(spi(c, [0xA0, 0x04, 0x40, 0x00], read: 4) == nil)
    }

    @Test func injectedTransferFailure() {
        let c = chip()
        c.failNextTransfer()
        #expect(spi(c, [0xA0, 0x04, 0x40, 0x00], read: 4) == nil)
        #expect(spi(c, [0xA0, 0x04, 0x40, 0x00], read: 4) == [0xBE, 0xAD, 0xFE, 0xED])
    }

    @Test func corruptedStartUpReadsThenTheRealPattern() {
        let c = chip()
        c.allOnesNextGSPIReads(1)
        c.shiftNextGSPIReads(1)
        #expect(spi(c, [0xA0, 0x04, 0x40, 0x00], read: 4) == [0xFF, 0xFF, 0xFF, 0xFF])
        // BE AD FE ED shifted left one bit: 7D 5B FD DA; WHD accepts the 0x5B (§1.9 step 2).
        let shifted = spi(c, [0xA0, 0x04, 0x40, 0x00], read: 4)!
        #expect(shifted == [0x7D, 0x5B, 0xFD, 0xDA])
        #expect(spi(c, [0xA0, 0x04, 0x40, 0x00], read: 4) == [0xBE, 0xAD, 0xFE, 0xED])
    }
}
