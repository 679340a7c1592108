import Runtime

/// WL_REG_ON power-up: drive low, wait, raise, wait (docs/linux-sbc.md §3.3, recommended for
/// Linux). The datasheet wants ≥ 10 ms between REG_ON toggles (CBUCK discharge) and
/// ≥ 150 ms before the first bus access; WHD uses 10 ms / 250 ms, embassy and the
/// pico-sdk port 20 ms / 250 ms. Userspace sleeps only lengthen these, which is harmless.
/// After this the driver polls the gSPI test register (0xFEEDBEAD) for up to 500 ms.
public struct PowerSequence: Sendable, Equatable {
    /// Time held low before raising (default 20 ms).
    public var offTime: Duration
    /// Settle time after raising (default 250 ms).
    public var onSettle: Duration

    public init(offTime: Duration = .milliseconds(20), onSettle: Duration = .milliseconds(250)) {
        self.offTime = offTime
        self.onSettle = onSettle
    }

    /// Runs off → delay → on → delay on `line`, timing with `platform.delay`.
    public func powerOn<L: OutputLine, P: Platform>(_ line: L, platform: P) throws(GPIOError) {
        try line.set(false)
        platform.delay(offTime)
        try line.set(true)
        platform.delay(onSettle)
    }

    /// Drives the line low (chip off, ~0 current).
    public func powerOff<L: OutputLine>(_ line: L) throws(GPIOError) { try line.set(false) }
}
