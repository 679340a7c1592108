/// WPA/WPA2 PSK derivation: PMK = PBKDF2-HMAC-SHA1(passphrase, ssid, 4096 iterations, 32 bytes)
/// (IEEE 802.11i-2004 H.4), so the model can check a PMK the host derived itself.
enum PassphraseHash {
    static func pmk(passphrase: [UInt8], ssid: [UInt8]) -> [UInt8] {
        // HMAC with the key's inner/outer pad blocks hashed once; each PBKDF2 round is then two
        // single-block compressions (20-byte message + padding fits one block).
        var k = passphrase.count > 64 ? sha1(passphrase) : passphrase
        k += [UInt8](repeating: 0, count: 64 - k.count)
        var inner = initialState, outer = initialState
        var w = [UInt32](repeating: 0, count: 80)
        compress(&inner, k.map { $0 ^ 0x36 }, 0, &w)
        compress(&outer, k.map { $0 ^ 0x5C }, 0, &w)
        func finish(_ state: [UInt32], _ twenty: [UInt8]) -> [UInt8] {
            var h = state
            var block = twenty + [0x80] + [UInt8](repeating: 0, count: 64 - 21 - 8)
            let bits = UInt64(64 + 20) * 8
            for i in (0..<8).reversed() { block.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i)))) }
            compress(&h, block, 0, &w)
            return digest(h)
        }
        var out: [UInt8] = []
        var index: UInt32 = 1
        while out.count < 32 {
            let first = hmac(key: passphrase, message: ssid + [UInt8(index >> 24), UInt8(index >> 16 & 0xFF),
                                                               UInt8(index >> 8 & 0xFF), UInt8(index & 0xFF)])
            var u = first
            var t = first
            for _ in 1..<4096 {
                u = finish(outer, finish(inner, u))
                for i in 0..<20 { t[i] ^= u[i] }
            }
            out += t
            index += 1
        }
        return Array(out[0..<32])
    }

    /// 64 ASCII hex digits -> 32 bytes, nil if not hex.
    static func fromHex(_ s: [UInt8]) -> [UInt8]? {
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x37
            case 0x61...0x66: return c - 0x57
            default: return nil
            }
        }
        guard s.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            guard let h = nibble(s[i]), let l = nibble(s[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }

    static func hmac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var k = key.count > 64 ? sha1(key) : key
        k += [UInt8](repeating: 0, count: 64 - k.count)
        let inner = sha1(k.map { $0 ^ 0x36 } + message)
        return sha1(k.map { $0 ^ 0x5C } + inner)
    }

    static let initialState: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]

    /// SHA-1 (FIPS 180-4).
    static func sha1(_ message: [UInt8]) -> [UInt8] {
        var h = initialState
        var m = message
        let bitLength = UInt64(message.count) * 8
        m.append(0x80)
        while m.count % 64 != 56 { m.append(0) }
        for i in (0..<8).reversed() { m.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))) }
        var w = [UInt32](repeating: 0, count: 80)
        var chunk = 0
        while chunk < m.count {
            compress(&h, m, chunk, &w)
            chunk += 64
        }
        return digest(h)
    }

    static func digest(_ h: [UInt32]) -> [UInt8] {
        var out: [UInt8] = []
        for v in h { for s in [24, 16, 8, 0] as [UInt32] { out.append(UInt8(truncatingIfNeeded: v >> s)) } }
        return out
    }

    /// One 64-byte block at `m[chunk...]` into state `h`.
    static func compress(_ h: inout [UInt32], _ m: [UInt8], _ chunk: Int, _ w: inout [UInt32]) {
        for i in 0..<16 {
            let o = chunk + 4 * i
            w[i] = UInt32(m[o]) << 24 | UInt32(m[o + 1]) << 16 | UInt32(m[o + 2]) << 8 | UInt32(m[o + 3])
        }
        for i in 16..<80 {
            let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
            w[i] = x << 1 | x >> 31
        }
        var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
        for i in 0..<80 {
            let f: UInt32, k: UInt32
            switch i {
            case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
            case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
            case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
            default: f = b ^ c ^ d; k = 0xCA62_C1D6
            }
            let t = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
            e = d; d = c; c = b << 30 | b >> 2; b = a; a = t
        }
        h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
    }
}
