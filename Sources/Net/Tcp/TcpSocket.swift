import Runtime

/// One TCP connection endpoint (RFC 9293), polled smoltcp-style: segments go in with
/// `process`, segments come out of `dispatch`, and `pollAt` says when the socket next
/// needs a poll. Time is always a parameter; the socket never reads a clock.
///
/// Split by concern: this file holds the state and the application API;
/// `+Input` the segment-arrival rules, `+Output` what to send, `+Timers` the
/// retransmission / persist / keepalive / TIME-WAIT timers and suspend/resume,
/// `+Offload` the hand-off to the firmware; `TcpRetransmissionTimer` (RFC 6298) and
/// `TcpCongestionControl` (RFC 5681) hold the arithmetic.
///
///     let socket = TcpSocket(receiveCapacity: 4096, sendCapacity: 4096, config: config, seed: seed)
///     iface.addTcpSocket(socket)
///     try socket.connect(to: TcpEndpoint(address: server, port: 3360), localPort: 3353, now: now)
///     // ... iface.poll(now:) until socket.state == .established
///     _ = try socket.send(bytes)
///     let reply = try socket.receive()
///
/// Not implemented: window scaling, SACK, timestamps (parsed, never offered), urgent
/// data, a reassembly queue (out-of-order segments are dropped and re-ACKed), Nagle.
public final class TcpSocket {
    /// Tunables; changing `keepalive` takes effect at the next idle period.
    public var config: TcpConfig

    // MARK: connection identity
    public internal(set) var state: TcpState = .closed
    /// Our address and port (address filled in by the interface on first use).
    public internal(set) var local = TcpEndpoint(address: .any, port: 0)
    public internal(set) var remote = TcpEndpoint(address: .any, port: 0)
    /// Set by `listen`: after a connection ends the socket listens again on this port.
    public internal(set) var listenPort: UInt16?
    /// Why the last connection ended (nil while open or never opened).
    public internal(set) var closeReason: TcpCloseReason?
    public internal(set) var counters = TcpCounters()

    // MARK: send sequence space (RFC 9293 §3.3.1)
    var iss = SeqNumber(0)
    var sndUna = SeqNumber(0)
    var sndNxt = SeqNumber(0)
    /// Highest sequence number sent so far (SND.NXT is rewound on timeout, this is not).
    var sndMax = SeqNumber(0)
    var sndWnd = 0
    var sndWl1 = SeqNumber(0)
    var sndWl2 = SeqNumber(0)
    /// MSS we may send: min(peer's announced MSS or 536, our configured MSS).
    var sendMss = 536
    /// Sequence number of `txBuffer`'s first byte.
    var txBase = SeqNumber(0)
    var txBuffer: TcpRingBuffer
    /// The application closed its side: a FIN follows the queued data.
    var finQueued = false

    // MARK: receive sequence space
    var irs = SeqNumber(0)
    var rcvNxt = SeqNumber(0)
    var rxBuffer: TcpRingBuffer
    /// The peer's FIN was accepted.
    var rxFinished = false
    /// Right edge of the window we last advertised (RCV.NXT + RCV.WND at send time).
    var advertisedEdge = SeqNumber(0)

    // MARK: pending output
    var ackPending = false
    /// When the last duplicate ACK answered an out-of-window segment (rate limit).
    var lastOutOfWindowAck: Instant?
    var keepaliveProbePending = false
    /// Send one byte into a zero window (persist timer / its retransmission).
    var windowProbePending = false
    var pendingReset: (to: TcpEndpoint, from: UInt16, seq: SeqNumber, ack: SeqNumber?)?
    /// When the interface last refused a segment (ARP pending), and since when it has
    /// refused without a success; both nil after a success.
    var sendBlockedAt: Instant?
    var sendBlockedSince: Instant?

