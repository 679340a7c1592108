import Runtime

extension Interface {
    /// How the interface gets its address.
    public enum AddressMode: Equatable, Sendable {
        case dhcp(DhcpClient.Config)
        case fixed(IPv4Config)
    }

    /// The link is gone: stop DHCP (its lease is re-established after the next join) and
    /// forget the address. A DHCP client left running without an address would have no
    /// way to send its renewals.
    public func releaseAddress(now: Instant) {
        dhcp = nil
        setIPv4Config(nil, now: now)
    }

    /// Starts DHCP (a DISCOVER goes out at the next `poll`) or sets a static address
    /// (announced with gratuitous ARP). Either replaces the previous mode.
    public func configureAddress(_ mode: AddressMode, now: Instant) {
        switch mode {
        case .dhcp(let c):
            dhcp = DhcpClient(config: c, mac: localMAC, now: now)
            setIPv4Config(nil, now: now)
        case .fixed(let c):
            dhcp = nil
            setIPv4Config(c, now: now)
        }
    }
}
