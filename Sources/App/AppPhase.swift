/// Where the application is in the example's flow.
public enum AppPhase: Equatable, Sendable {
    /// Bringing the Wi-Fi chip up.
    case booting
    /// Joining (or rejoining) the AP.
    case joining
    /// Joined; waiting for DHCP.
    case waitingForAddress
    /// Connecting the configured sockets one by one.
    case connecting
    /// Awake with the stack running (the NetAct loop watches for a quiet network).
    case running
    /// Stack suspended, connections offloaded, MCU in deep sleep.
    case suspended
    /// Stopped for good: the chip could not be brought up or the configuration is invalid.
    case halted
}
