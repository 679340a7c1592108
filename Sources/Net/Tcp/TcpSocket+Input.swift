import Runtime

extension TcpSocket {
    /// True if a segment from `source` to `destination` belongs to this socket's connection
    /// (exact 4-tuple).
    public func matchesConnection(_ segment: TcpSegment, source: IPv4Address, destination: IPv4Address) -> Bool {
        guard state != .closed, state != .listen else { return false }
        return segment.destinationPort == local.port && segment.sourcePort == remote.port
            && source == remote.address
            && (local.address.isUnspecified || local.address == destination)
    }

    /// True if this socket listens on the segment's destination port.
    public func matchesListener(_ segment: TcpSegment) -> Bool {
        state == .listen && segment.destinationPort == local.port
    }

    /// A segment arrived for this socket (RFC 9293 §3.10.7 "SEGMENT ARRIVES"). The caller
    /// parsed it and verified the checksum. Replies go out at the next `dispatch`.
    public func process(_ segment: TcpSegment, payload: UnsafeRawBufferPointer,
                        source: IPv4Address, destination: IPv4Address, now: Instant) {
        counters.segmentsIn += 1
        if local.address.isUnspecified { local.address = destination }
        switch state {
        case .closed:
            return
        case .listen:
            processListen(segment, source: source, destination: destination, now: now)
        case .synSent:
            processSynSent(segment, now: now)
        default:
            processSynchronized(segment, payload: payload, now: now)
        }
        updateTimers(now: now)
    }

    // MARK: LISTEN (§3.10.7.2)

    private func processListen(_ seg: TcpSegment, source: IPv4Address, destination: IPv4Address, now: Instant) {
        if seg.flags.contains(.rst) { return }
        if seg.flags.contains(.ack) {
            pendingReset = (TcpEndpoint(address: source, port: seg.sourcePort), local.port,
                            SeqNumber(seg.acknowledgmentNumber), nil)
            return
        }
        guard seg.flags.contains(.syn) else { counters.dropped += 1; return }
        // One connection at a time: this socket becomes the connection (fresh queues,
        // timers and counters).
        reset()
        counters.segmentsIn = 1
        remote = TcpEndpoint(address: source, port: seg.sourcePort)
        local.address = destination
        startSendSpace(isn: nil, now: now)
        irs = SeqNumber(seg.sequenceNumber)
        rcvNxt = irs + 1
        advertisedEdge = rcvNxt
        takePeerOptions(seg)
        sndWnd = Int(seg.window)
        sndWl1 = irs
        sndWl2 = iss
        state = .synReceived
        // Data carried on the SYN is not queued; the peer retransmits it (§3.10.7.2 allows
        // deferring it).
    }

    // MARK: SYN-SENT (§3.10.7.3)

    private func processSynSent(_ seg: TcpSegment, now: Instant) {
        let ack = SeqNumber(seg.acknowledgmentNumber)
        let hasAck = seg.flags.contains(.ack)
        if hasAck && (ack <= iss || ack > sndMax) {
            if !seg.flags.contains(.rst) { queueReset(seq: ack) }
            counters.dropped += 1
            return
        }
        if seg.flags.contains(.rst) {
            if hasAck {
                counters.resetsIn += 1
                enterClosed(reason: .refused)
            }
            return
        }
        guard seg.flags.contains(.syn) else { counters.dropped += 1; return }
        irs = SeqNumber(seg.sequenceNumber)
        rcvNxt = irs + 1
        advertisedEdge = rcvNxt
        takePeerOptions(seg)
        if hasAck {
            acknowledge(upTo: ack, now: now)
            sndWnd = Int(seg.window)
            sndWl1 = irs
            sndWl2 = ack
            state = .established
            ackPending = true
            armKeepalive(now: now)
        } else {
            // Simultaneous open: answer with SYN-ACK (our SYN goes out again with ACK).
            sndNxt = iss
            sndWnd = Int(seg.window)
            sndWl1 = irs
            sndWl2 = iss
            state = .synReceived
        }
    }

    private func takePeerOptions(_ seg: TcpSegment) {
        // RFC 9293 §3.7.1: without the option, assume 536.
        let peer = Int(seg.options.maximumSegmentSize ?? 536)
        sendMss = max(min(peer, Int(config.maximumSegmentSize)), 64)
        congestion = TcpCongestionControl(mss: sendMss)
    }

    // MARK: synchronized states and SYN-RECEIVED (§3.10.7.4)

