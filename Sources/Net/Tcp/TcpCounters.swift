/// Per-connection statistics (reset by `connect`/`listen`).
public struct TcpCounters: Equatable, Sendable {
    /// Segments processed by this socket.
    public var segmentsIn = 0
    /// Segments handed to the interface (retransmissions included).
    public var segmentsOut = 0
    /// Segments sent again after a retransmission timeout (SYN, data, FIN).
    public var retransmissions = 0
    /// Retransmission timer expiries.
    public var timeouts = 0
    /// Payload bytes accepted in order from the peer.
    public var bytesIn = 0
    /// Payload bytes sent for the first time.
    public var bytesOut = 0
    /// Payload bytes sent again.
    public var bytesRetransmitted = 0
    /// Keepalive probes sent by the host stack.
    public var keepaliveProbes = 0
    /// Zero-window probes sent.
    public var windowProbes = 0
    /// RST segments sent / accepted.
    public var resetsOut = 0
    public var resetsIn = 0
    /// Segments dropped as unacceptable (outside the window, bad ACK, out of order).
    public var dropped = 0
    /// Out-of-window segments left unanswered by `TcpConfig.outOfWindowAckInterval`.
    public var outOfWindowAcksSkipped = 0

    public init() {}
}
