import Runtime

/// "escan" (docs/cyw43-bus.md §7.5): one ESCAN_RESULT (69) with status 8 (PARTIAL) per visible AP,
/// then status 0 (complete). The sheet lists the wl_bss_info fields in order but not their
/// offsets; the layout below is natural C alignment with Broadcom's padding1[3] and VHT MCS maps
/// after ctl_ch (inferred). The fields drivers read first (bssid @8, ssid_len @18, ssid @19,
/// chanspec @72, rssi @78, ie_offset/ie_length) do not depend on that choice.
extension ChipModel {
    static let bssInfoVersion: UInt32 = 109
    static let bssInfoFixedSize = 128

    /// SET "escan" = wl_escan_params {u32 version, u16 action, u16 sync_id, wl_scan_params}.
    func startEscan(_ v: [UInt8]) -> Int32 {
        guard isUp else { return FirmwareStatus.notUp }
        guard v.count >= 72 else { return FirmwareStatus.bufferTooShort }
        guard Bytes.le16(v, 4) == 1 else { return FirmwareStatus.ok }   // 2 continue / 3 abort: nothing running
        let ssidLength = Bytes.le32(v, 8)
        guard ssidLength <= 32 else { return FirmwareStatus.badArgument }
        let ssid = Array(v[12..<(12 + Int(ssidLength))])
        let channelCount = Int(Bytes.le32(v, 68) & 0xFFFF)
        var channels: [UInt8] = []
        for i in 0..<channelCount where 72 + 2 * i + 2 <= v.count {
            channels.append(UInt8(truncatingIfNeeded: Bytes.le16(v, 72 + 2 * i)))
        }
        scanRequest = ScanRequest(syncID: Bytes.le16(v, 6), ssid: ssid, channels: channels)
        after(timing.joinScan, .scanDone)
        return FirmwareStatus.ok
    }

    func finishEscan() {
        guard let req = scanRequest else { return }
        scanRequest = nil
        for ap in air?.accessPoints() ?? [] {
            if !req.ssid.isEmpty && ap.ssid != req.ssid { continue }
            if !req.channels.isEmpty && !req.channels.contains(ap.channel) { continue }
            let bss = ChipModel.bssInfo(ap)
            raiseEvent(type: Event.escanResult, status: EventStatus.partial, reason: 0, flags: 0, authType: 0,
                       address: .zero, data: ChipModel.escanResult(syncID: req.syncID, bss: bss))
        }
        raiseEvent(type: Event.escanResult, status: EventStatus.success, reason: 0, flags: 0, authType: 0,
                   address: .zero, data: ChipModel.escanResult(syncID: req.syncID, bss: nil))
    }

    /// {u32 buflen, u32 version, u16 sync_id, u16 bss_count, wl_bss_info[]}.
    static func escanResult(syncID: UInt16, bss: [UInt8]?) -> [UInt8] {
        var d = [UInt8](repeating: 0, count: 12)
        Bytes.putLE32(&d, 0, UInt32(12 + (bss?.count ?? 0)))
        Bytes.putLE32(&d, 4, bssInfoVersion)
        Bytes.putLE16(&d, 8, syncID)
        Bytes.putLE16(&d, 10, bss == nil ? 0 : 1)
        return d + (bss ?? [])
    }

    static func bssInfo(_ ap: VirtualAP) -> [UInt8] {
        let ies = informationElements(ap)
        var b = [UInt8](repeating: 0, count: bssInfoFixedSize)
        Bytes.putLE32(&b, 0, bssInfoVersion)
        Bytes.putLE32(&b, 4, UInt32(bssInfoFixedSize + ies.count))
        for (i, x) in ap.bssid.bytes.enumerated() { b[8 + i] = x }
        Bytes.putLE16(&b, 14, 100)                                            // beacon period (TU)
        Bytes.putLE16(&b, 16, ap.security == .open ? 0x0001 : 0x0011)        // ESS (+ privacy)
        b[18] = UInt8(min(32, ap.ssid.count))
        for (i, x) in ap.ssid.prefix(32).enumerated() { b[19 + i] = x }
        Bytes.putLE32(&b, 52, 4)                                              // rateset: 1, 2, 5.5, 11 Mb/s
        b[56] = 0x82; b[57] = 0x84; b[58] = 0x8B; b[59] = 0x96
        Bytes.putLE16(&b, 72, UInt16(ap.channel) | (ap.channel > 14 ? 0xD000 : 0x1000))   // chanspec (§7.3)
        b[76] = ap.dtimPeriod                                                 // DTIM period
        Bytes.putLE16(&b, 78, UInt16(bitPattern: ap.rssi))
        b[80] = UInt8(bitPattern: -92)                                        // phy noise
        b[88] = ap.channel                                                    // ctl_ch
        Bytes.putLE16(&b, 116, UInt16(bssInfoFixedSize))                      // ie_offset
        Bytes.putLE32(&b, 120, UInt32(ies.count))                             // ie_length
        Bytes.putLE16(&b, 124, UInt16(bitPattern: ap.rssi &+ 92))             // SNR
        return b + ies
    }

    /// SSID IE, plus RSN (48) or WPA (221, 00:50:F2:01) IEs describing the AP's security
    /// (IEEE 802.11 RSNE: suites 00-0F-AC:4 CCMP, AKM 2 PSK / 8 SAE).
    static func informationElements(_ ap: VirtualAP) -> [UInt8] {
        var ie: [UInt8] = [0, UInt8(min(32, ap.ssid.count))] + ap.ssid.prefix(32)
        func rsn(_ akms: [UInt8], caps: UInt16) -> [UInt8] {
            var body: [UInt8] = [1, 0, 0x00, 0x0F, 0xAC, 4, 1, 0, 0x00, 0x0F, 0xAC, 4, UInt8(akms.count), 0]
            for a in akms { body += [0x00, 0x0F, 0xAC, a] }
            body += [UInt8(caps & 0xFF), UInt8(caps >> 8)]
            return [48, UInt8(body.count)] + body
        }
        switch ap.security {
        case .open: break
        case .wpa:
            let body: [UInt8] = [0x00, 0x50, 0xF2, 1, 1, 0, 0x00, 0x50, 0xF2, 2, 1, 0, 0x00, 0x50, 0xF2, 2,
                                 1, 0, 0x00, 0x50, 0xF2, 2]
            ie += [221, UInt8(body.count)] + body
        case .wpa2: ie += rsn([2], caps: 0)
        case .wpa3: ie += rsn([8], caps: 0x00C0)          // MFP required + capable
        case .transition: ie += rsn([2, 8], caps: 0x0080) // MFP capable
        }
        return ie
    }
}

/// A running escan.
struct ScanRequest {
    var syncID: UInt16
    var ssid: [UInt8]
    var channels: [UInt8]
}
