/// Why the host left deep sleep with its network stack suspended (the report's
/// `host_wakeups_by_reason` counts the same wakes from the power side).
public enum WakeReason: UInt8, CaseIterable, Sendable {
    /// TCP data (or a FIN/RST) for an offloaded connection, or other traffic for the host.
    case data
    /// The station lost the AP (LINK down, DEAUTH, DISASSOC).
    case linkDown
    /// The firmware gave up on a connection after its retries (WLC_E_TKO).
    case keepaliveFailure
    /// The firmware trapped (FWHALT in the to-host mailbox).
    case firmwareHalt
    /// The DHCP lease wants renewing, or was lost.
    case leaseRenewal
    /// The host's own retry timer: a connection that could not be re-opened yet.
    case retry
    /// Host-wake with nothing for the host (no frame, no event, nothing received).
    case spurious

    public var name: StaticString {
        switch self {
        case .data: "data"
        case .linkDown: "link_down"
        case .keepaliveFailure: "keepalive_failure"
        case .firmwareHalt: "firmware_halt"
        case .leaseRenewal: "lease_renewal"
        case .retry: "retry"
        case .spurious: "spurious"
        }
    }
}
