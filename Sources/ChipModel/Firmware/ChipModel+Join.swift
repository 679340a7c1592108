import Runtime

/// Joining a virtual AP (docs/cyw43-bus.md §7.3) and the events the firmware raises on the way
/// (§6.3-6.5), in the order real firmware raises them:
///
/// - success (a Pico W, CYW43439 7.95.x, raspberrypi/pico-sdk#2153): ASSOC_REQ_IE 87, AUTH 3,
///   ASSOC_RESP_IE 88, ASSOC 7, LINK 16 (flags 1), PSK_SUP 46 status 6 (KEYED; secured only),
///   JOIN 1, SET_SSID 0 — all status 0.
/// - wrong WPA/WPA2 key: the same up to LINK up; JOIN and SET_SSID 0 still follow (association
///   succeeded: embassy-rs/embassy#3723, a driver that waits for SET_SSID reports success); the
///   AP retries M1, then deauthenticates us (reason 2, PREV_AUTH_NOT_VALID, as hostapd does);
///   the firmware's supplicant reports it as PSK_SUP status 8 (WAIT_M3) reason 14 (SUP_DEAUTH),
///   then DEAUTH_IND reason 2, LINK down; then it associates again by itself (AUTH 0 again:
///   georgerobotics/cyw43-driver#62) and fails the same way, until the host sends WLC_DISASSOC,
///   a new SET_SSID or WLC_DOWN. cyw43-driver maps PSK_SUP reason 14 and DEAUTH_IND reason 2
///   to BADAUTH / disassociate (cyw43_ctrl.c); WHD's join handler ends the attempt on any
///   PSK_SUP other than KEYED.
/// - SSID not found:     SET_SSID 3 (NO_NETWORKS)
/// - security mismatch:  PRUNE 0 reason 1 (ENCR_MISMATCH) or 8 (RSN_MISMATCH), SET_SSID 3
/// - wrong SAE password: AUTH 1 (FAIL) reason 16 auth_type 3, SET_SSID 1 (FAIL)
/// - "sup_wpa" 0 on a secured AP: nobody answers M1; the AP deauthenticates us (DEAUTH_IND 2,
///   LINK down), no PSK_SUP (the firmware's supplicant is off).
///
/// Not modelled: the 4-way handshake itself (keys are compared, not derived and exchanged),
/// SAE (the password is compared), PMK caching, roaming.
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
        case .confirmed: joinConfirmed()
        case .deauthenticatedByAP: joinDeauthenticatedByAP()
        }
    }

    private func joinEvent(_ type: UInt32, _ status: UInt32, reason: UInt32 = 0, flags: UInt16 = 0,
                           authType: UInt32 = 0, data: [UInt8] = []) {
        raiseEvent(type: type, status: status, reason: reason, flags: flags, authType: authType,
                   address: join.ap?.bssid ?? join.bssid ?? .zero, data: data)
    }

    private func joinFailed(setSSIDStatus: UInt32) {
        joinEvent(Event.setSSID, setSSIDStatus)
        join.reset()
    }

    private func joinScanned() {
        let aps = air?.accessPoints() ?? []
        guard let ap = aps.first(where: { $0.ssid == join.ssid && (join.bssid == nil || $0.bssid == join.bssid!) }) else {
            // A re-association of our own after SET_SSID was reported just stops.
            if join.ssidReported { join.reset(); return }
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
        joinEvent(Event.assocReqIE, EventStatus.success, data: assocRequestIEs(ap))
        joinEvent(Event.auth, EventStatus.success, authType: authType)
        joinEvent(Event.assocRespIE, EventStatus.success, data: ChipModel.assocResponseIEs)
        joinEvent(Event.assoc, EventStatus.success, authType: authType)
        join.linkUp = true
        joinEvent(Event.link, EventStatus.success, flags: 1, authType: authType)
        let generation = join.generation
        if ap.security == .open {
            authorize()
        } else {
            // The in-firmware supplicant runs the 4-way handshake only with "sup_wpa" = 1 (§7.3 step 4).
            let supplicant = (iovars.u32(named: "sup_wpa") ?? 0) != 0
            if supplicant && (sae || pskMatches(ap)) {
                after(timing.fourWayHandshake, .join(.keyed, generation: generation))
            } else {
                after(timing.wrongKeyDeauth, .join(.deauthenticatedByAP, generation: generation))
            }
        }
        // Scheduled after the handshake so equal delays keep the trace's order.
        if !join.ssidReported { after(timing.joinConfirm, .join(.confirmed, generation: generation)) }
    }

    /// JOIN and SET_SSID success for the host's request (once; a later LINK down does not undo it).
    private func joinConfirmed() {
        guard join.linkUp, !join.ssidReported else { return }
        join.ssidReported = true
        join.inProgress = false
        joinEvent(Event.join, EventStatus.success)
        joinEvent(Event.setSSID, EventStatus.success, data: join.ssid)
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
        join.keyed = true
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

    /// The AP deauthenticated us during the 4-way handshake (wrong key, or no supplicant):
    /// PSK_SUP WAIT_M3 / SUP_DEAUTH (supplicant on), DEAUTH_IND reason 2, LINK down reason 2;
    /// then the firmware associates again by itself.
    private func joinDeauthenticatedByAP() {
        guard join.linkUp, !join.keyed else { return }
        if (iovars.u32(named: "sup_wpa") ?? 0) != 0 {
            joinEvent(Event.pskSup, SupplicantStatus.waitM3, reason: SupplicantReason.deauth)
        }
        joinEvent(Event.deauthInd, EventStatus.success, reason: 2)
        let ssid = join.ssid, bssid = join.bssid, reported = join.ssidReported
        linkLost(reason: 2)
        // The firmware keeps the host's join request and tries again.
        join.inProgress = true
        join.ssid = ssid
        join.bssid = bssid
        join.ssidReported = reported
        after(timing.reassociateAfterDeauth, .join(.scanned, generation: join.generation))
    }

    /// The IEs of our association request as ASSOC_REQ_IE carries them: SSID, rates, RSN (PSK/SAE).
    func assocRequestIEs(_ ap: VirtualAP) -> [UInt8] {
        var ie: [UInt8] = [0, UInt8(ap.ssid.count)] + ap.ssid
        ie += [1, 8, 0x82, 0x84, 0x8B, 0x96, 0x24, 0x30, 0x48, 0x6C]
        if ap.security != .open && ap.security != .wpa {
            let akm: UInt8 = usesSAE(ap) ? 8 : 2
            ie += [0x30, 0x14, 1, 0, 0, 0x0F, 0xAC, 4, 1, 0, 0, 0x0F, 0xAC, 4, 1, 0, 0, 0x0F, 0xAC, akm, 0x0C, 0]
        }
        return ie
    }

    /// The AP's association response IEs: its rates.
    static let assocResponseIEs: [UInt8] = [1, 8, 0x82, 0x84, 0x8B, 0x96, 0x24, 0x30, 0x48, 0x6C]
}
