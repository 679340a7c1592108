import Testing
import Runtime
@testable import ChipModel

/// The firmware's ioctl/iovar answers (docs/cyw43-bus.md §3.7, §5, §6.2, §7).
@Suite struct IoctlTableTests {
    func up(_ kind: ChipKind = .cyw43439) -> SDIOHost {
        let h = SDIOHost(kind)
        h.bringUp(macInNVRAM: MACAddress(0x00, 0xA0, 0x50, 0x12, 0x34, 0x56))
        return h
    }

    @Test func bringUpIovars() {
        let h = up()
        // CLM in 1024-byte chunks, then "clmload_status" = 0 (§3.7).
        h.firmwareUp()
        #expect(h.chip.clmLoaded)
        #expect(h.chip.clmSize == SyntheticFirmware.clm().count)
        #expect(h.getVar("clmload_status", 4) == (0, [0, 0, 0, 0]))
        #expect(h.chip.isUp)
        #expect(h.getVar("cur_etheraddr", 6) == (0, [0x02, 0x0A, 0xF7, 0x43, 0x00, 0x01]))   // OTP wins
        let (vs, ver) = h.getVar("ver", 128)
        #expect(vs == 0)
        #expect(String(decoding: ver.prefix(while: { $0 != 0 }), as: UTF8.self).hasPrefix("wl0: "))
        let (cs, clmver) = h.getVar("clmver", 200)
        #expect(cs == 0 && clmver.first == 0x41)     // "API: ..."
        let (_, cap) = h.getVar("cap", 200)
        #expect(String(decoding: cap.prefix(while: { $0 != 0 }), as: UTF8.self).contains("sae"))
        #expect(h.getVar("bus:txglom", 4) == (0, [0, 0, 0, 0]))
        #expect(h.getVar("apsta", 4) == (0, [1, 0, 0, 0]))
        // "apsta" cannot change while up (model: BCME_NOTDOWN).
        #expect(h.setVar("apsta", le32Bytes(0)) == -5)
    }

    @Test func unknownIovarAndIoctlAreUnsupported() {
        let h = up()
        #expect(h.setVar("no_such_iovar", le32Bytes(1)) == -23)
        #expect(h.getVar("no_such_iovar", 4).0 == -23)
        #expect(h.ioctl(9999, set: true, le32Bytes(1)).0 == -23)
        #expect(h.chip.counters.unsupportedIoctls == 3)
        // The reply flags carry bit0 ERROR with the status (§5.1).
        let f = h.frames.last!
        #expect(le32(f.payload, 8) & 1 == 1)
        #expect(Int32(bitPattern: le32(f.payload, 12)) == -23)
    }

    @Test func powerSaveIovarsAndPM() {
        let h = up()
        #expect(h.getVar("pm2_sleep_ret", 4) == (0, le32Bytes(200)))
        #expect(h.setVar("pm2_sleep_ret", le32Bytes(2000)) == 0)
        #expect(h.setVar("bcn_li_dtim", le32Bytes(3)) == 0)
        #expect(h.setVar("bcn_li_bcn", le32Bytes(0)) == 0)
        #expect(h.setVar("assoc_listen", le32Bytes(10)) == 0)
        #expect(h.getVar("pm2_sleep_ret", 4) == (0, le32Bytes(2000)))
        #expect(h.setU32(86, 2) == 0)                         // WLC_SET_PM = PM2 (§7.4)
        #expect(h.ioctl(85, set: false, [0, 0, 0, 0]) == (0, le32Bytes(2)))
        #expect(h.chip.pmMode == 2)
        #expect(h.setU32(86, 7) == -2)
        #expect(h.setVar("mpc", le32Bytes(0)) == 0)
        #expect(h.setVar("ampdu_ba_wsize", le32Bytes(8)) == 0)
        // Too-short value for a u32 iovar.
        #expect(h.setVar("mpc", [1]) == -14)
    }

    @Test func getIntoTooSmallBufferIsBufTooShort() {
        let h = up()
        // "cur_etheraddr" + NUL is already 14 bytes, so the 6-byte value fits; ask for "ver" with
        // no room beyond the name: the string does not fit (§5.1 -14).
        #expect(h.ioctl(262, set: false, ascii("ver") + [0]).0 == -14)
    }

