/// What a firmware image says about itself: the text trailer real images carry near their end
/// (cyw43-driver's `cyw43_check_valid_chipset_firmware` reads it; docs/cyw43-bus.md §3.5):
/// "<chip><rev>-roml/<features> Version: <x.y.z> (<build> CY) CRC: .. Date: <day> <yyyy-mm-dd>
/// <hh:mm:ss> <tz> Ucode Ver: .. FWID <id>", a NUL, its u16 length, then a 16-byte "DVID" record.
/// The 43439 7.95.49 image starts its trailer "43439a0-roml/...", the 4343W 7.45.98 one "43430a1-roml/...".
struct FirmwareIdentity: Equatable {
    /// The leading chip number ("43439", "43430", "4373").
    var chipNumber: [UInt8]
    /// After "Version: " up to " CRC:" (or the end): "7.95.49 (2271bb6 CY)".
    var version: [UInt8]
    /// The "Date:" field, "Mon 2021-11-29 22:50:27 PST", if present.
    var date: [UInt8]
    /// After "FWID ", if present.
    var fwid: [UInt8]

    /// Finds the last "Version: " in `tail` and parses the NUL-delimited trailer around it.
    static func find(in tail: [UInt8]) -> FirmwareIdentity? {
        let key = Bytes.ascii("Version: ")
        guard tail.count >= key.count else { return nil }
        var at = -1
        var i = tail.count - key.count
        while i >= 0 {
            if match(tail, i, key) { at = i; break }
            i -= 1
        }
        guard at >= 0 else { return nil }
        var start = at
        while start > 0 && tail[start - 1] != 0 { start -= 1 }
        var end = at
        while end < tail.count && tail[end] != 0 { end += 1 }
        let text = Array(tail[start..<end])
        var chip: [UInt8] = []
        for c in text { if c >= 0x30 && c <= 0x39 { chip.append(c) } else { break } }
        let v = at - start + key.count
        let version = Array(text[v..<(find(text, " CRC:", from: v) ?? text.count)])
        var date: [UInt8] = []
        if let d = find(text, "Date: ", from: v) {
            let s = d + 6
            date = Array(text[s..<(find(text, " Ucode", from: s) ?? find(text, " FWID", from: s) ?? text.count)])
        }
        var fwid: [UInt8] = []
        if let f = find(text, "FWID ", from: v) { fwid = Array(text[(f + 5)...]) }
        return FirmwareIdentity(chipNumber: chip, version: version, date: date, fwid: fwid)
    }

    /// The "ver" iovar's answer as firmware builds it: "wl0: Nov 29 2021 22:50:27 version 7.95.49
    /// (2271bb6 CY) FWID 01-c51d9400" + newline, NUL-terminated.
    var verString: [UInt8] {
        var out = Bytes.ascii("wl0: ")
        out += Self.compileDate(date)
        out += Bytes.ascii("version ") + version
        if !fwid.isEmpty { out += Bytes.ascii(" FWID ") + fwid }
        return out + [0x0A, 0]
    }

    /// Whether `chipNumber` names the chip with `chipID` (decimal for 0xA9A6 = 43430 / 0xA9AF = 43439,
    /// the hex digits for 0x4373). An image without a chip number is not judged.
    func isFor(chipID: UInt16) -> Bool {
        chipNumber.isEmpty || chipNumber == Self.decimal(chipID) || chipNumber == Self.hexDigits(chipID)
    }

    /// "Mon 2021-11-29 22:50:27 PST" -> "Nov 29 2021 22:50:27 " (empty if not in that shape).
    static func compileDate(_ d: [UInt8]) -> [UInt8] {
        guard d.count >= 23, d[3] == 0x20, d[8] == 0x2D, d[11] == 0x2D, d[14] == 0x20 else { return [] }
        let month = Int(d[9] &- 0x30) * 10 + Int(d[10] &- 0x30)
        guard (1...12).contains(month) else { return [] }
        let names = Bytes.ascii("JanFebMarAprMayJunJulAugSepOctNovDec")
        let m = Array(names[((month - 1) * 3)..<(month * 3)])
        return m + [0x20] + Array(d[12..<14]) + [0x20] + Array(d[4..<8]) + [0x20] + Array(d[15..<23]) + [0x20]
    }

    static func decimal(_ v: UInt16) -> [UInt8] {
        var n = Int(v), out: [UInt8] = []
        repeat { out.insert(UInt8(0x30 + n % 10), at: 0); n /= 10 } while n > 0
        return out
    }

    static func hexDigits(_ v: UInt16) -> [UInt8] {
        var out: [UInt8] = []
        var started = false
        for shift in stride(from: 12, through: 0, by: -4) {
            let d = UInt8((v >> UInt16(shift)) & 0xF)
            if d != 0 || started || shift == 0 { started = true; out.append(d < 10 ? 0x30 + d : 0x61 + d - 10) }
        }
        return out
    }

    private static func match(_ b: [UInt8], _ at: Int, _ key: [UInt8]) -> Bool {
        guard at + key.count <= b.count else { return false }
        for j in 0..<key.count where b[at + j] != key[j] { return false }
        return true
    }

    private static func find(_ b: [UInt8], _ s: StaticString, from: Int) -> Int? {
        let key = Bytes.ascii(s)
        var i = from
        while i + key.count <= b.count { if match(b, i, key) { return i }; i += 1 }
        return nil
    }
}

/// What a CLM blob says about itself: after its "CLM DATA" magic come NUL-terminated strings,
/// the data version or name first ("9.10.39" in the 4343W 7.45.98 blob, "RaspberryPi.PicoW" in
/// the Pico W's), then the CLM compiler ("1.29.4"), then "ClmImport: x.y.z", and further on the
/// creation time ("2020-11-12 02:16:21").
struct ClmIdentity: Equatable {
    var data: [UInt8]
    var compiler: [UInt8]
    var clmImport: [UInt8]
    var creation: [UInt8] = []

    static func find(in blob: [UInt8]) -> ClmIdentity? {
        let magic = Bytes.ascii("CLM DATA")
        guard blob.count > magic.count else { return nil }
        var at = -1
        for i in 0...(blob.count - magic.count) where Array(blob[i..<(i + magic.count)]) == magic { at = i; break }
        guard at >= 0 else { return nil }
        var strings: [[UInt8]] = []
        var cur: [UInt8] = []
        var i = at + magic.count
        while i < blob.count && i < at + 512 && strings.count < 8 {
            let c = blob[i]
            if c >= 0x20 && c < 0x7F { cur.append(c) } else {
                if cur.count >= 4 { strings.append(cur) }
                cur = []
            }
            i += 1
        }
        guard strings.count >= 2 else { return nil }
        let imp = strings.count >= 3 && Bytes.hasPrefix(strings[2], "ClmImport: ") ? Array(strings[2][11...]) : []
        let creation = strings.dropFirst(2).first(where: isDateTime) ?? []
        return ClmIdentity(data: strings[0], compiler: strings[1], clmImport: imp, creation: creation)
    }

    /// "yyyy-mm-dd hh:mm:ss".
    static func isDateTime(_ s: [UInt8]) -> Bool {
        guard s.count == 19 else { return false }
        for (i, c) in s.enumerated() {
            switch i {
            case 4, 7: if c != 0x2D { return false }
            case 10: if c != 0x20 { return false }
            case 13, 16: if c != 0x3A { return false }
            default: if c < 0x30 || c > 0x39 { return false }
            }
        }
        return true
    }
}
