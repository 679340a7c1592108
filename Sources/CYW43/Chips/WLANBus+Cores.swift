import Runtime

/// AI (AXI) wrapper core control (docs/cyw43-bus.md §3.3, WHD `whd_chip.c`). IOCTRL and
/// RESETCTRL are accessed as single bytes through the backplane window.
extension WLANBus {
    private func ioctrl(_ core: UInt32) -> UInt32 { core + Backplane.wrapperOffset + Backplane.ioctrl }
    private func resetctrl(_ core: UInt32) -> UInt32 { core + Backplane.wrapperOffset + Backplane.resetctrl }
    private func resetstatus(_ core: UInt32) -> UInt32 { core + Backplane.wrapperOffset + Backplane.resetstatus }

    /// disable(core): already in reset -> done; else IOCTRL = 0, read back, 1 ms,
    /// RESETCTRL = 1, 1 ms.
    func disableCore(_ core: UInt32) throws(BusError) {
        _ = try readBackplane(resetctrl(core), size: 1)
        let r = try readBackplane(resetctrl(core), size: 1)
        if UInt8(truncatingIfNeeded: r) & Backplane.aircReset != 0 { return }
        try writeBackplane(ioctrl(core), size: 1, 0)
        _ = try readBackplane(ioctrl(core), size: 1)
        pause(for: .milliseconds(1))
        try writeBackplane(resetctrl(core), size: 1, UInt32(Backplane.aircReset))
        pause(for: .milliseconds(1))
    }

    /// reset_device_core(core): disable; IOCTRL = FGC|CLOCK_EN; RESETCTRL = 0; IOCTRL = CLOCK_EN.
    func resetDeviceCore(_ core: UInt32) throws(BusError) {
        try disableCore(core)
        try writeBackplane(ioctrl(core), size: 1, UInt32(Backplane.sicfForceGatedClock | Backplane.sicfClockEnable))
        _ = try readBackplane(ioctrl(core), size: 1)
        try writeBackplane(resetctrl(core), size: 1, 0)
        pause(for: .milliseconds(1))
        try writeBackplane(ioctrl(core), size: 1, UInt32(Backplane.sicfClockEnable))
        _ = try readBackplane(ioctrl(core), size: 1)
        pause(for: .milliseconds(1))
    }

    /// core_is_up: IOCTRL & (FGC|CLOCK_EN) == CLOCK_EN and not in reset.
    func isCoreUp(_ core: UInt32) throws(BusError) -> Bool {
        let io = UInt8(truncatingIfNeeded: try readBackplane(ioctrl(core), size: 1))
        guard io & (Backplane.sicfForceGatedClock | Backplane.sicfClockEnable) == Backplane.sicfClockEnable else { return false }
        let r = UInt8(truncatingIfNeeded: try readBackplane(resetctrl(core), size: 1))
        return r & Backplane.aircReset == 0
    }

    /// reset_core(core, bits, resetbits) for the CR4 (4373): wait RESETSTATUS idle, reset,
    /// IOCTRL = bits|resetbits|FGC|CLOCK_EN, release (up to 10 tries), IOCTRL = bits|CLOCK_EN.
    func resetCore(_ core: UInt32, bits: UInt8, resetBits: UInt8) throws(BusError) {
        try waitResetStatusIdle(core)
        try writeBackplane(resetctrl(core), size: 1, UInt32(Backplane.aircReset))
        pause(for: .milliseconds(10))
        try waitResetStatusIdle(core)
        try writeBackplane(ioctrl(core), size: 1,
                           UInt32(bits | resetBits | Backplane.sicfForceGatedClock | Backplane.sicfClockEnable))
        var tries = 0
        while tries < 10 {
            try waitResetStatusIdle(core)
            try writeBackplane(resetctrl(core), size: 1, 0)
            try waitResetStatusIdle(core)
            if UInt8(truncatingIfNeeded: try readBackplane(resetctrl(core), size: 1)) & Backplane.aircReset == 0 { break }
            tries += 1
        }
        try writeBackplane(ioctrl(core), size: 1, UInt32(bits | Backplane.sicfClockEnable))
        pause(for: .milliseconds(1))
    }

    private func waitResetStatusIdle(_ core: UInt32) throws(BusError) {
        var n = 0
        while try readBackplane(resetstatus(core), size: 1) != 0 {
            n += 1
            if n >= 300 { throw .timeout(register: resetstatus(core)) }
            pause(for: .milliseconds(1))
        }
    }
}