    @Test func eventMaskForms() {
        let h = up()
        // WHD: "event_msgs" = 16 bytes (§6.2).
        #expect(h.setVar("event_msgs", [UInt8](repeating: 0, count: 16)) == 0)
        #expect(!h.chip.eventEnabled(16))
        // embassy: "bsscfg:event_msgs" u32 index + 24 bytes.
        var mask = [UInt8](repeating: 0, count: 24)
        mask[2] = 0x01   // event 16 LINK
        #expect(h.setVar("bsscfg:event_msgs", le32Bytes(0) + mask) == 0)
        #expect(h.chip.eventEnabled(16))
        #expect(!h.chip.eventEnabled(0))
        // Too short (model requires at least WHD's 16 bytes).
        #expect(h.setVar("event_msgs", [0, 0, 0, 0]) == -24)
        // "bsscfg:event_msgs_ext" {ver 1, command 3, len, maxgetsize, mask} enables event 151.
        var ext = [UInt8](repeating: 0, count: 20)
        ext[151 / 8] = 1 << (151 % 8)
        #expect(h.setVar("bsscfg:event_msgs_ext", le32Bytes(0) + [1, 3, 20, 0] + ext) == 0)
        #expect(h.chip.eventEnabled(151))
    }

    @Test func clmLoadErrors() {
        let h = up()
        // A chunk without DL_BEGIN first, and a wrong handler version: clmload_status != 0.
        #expect(h.setVar("clmload", le16Bytes(0x1004) + le16Bytes(2) + le32Bytes(4) + le32Bytes(0) + [1, 2, 3, 4]) == -2)
        #expect(h.getVar("clmload_status", 4).1 != [0, 0, 0, 0])
        #expect(h.setVar("clmload", le16Bytes(0x2006) + le16Bytes(2) + le32Bytes(4) + le32Bytes(0) + [1, 2, 3, 4]) == -2)
        // Declared length longer than the data.
        #expect(h.setVar("clmload", le16Bytes(0x1006) + le16Bytes(2) + le32Bytes(40) + le32Bytes(0) + [1, 2, 3, 4]) == -24)
        // A single BEGIN|END chunk works and WHD-style 8-byte padding after the data is ignored.
        #expect(h.setVar("clmload", le16Bytes(0x1006) + le16Bytes(2) + le32Bytes(4) + le32Bytes(0) + [1, 2, 3, 4, 0, 0, 0, 0]) == 0)
        #expect(h.getVar("clmload_status", 4) == (0, [0, 0, 0, 0]))
        #expect(h.chip.clmSize == 4)
    }

    @Test func countryAndPlainIoctls() {
        let h = up()
        let country = ascii("US") + [0, 0] + le32Bytes(0xFFFF_FFFF) + ascii("US") + [0, 0]
        #expect(h.setVar("country", country) == 0)
        #expect(h.getVar("country", 12) == (0, country))
        #expect(h.setU32(142, 0) == 0)                        // WLC_SET_BAND auto
        #expect(h.chip.ioctlValue(142) == [0, 0, 0, 0])
        #expect(h.ioctl(0, set: false, [0, 0, 0, 0]) == (0, le32Bytes(0x14E4_6C77)))
        // Not associated yet.
        #expect(h.ioctl(23, set: false, [0, 0, 0, 0, 0, 0]).0 == -17)
        // SET_SSID before WLC_UP: BCME_NOTUP.
        #expect(h.join("x") == -4)
    }

    @Test func macFromInitWhenNVRAMHasNone() {
        let h = SDIOHost(.cyw4343W)
        h.bringUp(macInNVRAM: nil)
        #expect(h.getVar("cur_etheraddr", 6) == (0, MACAddress(0x02, 0x0A, 0xF7, 0x43, 0x00, 0x01).bytes))
        #expect(h.setVar("cur_etheraddr", [2, 0, 0, 0, 0, 9]) == 0)
        #expect(h.chip.macAddress == MACAddress(2, 0, 0, 0, 0, 9))
    }
}
