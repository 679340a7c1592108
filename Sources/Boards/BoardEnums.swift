/// The Wi-Fi chip on a board (docs/tko-offload.md §9, docs/cyw43-bus.md §9.2).
public enum Chip: Hashable, Sendable {
    case cyw4343w, cyw43438, cyw43439, cyw43012, cyw4373

    /// The chip's name as a board file spells it.
    public var name: StaticString {
        switch self {
        case .cyw4343w: "CYW4343W"
        case .cyw43438: "CYW43438"
        case .cyw43439: "CYW43439"
        case .cyw43012: "CYW43012"
        case .cyw4373: "CYW4373E"
        }
    }
}

/// The host <-> chip bus protocol.
public enum Bus: Hashable, Sendable { case sdio, gspi }

/// What carries the bus: the PSoC 6 SDHC block, UDB-implemented SDIO on "01" parts
/// (`CYHAL_UDB_SDIO`, docs/tko-offload.md §9), Linux spidev (docs/linux-sbc.md §2), or the software
/// chip model (QEMU board / simulation; it speaks both buses).
public enum Transport: Hashable, Sendable {
    case sdhc, udb, spidev, chipModel

    /// The buses this transport can carry.
    public func carries(_ bus: Bus) -> Bool {
        switch self {
        case .sdhc, .udb: bus == .sdio
        case .spidev: bus == .gspi
        case .chipModel: true
        }
    }
}

/// Where the Wi-Fi firmware image lives.
public enum FirmwareStorage: Hashable, Sendable {
    /// Linked into the MCU image (the default).
    case flash
    /// External QSPI flash, executed in place (CY8CPROTO-062S3-4343W, docs/tko-offload.md §9).
    case qspiXIP
    /// Files in `firmware.dir` (Linux).
    case file
    /// No image needed (the chip model).
    case none
}

/// When the host may sleep again after a data wake.
public enum NetActivityRule: Hashable, Sendable {
    /// As soon as what came is read, ACKed and the connections are idle; a short window
    /// (`AppSettings.moreDataWindow`) only while a peer's write is still arriving. The re-offload still
    /// waits for `AppSettings.reoffloadSpacing`, with the MCU in deep sleep meanwhile: nothing but a
    /// timer is pending then, and the chip raises host-wake for any frame.
    case quick
    /// LPA's windows (docs/tko-offload.md §6.3): `NETWORK_SUSPEND_DELAY_MS`, then
    /// `NETWORK_INACTIVE_WINDOW_MS` of silence within `NETWORK_INACTIVE_INTERVAL_MS`, with
    /// deep sleep locked meanwhile (LPA's `wait_net_suspend` holds the lock through them).
    case seedWindows
}
