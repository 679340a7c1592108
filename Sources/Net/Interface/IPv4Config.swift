import Runtime

/// The interface's IPv4 configuration: address, netmask and default gateway, from DHCP
/// or set statically.
public struct IPv4Config: Equatable, Sendable {
    public var address: IPv4Address
    public var netmask: IPv4Address
    /// The default router for off-subnet destinations (nil: on-link only).
    public var gateway: IPv4Address?

    public init(address: IPv4Address, netmask: IPv4Address, gateway: IPv4Address? = nil) {
        self.address = address
        self.netmask = netmask
        self.gateway = gateway
    }

    /// The directed broadcast of the subnet (RFC 919 §7).
    public var subnetBroadcast: IPv4Address { IPv4Address(address.value | ~netmask.value) }

    /// True if `ip` is on our subnet (reached without the gateway).
    public func isOnLink(_ ip: IPv4Address) -> Bool {
        ip.value & netmask.value == address.value & netmask.value
    }

    /// The neighbour a datagram to `ip` goes through (RFC 1122 §3.3.1): `ip` itself on our
    /// subnet, else the gateway; nil when it is off-link and there is no gateway.
    public func nextHop(for ip: IPv4Address) -> IPv4Address? {
        isOnLink(ip) ? ip : gateway
    }
}
