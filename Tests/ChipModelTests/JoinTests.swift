import Testing
import Runtime
@testable import ChipModel

/// Joins per security type and the events the host sees (docs/cyw43-bus.md §6.3-6.5, §7.3;
/// docs/tko-offload.md §8 for the wsec/wpa_auth values).
@Suite struct JoinTests {
    static let bssid = MACAddress(0x02, 0xAA, 0xBB, 0xCC, 0xDD, 0x01)

    func host(_ security: APSecurity, passphrase: String = "correct horse", timing: ChipTiming = .immediate) -> SDIOHost {
        let h = SDIOHost(.cyw4343W, timing: timing)
        h.air.aps = [VirtualAP(ssid: ascii("CE229926"), security: security, passphrase: ascii(passphrase),
                               channel: 6, rssi: -42, bssid: JoinTests.bssid)]
        h.bringUp()
        h.firmwareUp()
        h.events.removeAll()
        return h
    }

    func E(_ t: UInt32, _ s: UInt32, _ r: UInt32 = 0, _ f: UInt16 = 0) -> RxEvent { RxEvent(type: t, status: s, reason: r, flags: f) }
    static func E(_ t: UInt32, _ s: UInt32, _ r: UInt32 = 0, _ f: UInt16 = 0) -> RxEvent { RxEvent(type: t, status: s, reason: r, flags: f) }

    // Golden event sequences written from real-hardware traces, not from the model:
    // a Pico W (CYW43439) joining WPA2, raspberrypi/pico-sdk#2153 (cyw43-driver's ASYNC trace):
    // ASSOC_REQ_IE, AUTH, ASSOC_RESP_IE, ASSOC, LINK (flags 1), PSK_SUP 6, JOIN, SET_SSID.
    static let securedSuccess = [E(87, 0), E(3, 0), E(88, 0), E(7, 0), E(16, 0, 0, 1), E(46, 6), E(1, 0), E(0, 0)]
    static let openSuccess = [E(87, 0), E(3, 0), E(88, 0), E(7, 0), E(16, 0, 0, 1), E(1, 0), E(0, 0)]
    // Wrong key: association succeeds and is reported (embassy-rs/embassy#3723: a driver waiting
    // for SET_SSID returns Ok), then a wl test log's PSK_SUP 8 reason 14, DEAUTH_IND (reason 2:
    // cyw43-driver's "probably because password was wrong"), LINK down (reason 2, disassoc).
    static let wrongKeyAssociation = [E(87, 0), E(3, 0), E(88, 0), E(7, 0), E(16, 0, 0, 1), E(1, 0), E(0, 0)]
    static let wrongKeyDeauth = [E(46, 8, 14), E(6, 0, 2), E(16, 0, 2, 0)]

    @Test func openNetwork() {
        let h = host(.open)
        h.configure(wsec: 0, wpaAuth: 0)
        #expect(h.join("CE229926") == 0)
        h.run(.zero)
        #expect(h.events == JoinTests.openSuccess)
        #expect(h.chip.isAssociated)
        #expect(h.air.associations == [JoinTests.bssid])
        #expect(h.ioctl(23, set: false, [0, 0, 0, 0, 0, 0]) == (0, JoinTests.bssid.bytes))
        #expect(h.ioctl(127, set: false, [0, 0, 0, 0]) == (0, le32Bytes(UInt32(bitPattern: -42))))
    }

    @Test func wpa2PassphraseSuccess() {
        let h = host(.wpa2)
        h.configure(wsec: 4, wpaAuth: 0x80, passphrase: "correct horse")
        #expect(h.join("CE229926") == 0)
        h.run(.zero)
        #expect(h.events == JoinTests.securedSuccess)
        #expect(h.chip.isAssociated)
    }

    /// The order and timing of a Pico W's successful WPA2 join (raspberrypi/pico-sdk#2153, firmware
    /// timestamps in ms): LINK up at 0, PSK_SUP KEYED at +13, JOIN and SET_SSID at +33.
    @Test func wpa2SuccessOrderAndTimingFollowThePicoWTrace() {
        let h = host(.wpa2, timing: ChipTiming())
        h.configure(wsec: 4, wpaAuth: 0x80, passphrase: "correct horse")
        _ = h.join("CE229926")
        h.run(.milliseconds(145))                           // scan + auth/assoc
        #expect(h.events == Array(JoinTests.securedSuccess.prefix(5)))
        h.run(.milliseconds(13))
        #expect(h.events.last == E(46, 6))
        h.run(.milliseconds(19))
        #expect(h.events.count == 6)
        h.run(.milliseconds(1))
        #expect(h.events == JoinTests.securedSuccess)
        // SET_SSID carries the SSID (embassy-rs/embassy#2239 log: datalen = SSID length).
        #expect(h.eventData.last == ascii("CE229926"))
    }

