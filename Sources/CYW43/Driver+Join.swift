import Runtime

/// Why `startJoin` refused to start.
public enum JoinStartError: Error, Equatable {
    case notUp
    /// SSID must be 1...32 bytes.
    case badSSID(length: Int)
    /// Passphrase 8...63 ASCII for PSK types, 8...128 for WPA3-SAE (WCM / WHD limits).
    case badPassphrase(length: Int)
    /// A configuration ioctl failed.
    case ioctl(IoctlError)
}

/// Station join with the firmware supplicant (docs/cyw43-bus.md §7.3, docs/tko-offload.md §8) and
/// the event-driven result (§6.5).
extension Driver {
    /// Configures security and issues WLC_SET_SSID. Returns at once; the result arrives
    /// as `DriverNotice.joined` / `.joinFailed` through `poll(now:)`, or by `joinState`.
    public func startJoin(ssid: [UInt8], passphrase: [UInt8], security: Security, now: Instant) throws(JoinStartError) {
        guard isUp else { throw .notUp }
        guard (1...32).contains(ssid.count) else { throw .badSSID(length: ssid.count) }
        if security.isSecure {
            let range = security == .wpa3SAE ? 8...128 : 8...63
            guard range.contains(passphrase.count) else { throw .badPassphrase(length: passphrase.count) }
        }
        let wasJoined = joinState == .joined
        joinState = .idle
        pendingDisassoc = false
        do throws(IoctlError) {
            if wasJoined { try ioctlSet(.disassoc) }
            try configureSecurity(passphrase: passphrase, security: security)
            // wlc_ssid_t {u32 len, u8 ssid[32]}
            let len = ssid.count
            _ = try control(.setSSID, set: true, payloadLength: 36, out: nil) { p in
                p.setLE32(UInt32(len), at: 0)
                for i in 0..<len { p[4 + i] = ssid[i] }
            }
        } catch { throw .ioctl(error) }
        joinSecurity = security
        joinProgress = JoinProgress()
        joinProgress.securityComplete = !security.isSecure
        joinState = .joining(deadline: now + joinTimeout)
    }

    /// WHD `whd_wifi_prepare_join` order: wsec, roam_off, sup_wpa, eapver, PSK/SAE
    /// secrets, infra, auth, mfp, wpa_auth.
    private func configureSecurity(passphrase: [UInt8], security: Security) throws(IoctlError) {
        try ioctlSet(.setWsec, security.wsec)
        try tolerateUnsupported { () throws(IoctlError) in try setIovar("roam_off", u32: 0) }
        try setBsscfgIovar("bsscfg:sup_wpa", u32: security.isSecure ? 1 : 0)
        if security.isSecure {
            try setBsscfgIovar("bsscfg:sup_wpa2_eapver", u32: 0xFFFF_FFFF)
        }
        if security.usesPSK {
            try setBsscfgIovar("bsscfg:sup_wpa_tmo", u32: 2500)
            bus.pause(for: .milliseconds(1))  // "radio firmware ready to receive PMK" (WHD 1 ms)
            // wsec_pmk_t {u16 key_len, u16 flags (1 = passphrase), u8 key[64]}: 68 bytes
            // (embassy/cyw43-driver; WHD's struct is 69, the firmware reads key_len).
            let n = passphrase.count
            _ = try control(.setWsecPMK, set: true, payloadLength: 68, out: nil) { p in
                p.setLE16(UInt16(n), at: 0)
                p.setLE16(1, at: 2)
                for i in 0..<n { p[4 + i] = passphrase[i] }
            }
        }
        if security.usesSAE {
            // "sae_password" {u16 len, u8 password[128]} (130 bytes).
            let n = min(passphrase.count, 128)
            _ = try control(.setVar, set: true, payloadLength: 13 + 130, out: nil) { p in
                Self.put("sae_password", into: p)
                p.setLE16(UInt16(n), at: 13)
                for i in 0..<n { p[15 + i] = passphrase[i] }
            }
        }
        try ioctlSet(.setInfra, 1)
        try ioctlSet(.setAuth, security.authMode)
        if let mfp = security.mfp {
            // "mfp" may be absent on old firmware; only WPA3-only needs it (required).
            if mfp == 2 { try setIovar("mfp", u32: mfp) } else {
                try tolerateUnsupported { () throws(IoctlError) in try setIovar("mfp", u32: mfp) }
            }
        }
        try ioctlSet(.setWPAAuth, security.wpaAuth)
    }

    private func tolerateUnsupported(_ body: () throws(IoctlError) -> Void) throws(IoctlError) {
        do throws(IoctlError) { try body() } catch { if !error.isUnsupported { throw error } }
    }

