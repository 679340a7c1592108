/// Why the interface dropped an inbound frame. Each reason has its own counter
/// (`Interface.counters.dropped(_:)`).
public enum DropReason: Int, CaseIterable, Sendable {
    /// A header did not parse (truncated, bad length, bad version, unsupported ARP type).
    case malformed
    /// Unicast to another MAC.
    case notForUs
    /// A multicast MAC (we join no groups).
    case multicast
    /// EtherType other than IPv4 / ARP (IPv6, EAPOL reaching the host, ...).
    case unknownEtherType
    /// IPv4 header, ICMP or UDP checksum failed.
    case badChecksum
    /// An IPv4 fragment (no reassembly).
    case fragment
    /// IPv4 destination is not our address or a broadcast.
    case notOurAddress
    /// IPv4 protocol other than ICMP / UDP / TCP.
    case unknownProtocol
    /// UDP to a port nobody listens on.
    case noSocket
    /// A UDP socket's receive queue was full.
    case socketFull
    /// A frame arrived while suspended and the suspend queue was full.
    case suspendQueueFull
}

extension DropReason {
    /// A short name for the log line.
    public var name: StaticString {
        switch self {
        case .malformed: "malformed"
        case .notForUs: "not-for-us"
        case .multicast: "multicast"
        case .unknownEtherType: "ethertype"
        case .badChecksum: "checksum"
        case .fragment: "fragment"
        case .notOurAddress: "not-our-address"
        case .unknownProtocol: "protocol"
        case .noSocket: "no-socket"
        case .socketFull: "socket-full"
        case .suspendQueueFull: "suspend-queue-full"
        }
    }
}
