import Runtime

/// GET_VAR / SET_VAR (docs/cyw43-bus.md §5.2): offloads first, then the iovars with side effects,
/// then the plain table; anything else is BCME_UNSUPPORTED (-23).
extension ChipModel {
    func setVar(_ fullName: [UInt8], _ value: [UInt8]) -> Int32 {
        for o in offloads {
            if let status = o.setIovar(name: fullName, value: value, chip: self) { return status }
        }
        var name = fullName
        var v = value
        // "bsscfg:NAME\0" + u32 bsscfg index + value (§5.2). One station bsscfg is modelled.
        if Bytes.hasPrefix(name, "bsscfg:") {
            guard v.count >= 4 else { return FirmwareStatus.bufferTooShort }
            name = Array(name[7...])
            v = Array(v[4...])
        }
        if Bytes.equals(name, "cur_etheraddr") {
            guard v.count >= 6 else { return FirmwareStatus.bufferTooShort }
            guard !isUp else { return FirmwareStatus.notDown }   // model choice: MAC changes while down
            macAddress = MACAddress(v[0], v[1], v[2], v[3], v[4], v[5])
            return FirmwareStatus.ok
        }
        if Bytes.equals(name, "event_msgs") { return setEventMask(v) }
        if Bytes.equals(name, "event_msgs_ext") {
            // eventmsgs_ext_t {u8 ver, u8 command, u8 len, u8 maxgetsize, u8 mask[len]} (§6.2;
            // field widths inferred). Command 3 = SET_MASK.
            guard v.count >= 4 else { return FirmwareStatus.bufferTooShort }
            let len = Int(v[2])
            guard v[1] == 3, v.count >= 4 + len else { return FirmwareStatus.badArgument }
            var mask = Array(v[4..<(4 + len)])
            while mask.count < 16 { mask.append(0) }
            return setEventMask(mask)
        }
        if Bytes.equals(name, "clmload") { return clmLoadChunk(v) }
        if Bytes.equals(name, "sae_password") {
            // {u16 len, u8 password[128]} (§7.3 step 6).
            guard v.count >= 2 else { return FirmwareStatus.bufferTooShort }
            let n = Int(Bytes.le16(v, 0))
            guard n <= 128, v.count >= 2 + n else { return FirmwareStatus.badArgument }
            saePassword = Array(v[2..<(2 + n)])
            return FirmwareStatus.ok
        }
        if Bytes.equals(name, "join") { return startJoin(ssidParams: v, bssidOffset: 56) }
        if Bytes.equals(name, "wsec") || Bytes.equals(name, "wpa_auth") {
            guard v.count >= 4 else { return FirmwareStatus.bufferTooShort }
            if Bytes.equals(name, "wsec") { wsec = Bytes.le32(v, 0) } else { wpaAuth = Bytes.le32(v, 0) }
            return FirmwareStatus.ok
        }
        if Bytes.equals(name, "apsta") && isUp { return FirmwareStatus.notDown }
        if Bytes.equals(name, "escan") { return startEscan(v) }
        return iovars.set(name, v) ?? FirmwareStatus.unsupported
    }

    func getVar(_ fullName: [UInt8], _ params: [UInt8]) -> (Int32, [UInt8]) {
        for o in offloads {
            if let answer = o.getIovar(name: fullName, params: params, chip: self) { return answer }
        }
        var name = fullName
        if Bytes.hasPrefix(name, "bsscfg:") { name = Array(name[7...]) }
        let ok = FirmwareStatus.ok
        func u32(_ x: UInt32) -> (Int32, [UInt8]) { var b = [UInt8](); Bytes.appendLE32(&b, x); return (ok, b) }
        if Bytes.equals(name, "cur_etheraddr") { return (ok, macAddress.bytes) }
        if Bytes.equals(name, "ver") { return (ok, versionString()) }
        if Bytes.equals(name, "clmver") { return (ok, clmVersionString()) }
        if Bytes.equals(name, "cap") {
            return (ok, Bytes.ascii("ap sta wme 802.11d 802.11h ampdu ampdu_tx ampdu_rx mfp sae offloads") + [0])
        }
        if Bytes.equals(name, "event_msgs") { return (ok, Array(eventMask[0..<16])) }
        if Bytes.equals(name, "clmload_status") { return u32(clmStatus) }
        if Bytes.equals(name, "wsec") { return u32(wsec) }
        if Bytes.equals(name, "wpa_auth") { return u32(wpaAuth) }
        if Bytes.equals(name, "clmload") || Bytes.equals(name, "sae_password") || Bytes.equals(name, "join")
            || Bytes.equals(name, "escan") {
            return (FirmwareStatus.unsupported, [])
        }
        return iovars.get(name) ?? (FirmwareStatus.unsupported, [])
    }

    /// "ver": built from the running image's trailer (FirmwareIdentity).
    private func versionString() -> [UInt8] {
        firmwareIdentity?.verString ?? [0]
    }

    /// "clmver": the firmware's CLM API version and what the loaded blob says of itself (the
    /// field order of real answers; the blob's strings are read heuristically, ClmIdentity).
    private func clmVersionString() -> [UInt8] {
        var out = Bytes.ascii("API: 12.2 Data: ")
        guard clmLoaded, let c = clmIdentity else { return out + Bytes.ascii("(no clm_blob loaded)") + [0] }
        out += c.data + Bytes.ascii(" Compiler: ") + c.compiler
        if !c.clmImport.isEmpty { out += Bytes.ascii(" ClmImport: ") + c.clmImport }
        if !c.creation.isEmpty { out += Bytes.ascii(" Creation: ") + c.creation }
        return out + [0]
    }

    /// One "clmload" chunk: {u16 flag, u16 dload_type, u32 len, u32 crc} + data (§3.7).
    /// flag must carry handler version 1 (0x1000); DL_BEGIN 0x2 starts, DL_END 0x4 finishes;
    /// type 2 = CLM. Failures leave "clmload_status" non-zero.
    private func clmLoadChunk(_ v: [UInt8]) -> Int32 {
        guard v.count >= 12 else { clmStatus = 1; return FirmwareStatus.bufferTooShort }
        let flag = Bytes.le16(v, 0)
        let type = Bytes.le16(v, 2)
        let rawLength = Bytes.le32(v, 4)
        guard flag & 0xF000 == 0x1000, type == 2 else { clmStatus = 1; return FirmwareStatus.badArgument }
        // Compare as UInt32 first: Int is 32 bits on the MCU.
        guard rawLength <= UInt32(v.count - 12) else { clmStatus = 1; return FirmwareStatus.badLength }
        let len = Int(rawLength)
        if flag & 0x2 != 0 {
            clmBuffer = []
            clmInProgress = true
        }
        guard clmInProgress else { clmStatus = 1; return FirmwareStatus.badArgument }
        clmBuffer += v[12..<(12 + len)]
        if flag & 0x4 != 0 {
            clmInProgress = false
            clmSize = clmBuffer.count
            clmIdentity = ClmIdentity.find(in: clmBuffer)
            clmLoaded = clmSize > 0
            clmStatus = clmLoaded ? 0 : 1
            clmBuffer = []
        }
        return FirmwareStatus.ok
    }
}