    // MARK: congestion control (RFC 5681)
    var congestion = TcpCongestionControl(mss: 536)
    /// Duplicate ACKs in a row (§3.2).
    var duplicateAcks = 0
    /// Since when data beyond a hole has arrived (an out-of-order segment dropped and
    /// duplicate-ACKed); nil once the hole is filled. The peer's retransmission is due: a host
    /// that sleeps now would be woken by every segment until it comes.
    public internal(set) var receiveHoleSince: Instant?
    /// The last segment that brought new in-order data carried PSH or FIN: the peer's write
    /// ended there (RFC 9293 §3.9.1: the sender sets PSH on the last segment of a write, as
    /// Linux and lwIP do). False while a write of several segments is still arriving.
    public internal(set) var peerPushed = true
    /// In fast recovery until SND.UNA reaches this (RFC 6582 "recover").
    var recoveryPoint: SeqNumber?
    /// Resend the segment at SND.UNA without rewinding SND.NXT.
    var fastRetransmitPending = false

    // MARK: timers
    var rto: TcpRetransmissionTimer
    var retransmitAt: Instant?
    /// Retransmission timeouts in a row (reset by forward progress).
    var consecutiveTimeouts = 0
    var persistAt: Instant?
    var keepaliveAt: Instant?
    var keepaliveProbesUnanswered = 0
    var timeWaitUntil: Instant?
    var suspendedAt: Instant?
    /// Set when a connection reaches ESTABLISHED from LISTEN; cleared by `accept`.
    var acceptReady = false

    var random: SeededRandom
    /// The secret key of the initial-sequence-number function, drawn once per socket.
    let isnSecret: UInt64

    /// A socket with fixed-capacity send and receive rings (allocated here, once).
    /// `seed` feeds the initial-sequence-number generator (deterministic simulation).
    public init(receiveCapacity: Int = 4096, sendCapacity: Int = 4096,
                config: TcpConfig = TcpConfig(), seed: UInt64) {
        self.config = config
        self.rxBuffer = TcpRingBuffer(capacity: min(receiveCapacity, 65535))
        self.txBuffer = TcpRingBuffer(capacity: sendCapacity)
        self.rto = TcpRetransmissionTimer(initial: config.initialRetransmissionTimeout,
                                          minimum: config.minimumRetransmissionTimeout,
                                          maximum: config.maximumRetransmissionTimeout)
        self.random = SeededRandom(seed: seed)
        self.isnSecret = random.next()
    }

    // MARK: - Application API

    /// Active open (RFC 9293 §3.10.1): sends a SYN from `localPort` to `remote` at the
    /// next poll. `isn` overrides the generated initial sequence number (tests).
    public func connect(to remote: TcpEndpoint, localPort: UInt16, now: Instant,
                        isn: UInt32? = nil) throws(TcpConnectError) {
        guard state == .closed else { throw .invalidState(state) }
        guard localPort != 0, remote.port != 0, !remote.address.isUnspecified,
              !remote.address.isBroadcast, !remote.address.isMulticast else { throw .unaddressable }
        // The same 4-tuple as the connection that just ended here: the peer may hold that
        // one in TIME-WAIT and takes our SYN only beyond its sequence space.
        let previous: SeqNumber? = closeReason != nil && self.remote == remote && local.port == localPort ? sndMax : nil
        reset()
        listenPort = nil
        self.local = TcpEndpoint(address: local.address, port: localPort)
        self.remote = remote
        startSendSpace(isn: isn, now: now)
        if isn == nil, let previous, !(iss > previous) {
            // RFC 1122 §4.2.2.13 (1): the new incarnation's ISN is larger than any sequence
            // number the previous one used. The clock ISN is not after a connection that
            // lived longer than half the clock's 4.77 h wrap (or sent more than it advanced):
            // step past the old space by a window, as Linux numbers a reopened TIME-WAIT pair.
            startSendSpace(isn: (previous + 65_537).raw, now: now)
        }
        state = .synSent
    }

    /// Passive open: waits for a SYN on `port`. After each connection ends the socket
    /// returns to LISTEN by itself, until `close()` or `abort()` is called in LISTEN.
    public func listen(port: UInt16) throws(TcpListenError) {
        guard state == .closed else { throw .invalidState(state) }
        guard port != 0 else { throw .unaddressable }
        reset()
        listenPort = port
        local = TcpEndpoint(address: local.address, port: port)
        state = .listen
    }

    /// The peer of a connection that arrived on a listening socket, once per connection
    /// (when it reached ESTABLISHED); nil otherwise.
    public func accept() -> TcpEndpoint? {
        guard acceptReady, state != .listen, state != .closed else { return nil }
        acceptReady = false
        return remote
    }

