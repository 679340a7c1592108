import Runtime

/// The station's association as the firmware tracks it.
struct JoinState {
    /// Bumped whenever a join is abandoned, so its delayed steps are ignored.
    var generation: UInt32 = 0
    var ap: VirtualAP? = nil
    var inProgress = false
    /// Associated (LINK up was raised).
    var linkUp = false
    /// Keys installed (open: at link up; PSK/SAE: after PSK_SUP KEYED): data may flow.
    var authorized = false
    var ssid: [UInt8] = []
    var bssid: MACAddress? = nil

    mutating func reset() {
        generation &+= 1
        ap = nil
        inProgress = false
        linkUp = false
        authorized = false
    }
}

/// Steps of a join on the virtual clock.
enum JoinStep {
    case scanned
    case associated
    case keyed
    case handshakeTimedOut
}
