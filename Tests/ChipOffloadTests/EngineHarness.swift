import Runtime
@testable import ChipModel

/// Bytes from a hex string; spaces and newlines are ignored.
func hex(_ s: String) -> [UInt8] {
    let d = s.filter { !$0.isWhitespace }
    var out: [UInt8] = []
    var i = d.startIndex
    while i < d.endIndex {
        let j = d.index(i, offsetBy: 2)
        out.append(UInt8(d[i..<j], radix: 16)!)
        i = j
    }
    return out
}

/// The chip side the engines talk to: a clock, the air, events and the host-wake line.
/// Frames the engines do not consume go to the host with a `.data` wake, as ChipModel's
/// receive path does.
final class FakeChip: FirmwareServices {
    var now: Instant = .zero
    let macAddress = MACAddress(0xA0, 0xC9, 0xA0, 0x3D, 0xD3, 0x6A)
    var sent: [(at: Instant, frame: [UInt8])] = []
    var events: [(type: UInt32, status: UInt32, reason: UInt32, data: [UInt8])] = []
    var wakes: [WakeReason] = []
    var toHost: [[UInt8]] = []
    /// The peer's answer to each frame we transmit (nil: silent), and its latency.
    var peer: (([UInt8]) -> [UInt8]?)?
    var peerLatency: Duration = .zero
    private var inFlight: [(at: Instant, frame: [UInt8])] = []

    func sendToAir(_ frame: [UInt8]) {
        sent.append((now, frame))
        if let answer = peer?(frame) { inFlight.append((now + peerLatency, answer)) }
    }
    func raiseEvent(type: UInt32, status: UInt32, reason: UInt32, data: [UInt8]) {
        events.append((type, status, reason, data))
    }
    func wakeHost(reason: WakeReason) { wakes.append(reason) }

    /// Offers a frame from the air to the engines in order; unconsumed frames wake the host.
    func receive(_ frame: [UInt8], _ engines: [Engine]) {
        for e in engines where e.consume(frame, self) { return }
        toHost.append(frame)
        wakes.append(.data)
    }

    /// Runs the engines and the peer until `end`, jumping from deadline to deadline.
    func run(until end: Instant, _ engines: [Engine]) {
        while true {
            var next: Instant? = inFlight.map(\.at).min()
            for e in engines { if let d = e.deadline, next == nil || d < next! { next = d } }
            guard let at = next, at <= end else { break }
            now = max(now, at)
            if let i = inFlight.firstIndex(where: { $0.at <= now }) {
                let f = inFlight.remove(at: i).frame
                receive(f, engines)
                continue
            }
            for e in engines { e.run(now, self) }
        }
        now = max(now, end)
    }
}

/// One engine under test, type-erased for the harness.
struct Engine {
    let consume: ([UInt8], FakeChip) -> Bool
    let run: (Instant, FakeChip) -> Void
    let deadlineBody: () -> Instant?
    var deadline: Instant? { deadlineBody() }

    static func tko(_ t: TcpKeepaliveOffload) -> Engine {
        Engine(consume: { t.intercept($0, fw: $1) }, run: { t.advance(to: $0, fw: $1) }, deadlineBody: { t.nextDeadline })
    }
    static func arp(_ a: ArpOffload) -> Engine {
        Engine(consume: { a.intercept($0, fw: $1) }, run: { _, _ in }, deadlineBody: { nil })
    }
    static func filter(_ p: PacketFilterOffload) -> Engine {
        Engine(consume: { f, _ in p.intercept(f) }, run: { _, _ in }, deadlineBody: { nil })
    }
}

// MARK: Fixtures (docs/tko-offload.md §1.6 worked example)

/// §1.6 request frame: 192.168.0.15:3353 -> 192.168.0.10:3360, seq 12345677, ack 9abcdef0.
let exampleRequest = hex("""
    112233445566 a0c9a03dd36a 0800 4500 0028 0000 0000 2006 1967 c0a8000f c0a8000a
    0d19 0d20 12345677 9abcdef0 5010 175f 1a7a 0000
    """)
/// §1.6 response frame: seq 12345678, TCP checksum 1a79.
let exampleResponse = hex("""
    112233445566 a0c9a03dd36a 0800 4500 0028 0000 0000 2006 1967 c0a8000f c0a8000a
    0d19 0d20 12345678 9abcdef0 5010 175f 1a79 0000
    """)
/// §1.6 CONNECT iovar data: wl_tko_t {2, 140} + wl_tko_connect_t + frames, + 4 trailing bytes.
let exampleConnect = hex("""
    0200 8c00
    00 00 190d 200d 0000 78563412 f0debc9a 3600 3600 c0a8000f c0a8000a
    """) + exampleRequest + exampleResponse + [0, 0, 0, 0]
