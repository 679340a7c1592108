import Runtime

/// Joining a virtual AP (docs/cyw43-bus.md §7.3) and the events the firmware raises on the way
/// (§6.3-6.5). The sheet documents how drivers judge the events, not the firmware's exact
/// sequence; the sequences below satisfy WHD, cyw43-driver and embassy alike:
///
/// - success, open:      AUTH 0, ASSOC 0, LINK 0 (flags LINK), SET_SSID 0
/// - success, PSK/SAE:   the same, then PSK_SUP 6 (KEYED) after the 4-way handshake
/// - SSID not found:     SET_SSID 3 (NO_NETWORKS)
/// - security mismatch:  PRUNE 0 reason 1 (ENCR_MISMATCH) or 8 (RSN_MISMATCH), SET_SSID 3
/// - wrong WPA/WPA2 key: link up as above, then after "sup_wpa_tmo" PSK_SUP 8 (WAIT_M3)
///                       reason 15 (WPA_PSK_TMO), DEAUTH_IND reason 15, LINK down reason 2
/// - wrong SAE password: AUTH 1 (FAIL) reason 16 auth_type 3, SET_SSID 1 (FAIL)
extension ChipModel {
    /// WPA auth bits (§7.3 step 10).
    enum WpaAuth {
        static let wpaPSK: UInt32 = 0x04
        static let wpa2PSK: UInt32 = 0x80
        static let wpa2PSKSHA256: UInt32 = 0x8000
        static let wpa3SAE: UInt32 = 0x4_0000
    }

    /// Runs `action` after `delay`; a zero delay runs it when the current bus call finishes,
    /// so replies are queued before the events they cause.
    func after(_ delay: Duration, _ action: ChipAction) {
        if delay.microseconds <= 0 { deferred.append(action) } else { timers.schedule(action, at: now + delay) }
    }

    func drainDeferred() {
        while !deferred.isEmpty { run(deferred.removeFirst()) }
    }

    /// WLC_SET_SSID (wlc_ssid_t, optional assoc params with the BSSID at 36) or "join"
    /// (wl_extjoin_params, BSSID at 56) (§7.3 step 12).
    func startJoin(ssidParams v: [UInt8], bssidOffset: Int) -> Int32 {
        guard isUp else { return FirmwareStatus.notUp }
        guard v.count >= 4 else { return FirmwareStatus.bufferTooShort }
        let rawLength = Bytes.le32(v, 0)
        guard rawLength <= 32 else { return FirmwareStatus.badArgument }
        let n = Int(rawLength)
        guard v.count >= 4 + n else { return FirmwareStatus.badArgument }
        if join.linkUp { dropAssociationSilently() }
        join.reset()
        join.inProgress = true
        join.ssid = Array(v[4..<(4 + n)])
        join.bssid = nil
        if v.count >= bssidOffset + 6 {
            let b = MACAddress(v[bssidOffset], v[bssidOffset + 1], v[bssidOffset + 2],
                               v[bssidOffset + 3], v[bssidOffset + 4], v[bssidOffset + 5])
            if b != .zero && b != .broadcast { join.bssid = b }
        }
        log?.text("chipmodel: join ").ascii(join.ssid).end()
        after(timing.joinScan, .join(.scanned, generation: join.generation))
        return FirmwareStatus.ok
    }

    private func dropAssociationSilently() {
        let wasAuthorized = join.authorized
        join.reset()
        air?.associationChanged(station: macAddress, bssid: nil)
        if wasAuthorized { for o in offloads { o.linkChanged(up: false, chip: self) } }
    }

    func joinStep(_ step: JoinStep) {
        switch step {
        case .scanned: joinScanned()
        case .associated: joinAssociated()
        case .keyed: joinKeyed()
        case .handshakeTimedOut: joinHandshakeTimedOut()
        }
    }

    private func joinEvent(_ type: UInt32, _ status: UInt32, reason: UInt32 = 0, flags: UInt16 = 0,
                           authType: UInt32 = 0) {
        raiseEvent(type: type, status: status, reason: reason, flags: flags, authType: authType,
                   address: join.ap?.bssid ?? join.bssid ?? .zero, data: [])
    }

    private func joinFailed(setSSIDStatus: UInt32) {
        joinEvent(Event.setSSID, setSSIDStatus)
        join.reset()
    }

    private func joinScanned() {
        let aps = air?.accessPoints() ?? []
        guard let ap = aps.first(where: { $0.ssid == join.ssid && (join.bssid == nil || $0.bssid == join.bssid!) }) else {
            joinFailed(setSSIDStatus: EventStatus.noNetworks)
            return
        }
        join.ap = ap
        if let pruneReason = securityMismatch(ap) {
            joinEvent(Event.prune, EventStatus.success, reason: pruneReason)
            joinFailed(setSSIDStatus: EventStatus.noNetworks)
            return
        }
        after(timing.authAssoc, .join(.associated, generation: join.generation))
    }

