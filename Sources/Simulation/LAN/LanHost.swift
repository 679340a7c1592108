import Runtime

/// A machine on the virtual wired LAN behind the AP (router/DHCP server, echo server).
/// Class-bound so the world can keep `[any LanHost]` in Embedded Swift.
public protocol LanHost: AnyObject {
    /// The host's Ethernet address; the LAN delivers unicast frames by it.
    var mac: MACAddress { get }
    /// The earliest instant the host must run at, or nil.
    var nextDeadline: Instant? { get }
    /// A frame for this host (unicast to `mac`, or broadcast/multicast).
    func receive(_ frame: [UInt8], now: Instant)
    /// Runs everything due at or before `now`.
    func advance(to now: Instant)
}

/// What a host uses to put a frame on the LAN (the world implements it).
public protocol LanPort: AnyObject {
    func send(_ frame: [UInt8], from host: MACAddress)
}
