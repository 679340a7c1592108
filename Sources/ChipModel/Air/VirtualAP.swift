import Runtime

/// The security an access point offers (docs/seams.md §3).
public enum APSecurity: Sendable {
    case open
    /// WPA (WPA1) personal, TKIP/AES.
    case wpa
    /// WPA2 personal (RSN, AES).
    case wpa2
    /// WPA3-SAE only.
    case wpa3
    /// WPA3/WPA2 transition: accepts SAE or WPA2-PSK.
    case transition
}

/// An access point the world offers to the chip: what a join can see.
public struct VirtualAP: Sendable {
    /// The SSID bytes (1..32).
    public var ssid: [UInt8]
    public var security: APSecurity
    /// The ASCII passphrase (8..63 bytes) for PSK and SAE; ignored when open.
    public var passphrase: [UInt8]
    /// 2.4 GHz channel number (1..14) or 5 GHz.
    public var channel: UInt8
    /// Received signal strength in dBm as the chip reports it (WLC_GET_RSSI).
    public var rssi: Int16
    public var bssid: MACAddress
    /// Every `dtimPeriod`-th beacon is a DTIM (the beacon's TIM element; scan results carry it).
    /// 3: the simulation's AP (`AccessPointPowerSave.dtimPeriod`) and the power figures' AP.
    public var dtimPeriod: UInt8 = 3

    public init(ssid: [UInt8], security: APSecurity, passphrase: [UInt8] = [],
                channel: UInt8 = 6, rssi: Int16 = -50, bssid: MACAddress) {
        self.ssid = ssid
        self.security = security
        self.passphrase = passphrase
        self.channel = channel
        self.rssi = rssi
        self.bssid = bssid
    }
}
