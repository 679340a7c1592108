/// Why a wire format refused bytes. Each case carries the evidence; a caller drops the
/// packet and counts the reason, it never traps on network input.
public enum WireError: Error, Equatable, Sendable {
    /// The buffer is shorter than the format needs.
    case truncated(need: Int, have: Int)
    /// A version field we do not speak (IPv4 `version` != 4).
    case badVersion(UInt8)
    /// A length field that contradicts itself (IPv4 IHL < 5, UDP length < 8, ...).
    case badLength(field: UInt16, value: Int)
    /// The checksum does not verify; `computed` is what the bytes sum to (0 is valid).
    case badChecksum(found: UInt16, computed: UInt16)
    /// An IPv4 fragment (MF set or offset != 0): we do no reassembly (RFC 791 §3.2).
    case fragmented(offset: UInt16, moreFragments: Bool)
    /// A hardware/protocol address type or magic value other than the one we handle.
    case unsupported(field: UInt16, value: UInt32)
    /// A TLV option runs past the end of its area (DHCP options).
    case badOption(code: UInt8, offset: Int)
}

/// Names for the `field` of `WireError.badLength` / `.unsupported`, so a test can say
/// which check refused the packet.
public enum WireField {
    public static let ipv4HeaderLength: UInt16 = 1
    public static let ipv4TotalLength: UInt16 = 2
    public static let udpLength: UInt16 = 3
    public static let arpHardwareType: UInt16 = 4
    public static let arpProtocolType: UInt16 = 5
    public static let arpAddressLengths: UInt16 = 6
    public static let dhcpMagicCookie: UInt16 = 7
    public static let dhcpHardwareAddress: UInt16 = 8
    public static let dhcpOpcode: UInt16 = 9
}

/// Big-endian field access by offset; callers have checked the length once.
@inline(__always) func load16(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt16 {
    UInt16(b[o]) << 8 | UInt16(b[o + 1])
}
@inline(__always) func load32(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt32 {
    UInt32(b[o]) << 24 | UInt32(b[o + 1]) << 16 | UInt32(b[o + 2]) << 8 | UInt32(b[o + 3])
}
@inline(__always) func store16(_ b: UnsafeMutableRawBufferPointer, _ o: Int, _ v: UInt16) {
    b[o] = UInt8(truncatingIfNeeded: v >> 8); b[o + 1] = UInt8(truncatingIfNeeded: v)
}
@inline(__always) func store32(_ b: UnsafeMutableRawBufferPointer, _ o: Int, _ v: UInt32) {
    b[o] = UInt8(truncatingIfNeeded: v >> 24); b[o + 1] = UInt8(truncatingIfNeeded: v >> 16)
    b[o + 2] = UInt8(truncatingIfNeeded: v >> 8); b[o + 3] = UInt8(truncatingIfNeeded: v)
}
@inline(__always) func need(_ n: Int, _ b: UnsafeRawBufferPointer) throws(WireError) {
    if b.count < n { throw .truncated(need: n, have: b.count) }
}
@inline(__always) func need(_ n: Int, _ b: UnsafeMutableRawBufferPointer) throws(WireError) {
    if b.count < n { throw .truncated(need: n, have: b.count) }
}
