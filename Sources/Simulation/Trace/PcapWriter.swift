import Runtime

/// Builds a classic libpcap capture in memory (pcap-savefile(5); IETF
/// draft-ietf-opsawg-pcap §4 "File Header", §5 "Packet Record"). Microsecond
/// timestamps (magic 0xA1B2C3D4), version 2.4, link type 1 = LINKTYPE_ETHERNET. Fields
/// are written little-endian; readers tell the byte order from the magic number.
/// The caller (the executable) writes `bytes` to a file.
public struct PcapWriter: Sendable {
    private enum Layout {
        // File header
        static let magic = 0, versionMajor = 4, versionMinor = 6, thisZone = 8, sigFigs = 12
        static let snapLen = 16, linkType = 20, fileHeaderSize = 24
        // Record header
        static let tsSec = 0, tsUsec = 4, inclLen = 8, origLen = 12, recordHeaderSize = 16
    }
    public static let magicMicroseconds: UInt32 = 0xA1B2_C3D4
    public static let linkTypeEthernet: UInt32 = 1
    public static let fileHeaderSize = Layout.fileHeaderSize
    public static let recordHeaderSize = Layout.recordHeaderSize

    public private(set) var bytes: [UInt8] = []
    public private(set) var records = 0
    public let snapLength: UInt32
    /// Added to virtual time for the record timestamps (seconds since 1970), so a capture
    /// can show a plausible wall-clock date; 0 keeps virtual time as is.
    public let epochOffsetSeconds: UInt64

    public init(snapLength: UInt32 = 65_535, epochOffsetSeconds: UInt64 = 0) {
        self.snapLength = snapLength
        self.epochOffsetSeconds = epochOffsetSeconds
        bytes.reserveCapacity(4096)
        Bytes.putLE32(&bytes, Self.magicMicroseconds)
        Bytes.putLE16(&bytes, 2)          // version_major
        Bytes.putLE16(&bytes, 4)          // version_minor
        Bytes.putLE32(&bytes, 0)          // thiszone (GMT)
        Bytes.putLE32(&bytes, 0)          // sigfigs
        Bytes.putLE32(&bytes, snapLength)
        Bytes.putLE32(&bytes, Self.linkTypeEthernet)
    }

    /// Appends one Ethernet frame seen at virtual time `at`; frames longer than the snap
    /// length are cut (incl_len < orig_len), as a capture would.
    public mutating func append(_ frame: [UInt8], at: Instant) {
        let secs = at.microseconds / 1_000_000 + epochOffsetSeconds
        let usecs = at.microseconds % 1_000_000
        let incl = min(UInt32(truncatingIfNeeded: frame.count), snapLength)
        Bytes.putLE32(&bytes, UInt32(truncatingIfNeeded: secs))
        Bytes.putLE32(&bytes, UInt32(truncatingIfNeeded: usecs))
        Bytes.putLE32(&bytes, incl)
        Bytes.putLE32(&bytes, UInt32(truncatingIfNeeded: frame.count))
        bytes += frame[0..<Int(incl)]
        records += 1
    }
}
