import Runtime

/// The DHCP client state machine (RFC 2131 §4.4, Figure 5), driven by its interface:
/// `poll` sends what is due, `receive` takes DHCP replies (UDP port 68), `arpObserved`
/// sees every ARP packet while the offered address is being probed. Time only comes in
/// as `now`; `pollAt` says when the next transmission or lease timer is due.
public final class DhcpClient {
    public static let clientPort: UInt16 = 68
    public static let serverPort: UInt16 = 67

    public struct Config: Equatable, Sendable {
        /// ARP probes for the offered address before using it (RFC 2131 §2.2 "SHOULD
        /// probe"; RFC 5227 §2.1.1 uses 3). 0 skips probing.
        public var probeCount: Int = 2
        /// Time between probes, and the wait after the last one for an answer.
        public var probeInterval: Duration = .seconds(1)
        /// Randomize retransmission delays by ±1 s (RFC 2131 §4.1). Tests turn it off
        /// to check exact deadlines.
        public var randomizeRetransmission: Bool = true
        /// DHCPREQUESTs sent (in REQUESTING) before starting over with DISCOVER.
        public var requestAttempts: Int = 4
        /// Wait after a DHCPDECLINE before discovering again (RFC 2131 §3.1.5: at least 10 s).
        public var declineBackoff: Duration = .seconds(10)
        /// Send option 61 (type 1 + our MAC, RFC 2132 §9.14).
        public var sendClientIdentifier: Bool = true
        /// Option 12 (RFC 2132 §3.14) in DISCOVER and REQUEST, 1...255 bytes; empty: not sent.
        /// (lwIP sends the netif's host name the same way when LWIP_NETIF_HOSTNAME is on.)
        public var hostName: [UInt8] = []
        public init() {}
    }

    /// RFC 2131 Figure 5 states (INIT-REBOOT/REBOOTING are not used: we never keep a
    /// lease across a reset). `probing` is the ARP check between ACK and BOUND.
    public enum State: Equatable, Sendable {
        case selecting, requesting, probing, bound, renewing, rebinding
        /// After a DECLINE, waiting `declineBackoff` before SELECTING.
        case declined
    }

    /// What changed, for the application (taken with `takeEvent()`).
    public enum Event: Equatable, Sendable {
        /// A lease was acquired or renewed; the interface now has its address.
        case configured(DhcpLease)
        /// The lease ended (expired or NAKed); the interface has no address.
        case deconfigured
        /// The offered address answered our ARP probe; a DECLINE went out.
        case declined(IPv4Address)
    }

    public let config: Config
    public internal(set) var state: State = .selecting
    public internal(set) var lease: DhcpLease?
    /// Messages transmitted / replies ignored (wrong xid, type, or unparsable).
    public internal(set) var sent: UInt32 = 0
    public internal(set) var ignored: UInt32 = 0

    let mac: MACAddress
    var transactionID: UInt32 = 0
    /// When the next transmission (or probe, or state change) is due.
    var nextSend: Instant
    /// Retransmissions done in the current state.
    var attempt = 0
    /// When this acquisition began (`secs`, RFC 2131 §2).
    var startedAt: Instant
    /// The offer being requested / probed.
    var offered: IPv4Address = .any
    var offerServer: IPv4Address = .any
    var pendingAck: DhcpMessage?
    /// The last unicast REQUEST found no ARP binding for the server (`.pendingARP`).
    var waitingForServerMAC = false
    var events: InlineArray<4, Event?> = .init(repeating: nil)
    var eventCount = 0
    /// Option 55 body: subnet mask, router, DNS (RFC 2132 §9.8).
    let parameterRequestList: [UInt8] = [DhcpMessage.Option.subnetMask, DhcpMessage.Option.router,
                                         DhcpMessage.Option.dnsServers]
    let clientIdentifier: [UInt8]

    init(config: Config, mac: MACAddress, now: Instant) {
        self.config = config
        self.mac = mac
        nextSend = now
        startedAt = now
        clientIdentifier = [1, mac.b0, mac.b1, mac.b2, mac.b3, mac.b4, mac.b5]
    }

    /// The oldest event not taken yet.
    public func takeEvent() -> Event? {
        guard eventCount > 0 else { return nil }
        let e = events[0]
        for i in 0..<3 { events[i] = events[i + 1] }
        events[3] = nil
        eventCount -= 1
        return e
    }

