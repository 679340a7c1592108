import Runtime

/// Writes one TCP segment as `tcpdump -n` prints it, e.g.
///
///     15:18:34.457203 IP 192.168.43.131.3353 > 192.168.43.38.3360: Flags [.], ack 2994052043, win 9205, length 0
///
/// (the CE229926 README capture). Like tcpdump, the first segment of a conversation
/// shows absolute numbers and later ones are relative to it (print-tcp.c keeps
/// seq base = first seq, ack base = first ack − 1, swapped for the reverse direction).
public struct TcpdumpFormatter {
    private struct Conversation {
        var a: IPv4Address, aPort: UInt16, b: IPv4Address, bPort: UInt16
        var seqBase: UInt32, ackBase: UInt32
    }
    private var conversations: [Conversation] = []
    /// Added to virtual time before printing the time of day.
    public var clockOffsetSeconds: UInt64

    public init(clockOffsetSeconds: UInt64 = 0) { self.clockOffsetSeconds = clockOffsetSeconds }

    public mutating func write(_ p: LanPacket, at t: Instant, to log: Log) {
        guard let ip = p.ipv4, let tcp = p.tcp else { return }
        var seq = tcp.seq, ack = tcp.ack
        let len = UInt32(tcp.payloadLength)
        let isSyn = tcp.flags & LanPacket.TCP.syn != 0
        if let i = find(ip, tcp), !isSyn {
            let c = conversations[i]
            if c.a == ip.source && c.aPort == tcp.sourcePort {
                seq = seq &- c.seqBase; ack = ack &- c.ackBase
            } else {
                seq = seq &- c.ackBase; ack = ack &- c.seqBase
            }
        } else {
            if let i = find(ip, tcp) { conversations.remove(at: i) }
            conversations.append(Conversation(a: ip.source, aPort: tcp.sourcePort, b: ip.destination,
                                              bPort: tcp.destinationPort, seqBase: tcp.seq, ackBase: tcp.ack &- 1))
        }
        Self.timeOfDay(t, offset: clockOffsetSeconds, log)
        log.text(" IP ").ipv4(ip.source.value).text(".").udec(UInt64(tcp.sourcePort))
        log.text(" > ").ipv4(ip.destination.value).text(".").udec(UInt64(tcp.destinationPort))
        log.text(": Flags [")
        let f = tcp.flags
        if f & LanPacket.TCP.syn != 0 { log.text("S") }
        if f & LanPacket.TCP.fin != 0 { log.text("F") }
        if f & LanPacket.TCP.psh != 0 { log.text("P") }
        if f & LanPacket.TCP.rst != 0 { log.text("R") }
        if f & LanPacket.TCP.urg != 0 { log.text("U") }
        if f & LanPacket.TCP.ackFlag != 0 { log.text(".") }
        log.text("]")
        if len > 0 || f & (LanPacket.TCP.syn | LanPacket.TCP.fin | LanPacket.TCP.rst) != 0 {
            log.text(", seq ").udec(UInt64(seq))
            if len > 0 { log.text(":").udec(UInt64(seq &+ len)) }
        }
        if f & LanPacket.TCP.ackFlag != 0 { log.text(", ack ").udec(UInt64(ack)) }
        log.text(", win ").udec(UInt64(tcp.window)).text(", length ").udec(UInt64(len)).end()
    }

    /// `HH:MM:SS.uuuuuu`.
    public static func timeOfDay(_ t: Instant, offset: UInt64, _ log: Log) {
        let us = t.microseconds + offset &* 1_000_000
        let s = (us / 1_000_000) % 86_400
        log.udec(s / 3600, width: 2).text(":").udec((s / 60) % 60, width: 2).text(":")
           .udec(s % 60, width: 2).text(".").udec(us % 1_000_000, width: 6)
    }

    private func find(_ ip: LanPacket.IPv4, _ tcp: LanPacket.TCP) -> Int? {
        for i in conversations.indices {
            let c = conversations[i]
            if c.a == ip.source && c.aPort == tcp.sourcePort && c.b == ip.destination && c.bPort == tcp.destinationPort { return i }
            if c.b == ip.source && c.bPort == tcp.sourcePort && c.a == ip.destination && c.aPort == tcp.destinationPort { return i }
        }
        return nil
    }
}
