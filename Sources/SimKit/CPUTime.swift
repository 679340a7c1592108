import Runtime

/// Where the kit's CPU spent its time after the first deep sleep, on the virtual clock (code
/// itself takes no virtual time, so what is not sleep here is waiting):
/// - `busyWait`: inside `Platform.delay` (a driver polling the chip). On PSoC 6 and QEMU
///   `delay` is a busy loop: the CPU runs at full current the whole time.
/// - `shortSleep`: idle sleeps shorter than the deep-sleep threshold (the runtime's idle:
///   WFI, woken by host-wake or the deadline).
public struct CPUTime: Equatable, Sendable {
    public var busyWait = Duration.zero
    public var busyWaits = 0
    public var shortSleep = Duration.zero
    public var shortSleeps = 0
    public init() {}
}
