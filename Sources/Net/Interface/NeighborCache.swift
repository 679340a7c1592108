import Runtime

/// The ARP cache (RFC 826; RFC 1122 §2.3.2.1): a fixed number of entries allocated once,
/// each resolved (with an expiry), pending (requests out, with a retry time), or failed
/// (no answer; a hold-down before the next attempt). Lookups ignore expired entries.
/// The entries are a `FixedArray` (changed in place: no array copy-on-write code).
struct NeighborCache: ~Copyable {
    enum State: Equatable {
        case empty
        case resolved(MACAddress, expires: Instant)
        case pending(nextRequest: Instant, attemptsLeft: Int)
        case failed(until: Instant)
    }
    struct Entry {
        var ip: IPv4Address
        var state: State
        /// A unicast refresh request went out for this binding (at most one per lifetime).
        var refreshing = false
    }
    /// How long before expiry a binding in use is refreshed (lwIP re-requests 15 s
    /// before ARP_MAXAGE: ARP_AGE_REREQUEST_USED_UNICAST), so a busy flow never stalls
    /// on an expired entry.
    static let refreshWindow = Duration.seconds(15)

    private var entries: FixedArray<Entry>
    let lifetime: Duration
    let retryInterval: Duration
    let attempts: Int

    init(capacity: Int, lifetime: Duration, retryInterval: Duration, attempts: Int) {
        entries = FixedArray(repeating: Entry(ip: .any, state: .empty), count: max(1, capacity))
        self.lifetime = lifetime
        self.retryInterval = retryInterval
        self.attempts = max(1, attempts)
    }

    private func index(of ip: IPv4Address) -> Int? {
        for i in entries.indices where entries[i].state != .empty && entries[i].ip == ip { return i }
        return nil
    }

    /// The MAC for `ip` if resolved and not expired at `now`.
    func lookup(_ ip: IPv4Address, now: Instant) -> MACAddress? {
        guard let i = index(of: ip), case .resolved(let mac, let expires) = entries[i].state,
              now < expires else { return nil }
        return mac
    }

    /// For a binding used at `now` that expires within `refreshWindow`: its MAC, once per
    /// lifetime, so the caller sends a unicast request to it (RFC 1122 §2.3.2.1 allows
    /// unicast polls to revalidate an entry).
    mutating func refreshTarget(_ ip: IPv4Address, now: Instant) -> MACAddress? {
        guard let i = index(of: ip), !entries[i].refreshing,
              case .resolved(let mac, let expires) = entries[i].state,
              now < expires, expires - now <= Self.refreshWindow else { return nil }
        entries[i].refreshing = true
        return mac
    }

    /// Records `ip` → `mac` (RFC 826 "merge": update an existing entry; create one only
    /// when `create`, i.e. the packet was addressed to us or answers our request).
    mutating func learn(_ ip: IPv4Address, _ mac: MACAddress, now: Instant, create: Bool) {
        if ip.isUnspecified || ip.isBroadcast || mac.isMulticast { return }
        let i: Int
        if let found = index(of: ip) { i = found } else if create { i = victim(now: now) } else { return }
        entries[i] = Entry(ip: ip, state: .resolved(mac, expires: now + lifetime))
    }

    /// Called when a send needs `ip`'s MAC and the cache has none. Returns true if an ARP
    /// request should go out now (first attempt, or a failed entry's hold-down is over);
    /// false while requests for it are already pending.
    mutating func beginResolution(_ ip: IPv4Address, now: Instant) -> Bool {
        if let i = index(of: ip) {
            switch entries[i].state {
            case .pending: return false
            case .failed(let until) where now < until: return false
            default: break
            }
            entries[i].state = .pending(nextRequest: now + retryInterval, attemptsLeft: attempts - 1)
            return true
        }
        let i = victim(now: now)
        entries[i] = Entry(ip: ip, state: .pending(nextRequest: now + retryInterval, attemptsLeft: attempts - 1))
        return true
    }

    var count: Int { entries.count }

    /// Stops resolving `ip` (its requests went unanswered and the caller gave up): a pending
    /// entry becomes failed, so no retry deadline keeps the host up; the next send that needs
    /// it starts again after the hold-down (`retryInterval`). True if it was pending.
    mutating func abandon(_ ip: IPv4Address, now: Instant) -> Bool {
        guard let i = index(of: ip), case .pending = entries[i].state else { return false }
        entries[i].state = .failed(until: now + retryInterval)
        return true
    }

    /// Advances slot `i`'s retry at `now`: returns its address if a request should go out
    /// again; an entry out of attempts becomes `.failed` and `failures` counts it.
    mutating func dueRequest(at i: Int, now: Instant, failures: inout UInt32) -> IPv4Address? {
        guard case .pending(let next, let left) = entries[i].state, next <= now else { return nil }
        if left > 0 {
            entries[i].state = .pending(nextRequest: now + retryInterval, attemptsLeft: left - 1)
            return entries[i].ip
        }
        entries[i].state = .failed(until: now + retryInterval)
        failures &+= 1
        return nil
    }

    /// The earliest pending retry.
    func nextDeadline() -> Instant? {
        var best: Instant? = nil
        for i in entries.indices {   // index loop: for-in allocates per element in a debug build
            if case .pending(let next, _) = entries[i].state, best.map({ next < $0 }) ?? true { best = next }
        }
        return best
    }

    /// Moves pending retries later by `shift` (suspend/resume). Expiries are absolute:
    /// a neighbour's binding ages in real time, asleep or not.
    mutating func shiftRetries(by shift: Duration) {
        for i in entries.indices {
            if case .pending(let next, let left) = entries[i].state {
                entries[i].state = .pending(nextRequest: next + shift, attemptsLeft: left)
            }
        }
    }

    /// Forgets everything (address change, link down).
    mutating func flush() {
        for i in entries.indices { entries[i] = Entry(ip: .any, state: .empty) }
    }

    /// The slot to reuse: empty, else expired/failed, else the resolved entry expiring
    /// first, else the first slot. (An expired binding is still the best guess for its
    /// neighbour: it goes only when no slot is empty.)
    private func victim(now: Instant) -> Int {
        var oldest: (Int, Instant)? = nil
        for i in entries.indices where entries[i].state == .empty { return i }
        for i in entries.indices {
            switch entries[i].state {
            case .empty: return i
            case .failed: return i
            case .resolved(_, let expires):
                if expires <= now { return i }
                if oldest.map({ expires < $0.1 }) ?? true { oldest = (i, expires) }
            case .pending: break
            }
        }
        return oldest?.0 ?? 0
    }
}
