/// The security types join supports, with the WHD mapping (docs/tko-offload.md §8,
/// docs/cyw43-bus.md §7.3).
public enum Security: Equatable, Sendable {
    case open
    /// CY_WCM_SECURITY_WPA2_AES_PSK (the CE default).
    case wpa2AES
    /// WPA/WPA2 mixed: CY_WCM_SECURITY_WPA2_WPA_MIXED_PSK (wsec TKIP|AES, WPA2-PSK auth).
    case wpaWPA2Mixed
    /// CY_WCM_SECURITY_WPA3_SAE.
    case wpa3SAE
    /// CY_WCM_SECURITY_WPA3_WPA2_PSK (transition mode).
    case wpa2WPA3

    /// WLC_SET_WSEC value (security & 0xFF).
    var wsec: UInt32 {
        switch self {
        case .open: 0
        case .wpa2AES, .wpa3SAE, .wpa2WPA3: 4
        case .wpaWPA2Mixed: 6
        }
    }
    /// WLC_SET_WPA_AUTH value.
    var wpaAuth: UInt32 {
        switch self {
        case .open: 0
        case .wpa2AES, .wpaWPA2Mixed: 0x80
        case .wpa3SAE, .wpa2WPA3: 0x4_0000
        }
    }
    /// WLC_SET_AUTH: 0 open system, 3 SAE.
    var authMode: UInt32 { usesSAE ? 3 : 0 }
    /// "mfp": 2 required for WPA3-only, 1 capable for transition and every WPA2 type.
    var mfp: UInt32? {
        switch self {
        case .open: nil
        case .wpa3SAE: 2
        case .wpa2AES, .wpaWPA2Mixed, .wpa2WPA3: 1
        }
    }
    var usesPSK: Bool { self == .wpa2AES || self == .wpaWPA2Mixed || self == .wpa2WPA3 }
    var usesSAE: Bool { self == .wpa3SAE || self == .wpa2WPA3 }
    var isSecure: Bool { self != .open }
}

/// Why a join failed (typed, for the app's retry log).
public enum JoinFailure: Equatable, Sendable {
    /// SET_SSID status 3 (NO_NETWORKS): the SSID was not found.
    case noNetwork
    /// The 4-way handshake / SAE exchange failed: wrong passphrase.
    case badPassphrase
    /// The AP refused authentication or association, or deauthenticated us while joining.
    case authRejected
    /// No result within the join timeout (WHD 9000 ms).
    case timeout
}
