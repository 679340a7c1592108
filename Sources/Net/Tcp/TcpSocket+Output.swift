import Runtime

/// One segment ready for the interface: IPv4 addressing plus a writer for the TCP bytes
/// (header, payload, checksum).
public struct TcpTransmission {
    public let source: IPv4Address
    public let destination: IPv4Address
    public let ttl: UInt8
    /// The header to emit (checksum computed by `write`).
    public let segment: TcpSegment
    public let payloadLength: Int
    /// Where the payload comes from: the send ring at `ringOffset`, or one zero byte
    /// (a keepalive probe that carries a byte).
    let ring: TcpRingBuffer?
    let ringOffset: Int

    /// Bytes of the TCP segment (the IPv4 payload length).
    public var length: Int { segment.headerLength + payloadLength }

    /// Writes the whole TCP segment into `buffer` (`length` bytes) and fills the checksum.
    public func write(into buffer: UnsafeMutableRawBufferPointer) {
        let segmentBytes = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<length])
        segment.emit(into: segmentBytes)
        let h = segment.headerLength
        if payloadLength > 0 {
            let body = UnsafeMutableRawBufferPointer(rebasing: segmentBytes[h..<h + payloadLength])
            if let ring { ring.copy(from: ringOffset, into: body) } else { body.initializeMemory(as: UInt8.self, repeating: 0) }
        }
        TcpSegment.fillChecksum(segmentBytes, source: source, destination: destination)
    }
}

/// What the socket wants to send next (computed without side effects).
struct TcpPlan {
    enum Kind { case reset, sequenced, keepalive }
    var kind: Kind
    var to: TcpEndpoint
    var from: UInt16
    var segment: TcpSegment
    /// Offset of the payload in the send ring (sequenced data only).
    var ringOffset: Int
    var payloadLength: Int
    var isWindowProbe: Bool
}

extension TcpSocket {
    /// Sends everything due at `now` through `send`, which returns false if the interface
    /// could not take the segment (ARP pending, no buffer); the socket then tries again at
    /// the next poll. Fires expired timers first. Nothing happens while suspended.
    public func dispatch(now: Instant, localAddress: IPv4Address, _ send: (TcpTransmission) -> Bool) {
        if local.address.isUnspecified { local.address = localAddress }
        guard suspendedAt == nil else { return }
        handleTimers(now: now)
        var budget = 64     // bounds one poll; the rest goes at the next
        while budget > 0, let plan = nextPlan() {
            let t = TcpTransmission(source: local.address.isUnspecified ? localAddress : local.address,
                                    destination: plan.to.address, ttl: config.ttl,
                                    segment: plan.segment, payloadLength: plan.payloadLength,
                                    ring: plan.kind == .sequenced ? txBuffer : nil,
                                    ringOffset: plan.ringOffset)
            guard send(t) else {
                sendBlockedAt = now
                let since = sendBlockedSince ?? now
                sendBlockedSince = since
                // Refused for a whole RTO (the next hop does not answer ARP): count the
                // segment as sent and lost, as lwIP does with a queued frame, so the
                // retransmission timer and its limit still apply.
                if plan.kind == .sequenced && now - since >= rto.current {
                    commit(plan, now: now)
                    sendBlockedSince = nil
                }
                break
            }
            sendBlockedAt = nil; sendBlockedSince = nil
            commit(plan, now: now)
            budget -= 1
        }
        updateTimers(now: now)
    }

