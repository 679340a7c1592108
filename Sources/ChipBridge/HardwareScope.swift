/// Brackets the code that stands in for hardware (the chip model behind a transport, the
/// simulated world stepped while the host sleeps or delays), so a measurement of the
/// device's own work (its allocations, Tests/AppTests/ZeroAllocationCycleTests) can leave
/// it out: `enter` runs before such code, `leave` after. Nests. A real kit has no such code.
public struct HardwareScope {
    public let enter: () -> Void
    public let leave: () -> Void

    public init(enter: @escaping () -> Void, leave: @escaping () -> Void) {
        self.enter = enter
        self.leave = leave
    }
}
