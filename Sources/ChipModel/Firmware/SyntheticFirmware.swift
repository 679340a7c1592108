import Runtime

/// Stand-in firmware, NVRAM and CLM for the model (real blobs are not ours to commit), shaped
/// like real ones where drivers and the model look: the image ends with the text trailer, its
/// length and a DVID record (docs/cyw43-bus.md §3.5; FirmwareIdentity), the CLM blob starts with
/// "CLM DATA" and its version strings (ClmIdentity). The model also notes whether `marker` is present.
public enum SyntheticFirmware {
    /// Placed at image offset 32 (after a fake vector table start).
    public static let marker: StaticString = "CHIPMODEL-FIRMWARE"
    static let clmMarker: StaticString = "CLM DATA"
    /// The version the synthetic images carry (not a real release).
    public static let version: StaticString = "0.0.1 (synthetic ChipModel image)"

    /// A firmware image of `size` bytes (at least 1 KB): a reset-vector-like first word, the
    /// marker, a deterministic body, and the trailer: "<chip>a0-roml/<features> Version: ... FWID ..",
    /// NUL, u16 trailer length, 16 bytes "DVID 01-00000000" — the layout cyw43-driver checks.
    /// `chipNumber` overrides the trailer's chip (to build an image for another chip).
    /// `features` (nil: `offloadFeatures`) is the dash-separated feature list after "-roml/", as real images name theirs
    /// ("43439a0-roml/sdio-g-pool-...-tko"): what `FirmwareOffloads.install` gives the model's
    /// firmware, packet filter, ARP offload ("aoe") and TCP keepalive offload ("tko"), which a
    /// host looking for "-tko" in the image (the Linux run) then finds, as in real TKO builds.
    public static let offloadFeatures: StaticString = "chipmodel-pktfilter-aoe-tko"
    public static func image(for chip: ChipKind, size: Int = 4096, chipNumber: [UInt8]? = nil,
                             features: [UInt8]? = nil) -> [UInt8] {
        let n = max(1024, (size + 3) & ~3)
        var img = [UInt8](repeating: 0, count: n)
        var seed = UInt32(chip.profile.chipID) | 0x5EED_0000
        for i in 0..<n {
            seed = seed &* 1_664_525 &+ 1_013_904_223
            img[i] = UInt8(truncatingIfNeeded: seed >> 24) | 1
        }
        Bytes.putLE32(&img, 0, 0x0008_0000 | UInt32(chip.profile.chipID & 0xFF))   // "initial SP"
        for (i, c) in Bytes.ascii(marker).enumerated() { img[32 + i] = c }
        let id = chip.profile.chipID
        let number = chipNumber ?? (id >= 0xA000 ? FirmwareIdentity.decimal(id) : FirmwareIdentity.hexDigits(id))
        var text = number + Bytes.ascii("a0-roml/") + (features ?? Bytes.ascii(offloadFeatures))
            + Bytes.ascii(" Version: ") + Bytes.ascii(version)
        text += Bytes.ascii(" CRC: 00000000 Date: Thu 2026-11-26 12:00:00 UTC Ucode Ver: 0.0 FWID 01-c0de4300")
        let trailer = [0] + text + [0] + [UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + Bytes.ascii("DVID 01-00000000")
        let at = n - trailer.count
        for (i, c) in trailer.enumerated() { img[at + i] = c }
        return img
    }

    /// NVRAM in the form the host writes to RAM: NUL-separated key=value strings, an extra NUL,
    /// padded to a multiple of 4 (§3.5). `macAddress` adds "macaddr=".
    public static func nvram(macAddress: MACAddress? = nil) -> [UInt8] {
        var out: [UInt8] = []
        func add(_ s: StaticString) { out += Bytes.ascii(s); out.append(0) }
        add("NVRAMRev=$Rev$")
        add("manfid=0x2d0")
        add("prodid=0x0727")
        add("vendid=0x14e4")
        add("boardtype=0x0887")
        add("xtalfreq=37400")
        add("chipmodel=1")
        if let m = macAddress {
            out += Bytes.ascii("macaddr=")
            for (i, b) in m.bytes.enumerated() {
                if i > 0 { out.append(0x3A) }
                out.append(hexDigit(b >> 4)); out.append(hexDigit(b & 0xF))
            }
            out.append(0)
        }
        out.append(0)
        while out.count % 4 != 0 { out.append(0) }
        return out
    }

    /// A CLM blob of `size` bytes: "CLM DATA", then the data name, compiler and ClmImport
    /// strings as real blobs carry them, then filler.
    public static func clm(size: Int = 984) -> [UInt8] {
        var blob = [UInt8](repeating: 0, count: max(96, size))
        for i in 0..<blob.count { blob[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) & 0x1F }
        var head = Bytes.ascii(clmMarker) + [0]
        head += Bytes.ascii("ChipModel.synthetic") + [0] + Bytes.ascii("1.29.4") + [0] + Bytes.ascii("ClmImport: 1.36.3") + [0]
            + Bytes.ascii("2026-11-26 12:00:00") + [0]
        for (i, c) in head.enumerated() { blob[i] = c }
        return blob
    }

    /// The 32-bit NVRAM length token for `nvram` (§3.5).
    public static func nvramToken(for nvram: [UInt8]) -> UInt32 {
        let words = UInt32((nvram.count + 3) / 4)
        return (~words & 0xFFFF) << 16 | words
    }

    static func containsMarker(_ bytes: [UInt8]) -> Bool {
        let m = Bytes.ascii(marker)
        guard bytes.count >= m.count else { return false }
        for start in 0...(bytes.count - m.count) where Array(bytes[start..<(start + m.count)]) == m { return true }
        return false
    }

    /// "macaddr=aa:bb:cc:dd:ee:ff" among the NUL-separated NVRAM strings.
    static func macAddress(inNVRAM nvram: [UInt8]) -> MACAddress? {
        let key = Bytes.ascii("macaddr=")
        var start = 0
        while start < nvram.count {
            var end = start
            while end < nvram.count && nvram[end] != 0 { end += 1 }
            let entry = Array(nvram[start..<end])
            if entry.count == key.count + 17 && Array(entry[0..<key.count]) == key {
                var b: [UInt8] = []
                var i = key.count
                while i + 1 < entry.count {
                    guard let h = PassphraseHash.fromHex([entry[i], entry[i + 1]]) else { return nil }
                    b += h
                    i += 3
                }
                if b.count == 6 { return MACAddress(b[0], b[1], b[2], b[3], b[4], b[5]) }
            }
            start = end + 1
        }
        return nil
    }

    private static func hexDigit(_ n: UInt8) -> UInt8 { n < 10 ? 0x30 + n : 0x61 + n - 10 }
}
