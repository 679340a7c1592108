import Runtime

/// Stand-in firmware, NVRAM and CLM for the model (real blobs are not ours to commit). The
/// model accepts any image; it records sizes and notes whether this marker is present.
public enum SyntheticFirmware {
    /// Placed at image offset 32 (after a fake vector table start).
    public static let marker: StaticString = "CHIPMODEL-FIRMWARE"
    static let clmMarker: StaticString = "CLM DATA"

    /// A firmware image of `size` bytes (at least 1 KB): a reset-vector-like first word, the
    /// marker, a deterministic body, and a "Version: " trailer in the last 800 bytes followed by
    /// 16 bytes of DVID-like data, the shape cyw43-driver validates (docs/cyw43-bus.md §3.5).
    public static func image(for chip: ChipKind, size: Int = 4096) -> [UInt8] {
        let n = max(1024, (size + 3) & ~3)
        var img = [UInt8](repeating: 0, count: n)
        var seed = UInt32(chip.profile.chipID) | 0x5EED_0000
        for i in 0..<n {
            seed = seed &* 1_664_525 &+ 1_013_904_223
            img[i] = UInt8(truncatingIfNeeded: seed >> 24) | 1
        }
        Bytes.putLE32(&img, 0, 0x0008_0000 | UInt32(chip.profile.chipID & 0xFF))   // "initial SP"
        for (i, c) in Bytes.ascii(marker).enumerated() { img[32 + i] = c }
        let trailer = Bytes.ascii("Version: 7.95.88 (ChipModel ") + Bytes.ascii(chip.profile.name) + Bytes.ascii(") CY") + [0]
        let at = n - 16 - trailer.count
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

    /// A CLM blob of `size` bytes starting with a marker.
    public static func clm(size: Int = 984) -> [UInt8] {
        var blob = [UInt8](repeating: 0, count: max(16, size))
        for (i, c) in Bytes.ascii(clmMarker).enumerated() { blob[i] = c }
        for i in 8..<blob.count { blob[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
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
