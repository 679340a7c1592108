/// Why the host MCU left deep sleep (CE229926 README: TCP data from the server, a
/// link-down event; LPA's WLC_E_TKO handler for a keepalive failure), and the wakes the
/// host causes itself, told apart so that a run can show every wake has a cause.
public enum HostWakeReason: UInt8, CaseIterable, Sendable {
    /// Host-wake for TCP data (or FIN/RST) on an offloaded connection, or other traffic.
    case data = 0
    /// Host-wake for a link loss (LINK down, DEAUTH, DISASSOC).
    case linkDown = 1
    /// Host-wake for WLC_E_TKO: the firmware gave up on a connection.
    case keepaliveFailure = 2
    /// Host-wake for another reason the chip had (another event, a firmware halt).
    case other = 3
    /// The host's own timer while it was bringing the link or a connection back, or
    /// waiting for the network to go quiet before sleeping again: the tail of a wake the
    /// world caused.
    case recovery = 4
    /// The host's own timer while offloaded and asleep (a DHCP lease renewal), or, without
    /// offload, the host's own keepalive timer.
    case timer = 5
    /// Host-wake asserted with nothing pending in the chip (a glitch on the line).
    case spurious = 6

    /// The report's key.
    public var key: StaticString {
        switch self {
        case .data: "data"
        case .linkDown: "link_down"
        case .keepaliveFailure: "keepalive_failure"
        case .other: "other"
        case .recovery: "recovery"
        case .timer: "timer"
        case .spurious: "spurious"
        }
    }
}
