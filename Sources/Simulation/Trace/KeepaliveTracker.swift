import Runtime

/// Recognises TCP keepalives on the air and their ACKs, per connection, from the frames
/// alone. A keepalive (RFC 1122 §4.2.3.6) is an ACK-only segment with 0 or 1 byte whose
/// sequence number is one less than the next one the peer expects (seq = the peer's
/// last ack − 1); LPA's request frame is exactly that (docs/tko-offload.md §1.6). Its ACK is
/// the peer's segment acknowledging seq + 1.
public final class KeepaliveTracker {
    private struct Side {
        var lastAck: UInt32? = nil      // last ack this side sent
        var sndMax: UInt32? = nil       // highest seq + len (+SYN/FIN) this side sent
    }
    private struct Flow {
        var stationIP: IPv4Address, stationPort: UInt16, peerIP: IPv4Address, peerPort: UInt16
        var station = Side(), peer = Side()
        var stationKeepaliveAwaiting: UInt32? = nil   // ack value that answers it
        var peerKeepaliveAwaiting: UInt32? = nil
    }

    /// What one observed segment was.
    public enum Kind: Equatable, Sendable {
        case stationKeepalive, stationKeepaliveAck, peerKeepalive, peerKeepaliveAnswer, other
    }

    public private(set) var keepalivesSent = 0
    public private(set) var keepalivesAcked = 0
    public private(set) var peerKeepalives = 0
    public private(set) var peerKeepalivesAnswered = 0
    private var flows: [Flow] = []

    /// If set, every keepalive and its ACK is written here in tcpdump style.
    public var traceLog: Log? = nil
    public var formatter = TcpdumpFormatter()
    /// Stop writing lines after this many (counting goes on).
    public var traceLimit = Int.max
    public private(set) var traceLines = 0
    /// When each station keepalive went out and whether it was acknowledged (for the
    /// timeline picture; at most `timesLimit` kept).
    public private(set) var stationKeepaliveTimes: [(at: Instant, acked: Bool)] = []
    public var timesLimit = 100_000

    public init() {}

    /// Observes one TCP segment seen on air; `fromStation` tells the direction.
    @discardableResult
    public func observe(_ p: LanPacket, at t: Instant, fromStation: Bool) -> Kind {
        guard let ip = p.ipv4, let tcp = p.tcp else { return .other }
        let i = flowIndex(ip, tcp, fromStation: fromStation)
        // A new connection (SYN) or an aborted one (RST): nothing before it can be answered.
        if tcp.flags & (LanPacket.TCP.syn | LanPacket.TCP.rst) != 0 {
            flows[i].station = Side(); flows[i].peer = Side()
            flows[i].stationKeepaliveAwaiting = nil; flows[i].peerKeepaliveAwaiting = nil
            if tcp.flags & LanPacket.TCP.rst != 0 { return .other }
        }
        let len = UInt32(tcp.payloadLength)
        let ackOnly = tcp.flags == LanPacket.TCP.ackFlag
        var kind = Kind.other
        var f = flows[i]
        let me = fromStation ? f.station : f.peer
        let other = fromStation ? f.peer : f.station
        if ackOnly && len <= 1, let expected = other.lastAck ?? me.sndMax, tcp.seq == expected &- 1 {
            kind = fromStation ? .stationKeepalive : .peerKeepalive
            if fromStation {
                keepalivesSent += 1; f.stationKeepaliveAwaiting = tcp.seq &+ 1
                if stationKeepaliveTimes.count < timesLimit { stationKeepaliveTimes.append((t, false)) }
            }
            else { peerKeepalives += 1; f.peerKeepaliveAwaiting = tcp.seq &+ 1 }
        } else if tcp.flags & LanPacket.TCP.ackFlag != 0 {
            if !fromStation, let want = f.stationKeepaliveAwaiting, tcp.ack == want {
                kind = .stationKeepaliveAck; keepalivesAcked += 1; f.stationKeepaliveAwaiting = nil
                if let last = stationKeepaliveTimes.indices.last { stationKeepaliveTimes[last].acked = true }
            } else if fromStation, let want = f.peerKeepaliveAwaiting, tcp.ack == want {
                kind = .peerKeepaliveAnswer; peerKeepalivesAnswered += 1; f.peerKeepaliveAwaiting = nil
            }
        }
        // Update what this side has said (a keepalive's seq-1 never lowers sndMax).
        var side = me
        if tcp.flags & LanPacket.TCP.ackFlag != 0 { side.lastAck = tcp.ack }
        var end = tcp.seq &+ len
        if tcp.flags & (LanPacket.TCP.syn | LanPacket.TCP.fin) != 0 { end = end &+ 1 }
        if kind != .stationKeepalive && kind != .peerKeepalive {
            if let m = side.sndMax { if Int32(bitPattern: end &- m) > 0 { side.sndMax = end } } else { side.sndMax = end }
        }
        if fromStation { f.station = side } else { f.peer = side }
        flows[i] = f
        if kind != .other, let log = traceLog, traceLines < traceLimit {
            formatter.write(p, at: t, to: log)
            traceLines += 1
        }
        return kind
    }

    private func flowIndex(_ ip: LanPacket.IPv4, _ tcp: LanPacket.TCP, fromStation: Bool) -> Int {
        let sIP = fromStation ? ip.source : ip.destination, pIP = fromStation ? ip.destination : ip.source
        let sPort = fromStation ? tcp.sourcePort : tcp.destinationPort
        let pPort = fromStation ? tcp.destinationPort : tcp.sourcePort
        for i in flows.indices {
            let f = flows[i]
            if f.stationIP == sIP && f.stationPort == sPort && f.peerIP == pIP && f.peerPort == pPort { return i }
        }
        flows.append(Flow(stationIP: sIP, stationPort: sPort, peerIP: pIP, peerPort: pPort))
        return flows.count - 1
    }
}
