/// What the host was waiting for when it went to deep sleep: the cause a wake from that
/// sleep is booked under (the soak's per-episode report says what each repair cost).
public enum RecoveryActivity: UInt8, CaseIterable, Sendable {
    /// Nothing being repaired: asleep with every connection offloaded.
    case none = 0
    /// A join in progress (the chip's answer is due).
    case join = 1
    /// Between rounds of joins while the AP stays away (the host's own back-off timer).
    case rejoinBackoff = 2
    /// The chip searches for the AP itself (preferred-network offload); the host waits for
    /// PFN_NET_FOUND.
    case networkSearch = 3
    /// Joined, waiting for DHCP.
    case address = 4
    /// A TCP connection being opened (SYN and its retransmissions).
    case connect = 5
    /// Waiting to try a server that is gone again (the reconnect back-off).
    case reconnectBackoff = 6
    /// Everything up, waiting for the network to go quiet before offloading.
    case quiet = 7
    /// Bringing the chip up (boot, or after a firmware trap).
    case restart = 8

    public var name: StaticString {
        switch self {
        case .none: "none"
        case .join: "join"
        case .rejoinBackoff: "rejoin_backoff"
        case .networkSearch: "network_search"
        case .address: "address"
        case .connect: "connect"
        case .reconnectBackoff: "reconnect_backoff"
        case .quiet: "quiet"
        case .restart: "restart"
        }
    }
}