    /// Wrong WPA2 key: association succeeds (JOIN, SET_SSID 0), then the AP deauthenticates us and
    /// the supplicant says so: PSK_SUP WAIT_M3 reason 14 (SUP_DEAUTH), DEAUTH_IND reason 2, LINK
    /// down; then the firmware associates again and fails again, until the host disassociates.
    @Test func wpa2WrongPassphraseIsDeauthenticatedAndRepeats() {
        let h = host(.wpa2, timing: ChipTiming())
        h.configure(wsec: 4, wpaAuth: 0x80, passphrase: "wrong horse")
        #expect(h.join("CE229926") == 0)
        h.run(.milliseconds(200))
        #expect(h.events == JoinTests.wrongKeyAssociation)
        #expect(!h.chip.isAssociated)
        h.events.removeAll()
        h.run(.seconds(4))
        #expect(h.events == JoinTests.wrongKeyDeauth)
        #expect(h.chip.bssid == nil)
        h.events.removeAll()
        // The firmware's own second attempt: association again (no second JOIN/SET_SSID), then deauth.
        h.run(.milliseconds(4600))                          // 500 ms, 25 ms association, 4 s
        #expect(h.events == Array(JoinTests.securedSuccess.prefix(5)) + JoinTests.wrongKeyDeauth)
        // WLC_DISASSOC (cyw43-driver's answer to DEAUTH_IND reason 2; WHD's after a failed join) ends it.
        h.events.removeAll()
        h.run(.seconds(1))
        _ = h.ioctl(52, set: true, [])
        h.run(.seconds(20))
        #expect(!h.events.contains(E(46, 8, 14)) && !h.chip.isAssociated)
    }

    /// With the firmware supplicant off ("sup_wpa" 0) nobody answers M1: the AP deauthenticates us,
    /// no PSK_SUP.
    @Test func secureJoinWithoutSupplicantIsDeauthenticated() {
        let h = host(.wpa2, timing: ChipTiming())
        h.configure(wsec: 4, wpaAuth: 0x80, passphrase: "correct horse")
        _ = h.setVar("bsscfg:sup_wpa", le32Bytes(0) + le32Bytes(0))
        _ = h.join("CE229926")
        h.run(.milliseconds(4200))
        #expect(Array(h.events.suffix(2)) == [E(6, 0, 2), E(16, 0, 2, 0)])
        #expect(!h.events.contains { $0.type == 46 })
    }

    @Test func wpa2PMKAsHexAndRawAreChecked() {
        // IEEE 802.11i H.4 test vector: "password" / "IEEE" ->
        // f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e
        let pmk = PassphraseHash.pmk(passphrase: ascii("password"), ssid: ascii("IEEE"))
        #expect(pmk == PassphraseHash.fromHex(ascii("f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e")))
        let h = SDIOHost(.cyw43439)
        h.air.aps = [VirtualAP(ssid: ascii("IEEE"), security: .wpa2, passphrase: ascii("password"), bssid: JoinTests.bssid)]
        h.bringUp(); h.firmwareUp()
        h.configure(wsec: 4, wpaAuth: 0x80)
        // embassy-style raw PMK, flags 0 (§7.3).
        _ = h.ioctl(268, set: true, le16Bytes(32) + le16Bytes(0) + pmk + [UInt8](repeating: 0, count: 32))
        _ = h.join("IEEE")
        h.run(.zero)
        #expect(h.events.contains(E(46, 6)))
    }

    @Test func wpaTkipNetwork() {
        let h = host(.wpa)
        h.configure(wsec: 2, wpaAuth: 0x04, passphrase: "correct horse")
        _ = h.join("CE229926")
        h.run(.zero)
        #expect(h.events == JoinTests.securedSuccess)
    }

    @Test func wpa3SAE() {
        let h = host(.wpa3)
        h.configure(wsec: 4, wpaAuth: 0x40000, auth: 3, sae: "correct horse")
        _ = h.join("CE229926")
        h.run(.zero)
        #expect(h.events == JoinTests.securedSuccess)
    }

    @Test func wpa3WrongPasswordFailsAuthentication() {
        let h = host(.wpa3)
        h.configure(wsec: 4, wpaAuth: 0x40000, auth: 3, sae: "nope nope")
        _ = h.join("CE229926")
        h.run(.zero)
        #expect(h.events == [E(3, 1, 16), E(0, 1)])
        #expect(!h.chip.isAssociated)
    }

    @Test func transitionAcceptsWPA2AndWPA3() {
        let a = host(.transition)
        a.configure(wsec: 4, wpaAuth: 0x80, passphrase: "correct horse")
        _ = a.join("CE229926"); a.run(.zero)
        #expect(a.chip.isAssociated)
        let b = host(.transition)
        b.configure(wsec: 4, wpaAuth: 0x40000, auth: 3, passphrase: "correct horse", sae: "correct horse")
        _ = b.join("CE229926"); b.run(.zero)
        #expect(b.chip.isAssociated)
    }

    @Test func missingSSID() {
        let h = host(.wpa2)
        h.configure(wsec: 4, wpaAuth: 0x80, passphrase: "correct horse")
        _ = h.join("NoSuchNet")
        h.run(.zero)
        #expect(h.events == [E(0, 3)])   // SET_SSID NO_NETWORKS
    }