/// §1.4 PARAM {1, len 12}: interval 5, retry interval 3, retry count 3 (the CE's values, §2).
let paramCE: [UInt8] = [1, 0, 12, 0, 5, 0, 3, 0, 3, 0, 0, 0, 0, 0, 0, 0]
/// §1.4 ENABLE {3, len 8}.
let enableOn: [UInt8] = [3, 0, 8, 0, 1, 0, 0, 0, 0, 0, 0, 0]
let enableOff: [UInt8] = [3, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0]

let server = (mac: [UInt8](arrayLiteral: 0x11, 0x22, 0x33, 0x44, 0x55, 0x66), ip: UInt32(0xC0A8_000A), port: UInt16(3360))
let device = (mac: [UInt8](arrayLiteral: 0xA0, 0xC9, 0xA0, 0x3D, 0xD3, 0x6A), ip: UInt32(0xC0A8_000F), port: UInt16(3353))

/// A TCP segment from the server to the device (RFC 791/793 layout, checksums computed here),
/// optionally in 802.3 LLC/SNAP framing (RFC 1042).
func serverSegment(seq: UInt32, ack: UInt32, flags: UInt8 = 0x10, payload: [UInt8] = [],
                   snap: Bool = false, fragment: UInt16 = 0, corruptTCP: Bool = false) -> [UInt8] {
    var ip = [UInt8](repeating: 0, count: 20)
    ip[0] = 0x45
    let total = 40 + payload.count
    (ip[2], ip[3]) = (UInt8(total >> 8), UInt8(total & 0xFF))
    (ip[6], ip[7]) = (UInt8(fragment >> 8), UInt8(fragment & 0xFF))
    ip[8] = 64; ip[9] = 6
    put32(&ip, 12, server.ip); put32(&ip, 16, device.ip)
    let ipSum = checksum(ip, 0)
    (ip[10], ip[11]) = (UInt8(ipSum >> 8), UInt8(ipSum & 0xFF))
    var tcp = [UInt8](repeating: 0, count: 20) + payload
    (tcp[0], tcp[1], tcp[2], tcp[3]) = (UInt8(server.port >> 8), UInt8(server.port & 0xFF), UInt8(device.port >> 8), UInt8(device.port & 0xFF))
    put32(&tcp, 4, seq); put32(&tcp, 8, ack)
    tcp[12] = 0x50; tcp[13] = flags; tcp[14] = 0xFF; tcp[15] = 0xFF
    var pseudo: UInt32 = (server.ip >> 16) + (server.ip & 0xFFFF) + (device.ip >> 16) + (device.ip & 0xFFFF) + 6 + UInt32(tcp.count)
    pseudo = pseudo & 0xFFFF_FFFF
    var tcpSum = checksum(tcp, pseudo)
    if corruptTCP { tcpSum ^= 0x0101 }
    (tcp[16], tcp[17]) = (UInt8(tcpSum >> 8), UInt8(tcpSum & 0xFF))
    let body = ip + tcp
    if snap {
        let len = body.count + 8
        return device.mac + server.mac + [UInt8(len >> 8), UInt8(len & 0xFF), 0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00] + body
    }
    return device.mac + server.mac + [0x08, 0x00] + body
}

/// The server's ACK of a keepalive probe (seq = rcv_nxt, ack = snd_nxt).
let serverAck = serverSegment(seq: 0x9ABC_DEF0, ack: 0x1234_5678)

private func put32(_ b: inout [UInt8], _ o: Int, _ v: UInt32) {
    b[o] = UInt8(v >> 24); b[o + 1] = UInt8((v >> 16) & 0xFF); b[o + 2] = UInt8((v >> 8) & 0xFF); b[o + 3] = UInt8(v & 0xFF)
}

private func checksum(_ b: [UInt8], _ initial: UInt32) -> UInt16 {
    var s = UInt64(initial)
    var i = 0
    while i + 1 < b.count { s += UInt64(b[i]) << 8 | UInt64(b[i + 1]); i += 2 }
    if i < b.count { s += UInt64(b[i]) << 8 }
    while s >> 16 != 0 { s = (s & 0xFFFF) + (s >> 16) }
    return ~UInt16(s)
}

/// A TKO engine with the CE's PARAM and the §1.6 connection stored and enabled at `chip.now`.
func enabledEngine(_ chip: FakeChip) -> TcpKeepaliveOffload {
    let t = TcpKeepaliveOffload()
    precondition(t.set(paramCE, fw: chip) == 0)
    precondition(t.set(exampleConnect, fw: chip) == 0)
    precondition(t.set(enableOn, fw: chip) == 0)
    return t
}
