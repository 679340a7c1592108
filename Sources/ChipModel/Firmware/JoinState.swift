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
    /// JOIN and SET_SSID were raised for the host's WLC_SET_SSID (once per host request; the
    /// firmware's own re-association after a deauth raises neither).
    var ssidReported = false
    /// The 4-way handshake finished (PSK_SUP KEYED raised).
    var keyed = false

    mutating func reset() {
        generation &+= 1
        ap = nil
        inProgress = false
        linkUp = false
        authorized = false
        keyed = false
        ssidReported = false
    }
}

/// Steps of a join on the virtual clock.
enum JoinStep {
    case scanned
    case associated
    case keyed
    /// LINK up + `joinConfirm`: JOIN and SET_SSID for the host's request.
    case confirmed
    /// The AP gave up on our 4-way handshake (wrong key) and deauthenticated us.
    case deauthenticatedByAP
}
