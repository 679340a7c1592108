import Runtime

/// The data of WLC_E_PFN_NET_FOUND (33) / WLC_E_PFN_NET_LOST (34): a header, then `count`
/// `wl_pfn_net_info_t` records (docs/pno.md §4; brcmfmac `brcmf_pno_scanresults_le` /
/// `_v2_le` and `brcmf_pno_net_info_le`, read as `brcmf_notify_sched_scan_results` does).
///
///     header v1: u32 version (1), u32 status (1 = scan complete), u32 count      12 bytes
///     header v2: the same with version 2, then u32 scan_ch_bucket                16 bytes
///     net info:  u8 bssid[6], u8 channel, u8 SSID_len, u8 SSID[32], s16 RSSI,
///                u16 timestamp (age in seconds)                                  44 bytes
public struct PfnScanResults: Equatable, Sendable {
    public struct Network: Equatable, Sendable {
        public var bssid: MACAddress
        public var channel: UInt8
        public var ssid: [UInt8]
        public var rssi: Int16
        public var ageSeconds: UInt16
        public init(bssid: MACAddress, channel: UInt8, ssid: [UInt8], rssi: Int16, ageSeconds: UInt16) {
            self.bssid = bssid; self.channel = channel; self.ssid = ssid; self.rssi = rssi; self.ageSeconds = ageSeconds
        }
    }
    public static let netInfoSize = 44
    /// `status` when the scan that found them is complete (BRCMF_PNO_SCAN_COMPLETE).
    public static let scanComplete: UInt32 = 1

    public var version: UInt32
    public var status: UInt32
    public var networks: [Network]

    public init(version: UInt32, status: UInt32, networks: [Network]) {
        self.version = version; self.status = status; self.networks = networks
    }

    /// Parses event data. A version other than 1 or 2 is read as 1 (brcmfmac warns and
    /// does the same); too few bytes for `count` records is an error, as in brcmfmac.
    public init(parsing b: UnsafeRawBufferPointer) throws(WireError) {
        let count = try Self.count(validating: b)
        let version = b.le32(at: 0)
        let header = version == 2 ? 16 : 12
        var nets: [Network] = []
        for i in 0..<Int(count) {
            let o = header + i * Self.netInfoSize
            let n = min(Int(b[o + 7]), 32)
            nets.append(Network(bssid: MACAddress(b[o], b[o + 1], b[o + 2], b[o + 3], b[o + 4], b[o + 5]),
                                channel: b[o + 6], ssid: Array(b[(o + 8)..<(o + 8 + n)]),
                                rssi: Int16(bitPattern: b.le16(at: o + 40)), ageSeconds: b.le16(at: o + 42)))
        }
        self.init(version: version, status: b.le32(at: 4), networks: nets)
    }

    /// The number of records, after checking the data holds them (what the driver needs:
    /// no arrays built).
    public static func count(validating b: UnsafeRawBufferPointer) throws(WireError) -> Int {
        guard b.count >= 12 else { throw .truncated(need: 12, have: b.count) }
        let header = b.le32(at: 0) == 2 ? 16 : 12
        let count = b.le32(at: 8)
        let need = UInt64(header) + UInt64(count) * UInt64(Self.netInfoSize)
        guard need <= UInt64(b.count) else { throw .truncated(need: Int(clamping: need), have: b.count) }
        return Int(count)
    }

    /// Whether a network called `ssid` is among them.
    public func contains(ssid: [UInt8]) -> Bool { networks.contains { $0.ssid == ssid } }
}
