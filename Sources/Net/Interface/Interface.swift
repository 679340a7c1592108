import Runtime

/// The IPv4-over-Ethernet interface (smoltcp `iface` style): parses inbound frames,
/// answers ARP and ICMP echo, delivers UDP to sockets and the DHCP client and TCP to the
/// TCP sockets, resolves next hops through its ARP cache, and sends frames to a
/// `FrameSink`. It never reads a clock: every entry point takes `now`, and `pollAt(now:)`
/// says when `poll` must run next. All storage is allocated in `init`.
public final class Interface {
    public struct Config: Sendable {
        public var mac: MACAddress
        /// ARP cache entries (lwIP ARP_TABLE_SIZE 10; the chip's ARP offload keeps 8).
        public var arpCacheCapacity: Int = 8
        /// How long a learned binding is used (lwIP ARP_MAXAGE: 300 s).
        public var arpEntryLifetime: Duration = .seconds(300)
        /// Time between ARP requests for one address (RFC 1122 §2.3.2.1: at most one
        /// per second).
        public var arpRetryInterval: Duration = .seconds(1)
        /// Requests sent before a resolution fails.
        public var arpRequestAttempts: Int = 3
        /// Bytes of frames kept while suspended (replayed on resume): a frame takes its
        /// length plus 4 to 7 B, so 8 KB hold 5 full-size frames or about 120 ACKs.
        public var suspendQueueBytes: Int = 8_192
        /// TTL of datagrams the interface originates (RFC 1700 recommends 64).
        public var defaultTTL: UInt8 = 64
        /// Seed for DHCP transaction ids and retransmission jitter.
        public var randomSeed: UInt64 = 1

        public init(mac: MACAddress) { self.mac = mac }
    }

    public let config: Config
    /// Our Ethernet address.
    public var localMAC: MACAddress { config.mac }
    /// The IPv4 configuration (nil: no address yet, e.g. DHCP still running).
    public private(set) var ipv4Config: IPv4Config?
    public internal(set) var counters = InterfaceCounters()
    /// Where drop reasons and address changes are logged (one line each), if anywhere.
    public var log: Log?
    /// The DHCP client, if the address comes from DHCP.
    public internal(set) var dhcp: DhcpClient?
    /// TCP sockets the interface polls and hands inbound segments to (net-tcp).
    public internal(set) var tcpSockets: [TcpSocket] = []
    /// UDP sockets by local port.
    public internal(set) var udpSockets: [UdpSocket] = []

    let sink: any FrameSink
    var neighbors: NeighborCache
    var random: SeededRandom
    /// One frame being built; only one transmission is in progress at a time.
    let txBuffer: UnsafeMutableRawBufferPointer
    var nextIdentification: UInt16 = 0
    /// The second gratuitous ARP of an address change (RFC 5227 §2.3: ANNOUNCE_NUM 2,
    /// ANNOUNCE_INTERVAL 2 s).
    var announceAt: Instant? = nil
    var suspension: SuspendQueue
    /// Inside `receiving(now:_:)`: TCP answers wait for the end of the batch.
    var batchDepth = 0
    /// A segment was delivered inside the batch: the sockets have output to send.
    var tcpOutputDue = false

    public static let maxFrameSize = EthernetFrame.headerSize + EthernetFrame.mtu
    static let announceInterval = Duration.seconds(2)

    public init(config: Config, sink: any FrameSink) {
        self.config = config
        self.sink = sink
        neighbors = NeighborCache(capacity: config.arpCacheCapacity, lifetime: config.arpEntryLifetime,
                                  retryInterval: config.arpRetryInterval, attempts: config.arpRequestAttempts)
        random = SeededRandom(seed: config.randomSeed)
        txBuffer = .allocate(byteCount: Self.maxFrameSize, alignment: 4)
        txBuffer.initializeMemory(as: UInt8.self, repeating: 0)
        suspension = SuspendQueue(bytes: config.suspendQueueBytes)
        tcpSockets.reserveCapacity(4)
        udpSockets.reserveCapacity(2)
    }

    deinit {
        txBuffer.deallocate()
        suspension.deallocate()
    }

    /// Counts a dropped inbound frame and logs one line.
    func drop(_ reason: DropReason) {
        counters.count(reason)
        log?.text("net: drop ").text(reason.name).end()
    }

    /// One "<label><dotted quad>" piece of the address line, out of line: Log.ipv4 (four
    /// decimal fields) was inlined at each of the line's three addresses on the kit image.
    @inline(never)
    private static func logField(_ log: Log, _ label: StaticString, _ address: UInt32) {
        log.text(label).ipv4(address)
    }

