import Testing
@testable import Net
import Runtime

/// A segment as seen on the wire, parsed back from the bytes a socket emitted.
struct TcpWireSegment: CustomStringConvertible {
    var source: IPv4Address
    var destination: IPv4Address
    var ttl: UInt8
    var header: TcpSegment
    var payload: [UInt8]

    var seq: UInt32 { header.sequenceNumber }
    var ack: UInt32 { header.acknowledgmentNumber }
    var flags: TcpFlags { header.flags }
    var window: UInt16 { header.window }
    var description: String {
        var f = ""
        if flags.contains(.syn) { f += "S" }
        if flags.contains(.fin) { f += "F" }
        if flags.contains(.rst) { f += "R" }
        if flags.contains(.psh) { f += "P" }
        if flags.contains(.ack) { f += "." }
        return "[\(f)] seq \(seq) ack \(ack) win \(window) len \(payload.count)"
    }
}

/// Emits a transmission into bytes (0xA5-prefilled, so an unwritten byte shows) and parses
/// them back with checksum verification.
func tcpCapture(_ t: TcpTransmission) -> TcpWireSegment {
    var bytes = [UInt8](repeating: 0xA5, count: t.length)
    bytes.withUnsafeMutableBytes { t.write(into: $0) }
    return bytes.withUnsafeBytes { b in
        let seg = try! TcpSegment(parsing: b, source: t.source, destination: t.destination)
        return TcpWireSegment(source: t.source, destination: t.destination, ttl: t.ttl, header: seg,
                           payload: Array(b[seg.payload]))
    }
}

/// Segment bytes with a valid checksum, for feeding a socket.
func tcpSegmentBytes(_ seg: TcpSegment, payload: [UInt8], source: IPv4Address, destination: IPv4Address) -> [UInt8] {
    var bytes = [UInt8](repeating: 0xA5, count: seg.headerLength + payload.count)
    bytes.withUnsafeMutableBytes { b in
        seg.emit(into: b)
        for (i, v) in payload.enumerated() { b[seg.headerLength + i] = v }
        TcpSegment.fillChecksum(b, source: source, destination: destination)
    }
    return bytes
}

func tms(_ n: UInt64) -> Instant { .milliseconds(n) }

/// A timed script around one socket under test, in the manner of smoltcp's socket tests:
/// `send` plays the peer, `recv(time:)` polls the socket and returns what it emitted,
/// `recvNothing(time:)` checks it stays silent.
final class TcpScript {
    static let localIP = IPv4Address(192, 168, 0, 15)
    static let remoteIP = IPv4Address(192, 168, 0, 10)
    static let localPort: UInt16 = 3353
    static let remotePort: UInt16 = 3360
    var table = TcpSocketTable()
    let socket: TcpSocket
    /// RSTs the table generated for segments for no socket.
    var tableReplies: [TcpWireSegment] = []

    init(_ socket: TcpSocket) {
        self.socket = socket
        table.add(socket)
    }

    /// The peer sends `flags` with `seq`/`ack` to our socket at `time`.
    func send(time: UInt64, seq: UInt32, ack: UInt32? = nil, flags: TcpFlags = [], window: UInt16 = 8192,
              payload: [UInt8] = [], mss: UInt16? = nil, fromPort: UInt16 = TcpScript.remotePort,
              toPort: UInt16 = TcpScript.localPort, from: IPv4Address = TcpScript.remoteIP) {
        var f = flags
        if ack != nil { f.insert(.ack) }
        let seg = TcpSegment(sourcePort: fromPort, destinationPort: toPort, sequenceNumber: seq,
                             acknowledgmentNumber: ack ?? 0, flags: f, window: window,
                             options: TcpSegmentOptions(maximumSegmentSize: mss))
        let bytes = tcpSegmentBytes(seg, payload: payload, source: from, destination: Self.localIP)
        let result = bytes.withUnsafeBytes {
            table.input($0, source: from, destination: Self.localIP, now: tms(time))
        }
        if case .dropped(let reply?) = result { tableReplies.append(tcpCapture(reply)) }
    }

    /// Polls at `time` and returns every segment the socket sent.
    @discardableResult
    func recv(time: UInt64, accept: Bool = true) -> [TcpWireSegment] {
        var out: [TcpWireSegment] = []
        table.dispatch(now: tms(time), localAddress: Self.localIP) { t in
            if accept { out.append(tcpCapture(t)) }
            return accept
        }
        return out
    }