    /// Queues bytes for sending; returns how many fit (0 when the ring is full).
    public func send(_ bytes: UnsafeRawBufferPointer) throws(TcpSendError) -> Int {
        guard canSend else { throw .invalidState(state) }
        return txBuffer.write(bytes)
    }

    /// Array convenience for `send(_:)`.
    public func send(_ bytes: [UInt8]) throws(TcpSendError) -> Int {
        guard canSend else { throw .invalidState(state) }
        return bytes.withUnsafeBytes { txBuffer.write($0) }
    }

    /// Moves received bytes into `out`; returns how many (0: nothing yet).
    public func receive(into out: UnsafeMutableRawBufferPointer) throws(TcpReceiveError) -> Int {
        if rxBuffer.isEmpty {
            if rxFinished { throw .finished }
            if state == .closed || state == .listen || state == .synSent { throw .invalidState(state) }
            return 0
        }
        let n = rxBuffer.read(into: out)
        noteWindowOpened()
        return n
    }

    /// Array convenience for `receive(into:)`: up to `max` bytes.
    public func receive(max: Int = Int.max) throws(TcpReceiveError) -> [UInt8] {
        if rxBuffer.isEmpty {
            if rxFinished { throw .finished }
            if state == .closed || state == .listen || state == .synSent { throw .invalidState(state) }
            return []
        }
        var out = [UInt8](repeating: 0, count: Swift.min(max, rxBuffer.count))
        let n = out.withUnsafeMutableBytes { rxBuffer.read(into: $0) }
        out.removeLast(out.count - n)
        noteWindowOpened()
        return out
    }

    /// Graceful close (RFC 9293 §3.10.4): a FIN goes after the queued data. In LISTEN or
    /// SYN-SENT the socket simply closes and stops listening.
    public func close() {
        switch state {
        case .closed:
            listenPort = nil
        case .listen, .synSent:
            listenPort = nil
            enterClosed(reason: .normal)
        case .synReceived, .established:
            finQueued = true
            state = .finWait1
        case .closeWait:
            finQueued = true
            state = .lastAck
        case .finWait1, .finWait2, .closing, .lastAck, .timeWait:
            break
        }
    }

    /// Abort (RFC 9293 §3.10.5): sends RST in synchronized states, drops all queues,
    /// stops listening.
    public func abort() {
        // RFC 9293 §3.10.5: no RST in CLOSING, LAST-ACK or TIME-WAIT (nothing left to reset).
        switch state {
        case .closing, .lastAck, .timeWait: break
        case _ where state.isSynchronized || state == .synReceived:
            queueReset(seq: sndNxt)
        default: break
        }
        listenPort = nil
        enterClosed(reason: .aborted)
    }

    // MARK: - Queries

    /// True while `send` accepts bytes.
    public var canSend: Bool { (state == .established || state == .closeWait) && !finQueued }
    /// Bytes waiting to be read.
    public var receiveQueueCount: Int { rxBuffer.count }
    /// Bytes queued and not yet acknowledged.
    public var sendQueueCount: Int { txBuffer.count }
    /// Room left in the send ring.
    public var sendCapacityLeft: Int { txBuffer.free }
    /// The peer has closed its side and every byte was read.
    public var peerClosed: Bool { rxFinished && rxBuffer.isEmpty }
    /// An ACK (or window update) is due and has not gone out yet (ARP pending, not polled).
    public var ackDue: Bool { ackPending }
    /// True while suspended (no timers fire, nothing is sent).
    public var isSuspended: Bool { suspendedAt != nil }
    /// SND.NXT, SND.UNA and RCV.NXT, for tests and diagnostics.
    public var sendNext: UInt32 { sndNxt.raw }
    public var sendUnacknowledged: UInt32 { sndUna.raw }
    public var receiveNext: UInt32 { rcvNxt.raw }
    /// The peer's current window (SND.WND).
    public var sendWindow: Int { sndWnd }
    /// The congestion window (cwnd), bytes.
    public var congestionWindow: Int { congestion.window }
    /// The RTO the retransmission timer would be armed with now.
    public var retransmissionTimeout: Duration { rto.current }

