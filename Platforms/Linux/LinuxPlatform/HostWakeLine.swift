/// Which edge of the host-wake/IRQ line means "the chip wants service". Rising is the
/// chip default (bus-control INTERRUPT_POLARITY_HIGH, WHD rising edge); falling pairs
/// with active-low polarity and a pull-up (the 43439 EVAL kits) (docs/linux-sbc.md §3.5,
/// docs/psoc6-platform.md §3.2).
public enum HostWakeEdge: Sendable, Equatable {
    case rising
    case falling

    /// The level while asserted.
    public var activeHigh: Bool { self == .rising }
}

/// The chip's host-wake (or gSPI IRQ) output on a libgpiod input line, with edge
/// events on the asserting edge and the level readable at any time.
public final class HostWakeLine: WakeLine {
    public let chip: String
    public let line: UInt32
    public let edge: HostWakeEdge
    private let handle: Syscalls.GPIOHandle

    /// Requests the line as an input with edge detection. `pull` asks for a bias
    /// (best effort; nil keeps the line as it is).
    public init(chip: String, line: UInt32, edge: HostWakeEdge, pull: Bool? = nil,
                consumer: String = "cyw43-host-wake") throws(GPIOError) {
        self.chip = chip
        self.line = line
        self.edge = edge
        let bias = pull == nil ? Syscalls.biasAsIs : (pull! ? Syscalls.biasPullUp : Syscalls.biasPullDown)
        guard let h = Syscalls.gpioRequestInput(chip: chip, offset: line,
                                                edge: edge == .rising ? Syscalls.edgeRising : Syscalls.edgeFalling,
                                                bias: bias, consumer: consumer) else {
            throw .request(chip: chip, line: line, role: "host-wake", errno: Syscalls.errno,
                           availableChips: GPIOError.availableChips())
        }
        handle = h
    }

    deinit { Syscalls.gpioRelease(handle) }

    public var fd: Int32 { Syscalls.gpioFD(handle) }

    public func drainEdges() -> Int {
        var n = 0
        while Syscalls.gpioEventPending(handle), Syscalls.gpioReadEvent(handle) != nil { n += 1 }
        return n
    }

    /// A read error counts as "asserted": a spurious service pass is cheap, a lost wake
    /// is not.
    public func isAsserted() -> Bool {
        let v = Syscalls.gpioGet(handle)
        if v < 0 { return true }
        return (v == 1) == edge.activeHigh
    }
}

/// A libgpiod output line (WL_REG_ON), requested low so the chip stays off until the
/// power sequence raises it.
public final class GPIOOutputLine: OutputLine {
    public let chip: String
    public let line: UInt32
    public let role: String
    private let handle: Syscalls.GPIOHandle

    public init(chip: String, line: UInt32, initial: Bool = false, role: String = "WL_REG_ON",
                consumer: String = "cyw43-wl-reg-on") throws(GPIOError) {
        self.chip = chip
        self.line = line
        self.role = role
        guard let h = Syscalls.gpioRequestOutput(chip: chip, offset: line, value: initial, consumer: consumer) else {
            throw .request(chip: chip, line: line, role: role, errno: Syscalls.errno,
                           availableChips: GPIOError.availableChips())
        }
        handle = h
    }

    deinit { Syscalls.gpioRelease(handle) }

    public func set(_ high: Bool) throws(GPIOError) {
        if Syscalls.gpioSet(handle, high) < 0 {
            throw .access(chip: chip, line: line, role: role, errno: Syscalls.errno)
        }
    }
}
