import Runtime
import ChipModel
import Boards

extension WorldConfig {
    /// The world a board's configuration expects: one AP with the board's Wi-Fi
    /// credentials (the C example's app_config.h values) and a LAN around the first
    /// keepalive socket's server (the CE's design.modus); without a configured socket, the
    /// server sits at 192.168.0.114:50007 (tcp_server.py's default port).
    public static func forBoard(_ board: BoardConfig) -> WorldConfig {
        let ap = VirtualAP(ssid: board.wifi.ssid, security: APSecurity(board.wifi.security),
                           passphrase: board.wifi.passphrase, channel: 6, rssi: -50, bssid: defaultBSSID)
        let socket = board.keepalive.sockets.first
        return .standard(ap: ap, serverIP: socket?.remoteIP ?? IPv4Address(192, 168, 0, 114),
                         serverPort: socket?.remotePort ?? 50007)
    }
}

extension APSecurity {
    /// What an AP must offer for a station configured with `s` to join it
    /// (docs/tko-offload.md §8: WPA* -> WPA, WPA2* and WPA2/WPA mixed -> WPA2, WPA3-SAE -> WPA3,
    /// WPA3/WPA2 -> transition).
    public init(_ s: WifiSecurity) {
        switch s {
        case .open: self = .open
        case .wpaTkipPsk, .wpaAesPsk, .wpaMixedPsk: self = .wpa
        case .wpa2AesPsk, .wpa2AesPskSha256, .wpa2TkipPsk, .wpa2MixedPsk, .wpa2WpaAesPsk, .wpa2WpaMixedPsk: self = .wpa2
        case .wpa3Sae: self = .wpa3
        case .wpa3Wpa2Psk: self = .transition
        }
    }
}
