/// Every key a `board.conf` may hold (Boards/README.md documents each one).
public enum BoardKey: UInt8, Hashable, Sendable, CaseIterable {
    case kit, chip, module, mcu
    case bus, transport, sdioPins, udbPort, spiDevice
    case hostWakePin, hostWakeEdge, hostWakeDrive, wlRegOnPin, deviceWakePin
    case firmwareStorage, firmwareDir, firmware, clm, nvram
    case wifiSSID, wifiPassword, wifiSecurity
    case tkoInterval, tkoRetryInterval, tkoRetryCount
    case tkoSocket0, tkoSocket1, tkoSocket2, tkoSocket3
    case arpOffload, arpAwake, arpSleep, arpPeerAge
    case filter0, filter1, filter2, filter3, filter4, filter5, filter6, filter7
    case netActivity

    /// The key as written in a board file.
    public var name: StaticString {
        switch self {
        case .kit: "kit"
        case .chip: "chip"
        case .module: "module"
        case .mcu: "mcu"
        case .bus: "bus"
        case .transport: "transport"
        case .sdioPins: "sdio.pins"
        case .udbPort: "udb.port"
        case .spiDevice: "spi.device"
        case .hostWakePin: "host_wake.pin"
        case .hostWakeEdge: "host_wake.edge"
        case .hostWakeDrive: "host_wake.drive"
        case .wlRegOnPin: "wl_reg_on.pin"
        case .deviceWakePin: "device_wake.pin"
        case .firmwareStorage: "firmware.storage"
        case .firmwareDir: "firmware.dir"
        case .firmware: "firmware"
        case .clm: "clm"
        case .nvram: "nvram"
        case .wifiSSID: "wifi.ssid"
        case .wifiPassword: "wifi.password"
        case .wifiSecurity: "wifi.security"
        case .tkoInterval: "tko.interval"
        case .tkoRetryInterval: "tko.retry_interval"
        case .tkoRetryCount: "tko.retry_count"
        case .tkoSocket0: "tko.socket0"
        case .tkoSocket1: "tko.socket1"
        case .tkoSocket2: "tko.socket2"
        case .tkoSocket3: "tko.socket3"
        case .arpOffload: "arp.offload"
        case .arpAwake: "arp.awake"
        case .arpSleep: "arp.sleep"
        case .arpPeerAge: "arp.peer_age"
        case .filter0: "filter0"
        case .filter1: "filter1"
        case .filter2: "filter2"
        case .filter3: "filter3"
        case .filter4: "filter4"
        case .filter5: "filter5"
        case .filter6: "filter6"
        case .filter7: "filter7"
        case .netActivity: "netact"
        }
    }

    /// The key spelled by `bytes`, or nil.
    static func lookup(_ bytes: ArraySlice<UInt8>) -> BoardKey? {
        for key in allCases where ConfText.equals(bytes, key.name) { return key }
        return nil
    }

    /// Keys without which a board is incomplete.
    static let required: [BoardKey] = [
        .kit, .chip, .bus, .transport, .hostWakePin, .wlRegOnPin, .firmware, .clm, .nvram,
        .wifiSSID, .wifiSecurity, .tkoInterval, .tkoRetryInterval, .tkoRetryCount,
    ]

    static let sockets: [BoardKey] = [.tkoSocket0, .tkoSocket1, .tkoSocket2, .tkoSocket3]
    static let filters: [BoardKey] = [.filter0, .filter1, .filter2, .filter3,
                                      .filter4, .filter5, .filter6, .filter7]
}
