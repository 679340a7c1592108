import CYW43

/// Who keeps the configured TCP connections alive while the host sleeps.
public enum KeepaliveMode: Hashable, Sendable {
    /// No keepalive sockets configured.
    case notConfigured
    /// The firmware's TCP keepalive offload (`tko`).
    case firmware
    /// The firmware lacks `tko` (or the probe failed): the application must keep the
    /// connections alive from the host (e.g. TCP keepalive in the stack), waking for it.
    case hostFallback
}

/// How an optional firmware feature (ARP offload, packet filters) is running.
public enum FeatureMode: Hashable, Sendable {
    /// Not configured.
    case off
    /// Configured and running in the firmware.
    case firmware
    /// Configured but the firmware lacks it: the host handles that traffic itself.
    case unavailable
}

/// What `OffloadManager.beforeSleep` did.
public struct SleepReport: Equatable, Sendable {
    public var keepalive: KeepaliveMode
    /// Slots handed to the firmware (CONNECT succeeded), in slot order.
    public var offloadedSlots = SlotSet()
    /// Configured slots with no live (established, idle) connection.
    public var skippedSlots = SlotSet()
    /// Slots whose CONNECT failed.
    public var failedSlots = SlotSet()
    /// True if ENABLE(1) was sent and accepted (never when no slot was offloaded).
    public var tkoEnabled = false
    public var arp: FeatureMode = .off
    public var filters: FeatureMode = .off

    public init(keepalive: KeepaliveMode) { self.keepalive = keepalive }
}
