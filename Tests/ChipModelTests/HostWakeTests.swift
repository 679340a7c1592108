import Testing
import Runtime
@testable import ChipModel

/// Host-wake as a level (docs/cyw43-bus.md §7.8, §2.6) and its per-reason count.
@Suite struct HostWakeTests {
    static let bssid = MACAddress(0x02, 0xAA, 0xBB, 0xCC, 0xDD, 0x01)

    func associated() -> SDIOHost {
        let h = SDIOHost(.cyw43439)
        h.air.aps = [VirtualAP(ssid: ascii("net"), security: .open, bssid: HostWakeTests.bssid)]
        h.bringUp()
        h.firmwareUp()
        h.configure(wsec: 0, wpaAuth: 0)
        _ = h.join("net")
        h.run(.zero)
        return h
    }

    func ipv4Frame(to dst: MACAddress) -> [UInt8] {
        dst.bytes + [0x02, 0, 0, 0, 0, 0x99] + [0x08, 0x00] + [UInt8](repeating: 0x45, count: 46)
    }

    @Test func sdioLevelStaysUntilEverythingIsRead() {
        let h = associated()
        let c = h.chip
        #expect(!c.hostWakeAsserted)
        let before = c.wakeCount(.data)
        c.receiveFromAir(ipv4Frame(to: c.macAddress))
        c.receiveFromAir(ipv4Frame(to: .broadcast))
        #expect(c.hostWakeAsserted)
        #expect(c.wakeCount(.data) == before + 1)   // one assertion for both frames
        // Clearing intstatus alone does not drop the line while frames wait.
        h.bpWrite(c.profile.sdioCoreBase + 0x20, le32Bytes(0xF0))
        #expect(c.hostWakeAsserted)
        #expect(c.cccrRead(0x05) == 0x04)          // INTPEND F2
        _ = h.readFrame()
        #expect(c.hostWakeAsserted)
        _ = h.readFrame()
        #expect(!c.hostWakeAsserted)
        // Electrical level: SEPINT without ACT_HI is active low (§2.6).
        #expect(c.hostWakePinHigh)
    }

    @Test func noOOBConfiguredMeansNoAssertion() {
        let h = associated()
        _ = h.cmd52(0, 0xF2, write: 0x00)
        h.chip.receiveFromAir(ipv4Frame(to: h.chip.macAddress))
        #expect(!h.chip.hostWakeAsserted)
        #expect(h.cmd52(0, 0x05) == 0x04)         // still pending in-band
    }

    @Test func reasonsAreCounted() {
        let h = associated()
        let c = h.chip
        h.drain()
        let linkBefore = c.wakeCount(.linkDown)
        c.apLost()
        #expect(c.wakeCount(.linkDown) == linkBefore + 1)
        h.drain()
        // Explicit wake with nothing queued: the firmware's I_HMB_FRAME_IND, latched until the
        // host writes it back (W1C); reading intstatus clears nothing.
        c.wakeHost(reason: .keepaliveFailure)
        #expect(c.hostWakeAsserted)
        #expect(c.wakeCount(.keepaliveFailure) == 1)
        c.wakeHost(reason: .keepaliveFailure)       // already asserted: not a new assertion
        #expect(c.wakeCount(.keepaliveFailure) == 1)
        #expect(h.bpRead32(c.profile.sdioCoreBase + 0x20) & 0x40 == 0x40)
        #expect(c.hostWakeAsserted)
        h.bpWrite(c.profile.sdioCoreBase + 0x20, le32Bytes(0x40))
        #expect(!c.hostWakeAsserted)
        // A TKO event (151) is counted as a keepalive failure.
        var ext = [UInt8](repeating: 0xFF, count: 20)
        ext[0] = 0xFF
        _ = h.setVar("bsscfg:event_msgs_ext", le32Bytes(0) + [1, 3, 20, 0] + ext)
        c.raiseEvent(type: 151, status: 5, reason: 0, data: [0, 0, 0, 0])
        #expect(c.wakeCount(.keepaliveFailure) == 2)
        h.drain()
        #expect(h.events.last == RxEvent(type: 151, status: 5, reason: 0, flags: 0))
        #expect(h.eventData.last == [0, 0, 0, 0])
        #expect(c.totalWakes == (0..<5).map { c.wakeCount(WakeReason(rawValue: $0)!) }.reduce(0, +))
    }

    @Test func gspiLevelFollowsInterruptEnable() {
        let h = GSPIHost(.immediate)
        let c = h.chip
        downloadFirmware(profile: c.profile, image: SyntheticFirmware.image(for: .cyw43439),
                         nvram: SyntheticFirmware.nvram()) { h.bpWrite($0, $1) }
        h.write(2, 0, HostFrames.control(seq: 0, cmd: 2, set: true, id: 1, buffer: []))
        #expect(!c.hostWakeAsserted)                // F0 0x06 still 0
        h.write(0, 0x06, [0xBE, 0x00])              // WHD mask (§1.9 step 7)
        #expect(c.hostWakeAsserted)
        #expect(c.hostWakePinHigh)                  // INTERRUPT_POLARITY_HIGH in 0x000204A3
        let len = Int(h.status() >> 9 & 0x7FF)
        _ = h.read(2, 0, len)
        #expect(!c.hostWakeAsserted)
    }

    @Test func gspiForcedWakeIsClearedByWritingIntstatusNotByReadingF0() {
        let h = GSPIHost(.immediate)
        let c = h.chip
        downloadFirmware(profile: c.profile, image: SyntheticFirmware.image(for: .cyw43439),
                         nvram: SyntheticFirmware.nvram()) { h.bpWrite($0, $1) }
        h.bpWrite(c.profile.sdioCoreBase + 0x24, le32Bytes(0xF0))   // hostintmask (§2.5)
        h.write(0, 0x06, [0xBE, 0x00])
        c.wakeHost(reason: .keepaliveFailure)
        #expect(c.hostWakeAsserted)
        _ = h.read(0, 0x04, 2)                                       // looking is not clearing
        #expect(c.hostWakeAsserted)
        h.bpWrite(c.profile.sdioCoreBase + 0x20, le32Bytes(0x40))    // cyw43-driver/WHD: W1C & 0xF0
        #expect(!c.hostWakeAsserted)
    }

    @Test func firmwareTrapRaisesHostIntWithFWHALT() {
        let h = associated()
        h.drain()
        h.chip.trapFirmware()
        #expect(h.chip.hostWakeAsserted)
        let sdio = h.chip.profile.sdioCoreBase
        #expect(h.bpRead32(sdio + 0x20) & 0x80 == 0x80)       // I_HMB_HOST_INT
        #expect(h.bpRead32(sdio + 0x4C) & 0x10 == 0x10)       // FWHALT (§2.5)
        #expect(h.cmd52(0, 0x03)! & 0x04 == 0)                // F2 no longer ready
        #expect(!h.send(HostFrames.control(seq: h.txSeq, cmd: 2, set: true, id: 9, buffer: [])))
    }

    @Test func stalledF2() {
        let h = associated()
        h.drain()
        h.chip.stallF2(true)
        h.chip.receiveFromAir(ipv4Frame(to: h.chip.macAddress))
        #expect(!h.chip.hostWakeAsserted)
        #expect(h.readFrame() == nil)
        #expect(!h.send(HostFrames.control(seq: h.txSeq, cmd: 2, set: true, id: 9, buffer: [])))
        h.txSeq &-= 1
        h.chip.stallF2(false)
        #expect(h.chip.hostWakeAsserted)
        #expect(h.readFrame()?.channel == 2)
    }
}
