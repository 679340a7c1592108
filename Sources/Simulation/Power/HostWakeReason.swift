/// Why the host MCU left deep sleep (CE229926 README: TCP data from the server, a
/// link-down event; LPA's WLC_E_TKO handler for a keepalive failure; anything else,
/// e.g. the host's own TCP keepalive timer when offload is off).
public enum HostWakeReason: UInt8, CaseIterable, Sendable {
    case data = 0
    case linkDown = 1
    case keepaliveFailure = 2
    case other = 3

    /// The report's key ("data", "link_down", "keepalive_failure", "other").
    public var key: StaticString {
        switch self {
        case .data: "data"
        case .linkDown: "link_down"
        case .keepaliveFailure: "keepalive_failure"
        case .other: "other"
        }
    }
}
