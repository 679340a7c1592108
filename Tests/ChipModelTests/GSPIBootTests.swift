import Testing
import Runtime
@testable import ChipModel

@Suite struct GSPIBootTests {
    @Test func htClockAndF2ReadyFollowTheModelledDelays() {
        let h = GSPIHost()
        let c = h.chip
        h.write(1, 0x1000E, [0x08])
        #expect(h.read(1, 0x1000E, 1) == [0x48])
        h.write(1, 0x1000E, [0x00])
        downloadFirmware(profile: c.profile, image: SyntheticFirmware.image(for: .cyw43439),
                         nvram: SyntheticFirmware.nvram()) { h.bpWrite($0, $1) }
        #expect(c.firmwareRunning)
        #expect(c.firmwareMarkerFound)
        #expect(c.firmwareSize == 4096)
        #expect(c.counters.oversizedBackplaneTransfers == 0 && c.counters.windowWraps == 0)
        h.write(1, 0x7FF0, [UInt8](repeating: 1, count: 32))   // runs off the window end (§1.7)
        #expect(c.counters.windowWraps == 1)
        #expect(c.nvramSize == SyntheticFirmware.nvram().count)
        let boot = c.now
        // HT_AVAIL (0x80) 29 ms after the ARM core starts (§1.9: "takes about 29 ms").
        #expect(c.nextDeadline == boot + .milliseconds(29))
        c.advance(to: boot + .milliseconds(29) - .microseconds(1))
        #expect(h.read(1, 0x1000E, 1)[0] & 0x80 == 0)
        c.advance(to: boot + .milliseconds(29))
        #expect(h.read(1, 0x1000E, 1)[0] & 0x80 == 0x80)
        // F2_RX_READY (status bit 5, §1.5) 2 ms later.
        #expect(h.status() & 0x20 == 0)
        c.advance(to: boot + .milliseconds(31))
        #expect(h.status() & 0x20 == 0x20)
        // F2 info register (F0 0x0E) shows enabled + ready (§1.3).
        #expect(h.read(0, 0x0E, 2) == [0x03, 0x00])
        // The firmware replaced the NVRAM token with its sdpcm_shared pointer, SR-mem lower (§3.5).
        #expect(c.memory.read32(offset: 0x8_0000 - 4 - 0x1_0000) != 0)
        // SR capable on 43439: chip-common SR_CONTROL1 != 0 (§7.9).
        h.write(1, 0x1000C, [0x18]); h.write(1, 0x1000B, [0x00]); h.write(1, 0x1000A, [0x00])
        #expect(le32(h.read(1, 0x0508 | 0x8000, 4), 0) != 0)
    }

    @Test func badNVRAMTokenKeepsF2NotReady() {
        let h = GSPIHost(.immediate)
        let c = h.chip
        downloadFirmware(profile: c.profile, image: SyntheticFirmware.image(for: .cyw43439),
                         nvram: SyntheticFirmware.nvram()) { h.bpWrite($0, $1) }
        // Start over with a broken token: halt the ARM, corrupt the last word, release again.
        let wrap = c.profile.armCoreBase + 0x10_0000
        h.bpWrite(wrap + 0x800, le32Bytes(1))
        h.bpWrite(0x8_0000 - 4, le32Bytes(0x1234_0010))
        h.bpWrite(wrap + 0x408, le32Bytes(3)); h.bpWrite(wrap + 0x800, le32Bytes(0)); h.bpWrite(wrap + 0x408, le32Bytes(1))
        c.advance(to: c.now + .seconds(2))
        #expect(c.bootError == .badNVRAMToken(0x1234_0010))
        #expect(h.read(1, 0x1000E, 1)[0] & 0x80 == 0x80)   // HT comes up...
        #expect(h.status() & 0x20 == 0)                      // ...F2 never does (§1.9 step 11).
    }

