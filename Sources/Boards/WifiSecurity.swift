/// The Wi-Fi security types a board may default to: the `CY_WCM_SECURITY_…` values the C
/// example's WCM accepts and WHD can join (docs/tko-offload.md §8; WEP, FBT, IBSS and enterprise
/// types are left out: WHD rejects the first three and the CE has no enterprise credentials).
public enum WifiSecurity: Hashable, Sendable, CaseIterable {
    case open
    case wpaTkipPsk, wpaAesPsk, wpaMixedPsk
    case wpa2AesPsk, wpa2AesPskSha256, wpa2TkipPsk, wpa2MixedPsk
    case wpa2WpaAesPsk, wpa2WpaMixedPsk
    case wpa3Sae, wpa3Wpa2Psk

    /// The name in a board file (`wifi.security = wpa2_aes_psk`): WCM's enum name, lower case.
    public var name: StaticString {
        switch self {
        case .open: "open"
        case .wpaTkipPsk: "wpa_tkip_psk"
        case .wpaAesPsk: "wpa_aes_psk"
        case .wpaMixedPsk: "wpa_mixed_psk"
        case .wpa2AesPsk: "wpa2_aes_psk"
        case .wpa2AesPskSha256: "wpa2_aes_psk_sha256"
        case .wpa2TkipPsk: "wpa2_tkip_psk"
        case .wpa2MixedPsk: "wpa2_mixed_psk"
        case .wpa2WpaAesPsk: "wpa2_wpa_aes_psk"
        case .wpa2WpaMixedPsk: "wpa2_wpa_mixed_psk"
        case .wpa3Sae: "wpa3_sae"
        case .wpa3Wpa2Psk: "wpa3_wpa2_psk"
        }
    }

    /// `cy_wcm_security_t` value (docs/tko-offload.md §8).
    public var wcmValue: UInt32 {
        switch self {
        case .open: 0x0000_0000
        case .wpaTkipPsk: 0x0020_0002
        case .wpaAesPsk: 0x0020_0004
        case .wpaMixedPsk: 0x0020_0006
        case .wpa2AesPsk: 0x0040_0004
        case .wpa2AesPskSha256: 0x00C0_0004
        case .wpa2TkipPsk: 0x0040_0002
        case .wpa2MixedPsk: 0x0040_0006
        case .wpa2WpaAesPsk: 0x0060_0004
        case .wpa2WpaMixedPsk: 0x0060_0006
        case .wpa3Sae: 0x0100_0004
        case .wpa3Wpa2Psk: 0x0140_0004
        }
    }

    /// True if a passphrase is needed (every type but open).
    public var needsPassphrase: Bool { self != .open }
}
