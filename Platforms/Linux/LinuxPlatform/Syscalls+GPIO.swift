import CGPIOD

/// libgpiod through the v1/v2 shim (Platforms/Linux/CGPIOD/gpiod_shim.h).
extension Syscalls {
    typealias GPIOHandle = UnsafeMutablePointer<gshim_line>

    /// `gshim_version()`: the libgpiod version string.
    static func gpiodVersion() -> String { String(cString: gshim_version()) }
    /// `gshim_api_major()`: 1 or 2; 0 when libgpiod could not be loaded.
    static func gpiodAPIMajor() -> Int { Int(gshim_api_major()) }
    /// Why libgpiod could not be loaded, or nil when it was.
    static func gpiodLoadError() -> String? { gshim_load_error().map { String(cString: $0) } }
    /// The errno a line request fails with when libgpiod is not installed.
    static let gpiodMissingErrno = GSHIM_ENOLIB

    /// `gshim_request_input`: input with edge events; nil + errno on failure.
    static func gpioRequestInput(chip: String, offset: UInt32, edge: Int32, bias: Int32,
                                 consumer: String) -> GPIOHandle? {
        gshim_request_input(chip, offset, edge, bias, consumer)
    }
    /// `gshim_request_output`: output driven to `value`; nil + errno on failure.
    static func gpioRequestOutput(chip: String, offset: UInt32, value: Bool, consumer: String) -> GPIOHandle? {
        gshim_request_output(chip, offset, value ? 1 : 0, consumer)
    }
    /// `gshim_get_value`: 0/1, or -1 with errno.
    static func gpioGet(_ h: GPIOHandle) -> Int32 { gshim_get_value(h) }
    /// `gshim_set_value`: 0, or -1 with errno.
    static func gpioSet(_ h: GPIOHandle, _ value: Bool) -> Int32 { gshim_set_value(h, value ? 1 : 0) }
    /// `gshim_fd`: the edge-event descriptor.
    static func gpioFD(_ h: GPIOHandle) -> Int32 { gshim_fd(h) }
    /// `gshim_wait` with a zero timeout: 1 if an event is queued.
    static func gpioEventPending(_ h: GPIOHandle) -> Bool { gshim_wait(h, 0) == 1 }
    /// `gshim_read_event`: one queued event; nil on error.
    static func gpioReadEvent(_ h: GPIOHandle) -> (timestampNs: UInt64, rising: Bool)? {
        var ts: UInt64 = 0
        var rising: Int32 = 0
        return gshim_read_event(h, &ts, &rising) == 0 ? (ts, rising != 0) : nil
    }
    /// `gshim_release`.
    static func gpioRelease(_ h: GPIOHandle) { gshim_release(h) }

    /// Edge and bias codes of the shim.
    static let edgeRising = GSHIM_EDGE_RISING, edgeFalling = GSHIM_EDGE_FALLING, edgeBoth = GSHIM_EDGE_BOTH
    static let biasAsIs = GSHIM_BIAS_AS_IS, biasPullUp = GSHIM_BIAS_PULL_UP, biasPullDown = GSHIM_BIAS_PULL_DOWN
}
