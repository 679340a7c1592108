/// Why the host left deep sleep with its network stack suspended (the report's
/// `host_wakeups_by_reason`).
public enum WakeReason: UInt8, CaseIterable, Sendable {
    /// TCP data (or a FIN/RST) for an offloaded connection, or other traffic for the host.
    case data
    /// The station lost the AP (LINK down, DEAUTH, DISASSOC).
    case linkDown
    /// The firmware gave up on a connection after its retries (WLC_E_TKO).
    case keepaliveFailure
    /// Anything else: a DHCP lease renewal, a host-wake with nothing pending.
    case other

    public var name: StaticString {
        switch self {
        case .data: "data"
        case .linkDown: "link_down"
        case .keepaliveFailure: "keepalive_failure"
        case .other: "other"
        }
    }
}
