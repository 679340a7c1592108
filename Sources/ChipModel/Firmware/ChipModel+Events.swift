import Runtime

/// Asynchronous events on channel 1 (docs/cyw43-bus.md §6).
extension ChipModel {
    /// Event numbers the model raises (§6.3; 151 from docs/tko-offload.md §3).
    public enum Event {
        public static let setSSID: UInt32 = 0
        public static let join: UInt32 = 1
        public static let auth: UInt32 = 3
        public static let deauth: UInt32 = 5
        public static let deauthInd: UInt32 = 6
        public static let assoc: UInt32 = 7
        public static let disassoc: UInt32 = 11
        public static let disassocInd: UInt32 = 12
        public static let link: UInt32 = 16
        public static let prune: UInt32 = 23
        public static let pskSup: UInt32 = 46
        public static let escanResult: UInt32 = 69
        public static let assocReqIE: UInt32 = 87
        public static let assocRespIE: UInt32 = 88
        public static let tko: UInt32 = 151
    }
    /// Generic event statuses (§6.4).
    public enum EventStatus {
        public static let success: UInt32 = 0
        public static let fail: UInt32 = 1
        public static let timeout: UInt32 = 2
        public static let noNetworks: UInt32 = 3
        public static let noAck: UInt32 = 5
        public static let partial: UInt32 = 8
    }
    /// PSK_SUP supplicant states (§6.4).
    public enum SupplicantStatus {
        public static let keyed: UInt32 = 6
        public static let waitM3: UInt32 = 8
    }
    /// PSK_SUP reasons (WLC_E_SUP_*; cyw43-driver, WHD).
    public enum SupplicantReason {
        /// WLC_E_SUP_DEAUTH: the AP deauthenticated us during the handshake.
        public static let deauth: UInt32 = 14
        /// WLC_E_SUP_WPA_PSK_TMO: the supplicant's own timeout ("sup_wpa_tmo").
        public static let pskTimeout: UInt32 = 15
    }

    /// Raises a firmware event (docs/seams.md §3) if the host enabled it in "event_msgs" (§6.2).
    public func raiseEvent(type: UInt32, status: UInt32, reason: UInt32, data: [UInt8]) {
        raiseEvent(type: type, status: status, reason: reason, flags: 0, authType: 0,
                   address: bssid ?? .zero, data: data)
    }

    func raiseEvent(type: UInt32, status: UInt32, reason: UInt32, flags: UInt16, authType: UInt32,
                    address: MACAddress, data: [UInt8]) {
        guard firmwareRunning, !firmwareHalted else { return }
        guard eventEnabled(type) else { counters.maskedEvents += 1; return }
        let frame = ChipModel.eventFrame(type: type, status: status, reason: reason, flags: flags,
                                         authType: authType, address: address, host: macAddress, data: data)
        queueToHost(channel: SDPCM.channelEvent, payload: frame, reason: ChipModel.wakeReason(event: type, flags: flags))
    }

    /// Link loss and keepalive failure get their own wake reasons (WakeReason).
    static func wakeReason(event type: UInt32, flags: UInt16) -> WakeReason {
        switch type {
        case Event.link: return flags & 1 == 0 ? .linkDown : .event
        case Event.deauth, Event.deauthInd, Event.disassoc, Event.disassocInd: return .linkDown
        case Event.tko: return .keepaliveFailure
        default: return .event
        }
    }

    /// BDC header + Ethernet/BRCM event packet (§5.3, §6.1), event fields big-endian.
    static func eventFrame(type: UInt32, status: UInt32, reason: UInt32, flags: UInt16, authType: UInt32,
                           address: MACAddress, host: MACAddress, data: [UInt8]) -> [UInt8] {
        let bdc = SDPCM.bdcSize
        var f = [UInt8](repeating: 0, count: bdc + 72 + data.count)
        f[0] = SDPCM.bdcVersion2
        host.bytes.enumerated().forEach { f[bdc + $0.offset] = $0.element; f[bdc + 6 + $0.offset] = $0.element }
        Bytes.putBE16(&f, bdc + 12, 0x886C)
        Bytes.putBE16(&f, bdc + 14, 0x8001)
        // The length counts from the version byte to the end (inferred; no driver checks it).
        Bytes.putBE16(&f, bdc + 16, UInt16(truncatingIfNeeded: 54 + data.count))
        f[bdc + 18] = 0
        f[bdc + 19] = 0x00; f[bdc + 20] = 0x10; f[bdc + 21] = 0x18
        Bytes.putBE16(&f, bdc + 22, 1)
        Bytes.putBE16(&f, bdc + 24, 2)
        Bytes.putBE16(&f, bdc + 26, flags)
        Bytes.putBE32(&f, bdc + 28, type)
        Bytes.putBE32(&f, bdc + 32, status)
        Bytes.putBE32(&f, bdc + 36, reason)
        Bytes.putBE32(&f, bdc + 40, authType)
        Bytes.putBE32(&f, bdc + 44, UInt32(data.count))
        address.bytes.enumerated().forEach { f[bdc + 48 + $0.offset] = $0.element }
        Bytes.ascii("wlan0").enumerated().forEach { f[bdc + 54 + $0.offset] = $0.element }
        for (i, b) in data.enumerated() { f[bdc + 72 + i] = b }
        return f
    }

    /// "event_msgs" / "bsscfg:event_msgs" value: the mask bytes (WHD 16, Linux 18, cyw43-driver
    /// 19, embassy 24 — all accepted, §6.2 / §10).
    func setEventMask(_ mask: [UInt8]) -> Int32 {
        guard mask.count >= 16 else { return FirmwareStatus.badLength }
        for i in 0..<eventMask.count { eventMask[i] = i < mask.count ? mask[i] : 0 }
        return FirmwareStatus.ok
    }
}
