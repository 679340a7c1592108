import Runtime

/// Everything a Linux SBC run needs, fully resolved (no board lookups left).
public struct LinuxHardwareOptions: Sendable {
    /// spidev node, `/dev/spidev<bus>.<cs>`.
    public var spidev: String
    public var spi: SPIBusConfig
    /// GPIO chip for host-wake and WL_REG_ON (`/dev/gpiochipN`; v1 also takes a label).
    public var gpiochip: String
    /// Host-wake (or gSPI IRQ) input line offset; nil = no line, the driver polls.
    public var hostWakeLine: UInt32?
    public var hostWakeEdge: HostWakeEdge
    /// Bias for the host-wake input (true = pull-up, false = pull-down, nil = as is).
    public var hostWakePull: Bool?
    /// WL_REG_ON output line offset; nil = the module is powered some other way.
    public var regOnLine: UInt32?
    public var power: PowerSequence
    /// Folders searched before the system firmware folders.
    public var firmwareFolders: [String]
    public var firmwareNames: FirmwareNames
    /// The mailbox line the host-wake raises.
    public var hostWakeInterrupt: UInt8

    public init(spidev: String = "/dev/spidev0.0", spi: SPIBusConfig = SPIBusConfig(),
                gpiochip: String = "/dev/gpiochip0", hostWakeLine: UInt32? = nil,
                hostWakeEdge: HostWakeEdge = .rising, hostWakePull: Bool? = nil,
                regOnLine: UInt32? = nil, power: PowerSequence = PowerSequence(),
                firmwareFolders: [String] = [], firmwareNames: FirmwareNames,
                hostWakeInterrupt: UInt8 = 0) {
        self.spidev = spidev
        self.spi = spi
        self.gpiochip = gpiochip
        self.hostWakeLine = hostWakeLine
        self.hostWakeEdge = hostWakeEdge
        self.hostWakePull = hostWakePull
        self.regOnLine = regOnLine
        self.power = power
        self.firmwareFolders = firmwareFolders
        self.firmwareNames = firmwareNames
        self.hostWakeInterrupt = hostWakeInterrupt
    }
}

/// Why the Linux hardware could not be brought up; `description` is the message for
/// the user (it names the device, line or file and what to check).
public enum LinuxHardwareError: Error, CustomStringConvertible {
    case spi(SPIDevError)
    case gpio(GPIOError)
    case platform(LinuxPlatformError)
    case firmware(FirmwareError)
    /// A board/option combination that cannot work (text says which option to pass).
    case configuration(String)

    public var description: String {
        switch self {
        case .spi(let e): return "SPI: \(e)"
        case .gpio(let e): return "GPIO: \(e)"
        case .platform(let e): return "platform: \(e)"
        case .firmware(let e): return "firmware: \(e)"
        case .configuration(let text): return "configuration: \(text)"
        }
    }
}

/// The pieces `tcp-keepalive run` wires to the driver on a Linux SBC: the platform
/// (clock + epoll sleep), the gSPI transport, the host-wake and WL_REG_ON lines, and
/// the firmware source. Built by `open(_:interrupts:)`; nothing touches the chip until
/// `powerOn()`.
public final class LinuxHardware {
    public let options: LinuxHardwareOptions
    public let platform: LinuxPlatform
    public let transport: SpidevGSPITransport
    public let hostWake: HostWakeLine?
    public let regOn: GPIOOutputLine?
    public let firmware: FirmwareFolder

    private init(options: LinuxHardwareOptions, platform: LinuxPlatform, transport: SpidevGSPITransport,
                 hostWake: HostWakeLine?, regOn: GPIOOutputLine?, firmware: FirmwareFolder) {
        self.options = options
        self.platform = platform
        self.transport = transport
        self.hostWake = hostWake
        self.regOn = regOn
        self.firmware = firmware
    }

    /// Checks the firmware files first (no hardware touched if one is missing), then
    /// opens the spidev node, requests WL_REG_ON low and the host-wake input, and adds
    /// the host-wake line to the platform's epoll set.
    public static func open(_ o: LinuxHardwareOptions,
                            interrupts: InterruptMailbox = InterruptMailbox()) throws(LinuxHardwareError) -> LinuxHardware {
        let folder = FirmwareFolder(folders: o.firmwareFolders)
        for (role, names) in [("firmware", o.firmwareNames.firmware), ("CLM", o.firmwareNames.clm),
                              ("NVRAM", o.firmwareNames.nvram)] where folder.locate(names) == nil {
            throw .firmware(.missing(role: role, names: names, folders: folder.folders))
        }
        let platform: LinuxPlatform
        do throws(LinuxPlatformError) { platform = try LinuxPlatform(interrupts: interrupts) } catch {
            throw .platform(error)
        }
        let transport: SpidevGSPITransport
        do throws(SPIDevError) { transport = try SpidevGSPITransport(path: o.spidev, config: o.spi) } catch {
            throw .spi(error)
        }
        var regOn: GPIOOutputLine?
        var hostWake: HostWakeLine?
        do throws(GPIOError) {
            if let line = o.regOnLine { regOn = try GPIOOutputLine(chip: o.gpiochip, line: line, initial: false) }
            if let line = o.hostWakeLine {
                hostWake = try HostWakeLine(chip: o.gpiochip, line: line, edge: o.hostWakeEdge, pull: o.hostWakePull)
            }
        } catch {
            throw .gpio(error)
        }
        if let hw = hostWake {
            do throws(LinuxPlatformError) { try platform.attach(hostWake: hw, interrupt: o.hostWakeInterrupt) } catch {
                throw .platform(error)
            }
        }
        return LinuxHardware(options: o, platform: platform, transport: transport, hostWake: hostWake,
                             regOn: regOn, firmware: folder)
    }

    /// WL_REG_ON off → delay → on → delay. No-op without a WL_REG_ON line.
    public func powerOn() throws(GPIOError) {
        guard let line = regOn else { return }
        try options.power.powerOn(line, platform: platform)
    }

    /// Drives WL_REG_ON low.
    public func powerOff() throws(GPIOError) {
        guard let line = regOn else { return }
        try options.power.powerOff(line)
    }

    /// Reads firmware, CLM and NVRAM.
    public func loadFirmware() throws(FirmwareError) -> FirmwareImages {
        try firmware.load(options.firmwareNames)
    }
}
