import Runtime

/// The virtual LAN's DHCP server (RFC 2131 §4.3): offers addresses from a pool, binds
/// them on REQUEST, NAKs wrong requests, takes back RELEASEd addresses and quarantines
/// DECLINEd ones. Pure logic: messages in, a reply with its addressing out; the router
/// host puts it on the wire. Time is an argument (`now`), leases expire lazily.
public final class DHCPServer {
    public struct Config: Sendable {
        public var serverIP: IPv4Address
        public var subnetMask: IPv4Address
        public var router: IPv4Address
        public var dns: IPv4Address
        /// First and last address handed out (inclusive).
        public var poolFirst: IPv4Address
        public var poolLast: IPv4Address
        public var leaseSeconds: UInt32
        /// Addresses inside the pool that must never be offered (hosts with static IPs).
        public var reserved: [IPv4Address]
        /// How long an OFFER holds its address for the client (RFC 2131 §4.3.1 leaves it
        /// to the server; 60 s here).
        public var offerHold: Duration
        public init(serverIP: IPv4Address, subnetMask: IPv4Address, router: IPv4Address, dns: IPv4Address,
                    poolFirst: IPv4Address, poolLast: IPv4Address, leaseSeconds: UInt32 = 86_400,
                    reserved: [IPv4Address] = [], offerHold: Duration = .seconds(60)) {
            self.serverIP = serverIP; self.subnetMask = subnetMask; self.router = router; self.dns = dns
            self.poolFirst = poolFirst; self.poolLast = poolLast; self.leaseSeconds = leaseSeconds
            self.reserved = reserved; self.offerHold = offerHold
        }
    }

    /// Where a reply goes (RFC 2131 §4.1, "giaddr zero" cases).
    public struct Reply: Equatable, Sendable {
        public var message: DHCPMessage
        public var destinationIP: IPv4Address
        public var destinationMAC: MACAddress
    }

    public enum LeaseState: Equatable, Sendable {
        case offered(until: Instant)
        case bound(expires: Instant)
        /// Released by the client or expired: the address stays this client's preferred one.
        case free
    }

    public struct Lease: Equatable, Sendable {
        public var clientKey: [UInt8]
        public var mac: MACAddress
        public var address: IPv4Address
        public var state: LeaseState
    }

    public struct Counters: Equatable, Sendable {
        public var discovers = 0, offers = 0, requests = 0, acks = 0, naks = 0
        public var releases = 0, declines = 0, informs = 0, ignored = 0, poolExhausted = 0
    }

    public let config: Config
    public private(set) var leases: [Lease] = []
    public private(set) var declined: [IPv4Address] = []
    public private(set) var counters = Counters()

    public init(config: Config) { self.config = config }

    /// The binding currently held by `mac` (tests and the report), if bound and unexpired.
    public func boundAddress(for mac: MACAddress, now: Instant) -> IPv4Address? {
        for l in leases where l.mac == mac {
            if case .bound(let e) = l.state, e > now { return l.address }
        }
        return nil
    }

    /// Handles one client message. Returns the reply to send, or nil when RFC 2131 says
    /// to stay silent (RELEASE, DECLINE, a REQUEST for another server, unknown client in
    /// INIT-REBOOT, pool exhausted).
    public func handle(_ m: DHCPMessage, now: Instant) -> Reply? {
        guard m.op == 1, let kind = m.kind else { counters.ignored += 1; return nil }
        let key = m.clientID ?? m.chaddr.bytes
        switch kind {
        case .discover:
            counters.discovers += 1
            guard let ip = chooseAddress(key: key, requested: m.requestedIP, now: now) else {
                counters.poolExhausted += 1; return nil
            }
            setLease(key: key, mac: m.chaddr, address: ip, state: .offered(until: now + config.offerHold))
            counters.offers += 1
            return reply(to: m, kind: .offer, yiaddr: ip, withLease: true)
        case .request:
            counters.requests += 1
            return handleRequest(m, key: key, now: now)
        case .decline:
            // §4.3.3: the address is in use elsewhere; mark it unavailable, drop the binding.
            counters.declines += 1
            if let ip = m.requestedIP, let i = leaseIndex(key: key), leases[i].address == ip {
                leases.remove(at: i)
                if !declined.contains(ip) { declined.append(ip) }
            }
            return nil
        case .release:
            // §4.3.4: mark the address not allocated, keep it as this client's preference.
            counters.releases += 1
            if let i = leaseIndex(key: key), leases[i].address == m.ciaddr { leases[i].state = .free }
            return nil
        case .inform:
            // §4.3.5: configuration only, no lease, unicast to ciaddr.
            counters.informs += 1
            var r = reply(to: m, kind: .ack, yiaddr: .any, withLease: false)
            r.destinationIP = m.ciaddr
            return r
        default:
            counters.ignored += 1
            return nil
        }
    }

