import Runtime

/// The interface's TCP glue (the contract with Interface, docs/seams.md §4): inbound segments
/// to the sockets in `tcpSockets`, RST for segments no socket wants, the sockets' output
/// through `sendIPv4`, their deadlines, and suspend/resume.
extension Interface {
    /// An inbound TCP segment addressed to our unicast address; `segment` starts at the
    /// TCP header and ends at the IPv4 total length.
    func tcpInput(source: IPv4Address, destination: IPv4Address, segment: UnsafeRawBufferPointer, now: Instant) {
        let parsed: TcpSegment
        do throws(WireError) {
            parsed = try TcpSegment(parsing: segment, source: source, destination: destination)
        } catch {
            if case .badChecksum = error { counters.count(.badChecksum) } else { counters.count(.malformed) }
            return
        }
        let payload = UnsafeRawBufferPointer(rebasing: segment[parsed.payload])
        if TcpSocketTable.deliver(parsed, payload: payload, to: tcpSockets, source: source,
                                  destination: destination, now: now) {
            // Answer at once (ACKs, window updates) rather than at the next poll; inside a
            // batch, once at its end.
            if batchDepth > 0 { tcpOutputDue = true } else { tcpPoll(now: now) }
            return
        }
        counters.count(.noSocket)
        if let reset = TcpSocketTable.reset(for: parsed, payloadLength: payload.count, source: source,
                                            destination: destination, ttl: config.defaultTTL) {
            _ = tcpSend(reset, now: now)     // best effort: a RST waiting for ARP is dropped
        }
    }

    /// Runs the TCP sockets' timers and output.
    func tcpPoll(now: Instant) {
        guard let c = ipv4Config, !isSuspended else { return }
        var i = 0   // not for-in: see TcpSocketTable.deliver
        while i < tcpSockets.count {
            tcpSockets[i].dispatch(now: now, localAddress: c.address) { t in tcpSend(t, now: now) }
            i += 1
        }
    }

    /// The earliest TCP deadline. None without an address: `tcpPoll` cannot send then, and a
    /// pending segment (an RST after `abort`) waits for the address to come back.
    func tcpPollAt(now: Instant) -> Instant? {
        guard ipv4Config != nil else { return nil }
        var best: Instant?
        for i in tcpSockets.indices { best = TcpSocket.earliest(best, tcpSockets[i].pollAt(now: now)) }
        return best
    }

    /// The interface is suspending: sockets freeze their timers.
    func tcpSuspend(now: Instant) {
        for i in tcpSockets.indices { tcpSockets[i].suspend(now: now) }
    }

    /// The interface resumed at `now`: sockets re-arm their timers relative to `now`.
    func tcpResume(now: Instant) {
        for i in tcpSockets.indices { tcpSockets[i].resume(now: now) }
    }

    /// `socket.offloadState` with our MAC and the next hop's MAC from the ARP cache (the
    /// peer on our subnet, else the gateway; LPA uses the ARP entry of the server, else
    /// the AP's BSSID: docs/tko-offload.md §1.6). Nil if the connection is not idle and
    /// ESTABLISHED, or the MAC is unknown.
    public func tcpOffloadState(for socket: TcpSocket) -> TcpOffloadState? {
        guard let c = ipv4Config else { return nil }
        let peer = socket.remote.address
        let hop = c.nextHop(for: peer) ?? peer
        guard let mac = neighborMAC(for: hop) else { return nil }
        return socket.offloadState(localMAC: localMAC, remoteMAC: mac)
    }

    /// Sends one segment; true if the socket may consider it sent (sent, or undeliverable
    /// for good: it is then lost and retransmission deals with it), false if it should be
    /// offered again (ARP pending, suspended).
    private func tcpSend(_ t: TcpTransmission, now: Instant) -> Bool {
        let result = sendIPv4(destination: t.destination, protocol: TcpSegment.ipProtocol, ttl: t.ttl,
                              payloadLength: t.length, now: now) { t.write(into: $0) }
        switch result {
        case .sent, .unaddressable, .tooLarge: return true
        case .pendingARP, .suspended, .refused: return false
        }
    }
}