    /// Sets (or clears) the address. A new address flushes nothing but announces itself
    /// with two gratuitous ARPs (RFC 5227 §2.3), the first at once.
    public func setIPv4Config(_ newConfig: IPv4Config?, now: Instant) {
        let old = ipv4Config
        ipv4Config = newConfig
        if let log, old != newConfig {
            if let c = newConfig {
                Self.logField(log, "net: address ", c.address.value)
                Self.logField(log, " mask ", c.netmask.value)
                Self.logField(log, " gateway ", c.gateway?.value ?? 0)
                log.end()
            } else {
                log.line("net: address cleared")
            }
        }
        guard let c = newConfig, c.address != old?.address, !isSuspended else {
            if newConfig == nil { announceAt = nil }
            return
        }
        sendGratuitousArp(c.address)
        announceAt = now + Self.announceInterval
    }

    /// The resolved MAC of `ip` (a neighbour on our subnet, e.g. the TCP peer or the
    /// gateway), if the ARP cache holds a live entry.
    public func neighborMAC(for ip: IPv4Address, now: Instant) -> MACAddress? {
        neighbors.lookup(ip, now: now)
    }

    /// Same as `neighborMAC(for:now:)` but ignoring expiry (for the offload snapshot,
    /// taken when the host is about to sleep).
    public func neighborMAC(for ip: IPv4Address) -> MACAddress? {
        neighbors.lookup(ip, now: .zero)
    }

    /// Whether the next hop towards `ip` has a binding that stays fresh past the refresh
    /// window; if not, starts refreshing or resolving it (an ARP request: unicast to the
    /// MAC we have while it is still valid, else broadcast, at most one per retry
    /// interval). Used before handing a connection to the firmware, whose keepalives need
    /// the peer's current MAC, and before sleeping: an answer to a request still out would
    /// wake the host for nothing.
    public func resolveNextHop(_ ip: IPv4Address, now: Instant) -> Bool {
        guard let hop = ipv4Config?.nextHop(for: ip) else { return false }
        if neighbors.lookup(hop, now: now + NeighborCache.refreshWindow) != nil { return true }
        if isSuspended { return false }
        _ = nextHopMAC(for: ip, now: now)
        return false
    }

    /// Whether the next hop towards `ip` is known (a live ARP binding) right now.
    public func nextHopResolved(_ ip: IPv4Address, now: Instant) -> Bool {
        guard let hop = ipv4Config?.nextHop(for: ip) else { return false }
        return neighbors.lookup(hop, now: now) != nil
    }

    /// Gives up resolving the next hop towards `ip` for now (a connection attempt to a peer
    /// that does not answer ARP was abandoned): its pending requests stop, so their retries
    /// do not wake the host; the next send that needs it resolves it afresh.
    public func abandonResolution(towards ip: IPv4Address, now: Instant) {
        guard let hop = ipv4Config?.nextHop(for: ip) else { return }
        _ = neighbors.abandon(hop, now: now)
    }

    /// Adds a TCP socket (setup time only; the array was sized in init).
    public func addTcpSocket(_ socket: TcpSocket) { tcpSockets.append(socket) }

    /// Adds a UDP socket (setup time only).
    public func addUdpSocket(_ socket: UdpSocket) { udpSockets.append(socket) }

    /// Runs everything due at `now`: ARP retries, the second announcement, DHCP, TCP.
    /// Does nothing while suspended.
    public func poll(now: Instant) {
        if isSuspended { return }
        for i in 0..<neighbors.count {
            if let ip = neighbors.dueRequest(at: i, now: now, failures: &counters.arpResolutionFailures) {
                sendArpRequest(for: ip)
            }
        }
        if let at = announceAt, at <= now {
            announceAt = nil
            if let c = ipv4Config { sendGratuitousArp(c.address) }
        }
        if let d = dhcp { d.poll(now: now, interface: self) }
        tcpPoll(now: now)
    }

    /// The earliest instant `poll` has work (nil: nothing scheduled; call again after the
    /// next `receive` or send). Nil while suspended.
    public func pollAt(now: Instant) -> Instant? {
        if isSuspended { return nil }
        // No local function capturing `best`: a debug build boxes the capture on the heap.
        var best = neighbors.nextDeadline()
        best = TcpSocket.earliest(best, announceAt)
        best = TcpSocket.earliest(best, dhcp?.pollAt(now: now))
        best = TcpSocket.earliest(best, tcpPollAt(now: now))
        return best
    }
}
