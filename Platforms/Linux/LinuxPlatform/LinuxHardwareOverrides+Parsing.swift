import Boards
import Runtime

/// Parsers for the command-line spellings `tcp-keepalive run` accepts (nil = not valid).
extension GSPIWiring {
    /// "4" / "4wire" (separate data lines), "3" / "3wire" (shared line, SPI_3WIRE),
    /// "3hiz" (SPI_3WIRE | SPI_3WIRE_HIZ).
    public init?(argument: String) {
        switch argument.lowercased() {
        case "4", "4wire", "4-wire", "four": self = .fourWire
        case "3", "3wire", "3-wire", "three": self = .threeWire(hiZ: false)
        case "3hiz", "3wire-hiz": self = .threeWire(hiZ: true)
        default: return nil
        }
    }
}

extension HostWakeEdge {
    /// "rising" / "falling".
    public init?(argument: String) {
        switch argument.lowercased() {
        case "rising", "rise", "high": self = .rising
        case "falling", "fall", "low": self = .falling
        default: return nil
        }
    }
}

extension LinuxHardware {
    /// Board + overrides → open hardware, in one call (what `tcp-keepalive run` needs).
    public static func open(board: BoardConfig, overrides: LinuxHardwareOverrides = LinuxHardwareOverrides(),
                            interrupts: InterruptMailbox, hostWakeInterrupt: UInt8) throws(LinuxHardwareError) -> LinuxHardware {
        let options = try LinuxHardwareOptions(board: board, overrides: overrides, hostWakeInterrupt: hostWakeInterrupt)
        return try open(options, interrupts: interrupts)
    }
}
