/// Why the spidev gSPI transport could not be opened, configured or used. Each case
/// carries the evidence (path, errno) and `description` says what to check.
public enum SPIDevError: Error, Equatable, CustomStringConvertible {
    /// `open` failed; `available` lists the /dev/spidev* nodes that do exist.
    case open(path: String, errno: Int32, available: [String])
    /// The controller refused the mode word (EINVAL: unsupported mode bits).
    case modeRejected(path: String, modeBits: UInt32, errno: Int32)
    /// Another spidev ioctl failed (name = the C macro).
    case ioctl(path: String, request: String, errno: Int32)
    /// The transaction could not be encoded.
    case plan(GSPIPlanError)

    public var description: String {
        switch self {
        case .open(let path, let e, let available):
            let found = available.isEmpty ? "none" : available.joined(separator: ", ")
            var hint = ""
            if e == 2 {
                hint = " Enable the SPI controller (Raspberry Pi: dtparam=spi=on in config.txt, or raspi-config → Interface Options → SPI), reboot, and check the bus and chip-select numbers (/dev/spidev<bus>.<cs>)."
            } else if e == 13 {
                hint = " Run as root or add the user to the group that owns the node (Raspberry Pi OS: spi)."
            }
            return "cannot open \(path): \(Syscalls.describe(errno: e)) (errno \(e)); spidev nodes present: \(found).\(hint)"
        case .modeRejected(let path, let bits, let e):
            var hint = ""
            if bits & SPIModeBits.threeWire.rawValue != 0 {
                hint = " This controller does not do SPI_3WIRE (Pi 5 RP1 and the aux SPI1/2 do not; SPI0 on Pi 1–4 does). Use a module with separate data-in/data-out lines and --spi-wiring 4, or spi-gpio (docs/linux-sbc.md §2.2–2.4)."
            }
            return "\(path): the SPI controller rejected mode 0x\(String(bits, radix: 16)): \(Syscalls.describe(errno: e)) (errno \(e)).\(hint)"
        case .ioctl(let path, let request, let e):
            return "\(path): \(request) failed: \(Syscalls.describe(errno: e)) (errno \(e))"
        case .plan(.empty):
            return "empty gSPI transaction"
        case .plan(.tooLong(let bytes, let limit)):
            return "gSPI transaction of \(bytes) bytes exceeds spidev's bufsiz \(limit) (raise spidev.bufsiz)"
        }
    }
}