    /// WLC_DISASSOC; no link-down notice follows for a leave we asked for.
    public func leave() throws(IoctlError) {
        joinState = .idle
        pendingDisassoc = false
        try ioctlSet(.disassoc)
    }

    func failJoin(_ reason: JoinFailure) {
        joinState = .failed(reason)
        post(.joinFailed(reason))
        // WHD sends WLC_DISASSOC after a failed join; events may be dispatched from inside
        // an ioctl wait, so it is issued from the next `poll`.
        pendingDisassoc = true
    }

    /// Join progress and link supervision (docs/cyw43-bus.md §6.5, WHD `whd_wifi_join_events_handler`).
    func handleEvent(_ e: EventMessage, frame: UnsafeRawBufferPointer) {
        if e.eventType == .pfnNetFound || e.eventType == .pfnNetLost { networkSearchEvent(e, frame: frame); return }
        switch joinState {
        case .joining: joinEvent(e)
        case .joined: linkEvent(e)
        case .idle, .failed: break
        }
    }

    /// "Joined" = AUTH and LINK up, PSK_SUP KEYED on a secured network, and SET_SSID success — in
    /// whatever order SET_SSID comes (WHD's four join flags): real firmware raises SET_SSID success
    /// on association, before the 4-way handshake has proved the key (embassy-rs/embassy#3723),
    /// and after PSK_SUP on success (raspberrypi/pico-sdk#2153). SET_SSID alone is never "joined";
    /// waiting for it on success also keeps it from arriving after the host went to sleep.
    private func joinEvent(_ e: EventMessage) {
        switch e.eventType {
        case .setSSID:
            if e.status == EventStatus.success { joinProgress.ssidSet = true }
            else if e.status == EventStatus.noNetworks { failJoin(.noNetwork); return }
            else { failJoin(joinSecurity.usesSAE ? .badPassphrase : .authRejected); return }
        case .auth:
            if e.status == EventStatus.success { joinProgress.authenticated = true }
            else if e.status != EventStatus.unsolicited {
                // An SAE exchange fails on a wrong password (auth type 3 = SAE).
                failJoin(joinSecurity.usesSAE || e.authType == 3 ? .badPassphrase : .authRejected); return
            }
        case .link:
            joinProgress.linkUp = e.flags & 0x1 != 0
        case .pskSup:
            if e.status == EventStatus.supKeyed { joinProgress.securityComplete = true }
            // WHD reads PSK_SUP only once the link is up; reason 0 is a state report, not a failure.
            else if joinProgress.linkUp && e.reason != 0 { failJoin(Self.handshakeFailure(e)); return }
        case .deauthInd, .disassocInd:
            let inHandshake = joinProgress.linkUp && !joinProgress.securityComplete && joinSecurity.isSecure
            joinProgress.authenticated = false
            joinProgress.linkUp = false
            // The AP ends a handshake whose M2 MIC never verifies with reason 2 (hostapd,
            // PREV_AUTH_NOT_VALID; cyw43-driver: "probably because password was wrong") or 15
            // (4-way handshake timeout).
            let keyReason = e.reason == 2 || e.reason == 14 || e.reason == 15
            failJoin(inHandshake && keyReason ? .badPassphrase : .authRejected); return
        default:
            return
        }
        if joinProgress.complete {
            joinState = .joined
            post(.joined)
        }
    }

    /// A PSK_SUP other than KEYED while the link is up (WHD `whd_wifi_join_events_handler`,
    /// cyw43-driver `cyw43_cb_process_async_event`): the AP deauthenticated us mid-handshake
    /// (reason 14) or no M3 came (WAIT_M3 + timeout 15): the key is wrong. No M1 or no group key
    /// (WAIT_M1 / WAIT_G1 + timeout): "the edge of the cell", a timeout.
    static func handshakeFailure(_ e: EventMessage) -> JoinFailure {
        if e.reason == EventStatus.supReasonPskTimeout
            && (e.status == EventStatus.supWaitM1 || e.status == EventStatus.supWaitG1) { return .timeout }
        return .badPassphrase
    }

    private func linkEvent(_ e: EventMessage) {
        let down: Bool
        switch e.eventType {
        case .link: down = e.flags & 0x1 == 0
        case .deauthInd, .disassocInd: down = true
        case .deauth, .disassoc: down = e.status == EventStatus.success
        default: down = false
        }
        if down {
            joinState = .idle
            post(.linkDown(event: e.eventType, reason: e.reason))
        }
    }
}
