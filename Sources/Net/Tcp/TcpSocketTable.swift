import Runtime

/// The TCP sockets of one interface: demultiplexes arriving segments, answers segments
/// for no socket with RST (RFC 9293 §3.10.7.1), and polls every socket.
public struct TcpSocketTable {
    public private(set) var sockets: [TcpSocket] = []
    public private(set) var counters = Counters()

    public struct Counters: Equatable, Sendable {
        /// Segments that failed to parse or verify (see `lastError`).
        public var malformed = 0
        /// Segments for no socket.
        public var noSocket = 0
        /// RSTs sent for segments for no socket.
        public var resetsSent = 0
        public init() {}
    }
    /// The most recent parse error, for diagnostics.
    public private(set) var lastError: WireError?

    public init() {}

    /// Adds a socket (the caller keeps its reference to call connect/send/...).
    public mutating func add(_ socket: TcpSocket) {
        for s in sockets where s === socket { return }
        sockets.append(socket)
    }

    public mutating func remove(_ socket: TcpSocket) {
        sockets.removeAll { $0 === socket }
    }

    /// What `input` did with a segment.
    public enum InputResult {
        /// A socket took it.
        case delivered
        /// Dropped: malformed, or for no socket (then `reply` is the RST to send, if any).
        case dropped(reply: TcpTransmission?)
    }

    /// Parses `bytes` (the IPv4 payload) from `source` to `destination` and hands the
    /// segment to its socket: the exact connection first, then a listener.
    public mutating func input(_ bytes: UnsafeRawBufferPointer, source: IPv4Address,
                               destination: IPv4Address, ttl: UInt8 = 64, now: Instant) -> InputResult {
        let segment: TcpSegment
        do {
            segment = try TcpSegment(parsing: bytes, source: source, destination: destination)
        } catch {
            counters.malformed += 1
            lastError = error
            return .dropped(reply: nil)
        }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[segment.payload])
        if Self.deliver(segment, payload: payload, to: sockets, source: source, destination: destination, now: now) {
            return .delivered
        }
        counters.noSocket += 1
        guard let reply = Self.reset(for: segment, payloadLength: payload.count, source: source,
                                     destination: destination, ttl: ttl) else { return .dropped(reply: nil) }
        counters.resetsSent += 1
        return .dropped(reply: reply)
    }

    /// Hands a parsed segment to its socket in `sockets`: the exact connection first, then
    /// a listener on the destination port. False if no socket wants it.
    public static func deliver(_ segment: TcpSegment, payload: UnsafeRawBufferPointer, to sockets: [TcpSocket],
                               source: IPv4Address, destination: IPv4Address, now: Instant) -> Bool {
        // Index loops, not for-in: an unspecialised IndexingIterator (a debug build) allocates
        // per call, and a received frame must cost no allocation (ZeroAllocationTests).
        var i = 0
        while i < sockets.count {
            let s = sockets[i]
            i += 1
            guard s.matchesConnection(segment, source: source, destination: destination) else { continue }
            s.process(segment, payload: payload, source: source, destination: destination, now: now)
            return true
        }
        i = 0
        while i < sockets.count {
            let s = sockets[i]
            i += 1
            guard s.matchesListener(segment) else { continue }
            s.process(segment, payload: payload, source: source, destination: destination, now: now)
            return true
        }
        return false
    }

    /// RFC 9293 §3.10.7.1 (CLOSED): no RST for a RST; if ACK, <SEQ=SEG.ACK><CTL=RST>; else
    /// <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. Never to a broadcast/multicast source.
    public static func reset(for seg: TcpSegment, payloadLength: Int, source: IPv4Address,
                             destination: IPv4Address, ttl: UInt8) -> TcpTransmission? {
        if seg.flags.contains(.rst) || source.isBroadcast || source.isMulticast || source.isUnspecified
            || destination.isBroadcast || destination.isMulticast { return nil }
        let reply: TcpSegment
        if seg.flags.contains(.ack) {
            reply = TcpSegment(sourcePort: seg.destinationPort, destinationPort: seg.sourcePort,
                               sequenceNumber: seg.acknowledgmentNumber, flags: .rst, window: 0)
        } else {
            let length = UInt32(truncatingIfNeeded: payloadLength + seg.controlLength)
            reply = TcpSegment(sourcePort: seg.destinationPort, destinationPort: seg.sourcePort,
                               sequenceNumber: 0, acknowledgmentNumber: seg.sequenceNumber &+ length,
                               flags: [.rst, .ack], window: 0)
        }
        return TcpTransmission(source: destination, destination: source, ttl: ttl, segment: reply,
                               payloadLength: 0, ring: nil, ringOffset: 0)
    }

    /// Lets every socket send what is due (see `TcpSocket.dispatch`).
    public func dispatch(now: Instant, localAddress: IPv4Address, _ send: (TcpTransmission) -> Bool) {
        for s in sockets { s.dispatch(now: now, localAddress: localAddress, send) }
    }

    /// The earliest `pollAt` over all sockets.
    public func pollAt(now: Instant) -> Instant? {
        var earliest: Instant?
        for s in sockets { earliest = TcpSocket.earliest(earliest, s.pollAt(now: now)) }
        return earliest
    }

    /// Suspends / resumes every socket.
    public func suspend(now: Instant) { for s in sockets { s.suspend(now: now) } }
    public func resume(now: Instant) { for s in sockets { s.resume(now: now) } }
}
