/// The Ethernet II type field (IEEE 802.3 clause 3.2.6, IANA "ieee-802-numbers").
/// An open struct, so a type we do not know survives parse and emit.
public struct EtherType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let ipv4 = EtherType(rawValue: 0x0800)
    public static let arp = EtherType(rawValue: 0x0806)
    public static let ipv6 = EtherType(rawValue: 0x86DD)
    /// IEEE 802.1X EAPOL (the chip's packet filter keeps it; we never parse it).
    public static let eapol = EtherType(rawValue: 0x888E)
}
