import Runtime

/// Where the station is. `Driver.startJoin` moves idle/failed/joined -> joining; events
/// processed by the runner (and the deadline in `Driver.poll(now:)`) finish it.
public enum JoinState: Equatable, Sendable {
    case idle
    case joining(deadline: Instant)
    case joined
    case failed(JoinFailure)
}

/// The flags WHD collects before declaring a join complete (docs/cyw43-bus.md §6.5):
/// authenticated + link ready + SSID set + security complete (pre-set for open networks).
struct JoinProgress: Equatable {
    var authenticated = false
    var linkUp = false
    var ssidSet = false
    var securityComplete = false
    var complete: Bool { authenticated && linkUp && ssidSet && securityComplete }
}
