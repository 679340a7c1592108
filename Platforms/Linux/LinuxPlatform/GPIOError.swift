/// Why a GPIO line could not be requested or used. `description` names the chip, the
/// line and what to check.
public enum GPIOError: Error, Equatable, CustomStringConvertible {
    /// The chip or line could not be requested (`role`: "host-wake", "WL_REG_ON").
    case request(chip: String, line: UInt32, role: String, errno: Int32, availableChips: [String])
    /// Reading or driving the line failed.
    case access(chip: String, line: UInt32, role: String, errno: Int32)

    public var description: String {
        switch self {
        case .request(let chip, let line, let role, let e, let chips):
            let found = chips.isEmpty ? "none" : chips.joined(separator: ", ")
            var hint = ""
            switch e {
            case 2: hint = " The GPIO chip does not exist: check the name (gpiodetect lists them) and that the kernel has GPIOLIB and the GPIO character device."
            case 16: hint = " The line is busy: another driver or process owns it (gpioinfo shows the consumer). Do not use an SPI pin."
            case 13: hint = " Permission denied: run as root or add the user to the gpio group."
            case 22: hint = " Invalid argument: the line offset may be out of range for this chip (gpioinfo)."
            case Syscalls.gpiodMissingErrno:
                hint = " \(Syscalls.gpiodLoadError() ?? "libgpiod could not be loaded"): install it (Debian 12: apt-get install libgpiod2; Debian 13: libgpiod3)."
            default: break
            }
            return "cannot request \(role) line \(line) on \(chip): \(Syscalls.describe(errno: e)) (errno \(e)); GPIO chips present: \(found).\(hint)"
        case .access(let chip, let line, let role, let e):
            return "\(role) line \(line) on \(chip): \(Syscalls.describe(errno: e)) (errno \(e))"
        }
    }

    static func availableChips() -> [String] {
        Syscalls.listDirectory("/dev", prefix: "gpiochip").map { "/dev/" + $0 }
    }
}
