import Runtime

/// WL_REG_ON on a PSoC 6 kit: low 10 ms (WLAN_CBUCK_DISCHARGE_MS), high, 250 ms
/// (WLAN_POWER_UP_DELAY_MS) before the first SDIO command, as WHD's BSP glue does
/// (docs/psoc6-platform.md §3.1). The pin starts low from `psoc6_board_init`.
public struct WLANPower {
    public var offTime: Duration
    public var onSettle: Duration

    public init(offTime: Duration = .milliseconds(10), onSettle: Duration = .milliseconds(250)) {
        self.offTime = offTime
        self.onSettle = onSettle
    }

    /// off → delay → on → delay.
    public func powerOn<P: Platform>(platform: P) {
        PDL.regOn(false)
        platform.delay(offTime)
        PDL.regOn(true)
        platform.delay(onSettle)
    }

    /// Drives WL_REG_ON low.
    public func powerOff() { PDL.regOn(false) }
}
