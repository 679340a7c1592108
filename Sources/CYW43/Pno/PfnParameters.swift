/// `wl_pfn_param_t`, the value of the "pfn_set" iovar: how the firmware's preferred-network
/// offload scans (docs/pno.md §2; Linux brcmfmac `struct brcmf_pno_param_le`, WHD
/// `whd_wlioctl.h`). 24 bytes, little-endian:
///
///     off size field
///       0   4  version               PFN_VERSION 2
///       4   4  scan_freq             seconds between scans
///       8   4  lost_network_timeout  seconds before a found network is declared lost
///      12   2  flags                 bit 3 IMMEDIATE_SCAN, bit 6 ENABLE_ADAPTSCAN, ...
///      14   2  rssi_margin
///      16   1  bestn
///      17   1  mscan
///      18   1  repeat                scans at one period before adaptive scan doubles it
///      19   1  exp                   the period grows to at most scan_freq << exp
///      20   4  slow_freq
public struct PfnParameters: Equatable, Sendable {
    public static let size = 24
    public static let version: UInt32 = 2
    /// `flags` bits (brcmfmac pno.c, WHD whd_wlioctl.h).
    public static let immediateScan: UInt16 = 1 << 3
    public static let adaptiveScan: UInt16 = 1 << 6

    public var version: UInt32 = Self.version
    public var scanPeriodSeconds: UInt32
    public var lostNetworkTimeout: UInt32 = 0
    public var flags: UInt16
    public var rssiMargin: UInt16 = 0
    public var bestN: UInt8 = 0
    public var mscan: UInt8 = 0
    public var repeats: UInt8
    public var exponent: UInt8
    public var slowPeriodSeconds: UInt32 = 0

    /// brcmfmac's choice for a scheduled scan: an immediate first scan, then adaptive
    /// (4 scans per period, the period doubling up to 8 x `scanPeriodSeconds`).
    public init(scanPeriodSeconds: UInt32, flags: UInt16 = PfnParameters.immediateScan | PfnParameters.adaptiveScan,
                repeats: UInt8 = 4, exponent: UInt8 = 3) {
        self.scanPeriodSeconds = scanPeriodSeconds
        self.flags = flags
        self.repeats = repeats
        self.exponent = exponent
    }

    public init(parsing b: UnsafeRawBufferPointer) throws(WireError) {
        guard b.count >= Self.size else { throw .truncated(need: Self.size, have: b.count) }
        self.init(scanPeriodSeconds: b.le32(at: 4), flags: b.le16(at: 12), repeats: b[18], exponent: b[19])
        version = b.le32(at: 0)
        lostNetworkTimeout = b.le32(at: 8)
        rssiMargin = b.le16(at: 14)
        bestN = b[16]
        mscan = b[17]
        slowPeriodSeconds = b.le32(at: 20)
    }

    /// Writes `size` bytes (the caller has room).
    public func emit(into b: UnsafeMutableRawBufferPointer) {
        b.setLE32(version, at: 0)
        b.setLE32(scanPeriodSeconds, at: 4)
        b.setLE32(lostNetworkTimeout, at: 8)
        b.setLE16(flags, at: 12)
        b.setLE16(rssiMargin, at: 14)
        b[16] = bestN
        b[17] = mscan
        b[18] = repeats
        b[19] = exponent
        b.setLE32(slowPeriodSeconds, at: 20)
    }
}