    private func processSynchronized(_ seg: TcpSegment, payload: UnsafeRawBufferPointer, now: Instant) {
        let seq = SeqNumber(seg.sequenceNumber)
        let ack = SeqNumber(seg.acknowledgmentNumber)
        // Any segment from the peer shows it is alive.
        keepaliveProbesUnanswered = 0
        armKeepalive(now: now)

        // RFC 1122 §4.2.2.13: a listener's connection in TIME-WAIT may accept a new SYN
        // whose sequence number is beyond the old connection's.
        if state == .timeWait && listenPort != nil && seg.flags.contains(.syn) && !seg.flags.contains(.ack)
            && seq > rcvNxt {
            // The peer's address first: back in LISTEN the socket has forgotten it.
            let source = remote.address, destination = local.address
            enterClosed(reason: .normal)       // back to LISTEN
            process(seg, payload: payload, source: source, destination: destination, now: now)
            return
        }
        // A retransmitted SYN in SYN-RECEIVED: our SYN-ACK was lost, send it again.
        if state == .synReceived && seg.flags.contains(.syn) && !seg.flags.contains(.ack) && seq == irs {
            sndNxt = iss
            return
        }

        // A segment (even a bare ACK) that starts beyond RCV.NXT: the peer sent bytes we
        // never got; its retransmission is due.
        if seq > rcvNxt && receiveHoleSince == nil && state == .established { receiveHoleSince = now }

        // First: sequence number acceptability (the four cases of §3.10.7.4).
        let length = payload.count + seg.controlLength
        // RCV.WND is what the peer was told (the right edge we advertised), not the free
        // space we may have gained since.
        let window = max(advertisedEdge - rcvNxt, 0)
        let acceptable: Bool
        if length == 0 {
            acceptable = window == 0 ? seq == rcvNxt : (rcvNxt <= seq && seq < rcvNxt + window)
        } else if window == 0 {
            // Zero window: no data fits, but ACK/RST/window information of an in-sequence
            // segment is still processed ("special allowance", §3.10.7.4).
            acceptable = seq == rcvNxt
        } else {
            let last = seq + (length - 1)
            acceptable = (rcvNxt <= seq && seq < rcvNxt + window) || (rcvNxt <= last && last < rcvNxt + window)
        }
        if !acceptable {
            counters.dropped += 1
            if !seg.flags.contains(.rst) {
                if length == 0 || seg.flags.contains(.syn), let limit = config.outOfWindowAckInterval {
                    if let last = lastOutOfWindowAck, now - last < limit {
                        counters.outOfWindowAcksSkipped += 1
                    } else {
                        lastOutOfWindowAck = now
                        ackPending = true
                    }
                } else {
                    ackPending = true
                }
            }
            // A retransmitted FIN in TIME-WAIT also restarts the 2 MSL timer (§3.10.7.4).
            if state == .timeWait && seg.flags.contains(.fin) { enterTimeWait(now: now) }
            return
        }

        // Second: RST (RFC 5961 §3.2: exact match resets, otherwise a challenge ACK).
        if seg.flags.contains(.rst) {
            guard seq == rcvNxt else { ackPending = true; return }
            counters.resetsIn += 1
            if state == .synReceived && listenPort != nil {
                enterClosed(reason: .reset)     // back to LISTEN
            } else {
                enterClosed(reason: state == .synReceived ? .refused : (state == .timeWait ? .normal : .reset))
            }
            return
        }

        // Fourth: SYN in a synchronized state (RFC 5961 §4: challenge ACK).
        if seg.flags.contains(.syn) {
            ackPending = true
            return
        }

        // Fifth: the ACK field.
        guard seg.flags.contains(.ack) else { counters.dropped += 1; return }
        if state == .synReceived {
            guard sndUna < ack && ack <= sndMax else {
                queueReset(seq: ack)
                counters.dropped += 1
                return
            }
            state = .established
            if listenPort != nil { acceptReady = true }
            sndWnd = Int(seg.window); sndWl1 = seq; sndWl2 = ack
        }
        if ack > sndMax {
            // Acknowledges something not yet sent: answer with an ACK and drop.
            ackPending = true
            counters.dropped += 1
            return
        }
        if sndUna < ack {
            acknowledge(upTo: ack, now: now)
        } else if ack == sndUna && sndMax > sndUna && payload.isEmpty && !seg.flags.contains(.fin)
                    && Int(seg.window) == sndWnd {
            // RFC 5681 §3.2: the third duplicate ACK triggers a fast retransmit.
            duplicateAcks += 1
            if duplicateAcks == 3 && recoveryPoint == nil {
                congestion.fastRetransmit(flight: sndMax - sndUna)
                recoveryPoint = sndMax
                fastRetransmitPending = true
            }
        }
        // Window update (SND.WL1/WL2 rule).
        if sndWl1 < seq || (sndWl1 == seq && sndWl2 <= ack) {
            let grew = Int(seg.window) > sndWnd
            sndWnd = Int(seg.window)
            sndWl1 = seq; sndWl2 = ack
            if grew { persistAt = nil }
        }
        if sndWnd == 0 && ack == sndUna && windowProbeOutstanding {
            // The peer answered our window probe: it is alive, keep probing without
            // counting this towards giving up.
            consecutiveTimeouts = 0
        }
        if finAcknowledged {
            switch state {
            case .finWait1: state = .finWait2
            case .closing: enterTimeWait(now: now)
            case .lastAck: enterClosed(reason: .normal); return
            default: break
            }
        }

        // Seventh: segment text. None is taken through a zero window (only its ACK and
        // window were of use; it gets our ACK back); a bare FIN is, as Linux does.
        if window == 0 && !payload.isEmpty {
            ackPending = true
            counters.dropped += 1
            return
        }
        var accepted = 0
        if !payload.isEmpty {
            switch state {
            case .established, .finWait1, .finWait2:
                let before = rcvNxt
                accepted = acceptData(seq: seq, payload: payload, now: now)
                if rcvNxt != before { peerPushed = seg.flags.contains(.psh) || seg.flags.contains(.fin) }
            default:
                break   // CLOSE-WAIT and later: the peer already sent FIN; ignore.
            }
        }

        // Eighth: FIN, only when everything before it was taken in.
        if seg.flags.contains(.fin) {
            let finSeq = seq + payload.count
            if finSeq == rcvNxt && !rxFinished {
                rcvNxt += 1
                rxFinished = true
                ackPending = true
                switch state {
                case .synReceived, .established: state = .closeWait
                case .finWait1: if finAcknowledged { enterTimeWait(now: now) } else { state = .closing }
                case .finWait2: enterTimeWait(now: now)
                default: break
                }
            } else if state == .timeWait && finSeq + 1 == rcvNxt {
                // A retransmitted FIN: ACK it again and restart the 2 MSL timer (§3.10.7.4).
                ackPending = true
                enterTimeWait(now: now)
            } else if finSeq != rcvNxt {
                ackPending = true
            }
        } else if accepted < payload.count && !payload.isEmpty {
            counters.dropped += 1
        }
    }