    /// The next segment to send, if any.
    func nextPlan() -> TcpPlan? {
        if let r = pendingReset {
            var seg = TcpSegment(sourcePort: r.from, destinationPort: r.to.port, sequenceNumber: r.seq.raw,
                                 acknowledgmentNumber: r.ack?.raw ?? 0,
                                 flags: r.ack == nil ? .rst : [.rst, .ack], window: 0)
            seg.payload = 0..<0
            return TcpPlan(kind: .reset, to: r.to, from: r.from, segment: seg, ringOffset: 0,
                           payloadLength: 0, isWindowProbe: false)
        }
        switch state {
        case .closed, .listen:
            return nil
        case .synSent:
            return sndNxt == iss ? sequenced(flags: .syn, seq: iss, offset: 0, length: 0) : nil
        case .synReceived:
            if sndNxt == iss { return sequenced(flags: [.syn, .ack], seq: iss, offset: 0, length: 0) }
            return ackPending ? sequenced(flags: .ack, seq: sndNxt, offset: 0, length: 0) : nil
        case .timeWait, .finWait2:
            return ackPending ? sequenced(flags: .ack, seq: sndNxt, offset: 0, length: 0) : nil
        case .established, .closeWait, .finWait1, .closing, .lastAck:
            break
        }
        if fastRetransmitPending && sndUna < sndMax {
            // Fast retransmit / a NewReno partial ACK: the segment at SND.UNA, once.
            let offset = sndUna - txBase
            let n = min(txBuffer.count - offset, sendMss)
            if n > 0 {
                var flags: TcpFlags = .ack
                if offset + n == txBuffer.count && finQueued && sndMax > txBase + txBuffer.count { flags.insert(.fin) }
                return sequenced(flags: flags, seq: sndUna, offset: offset, length: n)
            }
        }
        let sent = sndNxt - txBase
        let unsent = txBuffer.count - sent          // -1 once the FIN went out
        // Send window: the peer's window, limited by the congestion window.
        let usable = max(sndUna + min(sndWnd, congestion.window) - sndNxt, 0)
        var n = min(unsent, usable, sendMss)
        var probe = false
        if n <= 0 && windowProbePending && unsent > 0 && sndWnd == 0 { n = 1; probe = true }
        if n > 0 {
            var flags: TcpFlags = .ack
            if sent + n == txBuffer.count {
                flags.insert(.psh)
                if finQueued { flags.insert(.fin) }
            }
            var plan = sequenced(flags: flags, seq: sndNxt, offset: sent, length: n)
            plan.isWindowProbe = probe
            return plan
        }
        if finQueued && unsent == 0 {
            return sequenced(flags: [.fin, .ack], seq: sndNxt, offset: 0, length: 0)
        }
        if keepaliveProbePending {
            // RFC 1122 §4.2.3.6: SEG.SEQ = SND.NXT - 1, zero or one garbage byte.
            let withByte = config.keepalive?.probeCarriesByte ?? false
            let seg = header(flags: .ack, seq: sndNxt - 1)
            return TcpPlan(kind: .keepalive, to: remote, from: local.port, segment: seg, ringOffset: 0,
                           payloadLength: withByte ? 1 : 0, isWindowProbe: false)
        }
        if ackPending { return sequenced(flags: .ack, seq: sndNxt, offset: 0, length: 0) }
        return nil
    }

    private func header(flags: TcpFlags, seq: SeqNumber) -> TcpSegment {
        var options = TcpSegmentOptions()
        if flags.contains(.syn) { options.maximumSegmentSize = config.maximumSegmentSize }
        return TcpSegment(sourcePort: local.port, destinationPort: remote.port, sequenceNumber: seq.raw,
                          acknowledgmentNumber: flags.contains(.ack) ? rcvNxt.raw : 0, flags: flags,
                          window: UInt16(advertisedWindow), options: options)
    }

    private func sequenced(flags: TcpFlags, seq: SeqNumber, offset: Int, length: Int) -> TcpPlan {
        TcpPlan(kind: .sequenced, to: remote, from: local.port, segment: header(flags: flags, seq: seq),
                ringOffset: offset, payloadLength: length, isWindowProbe: false)
    }

    /// The interface took `plan`: advance the send state.
    private func commit(_ plan: TcpPlan, now: Instant) {
        counters.segmentsOut += 1
        let seg = plan.segment
        // A keepalive probe (SND.NXT - 1) is outside the peer's window: the peer drops it
        // without reading its ACK field or window (RFC 9293 §3.10.7.4), so it acknowledges nothing.
        if seg.flags.contains(.ack) && plan.kind != .keepalive {
            ackPending = false
            advertisedEdge = rcvNxt + Int(seg.window)
        }
        switch plan.kind {
        case .reset:
            pendingReset = nil
            counters.resetsOut += 1
        case .keepalive:
            keepaliveProbePending = false
            counters.keepaliveProbes += 1
        case .sequenced:
            let seq = SeqNumber(seg.sequenceNumber)
            let length = plan.payloadLength + seg.controlLength
            guard length > 0 else { return }
            let end = seq + length
            let dataEnd = seq + plan.payloadLength
            let newFrom = seq > sndMax ? seq : sndMax
            let newBytes = max(dataEnd - newFrom, 0)
            counters.bytesOut += newBytes
            if seq < sndMax {
                counters.retransmissions += 1
                counters.bytesRetransmitted += plan.payloadLength - newBytes
                rto.retransmitted()
            } else {
                rto.sent(end: end, at: now)
            }
            if seq == sndUna && seq < sndMax { fastRetransmitPending = false }
            if plan.isWindowProbe {
                windowProbePending = false
                counters.windowProbes += 1
            }
            if sndNxt < end { sndNxt = end }
            if sndMax < end { sndMax = end }
            if retransmitAt == nil { retransmitAt = now + rto.current }
        }
    }
}