    private func handleRequest(_ m: DHCPMessage, key: [UInt8], now: Instant) -> Reply? {
        if let sid = m.serverID {
            // SELECTING (§4.3.2): the client answers an OFFER.
            guard sid == config.serverIP else {
                // It chose another server: our offer is void.
                if let i = leaseIndex(key: key), case .offered = leases[i].state { leases[i].state = .free }
                return nil
            }
            guard let want = m.requestedIP, let i = leaseIndex(key: key), leases[i].address == want,
                  isUsable(want, by: key, now: now) else { return nak(m) }
            return bind(i, m, now: now)
        }
        if let want = m.requestedIP, m.ciaddr.isUnspecified {
            // INIT-REBOOT (§4.3.2): verify a remembered address.
            guard isOnSubnet(want) else { return nak(m) }
            guard let i = leaseIndex(key: key) else { counters.ignored += 1; return nil }  // "MUST remain silent"
            guard leases[i].address == want, isUsable(want, by: key, now: now) else { return nak(m) }
            return bind(i, m, now: now)
        }
        // RENEWING / REBINDING (§4.3.2): ciaddr holds the address to extend.
        guard !m.ciaddr.isUnspecified, let i = leaseIndex(key: key), leases[i].address == m.ciaddr,
              isUsable(m.ciaddr, by: key, now: now) else { return nak(m) }
        var r = bind(i, m, now: now)
        r.destinationIP = m.ciaddr
        r.destinationMAC = m.chaddr
        return r
    }

    private func bind(_ i: Int, _ m: DHCPMessage, now: Instant) -> Reply {
        leases[i].state = .bound(expires: now + .seconds(Int64(config.leaseSeconds)))
        leases[i].mac = m.chaddr
        counters.acks += 1
        return reply(to: m, kind: .ack, yiaddr: leases[i].address, withLease: true)
    }

    private func nak(_ m: DHCPMessage) -> Reply {
        counters.naks += 1
        var msg = DHCPMessage()
        msg.op = 2; msg.xid = m.xid; msg.flags = m.flags; msg.chaddr = m.chaddr
        msg.kind = .nak; msg.serverID = config.serverIP; msg.clientID = m.clientID
        // §4.1: a NAK is broadcast when giaddr is zero.
        return Reply(message: msg, destinationIP: .broadcast, destinationMAC: .broadcast)
    }

    private func reply(to m: DHCPMessage, kind: DHCPMessage.Kind, yiaddr: IPv4Address, withLease: Bool) -> Reply {
        var r = DHCPMessage()
        r.op = 2; r.xid = m.xid; r.flags = m.flags; r.ciaddr = m.ciaddr; r.yiaddr = yiaddr
        r.siaddr = .any; r.giaddr = m.giaddr; r.chaddr = m.chaddr; r.kind = kind
        r.serverID = config.serverIP
        r.subnetMask = config.subnetMask; r.router = config.router; r.dns = config.dns
        if withLease {
            r.leaseSeconds = config.leaseSeconds
            r.renewalSeconds = config.leaseSeconds / 2                        // T1 = 0.5 lease (§4.4.5)
            r.rebindingSeconds = UInt32(UInt64(config.leaseSeconds) * 7 / 8)  // T2 = 0.875 lease
        }
        // §4.1: ciaddr set -> unicast to it; broadcast bit -> broadcast; else unicast to yiaddr/chaddr.
        if !m.ciaddr.isUnspecified { return Reply(message: r, destinationIP: m.ciaddr, destinationMAC: m.chaddr) }
        if m.isBroadcast { return Reply(message: r, destinationIP: .broadcast, destinationMAC: .broadcast) }
        return Reply(message: r, destinationIP: yiaddr, destinationMAC: m.chaddr)
    }

    // MARK: address bookkeeping

    private func chooseAddress(key: [UInt8], requested: IPv4Address?, now: Instant) -> IPv4Address? {
        if let i = leaseIndex(key: key), isUsable(leases[i].address, by: key, now: now) {
            return leases[i].address                  // current or previous binding
        }
        if let r = requested, isInPool(r), isUsable(r, by: key, now: now) { return r }
        var v = config.poolFirst.value
        while v <= config.poolLast.value {
            let a = IPv4Address(v)
            if isUsable(a, by: key, now: now) { return a }
            if v == UInt32.max { break }
            v += 1
        }
        return nil
    }

    /// True if `a` may go to the client `key`: in the pool, not reserved or declined, and
    /// not held by another client's live offer or binding.
    private func isUsable(_ a: IPv4Address, by key: [UInt8], now: Instant) -> Bool {
        guard isInPool(a), !config.reserved.contains(a), !declined.contains(a) else { return false }
        for l in leases where l.address == a && l.clientKey != key {
            switch l.state {
            case .offered(let until): if until > now { return false }
            case .bound(let e): if e > now { return false }
            case .free: break
            }
        }
        return true
    }

    private func isInPool(_ a: IPv4Address) -> Bool { a.value >= config.poolFirst.value && a.value <= config.poolLast.value }
    private func isOnSubnet(_ a: IPv4Address) -> Bool {
        a.value & config.subnetMask.value == config.serverIP.value & config.subnetMask.value
    }
    private func leaseIndex(key: [UInt8]) -> Int? {
        for i in leases.indices where leases[i].clientKey == key { return i }
        return nil
    }
    private func setLease(key: [UInt8], mac: MACAddress, address: IPv4Address, state: LeaseState) {
        // Another client's stale (expired/free) record for this address is dropped.
        leases.removeAll { $0.address == address && $0.clientKey != key }
        if let i = leaseIndex(key: key) {
            leases[i].address = address; leases[i].mac = mac; leases[i].state = state
        } else {
            leases.append(Lease(clientKey: key, mac: mac, address: address, state: state))
        }
    }
}
