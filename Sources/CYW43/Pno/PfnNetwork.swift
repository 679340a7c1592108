/// `wl_pfn_t`, the value of the "pfn_add" iovar: one network the firmware looks for
/// (docs/pno.md §3; brcmfmac `struct brcmf_pno_net_param_le`, WHD `wl_pfn_t`). 56 bytes,
/// little-endian:
///
///     off size field
///       0   4  ssid.SSID_len
///       4  32  ssid.SSID
///      36   4  flags     bit 2: hidden (probe for it actively)
///      40   4  infra     1 = BSS
///      44   4  auth      0 = open system
///      48   4  wpa_auth  0xFFFFFFFF = any (match the SSID only)
///      52   4  wsec
public struct PfnNetwork: Equatable, Sendable {
    public static let size = 56
    public static let hidden: UInt32 = 1 << 2
    /// WPA_AUTH_PFN_ANY: "for PFN, match only ssid" (WHD), brcmfmac BRCMF_PNO_WPA_AUTH_ANY.
    public static let anyWpaAuth: UInt32 = 0xFFFF_FFFF

    /// 1...32 bytes.
    public var ssid: [UInt8]
    public var flags: UInt32 = 0
    public var infra: UInt32 = 1
    public var auth: UInt32 = 0
    public var wpaAuth: UInt32 = Self.anyWpaAuth
    public var wsec: UInt32 = 0

    public init(ssid: [UInt8]) { self.ssid = ssid }

    public init(parsing b: UnsafeRawBufferPointer) throws(WireError) {
        guard b.count >= Self.size else { throw .truncated(need: Self.size, have: b.count) }
        let n = b.le32(at: 0)
        guard n <= 32 else { throw .badLength(length: Int(n), available: 32) }
        self.init(ssid: Array(b[4..<(4 + Int(n))]))
        flags = b.le32(at: 36)
        infra = b.le32(at: 40)
        auth = b.le32(at: 44)
        wpaAuth = b.le32(at: 48)
        wsec = b.le32(at: 52)
    }

    /// Writes `size` bytes (the caller has room); the SSID's unused bytes are zero.
    public func emit(into b: UnsafeMutableRawBufferPointer) {
        let n = min(ssid.count, 32)
        b.setLE32(UInt32(n), at: 0)
        for i in 0..<32 { b[4 + i] = i < n ? ssid[i] : 0 }
        b.setLE32(flags, at: 36)
        b.setLE32(infra, at: 40)
        b.setLE32(auth, at: 44)
        b.setLE32(wpaAuth, at: 48)
        b.setLE32(wsec, at: 52)
    }
}