    /// The host's WLC_SET_WSEC / SET_WPA_AUTH against what the AP offers: nil if they match,
    /// else the PRUNE reason (§6.4: 1 ENCR_MISMATCH, 8 RSN_MISMATCH).
    func securityMismatch(_ ap: VirtualAP) -> UInt32? {
        let cipher = wsec & 0x6 != 0
        switch ap.security {
        case .open: return (wsec & 0x7 != 0 || wpaAuth != 0) ? 1 : nil
        case .wpa: return !cipher ? 1 : (wpaAuth & WpaAuth.wpaPSK != 0 ? nil : 8)
        case .wpa2:
            return !cipher ? 1 : (wpaAuth & (WpaAuth.wpa2PSK | WpaAuth.wpa2PSKSHA256) != 0 ? nil : 8)
        case .wpa3: return !cipher ? 1 : (wpaAuth & WpaAuth.wpa3SAE != 0 ? nil : 8)
        case .transition:
            return !cipher ? 1 : (wpaAuth & (WpaAuth.wpa2PSK | WpaAuth.wpa2PSKSHA256 | WpaAuth.wpa3SAE) != 0 ? nil : 8)
        }
    }

    /// SAE is used for WPA3 APs and for transition APs the host joins with WPA3-SAE.
    private func usesSAE(_ ap: VirtualAP) -> Bool {
        ap.security == .wpa3 || (ap.security == .transition && wpaAuth & WpaAuth.wpa3SAE != 0)
    }

    private func joinAssociated() {
        guard let ap = join.ap else { return }
        let sae = usesSAE(ap)
        if sae && saePassword != ap.passphrase {
            // SAE confirm never verifies: authentication fails (embassy watches for AUTH FAIL
            // reason 16 auth_type 3, §6.5).
            joinEvent(Event.auth, EventStatus.fail, reason: 16, authType: 3)
            joinFailed(setSSIDStatus: EventStatus.fail)
            return
        }
        let authType: UInt32 = sae ? 3 : authMode
        joinEvent(Event.auth, EventStatus.success, authType: authType)
        joinEvent(Event.assoc, EventStatus.success, authType: authType)
        join.linkUp = true
        joinEvent(Event.link, EventStatus.success, flags: 1, authType: authType)
        joinEvent(Event.setSSID, EventStatus.success)
        join.inProgress = false
        if ap.security == .open {
            authorize()
            return
        }
        // The in-firmware supplicant runs the 4-way handshake only with "sup_wpa" = 1 (§7.3 step 4).
        let supplicant = (iovars.u32(named: "sup_wpa") ?? 0) != 0
        if supplicant && (sae || pskMatches(ap)) {
            after(timing.fourWayHandshake, .join(.keyed, generation: join.generation))
        } else {
            let tmo = Int64(iovars.u32(named: "sup_wpa_tmo") ?? 2500)
            after(.milliseconds(tmo), .join(.handshakeTimedOut, generation: join.generation))
        }
    }

    /// WLC_SET_WSEC_PMK against the AP: a passphrase (flags 1, 8..63 chars), a 64-hex-digit PMK
    /// (flags 1, WHD) or a raw 32-byte PMK (flags 0) (§7.3).
    func pskMatches(_ ap: VirtualAP) -> Bool {
        if pmkIsPassphrase && pmk.count >= 8 && pmk.count <= 63 { return pmk == ap.passphrase }
        let expected = PassphraseHash.pmk(passphrase: ap.passphrase, ssid: ap.ssid)
        if pmk.count == 32 { return pmk == expected }
        if pmk.count == 64, let raw = PassphraseHash.fromHex(pmk) { return raw == expected }
        return false
    }

    private func joinKeyed() {
        guard join.linkUp else { return }
        joinEvent(Event.pskSup, SupplicantStatus.keyed)
        authorize()
    }

    private func authorize() {
        guard let ap = join.ap else { return }
        join.authorized = true
        log?.text("chipmodel: associated ").mac(ap.bssid.bytes).end()
        air?.associationChanged(station: macAddress, bssid: ap.bssid)
        for o in offloads { o.linkChanged(up: true, chip: self) }
    }

    private func joinHandshakeTimedOut() {
        guard join.linkUp else { return }
        joinEvent(Event.pskSup, SupplicantStatus.waitM3, reason: 15)
        joinEvent(Event.deauthInd, EventStatus.success, reason: 15)
        linkLost(reason: 2)
    }
}