    /// Polls at `time` and expects exactly one segment.
    func recvOne(time: UInt64, sourceLocation: SourceLocation = #_sourceLocation) -> TcpWireSegment? {
        let out = recv(time: time)
        #expect(out.count == 1, "expected one segment at \(time) ms, got \(out)", sourceLocation: sourceLocation)
        return out.first
    }

    /// Polls at `time` and expects silence.
    func recvNothing(time: UInt64, sourceLocation: SourceLocation = #_sourceLocation) {
        let out = recv(time: time)
        #expect(out.isEmpty, "expected nothing at \(time) ms, got \(out)", sourceLocation: sourceLocation)
    }

    /// Drives a client socket to ESTABLISHED: SYN (ISN `isn`), SYN-ACK (peer ISN `peerIsn`),
    /// ACK. Returns after the ACK went out at `time`.
    static func established(isn: UInt32 = 1000, peerIsn: UInt32 = 5000, time: UInt64 = 0,
                            window: UInt16 = 8192, config: TcpConfig = TcpConfig(),
                            receiveCapacity: Int = 4096, sendCapacity: Int = 4096) -> TcpScript {
        let s = TcpSocket(receiveCapacity: receiveCapacity, sendCapacity: sendCapacity, config: config, seed: 1)
        let script = TcpScript(s)
        try! s.connect(to: TcpEndpoint(address: remoteIP, port: remotePort), localPort: localPort,
                       now: tms(time), isn: isn)
        let syn = script.recv(time: time)
        precondition(syn.count == 1 && syn[0].flags == .syn)
        script.send(time: time, seq: peerIsn, ack: isn &+ 1, flags: .syn, window: window, mss: 1460)
        let ack = script.recv(time: time)
        precondition(ack.count == 1 && ack[0].flags == .ack && s.state == .established)
        return script
    }
}

/// Two sockets wired back to back through their tables, with a one-way delay and an
/// optional loss filter; time jumps to the next event like the simulation's clock.
final class TcpLink {
    struct InFlight { var at: Instant; var toB: Bool; var bytes: [UInt8]; var source: IPv4Address; var destination: IPv4Address }
    static let ipA = IPv4Address(10, 0, 0, 1)
    static let ipB = IPv4Address(10, 0, 0, 2)
    var a = TcpSocketTable()
    var b = TcpSocketTable()
    var now = Instant.zero
    let delay: Duration
    var wire: [InFlight] = []
    /// Every segment that went on the wire (dropped ones included), in order.
    var log: [(at: Instant, fromA: Bool, segment: TcpWireSegment, dropped: Bool)] = []
    /// Return true to drop a segment.
    var drop: (_ fromA: Bool, _ segment: TcpWireSegment) -> Bool = { _, _ in false }

    init(delay: Duration = .milliseconds(10)) { self.delay = delay }

    private func transmit(_ t: TcpTransmission, fromA: Bool) -> Bool {
        var bytes = [UInt8](repeating: 0xA5, count: t.length)
        bytes.withUnsafeMutableBytes { t.write(into: $0) }
        let seg = tcpCapture(t)
        let dropped = drop(fromA, seg)
        log.append((now, fromA, seg, dropped))
        if !dropped {
            wire.append(InFlight(at: now + delay, toB: fromA, bytes: bytes, source: t.source, destination: t.destination))
        }
        return true
    }

    /// Runs both sides until `end`, or until nothing is scheduled.
    func run(until end: Instant) {
        var guardCount = 0
        while guardCount < 100_000 {
            guardCount += 1
            // Deliver due frames in order.
            wire.sort { $0.at < $1.at }
            while let f = wire.first, f.at <= now {
                wire.removeFirst()
                let result = f.bytes.withUnsafeBytes { bytes in
                    f.toB ? b.input(bytes, source: f.source, destination: f.destination, now: now)
                          : a.input(bytes, source: f.source, destination: f.destination, now: now)
                }
                if case .dropped(let reply?) = result { _ = transmit(reply, fromA: !f.toB) }
            }
            a.dispatch(now: now, localAddress: Self.ipA) { transmit($0, fromA: true) }
            b.dispatch(now: now, localAddress: Self.ipB) { transmit($0, fromA: false) }
            var next = TcpSocket.earliest(a.pollAt(now: now), b.pollAt(now: now))
            next = TcpSocket.earliest(next, wire.map(\.at).min())
            guard let n = next, n <= end else { now = end; return }
            if n > now { now = n }
        }
        Issue.record("link did not settle")
    }

    func run(for d: Duration) { run(until: now + d) }
}