    @Test func ioctlOverF2WithStatusRegisterAndHostWake() {
        let h = GSPIHost(.immediate)
        let c = h.chip
        var levels: [Bool] = []
        c.onHostWake = { levels.append($0) }
        downloadFirmware(profile: c.profile, image: SyntheticFirmware.image(for: .cyw43439),
                         nvram: SyntheticFirmware.nvram(macAddress: MACAddress(0x28, 0xCD, 0xC1, 0, 0, 1))) { h.bpWrite($0, $1) }
        h.write(0, 0x04, [0x01, 0x00])   // clear the DATA_UNAVAILABLE latched at F2 ready (cyw43-driver)
        h.write(0, 0x06, [0x20, 0x00])   // enable F2_PACKET_AVAILABLE only (embassy, §7.8)
        #expect(!c.hostWakeAsserted)
        // GET_VAR "cur_etheraddr" with a 6-byte buffer (§5.2), seq 0, id 1.
        let frame = HostFrames.control(seq: 0, cmd: 262, set: false, id: 1, buffer: ascii("cur_etheraddr") + [0] + [0, 0, 0, 0, 0, 0])
        h.write(2, 0, frame)
        #expect(c.hostWakeAsserted)
        #expect(h.read(0, 0x04, 2) == [0x20, 0x00])
        let st = h.status()
        #expect(st & 0x100 != 0)
        let len = Int(st >> 9 & 0x7FF)
        #expect(len == 12 + 16 + 20)
        let rx = RxFrame(bytes: h.read(2, 0, len))
        #expect(rx.channel == 0)
        #expect(rx.sequence == 0)
        #expect(rx.credit == 1 &+ 8)     // next expected seq 1 + window 8 (§4.2)
        let p = rx.payload
        #expect(le32(p, 0) == 262)
        #expect(le32(p, 8) >> 16 == 1)
        #expect(le32(p, 12) == 0)
        #expect(Array(p[16..<22]) == [0x02, 0x0A, 0xF7, 0x43, 0x00, 0x01])   // the OTP MAC wins over NVRAM
        // Everything read: the level drops (§7.8).
        #expect(!c.hostWakeAsserted)
        #expect(h.status() & 0x100 == 0)
        #expect(levels == [true, false])
        #expect(c.wakeCount(.other) == 1)
    }

    @Test func embassyModeStatusWordAfterEveryCommand() {
        // embassy: 0x000304B1 (MSB-first words, status word on), F0 0x1D = 4 (§1.6, §1.9).
        let c = ChipModel(chip: .cyw43439, bus: .gspi, timing: .immediate)
        _ = spi(c, [0x00, 0x04, 0xC0, 0x00, 0x04, 0xB1, 0x00, 0x03], read: 0)
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func words(_ bytes: [UInt8]) -> [UInt8] {   // memory order -> MSB-first words
            var out: [UInt8] = []
            var b = bytes
            while b.count % 4 != 0 { b.append(0) }
            for i in stride(from: 0, to: b.count, by: 4) { out += [b[i + 3], b[i + 2], b[i + 1], b[i]] }
            return out
        }
        func bpWrite(_ a: UInt32, _ d: [UInt8]) {
            _ = spi(c, be(gspiCommand(write: true, function: 1, address: 0x1000A, length: 1)) + words([UInt8(a >> 8 & 0x80)]), read: 4)
            _ = spi(c, be(gspiCommand(write: true, function: 1, address: 0x1000B, length: 1)) + words([UInt8(a >> 16 & 0xFF)]), read: 4)
            _ = spi(c, be(gspiCommand(write: true, function: 1, address: 0x1000C, length: 1)) + words([UInt8(a >> 24)]), read: 4)
            _ = spi(c, be(gspiCommand(write: true, function: 1, address: a & 0x7FFF, length: UInt32(d.count))) + words(d), read: 4)
        }
        downloadFirmware(profile: c.profile, image: SyntheticFirmware.image(for: .cyw43439),
                         nvram: SyntheticFirmware.nvram()) { bpWrite($0, $1) }
        // F2 write of WLC_UP; the status word clocked after it announces the reply (§1.5, §8.1).
        let up = HostFrames.control(seq: 0, cmd: 2, set: true, id: 1, buffer: [])
        let st = spi(c, be(gspiCommand(write: true, function: 2, address: 0, length: UInt32(up.count))) + words(up), read: 4)!
        let status = UInt32(st[0]) << 24 | UInt32(st[1]) << 16 | UInt32(st[2]) << 8 | UInt32(st[3])
        #expect(status & 0x20 != 0)               // F2_RX_READY
        #expect(status & 0x100 != 0)              // F2_PKT_AVAILABLE
        let len = Int(status >> 9 & 0x7FF)
        #expect(len == 28)
        let r = spi(c, be(gspiCommand(write: false, function: 2, address: 0, length: UInt32(len))), read: len + 4)!
        let frame = words(Array(r[0..<len]))        // the same swap undoes itself
        #expect(le16(frame, 0) == 28 && le16(frame, 2) == ~UInt16(28))
        #expect(le32(frame, 12) == 2)             // CDC cmd WLC_UP
        #expect(c.isUp)
        let tail = Array(r[len..<(len + 4)])
        #expect(tail[2] & 0x01 == 0)              // no more packets (bit 8 clear)
    }
}
