/// Where received Ethernet frames go (class-bound so `any FrameReceiver` is legal in
/// Embedded Swift). Called by the runner from `Driver.poll`.
public protocol FrameReceiver: AnyObject {
    /// One Ethernet II frame (destination MAC first, no BDC/SDPCM headers). The bytes
    /// are valid only during the call. Do not call driver ioctls from here.
    func receive(frame: UnsafeRawBufferPointer)
}

/// Raw firmware events, after the driver's own join/link handling (the offload manager
/// listens for `EventType.tko` here).
public protocol EventListener: AnyObject {
    /// `frame` is the event's Ethernet frame; `event.data` is a range inside it. Valid only
    /// during the call. Called from inside the runner (possibly during an ioctl wait):
    /// record what you need and act from your own task; a driver ioctl here throws `.busy`.
    func handle(event: EventMessage, frame: UnsafeRawBufferPointer)
}

/// What the driver tells the application (bounded queue, `Driver.nextNotice()`).
public enum DriverNotice: Equatable, Sendable {
    /// The join started with `startJoin` completed (associated, keys installed).
    case joined
    /// The join failed; the driver has sent WLC_DISASSOC where needed.
    case joinFailed(JoinFailure)
    /// The link went down after a successful join. `reason`: the event's reason code
    /// (LINK: 1 beacon loss, 2 disassoc, ...; DEAUTH/DISASSOC: 802.11 reason).
    case linkDown(event: EventType, reason: UInt32)
    /// The firmware trapped (FWHALT, docs/cyw43-bus.md §2.5); the driver is down (`isUp` false)
    /// until the app calls `bringUp` again.
    case firmwareHalted
    /// Preferred-network offload found the network `startNetworkSearch` looks for
    /// (WLC_E_PFN_NET_FOUND naming its SSID); the search is still enabled in the firmware.
    case networkFound
}