    func post(_ e: Event) {
        if eventCount == 4 { _ = takeEvent() }   // keep the newest
        events[eventCount] = e
        eventCount += 1
    }

    /// The next instant `poll` has work: T1 when bound, the next retransmission, T2 or
    /// the expiry otherwise (nil: nothing scheduled).
    public func pollAt(now: Instant) -> Instant? {
        let t = nextDeadline()
        return t == .distantFuture ? nil : t
    }

    private func nextDeadline() -> Instant {
        switch state {
        case .bound: return lease?.renewAt ?? .distantFuture
        case .renewing: return min(nextSend, lease?.rebindAt ?? .distantFuture)
        case .rebinding: return min(nextSend, lease?.expiresAt ?? .distantFuture)
        default: return nextSend
        }
    }

    func poll(now: Instant, interface: Interface) {
        if let l = lease, now >= l.expiresAt, state == .bound || state == .renewing || state == .rebinding {
            expire(now: now, interface: interface)
        }
        switch state {
        case .selecting:
            guard now >= nextSend else { return }
            if attempt == 0 { transactionID = UInt32(truncatingIfNeeded: interface.random.next()); startedAt = now }
            if send(.discover, now: now, interface: interface) { backoff(now: now, interface: interface) }
        case .requesting:
            guard now >= nextSend else { return }
            if attempt >= config.requestAttempts { restart(at: now); poll(now: now, interface: interface); return }
            if send(.request, now: now, interface: interface) { backoff(now: now, interface: interface) }
        case .probing:
            guard now >= nextSend else { return }
            if attempt < config.probeCount {
                interface.sendArpProbe(for: offered)
                attempt += 1
                nextSend = now + config.probeInterval
            } else {
                bindPendingAck(now: now, interface: interface)
            }
        case .bound:
            guard let l = lease, now >= l.renewAt else { return }
            state = .renewing
            attempt = 0
            transactionID = UInt32(truncatingIfNeeded: interface.random.next())
            nextSend = now
            poll(now: now, interface: interface)
        case .renewing:
            guard let l = lease else { return }
            if now >= l.rebindAt { state = .rebinding; nextSend = now; poll(now: now, interface: interface); return }
            guard now >= nextSend else { return }
            if send(.request, now: now, interface: interface) {
                nextSend = now + Self.halfRemaining(until: l.rebindAt, now: now)
            }
        case .rebinding:
            guard let l = lease, now >= nextSend else { return }
            if send(.request, now: now, interface: interface) {
                nextSend = now + Self.halfRemaining(until: l.expiresAt, now: now)
            }
        case .declined:
            guard now >= nextSend else { return }
            restart(at: now)
            poll(now: now, interface: interface)
        }
    }

    /// RFC 2131 §4.4.5: in RENEWING/REBINDING wait one-half of the remaining time until
    /// T2 (or the lease end), down to a minimum of 60 seconds.
    static func halfRemaining(until t: Instant, now: Instant) -> Duration {
        let half = (t - now) / 2
        return half < .seconds(60) ? .seconds(60) : half
    }

    /// RFC 2131 §4.1: 4 s before the first retransmission, doubling up to 64 s, each
    /// randomized by ±1 s.
    private func backoff(now: Instant, interface: Interface) {
        let base = Duration.seconds(4 << Int64(min(attempt, 4)))
        attempt += 1
        var jitter = Duration.zero
        if config.randomizeRetransmission {
            jitter = .milliseconds(interface.random.next(in: -1000...1000))
        }
        nextSend = now + base + jitter
    }

    func restart(at now: Instant) {
        state = .selecting
        attempt = 0
        nextSend = now
        pendingAck = nil
        offered = .any
    }

    private func expire(now: Instant, interface: Interface) {
        lease = nil
        interface.setIPv4Config(nil, now: now)
        post(.deconfigured)
        restart(at: now)
    }

    /// Suspend/resume: retransmissions while getting an address keep the time they had
    /// left; lease instants (T1, T2, expiry) are absolute and are not moved, and neither
    /// are RENEWING/REBINDING retransmissions, which RFC 2131 §4.4.5 times from T2 and the
    /// expiry (a host that slept past one sends at once on waking).
    func shiftRetransmission(by shift: Duration) {
        switch state {
        case .bound, .renewing, .rebinding: break
        default: nextSend = nextSend + shift
        }
    }
}
