import Runtime

/// One board: the chip, how it is wired, which firmware it runs, and the example's
/// default Wi-Fi and keepalive settings. Parsed from a `board.conf` (Boards/README.md) by
/// `BoardConfig.parse(_:)`; every board ships compiled in (`Boards.catalog`).
///
/// Text fields are ASCII bytes, not `String`, to keep the MCU image small. The Wi-Fi
/// passphrase is configuration: never log it.
public struct BoardConfig: Equatable, Sendable {
    /// Kit name, e.g. `CY8CPROTO-062-4343W`.
    public var kit: [UInt8]
    public var chip: Chip
    /// Radio module, e.g. `Murata 1DX` (informational).
    public var module: [UInt8]
    /// Host MCU or SoC (informational).
    public var mcu: [UInt8]

    public var bus: Bus
    public var transport: Transport
    /// SDIO D0, D1, D2, D3, CMD, CLK (empty if not given).
    public var sdioPins: [Pin]
    /// UDB SDIO port (`UDB_SDIO_P2` = 2, `UDB_SDIO_P12` = 12), nil unless `transport = udb`.
    public var udbPort: UInt8?
    /// spidev path for `transport = spidev`, e.g. `/dev/spidev0.0`.
    public var spiDevice: [UInt8]
    public var hostWake: HostWake
    /// WL_REG_ON (chip power/reset), `.none` if the board has no such pin.
    public var wlRegOn: Pin
    /// CYBSP_WIFI_DEVICE_WAKE where the board has one (unused by the example).
    public var deviceWake: Pin

    public var firmware: FirmwareFiles
    public var wifi: WifiSettings
    public var keepalive: KeepaliveSettings
    public var arp: ArpOffloadSettings
    public var filters: [PacketFilterRule]
    /// `netact`: when the host may sleep again after a data wake (quick, or the seed's windows).
    public var netActivity: NetActivityRule = .quick

    /// The host-wake (WL_HOST_WAKE / gSPI IRQ) input.
    public struct HostWake: Equatable, Sendable {
        public var pin: Pin
        public var edge: Edge
        public var drive: DriveMode
        public init(pin: Pin, edge: Edge = .rising, drive: DriveMode = .analog) {
            self.pin = pin
            self.edge = edge
            self.drive = drive
        }
    }

    /// Firmware, CLM and NVRAM resource names. PSoC kits: WHD 3.2.0 resource names, the
    /// NVRAM being the module's component (docs/cyw43-bus.md §9.2); Linux: file names in `directory`.
    public struct FirmwareFiles: Equatable, Sendable {
        public var storage: FirmwareStorage
        public var directory: [UInt8]
        public var firmware: [UInt8]
        public var clm: [UInt8]
        public var nvram: [UInt8]
        public init(storage: FirmwareStorage, directory: [UInt8], firmware: [UInt8], clm: [UInt8], nvram: [UInt8]) {
            self.storage = storage
            self.directory = directory
            self.firmware = firmware
            self.clm = clm
            self.nvram = nvram
        }
    }

    /// The access point to join. Defaults are the C example's placeholders (`WIFI_SSID`,
    /// `WIFI_PASSWORD`, WPA2-AES-PSK; docs/tko-offload.md §6.1).
    public struct WifiSettings: Equatable, Sendable {
        /// 1...32 bytes.
        public var ssid: [UInt8]
        /// 8...63 printable characters unless `security == .open`. Never log it.
        public var passphrase: [UInt8]
        public var security: WifiSecurity
        public init(ssid: [UInt8], passphrase: [UInt8], security: WifiSecurity) {
            self.ssid = ssid
            self.passphrase = passphrase
            self.security = security
        }
    }

    /// The buses the board can run: one, or both for the chip model.
    public var supportedBuses: [Bus] { transport == .chipModel ? [.gspi, .sdio] : [bus] }
}
