import Boards
import Runtime

/// Command-line overrides for `tcp-keepalive run` on Linux hardware; nil keeps the
/// board's value.
public struct LinuxHardwareOverrides: Sendable {
    public var spidev: String?
    public var spiHz: UInt32?
    public var spiMode: UInt8?
    public var wiring: GSPIWiring?
    /// GPIO chip for both lines, e.g. `/dev/gpiochip0` (v1 also takes `gpiochip0`).
    public var gpiochip: String?
    /// Host-wake line offset; `disableHostWake` forces polling.
    public var hostWakeLine: UInt32?
    public var hostWakeEdge: HostWakeEdge?
    public var disableHostWake: Bool
    public var regOnLine: UInt32?
    /// Folders searched before the board's `firmware.dir` and the system folders.
    public var firmwareFolders: [String]

    public init(spidev: String? = nil, spiHz: UInt32? = nil, spiMode: UInt8? = nil, wiring: GSPIWiring? = nil,
                gpiochip: String? = nil, hostWakeLine: UInt32? = nil, hostWakeEdge: HostWakeEdge? = nil,
                disableHostWake: Bool = false, regOnLine: UInt32? = nil, firmwareFolders: [String] = []) {
        self.spidev = spidev
        self.spiHz = spiHz
        self.spiMode = spiMode
        self.wiring = wiring
        self.gpiochip = gpiochip
        self.hostWakeLine = hostWakeLine
        self.hostWakeEdge = hostWakeEdge
        self.disableHostWake = disableHostWake
        self.regOnLine = regOnLine
        self.firmwareFolders = firmwareFolders
    }
}

extension LinuxHardwareOptions {
    /// Resolves a board (`Boards/<KIT>/board.conf`) plus overrides into options. Throws
    /// `.configuration` with the option to pass when the board cannot run on Linux.
    public init(board: BoardConfig, overrides o: LinuxHardwareOverrides = LinuxHardwareOverrides(),
                hostWakeInterrupt: UInt8 = 0) throws(LinuxHardwareError) {
        let kit = String(decoding: board.kit, as: UTF8.self)
        if board.bus != .gspi {
            throw .configuration("board \(kit) talks to its chip over SDIO (\(board.transport)); on Linux the chip is driven over gSPI through spidev only. Use --board LINUX-SBC-43439 or a board file with bus = gspi and transport = spidev.")
        }
        let boardSpidev = board.spiDevice.isEmpty ? nil : String(decoding: board.spiDevice, as: UTF8.self)
        guard let spidev = o.spidev ?? boardSpidev else {
            throw .configuration("board \(kit) names no spidev node; pass --spidev /dev/spidev<bus>.<cs>.")
        }
        var chipNumber: UInt8?
        var hostWake: UInt32?
        if case .gpioLine(let chip, let line) = board.hostWake.pin { chipNumber = chip; hostWake = UInt32(line) }
        var regOn: UInt32?
        if case .gpioLine(let chip, let line) = board.wlRegOn {
            if let c = chipNumber, c != chip, o.gpiochip == nil {
                throw .configuration("board \(kit) puts host-wake on gpiochip\(c) and WL_REG_ON on gpiochip\(chip); both must be on one chip, pass --gpiochip.")
            }
            chipNumber = chip
            regOn = UInt32(line)
        }
        let edge: HostWakeEdge = board.hostWake.edge == .falling ? .falling : .rising
        let pull: Bool? = switch board.hostWake.drive {
        case .pullUp: true
        case .pullDown: false
        case .analog: nil
        }
        let boardNames = FirmwareNames(firmware: Self.nonEmpty(board.firmware.firmware),
                                       clm: Self.nonEmpty(board.firmware.clm),
                                       nvram: Self.nonEmpty(board.firmware.nvram))
        let names = FirmwareNames.linuxDefaults(chip: Self.chipDigits(board.chip)).preferring(boardNames)
        var folders = o.firmwareFolders
        if !board.firmware.directory.isEmpty { folders.append(String(decoding: board.firmware.directory, as: UTF8.self)) }
        var spi = SPIBusConfig()
        if let hz = o.spiHz { spi.speedHz = hz }
        if let mode = o.spiMode { spi.mode = mode }
        if let wiring = o.wiring { spi.wiring = wiring }
        self.init(spidev: spidev, spi: spi,
                  gpiochip: o.gpiochip ?? "/dev/gpiochip\(chipNumber ?? 0)",
                  hostWakeLine: o.disableHostWake ? nil : (o.hostWakeLine ?? hostWake),
                  hostWakeEdge: o.hostWakeEdge ?? edge, hostWakePull: pull,
                  regOnLine: o.regOnLine ?? regOn, firmwareFolders: folders, firmwareNames: names,
                  hostWakeInterrupt: hostWakeInterrupt)
    }

    private static func nonEmpty(_ name: [UInt8]) -> [String] {
        name.isEmpty ? [] : [String(decoding: name, as: UTF8.self)]
    }

    /// "43439", "4343W", ... as the Linux firmware names spell the chip.
    static func chipDigits(_ chip: Chip) -> String {
        switch chip {
        case .cyw4343w: "4343W"
        case .cyw43438: "43438"
        case .cyw43439: "43439"
        case .cyw43012: "43012"
        case .cyw4373: "4373"
        }
    }
}