    /// Takes in-order bytes into the receive ring; out-of-order segments are dropped and
    /// answered with a duplicate ACK (no reassembly queue).
    private func acceptData(seq: SeqNumber, payload: UnsafeRawBufferPointer, now: Instant) -> Int {
        ackPending = true
        let skip = rcvNxt - seq      // bytes already received (retransmitted overlap)
        if skip < 0 && !payload.isEmpty && receiveHoleSince == nil { receiveHoleSince = now }
        guard skip >= 0, skip < payload.count else { return 0 }
        let fresh = UnsafeRawBufferPointer(rebasing: payload[skip...])
        let n = rxBuffer.write(fresh)
        if n > 0 { receiveHoleSince = nil }
        rcvNxt += n
        counters.bytesIn += n
        return skip + n
    }

    /// ACK processing of new data/SYN/FIN up to `ack` (SND.UNA < ack <= SND.MAX).
    func acknowledge(upTo ack: SeqNumber, now: Instant) {
        // Data bytes acknowledged: the part of [sndUna, ack) inside the send ring.
        let dataStart = txBase
        let dataEnd = txBase + txBuffer.count
        let from = sndUna > dataStart ? sndUna : dataStart
        let to = ack < dataEnd ? ack : dataEnd
        if from < to { txBuffer.discard(to - from); txBase = to }
        let newlyAcked = ack - sndUna
        sndUna = ack
        duplicateAcks = 0
        if let recover = recoveryPoint {
            if ack < recover {
                fastRetransmitPending = true     // RFC 6582: a partial ACK, resend the next hole
            } else {
                recoveryPoint = nil
            }
        } else {
            congestion.acknowledged(newlyAcked)
        }
        if sndNxt < ack { sndNxt = ack }
        rto.acknowledged(upTo: ack, at: now)
        consecutiveTimeouts = 0
        // RFC 6298 §5.2/5.3: all acknowledged -> stop; else restart with the current RTO.
        retransmitAt = sndUna == sndMax ? nil : now + rto.current
    }

    /// Our FIN was sent and acknowledged.
    var finAcknowledged: Bool { finQueued && sndUna == txBase + txBuffer.count + 1 }

    /// A window probe byte is in flight.
    var windowProbeOutstanding: Bool { sndMax > sndUna && txBuffer.count > 0 }
}
