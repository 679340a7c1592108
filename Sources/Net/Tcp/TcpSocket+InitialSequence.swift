import Runtime

extension TcpSocket {
    /// The initial sequence number of a new connection, clock-driven as RFC 9293 §3.4.1
    /// requires (MUST-8), in the form RFC 6528 §3 gives: ISN = M + F(4-tuple, secret), with
    /// M a clock ticking every 4 µs and F fixed for a given 4-tuple and socket.
    ///
    /// Why it matters here: the app reconnects from a fixed local port, and a server that
    /// closed first holds the old connection in TIME-WAIT. It accepts a new SYN on that
    /// 4-tuple only when the SYN's sequence number lies beyond the old connection's
    /// (RFC 1122 §4.2.2.13); a random ISN passes that half of the time. With M advancing
    /// 250,000 per second, a reconnect a second or more after a connection that sent fewer
    /// bytes than that always lands beyond it.
    ///
    /// F is a keyed 64-bit mix (the splitmix64 finaliser over the remote address and both
    /// ports xor a per-socket secret drawn once from the socket's seed). The local address is
    /// left out: an active open may not know it yet (the interface fills it in at the first
    /// send), and the socket's host has one address. It keeps the ISN of different 4-tuples
    /// apart and unguessable from the clock alone; it is not a cryptographic PRF as RFC 6528
    /// recommends (an off-path attacker who learns one ISN and the clock can predict the next
    /// of the same 4-tuple, as with any RFC 6528 F).
    func initialSequenceNumber(now: Instant) -> UInt32 {
        let clock = UInt32(truncatingIfNeeded: now.microseconds / 4)
        var z = isnSecret
            ^ (UInt64(remote.address.value) << 32 | UInt64(local.port) << 16 | UInt64(remote.port))
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return clock &+ UInt32(truncatingIfNeeded: z >> 32)
    }
}
