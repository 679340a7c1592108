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
            platform.delay(.milliseconds(1))  // "radio firmware ready to receive PMK" (WHD 1 ms)
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
        switch joinState {
        case .joining: joinEvent(e)
        case .joined: linkEvent(e)
        case .idle, .failed: break
        }
    }

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
            else if e.reason != 0 && e.reason != EventStatus.supReasonDeauth { failJoin(.badPassphrase); return }
        case .deauthInd, .disassocInd:
            joinProgress.authenticated = false
            joinProgress.linkUp = false
            // 802.11 reason 15: 4-way handshake timeout = the AP rejected our key.
            failJoin(e.reason == 15 || e.reason == 14 ? .badPassphrase : .authRejected); return
        default:
            return
        }
        if joinProgress.complete {
            joinState = .joined
            post(.joined)
        }
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
