import Testing
import Runtime
@testable import ChipModel

/// A gSPI host in WHD's mode (LE 32-bit, delay 4, no status word) doing WHD's bring-up
/// (cyw43-bus.md §1.9, §3.5) with hand-built commands.
final class GSPIHost {
    let chip: ChipModel
    init(_ timing: ChipTiming = ChipTiming()) {
        chip = ChipModel(chip: .cyw43439, bus: .gspi, timing: timing)
        _ = spi(chip, [0x00, 0x04, 0xC0, 0x00, 0x04, 0xA3, 0x00, 0x02], read: 0)   // 0x000204A3
    }
    func write(_ fn: UInt32, _ addr: UInt32, _ data: [UInt8]) {
        var d = data
        while d.count % 4 != 0 { d.append(0) }
        _ = spi(chip, le32Bytes(gspiCommand(write: true, function: fn, address: addr, length: UInt32(data.count))) + d, read: 0)
    }
    func read(_ fn: UInt32, _ addr: UInt32, _ n: Int) -> [UInt8] {
        let pad = fn == 1 ? 4 : 0
        let r = spi(chip, le32Bytes(gspiCommand(write: false, function: fn, address: addr, length: UInt32(n))), read: pad + ((n + 3) & ~3))!
        return Array(r[pad..<(pad + n)])
    }
    func bpWrite(_ a: UInt32, _ data: [UInt8]) {
        write(1, 0x1000A, [UInt8(a >> 8 & 0x80)])
        write(1, 0x1000B, [UInt8(a >> 16 & 0xFF)])
        write(1, 0x1000C, [UInt8(a >> 24)])
        write(1, (a & 0x7FFF) | (data.count == 4 ? 0x8000 : 0), data)
    }
    func status() -> UInt32 { le32(read(0, 0x08, 4), 0) }
}

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
        #expect(Array(p[16..<22]) == [0x28, 0xCD, 0xC1, 0, 0, 1])   // NVRAM macaddr= wins
        // Everything read: the level drops (§7.8).
        #expect(!c.hostWakeAsserted)
        #expect(h.status() & 0x100 == 0)
        #expect(levels == [true, false])
        #expect(c.wakeCount(.other) == 1)
    }
}
