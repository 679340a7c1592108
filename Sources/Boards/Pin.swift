/// A GPIO as a board file names it.
///
///     P2_6            PSoC 6 port 2 pin 6 (ports 0...14, pins 0...7)
///     gpiochip0:25    Linux GPIO character device line (libgpiod)
///     irq:1           an interrupt line of the platform (QEMU board / VirtualPlatform)
///     none            not wired
public enum Pin: Equatable, Sendable {
    case none
    case psoc(port: UInt8, pin: UInt8)
    case gpioLine(chip: UInt8, line: UInt16)
    case irq(UInt8)

    /// Parses the text forms above; nil if malformed or out of range.
    public init?(ascii bytes: ArraySlice<UInt8>) {
        if ConfText.equals(bytes, "none") { self = .none; return }
        let n = bytes.count
        guard n >= 3 else { return nil }
        let s = bytes.startIndex
        if bytes[s] == 0x50 {  // "P<port>_<pin>"
            guard let us = bytes.firstIndex(of: 0x5F),
                  let port = ConfText.number(bytes[(s + 1)..<us], max: 14),
                  let pin = ConfText.number(bytes[(us + 1)...], max: 7),
                  bytes[(s + 1)..<us].first != 0x30 || us - s == 2  // no leading zeros: "P02_1"
            else { return nil }
            self = .psoc(port: UInt8(port), pin: UInt8(pin))
            return
        }
        guard let colon = bytes.firstIndex(of: 0x3A) else { return nil }
        let head = bytes[s..<colon], tail = bytes[(colon + 1)...]
        guard !tail.isEmpty, tail.first != 0x30 || tail.count == 1 else { return nil }
        if ConfText.equals(head, "irq") {
            guard let line = ConfText.number(tail, max: 31) else { return nil }
            self = .irq(UInt8(line))
            return
        }
        // "gpiochip<N>"
        guard head.count > 8, ConfText.equals(head.prefix(8), "gpiochip"),
              let chip = ConfText.number(head.dropFirst(8), max: 255),
              let line = ConfText.number(tail, max: 65_535) else { return nil }
        self = .gpioLine(chip: UInt8(chip), line: UInt16(line))
    }
}

/// The host-wake interrupt edge (docs/tko-offload.md §5.2: `is_falling_edge`).
public enum Edge: Hashable, Sendable { case rising, falling }

/// The host-wake input's drive mode (docs/tko-offload.md §9: analog = High-Z, input buffer off).
public enum DriveMode: Hashable, Sendable { case analog, pullUp, pullDown }
