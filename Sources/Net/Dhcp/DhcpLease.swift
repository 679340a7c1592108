import Runtime

/// What a DHCPACK granted (RFC 2131 §4.4.5; options per RFC 2132), with the absolute
/// instants derived from it at the time the ACK arrived.
public struct DhcpLease: Equatable, Sendable {
    public var address: IPv4Address
    public var netmask: IPv4Address
    public var router: IPv4Address?
    public var dnsServers: IPv4AddressList
    /// Option 54: where unicast renewals go.
    public var server: IPv4Address
    /// Option 51 (nil: infinite, 0xFFFFFFFF).
    public var leaseTime: Duration?
    public var acquiredAt: Instant
    /// T1: start renewing (default 0.5 × lease).
    public var renewAt: Instant
    /// T2: start rebinding (default 0.875 × lease).
    public var rebindAt: Instant
    /// The lease ends: drop the address.
    public var expiresAt: Instant

    /// The interface configuration this lease implies (default netmask: /24 when the
    /// server sends none, as lwIP's autoip-less default does for class C).
    public var ipv4Config: IPv4Config {
        IPv4Config(address: address, netmask: netmask, gateway: router)
    }

    init(ack m: DhcpMessage, server: IPv4Address, now: Instant) {
        address = m.yourAddress
        netmask = m.subnetMask ?? IPv4Address(255, 255, 255, 0)
        router = m.router
        dnsServers = m.dnsServers
        self.server = server
        acquiredAt = now
        guard let l = m.leaseTime, l != 0xFFFF_FFFF else {
            leaseTime = nil
            renewAt = .distantFuture; rebindAt = .distantFuture; expiresAt = .distantFuture
            return
        }
        let lease = Int64(l)
        leaseTime = .seconds(lease)
        // RFC 2131 §4.4.5: T1 defaults to 0.5 × lease, T2 to 0.875 × lease; keep
        // T1 ≤ T2 ≤ lease even if the server sends something odd.
        var t2 = Int64(m.rebindingTime.map { Int64($0) } ?? lease * 7 / 8)
        if t2 > lease { t2 = lease * 7 / 8 }
        var t1 = Int64(m.renewalTime.map { Int64($0) } ?? lease / 2)
        if t1 > t2 { t1 = min(lease / 2, t2) }
        renewAt = now + .seconds(t1)
        rebindAt = now + .seconds(t2)
        expiresAt = now + .seconds(lease)
    }
}