    @Test func securityMismatchIsPruned() {
        let h = host(.wpa2)
        h.configure(wsec: 0, wpaAuth: 0)   // host thinks the network is open
        _ = h.join("CE229926"); h.run(.zero)
        #expect(h.events == [E(23, 0, 1), E(0, 3)])
        h.events.removeAll()
        h.configure(wsec: 4, wpaAuth: 0x04, passphrase: "correct horse")   // WPA1 to an RSN AP
        _ = h.join("CE229926"); h.run(.zero)
        #expect(h.events == [E(23, 0, 8), E(0, 3)])
    }

    @Test func eventMaskIsHonoured() {
        let h = host(.open)
        var mask = [UInt8](repeating: 0, count: 16)
        mask[0] = 0x01                     // SET_SSID only
        _ = h.setVar("event_msgs", mask)
        h.configure(wsec: 0, wpaAuth: 0)
        _ = h.join("CE229926"); h.run(.zero)
        #expect(h.events == [E(0, 0)])
        #expect(h.chip.counters.maskedEvents == 6)   // 87, 3, 88, 7, 16, 1
    }

    @Test func joinTimingOnTheVirtualClock() {
        let h = host(.open, timing: ChipTiming())
        h.configure(wsec: 0, wpaAuth: 0)
        let t0 = h.chip.now
        _ = h.join("CE229926")
        // Scan 120 ms + auth/assoc 25 ms (ChipTiming defaults).
        h.chip.advance(to: t0 + .milliseconds(145) - .microseconds(1)); h.drain()
        #expect(h.events.isEmpty)
        h.chip.advance(to: t0 + .milliseconds(145)); h.drain()
        #expect(h.events.count == 5)                        // 87, 3, 88, 7, LINK up
        h.chip.advance(to: t0 + .milliseconds(178)); h.drain()
        #expect(h.events == JoinTests.openSuccess)          // JOIN, SET_SSID 33 ms after LINK
    }

    @Test func linkLossAndDeauth() {
        let h = host(.open)
        h.configure(wsec: 0, wpaAuth: 0)
        _ = h.join("CE229926"); h.run(.zero)
        h.events.removeAll()
        h.chip.apLost()
        h.drain()
        #expect(h.events == [E(16, 0, 1, 0)])   // LINK down, beacon loss
        #expect(!h.chip.isAssociated)
        _ = h.join("CE229926"); h.run(.zero)
        h.events.removeAll()
        h.chip.deauthenticate(reason: 3)
        h.drain()
        #expect(h.events == [E(6, 0, 3), E(16, 0, 2, 0)])
        _ = h.join("CE229926"); h.run(.zero)
        h.events.removeAll()
        _ = h.ioctl(52, set: true, [])    // WLC_DISASSOC
        #expect(h.events == [E(11, 0), E(16, 0, 2, 0)])
        #expect(h.air.associations.last! == nil)
    }

    @Test func escanReportsEachVisibleAP() {
        let h = host(.wpa2)
        h.air.aps.append(VirtualAP(ssid: ascii("Other"), security: .open, channel: 11, rssi: -70,
                                   bssid: MACAddress(0x02, 0, 0, 0, 0, 0x22)))
        // wl_escan_params (§7.5): version 1, action 1, sync_id 0x1234, empty SSID = any,
        // bssid ff:.., bss_type 2, scan_type 0, -1 x4, channel_num 0.
        var p = le32Bytes(1) + le16Bytes(1) + le16Bytes(0x1234) + le32Bytes(0) + [UInt8](repeating: 0, count: 32)
        p += [UInt8](repeating: 0xFF, count: 6) + [2, 0]
        for _ in 0..<4 { p += le32Bytes(0xFFFF_FFFF) }
        p += le32Bytes(0)
        #expect(p.count == 72)
        #expect(h.setVar("escan", p) == 0)
        h.run(.zero)
        #expect(h.events.map { $0.status } == [8, 8, 0])
        #expect(h.events.allSatisfy { $0.type == 69 })
        let first = h.eventData[0]
        #expect(le16(first, 8) == 0x1234 && le16(first, 10) == 1)
        let bss = Array(first[12...])
        #expect(Array(bss[8..<14]) == JoinTests.bssid.bytes)
        #expect(bss[18] == 8 && Array(bss[19..<27]) == ascii("CE229926"))
        #expect(Int16(bitPattern: le16(bss, 78)) == -42)
        #expect(le16(bss, 72) == 0x1006)
        let ieOffset = Int(le16(bss, 116)), ieLength = Int(le32(bss, 120))
        let ies = Array(bss[ieOffset..<(ieOffset + ieLength)])
        #expect(ies[0] == 0 && ies[1] == 8)
        #expect(ies[10] == 48)                    // RSN IE for the WPA2 AP
        #expect(le16(h.eventData[1], 10) == 1)
        #expect(le16(h.eventData[2], 10) == 0)
    }
}