    // MARK: - Internals shared by the extensions

    /// Free receive space, at most 65535 because we never negotiate window scaling. Data
    /// up to this much is accepted.
    var receiveWindow: Int { min(rxBuffer.free, 65535, receiveWindowLimit) }
    /// At most this much receive window is offered (`limitReceiveWindow`).
    var receiveWindowLimit = Int.max

    /// Offers at most `bytes` of receive window from now on (a peer whose reader fell
    /// behind, or caught up) and announces it with an ACK (a window update). A smaller
    /// window than the one already offered shrinks it, which RFC 9293 §3.8.6.2.2 allows a
    /// receiver to do (and a sender must cope with); the simulated server uses it.
    public func limitReceiveWindow(to bytes: Int) {
        receiveWindowLimit = max(bytes, 0)
        if state.isSynchronized { ackPending = true }
    }

    /// The window we put in a header (RCV.WND). RFC 1122 §4.2.3.3 receiver SWS avoidance:
    /// the right edge moves only when it can move by min(MSS, capacity/2); otherwise the
    /// edge the peer already knows is kept (the window is never shrunk).
    var advertisedWindow: Int {
        let free = receiveWindow
        let known = max(advertisedEdge - rcvNxt, 0)
        if free <= known || free - known >= min(sendMss, rxBuffer.capacity / 2) { return free }
        return known
    }

    func startSendSpace(isn: UInt32?, now: Instant) {
        iss = SeqNumber(isn ?? initialSequenceNumber(now: now))
        sndUna = iss; sndNxt = iss; sndMax = iss
        txBase = iss + 1
    }

    /// Forgets the previous connection (queues, sequence space, timers, counters).
    func reset() {
        txBuffer.clear(); rxBuffer.clear()
        finQueued = false; rxFinished = false
        ackPending = false; keepaliveProbePending = false; windowProbePending = false
        sendBlockedAt = nil; sendBlockedSince = nil
        retransmitAt = nil; persistAt = nil; keepaliveAt = nil; timeWaitUntil = nil
        consecutiveTimeouts = 0; keepaliveProbesUnanswered = 0
        rto = TcpRetransmissionTimer(initial: config.initialRetransmissionTimeout,
                                     minimum: config.minimumRetransmissionTimeout,
                                     maximum: config.maximumRetransmissionTimeout)
        sndWnd = 0; sendMss = 536
        congestion = TcpCongestionControl(mss: 536)
        duplicateAcks = 0; recoveryPoint = nil; fastRetransmitPending = false
        peerPushed = true
        receiveHoleSince = nil
        closeReason = nil
        acceptReady = false
        counters = TcpCounters()
    }

    /// Ends the connection; a listening socket goes back to LISTEN (a pending RST is kept).
    /// Queues a RST to the peer from our port with sequence number `seq` and no ACK
    /// (sent at the next `dispatch`); out of line, four places queue one.
    @inline(never)
    func queueReset(seq: SeqNumber) {
        pendingReset = (remote, local.port, seq, nil)
    }

    func enterClosed(reason: TcpCloseReason) {
        closeReason = reason
        retransmitAt = nil; persistAt = nil; keepaliveAt = nil; timeWaitUntil = nil
        ackPending = false; keepaliveProbePending = false; windowProbePending = false
        txBuffer.clear()
        finQueued = false
        acceptReady = false
        receiveHoleSince = nil     // no retransmission is coming to fill it any more
        if let port = listenPort {
            // A listener serves one connection at a time: bytes of the finished one that
            // were never read are dropped when it returns to LISTEN.
            rxBuffer.clear(); rxFinished = false
            remote = TcpEndpoint(address: .any, port: 0)
            local = TcpEndpoint(address: local.address, port: port)
            state = .listen
        } else {
            state = .closed
        }
    }

    /// After the application read: announce the reopened window if it grew by at least
    /// min(MSS, capacity/2) (RFC 1122 §4.2.3.3 receiver SWS avoidance).
    func noteWindowOpened() {
        guard state.isSynchronized else { return }
        let edge = rcvNxt + receiveWindow
        if edge - advertisedEdge >= min(sendMss, rxBuffer.capacity / 2) { ackPending = true }
    }
}
