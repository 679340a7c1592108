import Runtime

/// Per-socket tunables. Defaults follow RFC 6298 (RTO), RFC 9293 and Linux where the RFCs
/// leave a choice (noted per field).
public struct TcpConfig: Sendable {
    /// MSS we announce in our SYN and the largest segment we send (1460 = Ethernet MTU
    /// 1500 - 20 IPv4 - 20 TCP).
    public var maximumSegmentSize: UInt16 = 1460
    /// RFC 6298 §2.1: initial RTO 1 s.
    public var initialRetransmissionTimeout: Duration = .seconds(1)
    /// RFC 6298 §2.4: RTO rounded up to at least 1 s.
    public var minimumRetransmissionTimeout: Duration = .seconds(1)
    /// RFC 6298 §2.5: a maximum of at least 60 s may be placed on RTO.
    public var maximumRetransmissionTimeout: Duration = .seconds(60)
    /// Retransmission timeouts in a row before the connection is given up (Linux
    /// tcp_retries2 is 15; a small device gives up earlier).
    public var maximumRetransmissions: Int = 8
    /// SYN retransmissions before connect fails (Linux tcp_syn_retries = 6).
    public var maximumSynRetransmissions: Int = 6
    /// TIME-WAIT length, 2 x MSL (Linux uses 60 s).
    public var timeWait: Duration = .seconds(60)
    /// IPv4 TTL of our segments.
    public var ttl: UInt8 = 64
    /// Host-side keepalive (RFC 1122 §4.2.3.6); nil = off.
    public var keepalive: TcpKeepaliveConfig? = nil
    /// Answer an out-of-window segment that carries no data (a keepalive probe, a stray
    /// ACK) with a duplicate ACK at most once per this long; nil = every time (RFC 9293).
    /// Linux does this (`tcp_invalid_ratelimit`, 500 ms; data segments are never limited,
    /// `tcp_oow_rate_limited`): the simulated server behaves as the kernel does.
    public var outOfWindowAckInterval: Duration? = nil
    /// After the interface could not send (e.g. ARP pending), ask to be polled again after
    /// this long.
    public var sendRetryDelay: Duration = .milliseconds(10)

    public init() {}
}

/// Keepalive parameters, the same three the firmware's TKO takes (docs/tko-offload.md §2):
/// after `interval` with nothing received, a probe; then one every `retryInterval`; when
/// `retryCount` probes went unanswered for `retryInterval` each, the peer is dead.
public struct TcpKeepaliveConfig: Sendable {
    public var interval: Duration
    public var retryInterval: Duration
    public var retryCount: Int
    /// Send the BSD-style probe with one garbage byte (seq = SND.NXT-1, 1 byte) instead of
    /// an empty one (RFC 1122 §4.2.3.6 allows both).
    public var probeCarriesByte: Bool

    public init(interval: Duration, retryInterval: Duration, retryCount: Int, probeCarriesByte: Bool = false) {
        self.interval = interval
        self.retryInterval = retryInterval
        self.retryCount = retryCount
        self.probeCarriesByte = probeCarriesByte
    }
}
