import Runtime

/// After the firmware runs: CLM load and the settings of WHD `whd_wifi_on` (docs/cyw43-bus.md
/// §3.7, §7.2), then the C example's bring-up log lines (docs/tko-offload.md §6.2).
extension Driver {
    /// CLM chunk size (WHD/embassy 1024, cyw43-driver 1024 on gSPI).
    static var clmChunk: Int { 1024 }

    func configureFirmware(resources: any ResourceSource, country: (UInt8, UInt8)) throws(BringUpError) {
        try loadCLM(resources: resources)
        let text = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 4)
        defer { text.deallocate() }
        let none = UnsafeRawBufferPointer(start: nil, count: 0)
        // "cap": WHD checks for "sae" before a WPA3 join. Older firmware may not answer.
        if let n = try? getIovar("cap", params: none, into: text) {
            supportsSAE = Self.contains(UnsafeRawBufferPointer(rebasing: text[0..<n]), "sae")
        }
        try step("bus:txglom") { () throws(IoctlError) in try setIovar("bus:txglom", u32: 0) }
        try step("apsta") { () throws(IoctlError) in try setIovar("apsta", u32: 1) }
        try setAMPDUParameters()
        try step("country") { () throws(IoctlError) in
            // wl_country_t {abbrev[4], rev i32 (-1 = let NVRAM/OTP choose), ccode[4]}.
            let c: (UInt8, UInt8, UInt8, UInt8, Int32, UInt8, UInt8, UInt8, UInt8) =
                (country.0, country.1, 0, 0, Int32(-1).littleEndian, country.0, country.1, 0, 0)
            try withUnsafeBytes(of: c) { (b) throws(IoctlError) in try setIovar("country", b) }
        }
        try step("event_msgs") { () throws(IoctlError) in try sendEventMask() }
        // The MAC while the interface is down (cyw43-driver's order): the chip's own (OTP), else
        // a placeholder from NVRAM, which every such board shares -> a locally administered one.
        let macBuf = UnsafeMutableRawBufferPointer(rebasing: text[0..<6])
        let macLen = try step("cur_etheraddr") { () throws(IoctlError) -> Int in try getIovar("cur_etheraddr", params: none, into: macBuf) }
        if macLen >= 6 { macAddress = MACAddress(bytes: UnsafeRawBufferPointer(macBuf)) }
        if PlaceholderMAC.isPlaceholder(macAddress) {
            let own = PlaceholderMAC.locallyAdministered(uniqueID: uniqueID)
            try step("cur_etheraddr") { () throws(IoctlError) in
                try withUnsafeBytes(of: (own.b0, own.b1, own.b2, own.b3, own.b4, own.b5)) { (b) throws(IoctlError) in
                    try setIovar("cur_etheraddr", b)
                }
            }
            log.text("Info: the chip reports placeholder MAC ")
            logMAC(macAddress)
            log.text(" (blank OTP); using locally administered ")
            logMAC(own)
            log.end()
            macAddress = own
        }
        try step("WLC_UP") { () throws(IoctlError) in try ioctlSet(.up) }
        log.text("WLAN MAC Address : ")
        logMAC(macAddress)
        log.end()
        let verLen = try step("ver") { () throws(IoctlError) -> Int in try getIovar("ver", params: none, into: text) }
        logVersionText("WLAN Firmware    : ", UnsafeRawBufferPointer(rebasing: text[0..<verLen]))
        let clmLen = try step("clmver") { () throws(IoctlError) -> Int in try getIovar("clmver", params: none, into: text) }
        logVersionText("WLAN CLM         : ", UnsafeRawBufferPointer(rebasing: text[0..<clmLen]))
        log.line(Self.versionLine)
        // WHD: gmode auto, then PM2 with pm2_sleep_ret 200. Optional on old firmware.
        do throws(IoctlError) { try ioctlSet(.setGmode, 1) } catch { if !error.isUnsupported { throw .ioctl(step: "gmode", error) } }
        do throws(IoctlError) { try setPowerSave(.pm2(sleepReturn: .milliseconds(200))) } catch {
            if !error.isUnsupported { throw .ioctl(step: "PM2", error) }
        }
    }

    /// A-MPDU for a station, per chip as WHD's `whd_wifi_set_ampdu_parameters` has it, and as
    /// cyw43-driver's wifi_on sets the 43439: block-ack window 8; 43430/43439 4 MPDUs per A-MPDU
    /// and an 8 KB receive limit (rx factor 0), 43012/4373 MPDUs auto (-1) and 64 KB (3). The
    /// small receive limit keeps the AP's aggregates within what these chips buffer for a slow
    /// host. Firmware without the iovars keeps its defaults.
    /// No WLC_SET_ANTDIV: cyw43-driver forces 0 (the Pico W's chip antenna); WHD leaves the
    /// antenna to the board's NVRAM, which is right for kits with other antenna wiring.
    func setAMPDUParameters() throws(BringUpError) {
        let small = chip?.isSRFamily43430 ?? true
        try optionalIovar("ampdu_ba_wsize", 8)
        try optionalIovar("ampdu_mpdu", small ? 4 : UInt32(bitPattern: -1))
        try optionalIovar("ampdu_rx_factor", small ? 0 : 3)
    }

    private func optionalIovar(_ name: StaticString, _ v: UInt32) throws(BringUpError) {
        do throws(IoctlError) { try setIovar(name, u32: v) } catch {
            if !error.isUnsupported { throw .ioctl(step: name, error) }
        }
    }

    @discardableResult
    func step<R>(_ name: StaticString, _ body: () throws(IoctlError) -> R) throws(BringUpError) -> R {
        do throws(IoctlError) { return try body() } catch { throw .ioctl(step: name, error) }
    }

    /// "clmload" chunks: 12-byte wl_dload_data header {flag, type 2 (CLM), len, crc 0} +
    /// data; flag 0x1000 (handler version 1) | 0x2 first | 0x4 last. Payload rounded up to
    /// 8 (cyw43-driver; WHD adds 8 more when already aligned). Then "clmload_status" == 0.
    func loadCLM(resources: any ResourceSource) throws(BringUpError) {
        let size = resources.size(of: .clm)
        guard size > 0 else { return }
        var offset = 0
        let nameLen = 8  // "clmload\0"
        while offset < size {
            let n = min(Self.clmChunk, size - offset)
            var flag: UInt16 = 0x1000
            if offset == 0 { flag |= 0x0002 }
            if offset + n == size { flag |= 0x0004 }
            let payload = (nameLen + 12 + n + 7) & ~7
            let at = offset
            try step("clmload") { () throws(IoctlError) in
                _ = try control(Ioctl.setVar, set: true, payloadLength: payload, out: nil) { p in
                    Self.put("clmload", into: p)
                    p.setLE16(flag, at: nameLen)
                    p.setLE16(2, at: nameLen + 2)
                    p.setLE32(UInt32(n), at: nameLen + 4)
                    p.setLE32(0, at: nameLen + 8)
                    _ = resources.read(.clm, offset: at, into: UnsafeMutableRawBufferPointer(rebasing: p[(nameLen + 12)..<(nameLen + 12 + n)]))
                }
            }
            offset += n
        }
        let status = try step("clmload_status") { () throws(IoctlError) -> UInt32 in try getIovarU32("clmload_status") }
        guard status == 0 else { throw .clmLoadStatus(status) }
    }

    /// "bsscfg:event_msgs" = u32 0 + the 24-byte mask.
    func sendEventMask() throws(IoctlError) {
        let mask = eventMask
        _ = try control(Ioctl.setVar, set: true, payloadLength: 18 + 4 + EventMask.byteCount, out: nil) { p in
            Self.put("bsscfg:event_msgs", into: p)
            p.setLE32(0, at: 18)
            mask.write(into: p, at: 22)
        }
    }

    /// Adds events to the firmware mask and resends it.
    public func enableEvents(_ types: [EventType]) throws(IoctlError) {
        for t in types { eventMask.enable(t) }
        try sendEventMask()
    }

    /// A MAC address as `AA:BB:CC:DD:EE:FF` (Log.mac's format) from its six bytes: `bytes`
    /// builds an array (an allocation and a free on every path out of the caller).
    @inline(never)
    func logMAC(_ m: MACAddress) {
        log.fill("{x2}:{x2}:{x2}:", Int(m.b0), Int(m.b1), Int(m.b2))
        log.fill("{x2}:{x2}:{x2}", Int(m.b3), Int(m.b4), Int(m.b5))
    }

    /// Adds one event to the firmware mask (e.g. `.tko` for the offload manager) and resends
    /// it (no array of one on the device).
    public func enableEvent(_ type: EventType) throws(IoctlError) {
        eventMask.enable(type)
        try sendEventMask()
    }

    /// Logs `prefix` + the firmware's text; embedded newlines start new lines (WHD prints
    /// the string with printf, so multi-line "clmver" answers span lines).
    func logVersionText(_ prefix: StaticString, _ bytes: UnsafeRawBufferPointer) {
        var end = 0
        while end < bytes.count && bytes[end] != 0 { end += 1 }
        while end > 0 && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0D) { end -= 1 }
        var l = log.text(prefix)
        var start = 0
        for i in 0..<end where bytes[i] == 0x0A {
            l.ascii(UnsafeRawBufferPointer(rebasing: bytes[start..<i])).end()
            l = log
            start = i + 1
        }
        l.ascii(UnsafeRawBufferPointer(rebasing: bytes[start..<end])).end()
    }

    static func contains(_ hay: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard n > 0, hay.count >= n else { return false }
        return needle.withUTF8Buffer { u in
            for s in 0...(hay.count - n) {
                var ok = true
                for k in 0..<n where hay[s + k] != u[k] { ok = false; break }
                if ok { return true }
            }
            return false
        }
    }
}
