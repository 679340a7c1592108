import Runtime

/// One connection stored by the `tko` CONNECT sub-command (docs/tko-offload.md §1.5), with its
/// keepalive timer state (§1.7).
struct KeepaliveConnection {
    var index: UInt8
    var localIP: UInt32, remoteIP: UInt32
    var localPort: UInt16, remotePort: UInt16
    /// snd_nxt: the ACK number the peer must send.
    var localSeq: UInt32
    /// rcv_nxt: the sequence number the peer's ACK carries.
    var remoteSeq: UInt32
    var request: [UInt8]
    var response: [UInt8]
    /// The CONNECT data as stored (`len` bytes), returned by CONNECT GET.
    var blob: [UInt8]
    var status: UInt8 = 0
    /// When the keepalive timer fires next (nil = stopped).
    var nextFire: Instant?
    var retriesLeft: UInt16 = 0
}

/// Per-slot keepalive counters, kept across enable/disable (the simulation reports them).
public struct KeepaliveCounters: Equatable, Sendable {
    /// Keepalive probes (request frames) sent, retries included.
    public var requestsSent = 0
    /// Probes sent while the previous one was still unanswered.
    public var retriesSent = 0
    /// Matching ACKs from the peer (consumed, host not woken).
    public var acksReceived = 0
    /// Peer keepalives answered with the response frame.
    public var peerKeepalivesAnswered = 0
    /// Times the firmware gave up (WLC_E_TKO raised).
    public var failures = 0
    /// Times an unexpected segment suspended TKO and went to the host.
    public var suspensions = 0

    public init() {}
}
