import Runtime

extension TcpSocket {
    /// When this socket next needs `dispatch`: `now` if something is ready to send (or
    /// a little later after the interface refused a segment), else its earliest timer.
    /// Nil while suspended or idle.
    public func pollAt(now: Instant) -> Instant? {
        guard suspendedAt == nil else { return nil }
        if nextPlan() != nil {
            if let blocked = sendBlockedAt {
                let retry = blocked + config.sendRetryDelay
                return retry > now ? retry : now
            }
            return now
        }
        return Self.earliest(Self.earliest(retransmitAt, persistAt), Self.earliest(keepaliveAt, timeWaitUntil))
    }

    static func earliest(_ a: Instant?, _ b: Instant?) -> Instant? {
        guard let a else { return b }
        guard let b else { return a }
        return a < b ? a : b
    }

    /// Socket-level suspend: from now until `resume`, no timer fires and nothing is sent
    /// (the firmware owns the connection while the host sleeps).
    public func suspend(now: Instant) {
        if suspendedAt == nil { suspendedAt = now }
    }

    /// Ends a suspension: pending timers keep the time they had left (they are moved by
    /// the time slept); the keepalive idle timer restarts at `now`, because the firmware
    /// kept the connection alive meanwhile.
    public func resume(now: Instant) {
        guard let at = suspendedAt else { return }
        suspendedAt = nil
        let slept = now - at
        if let t = retransmitAt { retransmitAt = t + slept }
        if let t = persistAt { persistAt = t + slept }
        if let t = timeWaitUntil { timeWaitUntil = t + slept }
        rto.retransmitted()     // an RTT sample across the sleep would be meaningless
        sendBlockedAt = nil; sendBlockedSince = nil
        keepaliveProbesUnanswered = 0
        keepaliveProbePending = false
        keepaliveAt = nil
        armKeepalive(now: now)
    }

    /// Fires every timer due at `now` (called by `dispatch`).
    func handleTimers(now: Instant) {
        if let t = timeWaitUntil, now >= t {
            timeWaitUntil = nil
            enterClosed(reason: .normal)
            return
        }
        if let t = retransmitAt, now >= t {
            retransmitAt = nil
            if sndUna != sndMax {
                counters.timeouts += 1
                consecutiveTimeouts += 1
                let limit = state.isSynchronized ? config.maximumRetransmissions : config.maximumSynRetransmissions
                if consecutiveTimeouts > limit {
                    enterClosed(reason: .timedOut)
                    return
                }
                // RFC 6298 §5.4-5.6: retransmit the earliest unacknowledged segment (go
                // back to SND.UNA), double the RTO (armed again when it goes out).
                rto.expired()
                congestion.timedOut(flight: sndMax - sndUna)
                recoveryPoint = nil; duplicateAcks = 0; fastRetransmitPending = false
                sndNxt = sndUna
                if sndWnd == 0 && !txBuffer.isEmpty && state.isSynchronized { windowProbePending = true }
            }
        }
        if let t = persistAt, now >= t {
            // RFC 9293 §3.8.6.1: probe a zero window; back off like the RTO.
            persistAt = nil
            rto.expired()
            windowProbePending = true
        }
        if let t = keepaliveAt, now >= t, let ka = config.keepalive {
            keepaliveAt = nil
            if keepaliveProbesUnanswered >= ka.retryCount {
                // RFC 1122 §4.2.3.6: the peer is dead. Linux sends RST here; so do we.
                queueReset(seq: sndNxt)
                enterClosed(reason: .keepaliveTimeout)
                return
            }
            if sndUna == sndMax && (state == .established || state == .closeWait) {
                keepaliveProbePending = true
                keepaliveProbesUnanswered += 1
                keepaliveAt = now + ka.retryInterval
            } else {
                armKeepalive(now: now)   // data in flight: retransmission watches the peer
            }
        }
    }

    /// Arms the timers implied by the state (called after input and output).
    func updateTimers(now: Instant) {
        guard state.isSynchronized else { persistAt = nil; return }
        let unsent = txBuffer.count - (sndNxt - txBase)
        if sndWnd == 0 && unsent > 0 && sndUna == sndMax && !windowProbePending {
            if persistAt == nil { persistAt = now + rto.current }
        } else {
            persistAt = nil
        }
        if keepaliveAt == nil { armKeepalive(now: now) }
    }

    /// Restarts the keepalive idle timer (something was heard from the peer).
    func armKeepalive(now: Instant) {
        guard let ka = config.keepalive, state == .established || state == .closeWait else {
            keepaliveAt = nil
            return
        }
        if keepaliveProbesUnanswered == 0 { keepaliveAt = now + ka.interval }
    }

    /// RFC 9293 §3.10.7.4: TIME-WAIT lasts 2 MSL from the last FIN.
    func enterTimeWait(now: Instant) {
        state = .timeWait
        timeWaitUntil = now + config.timeWait
        retransmitAt = nil; persistAt = nil; keepaliveAt = nil
        keepaliveProbePending = false
    }

    /// Sends one keepalive probe now (RFC 1122 §4.2.3.6 form) when the connection is idle and
    /// synchronized: the peer's ACK shows it still holds the connection, its RST that it does
    /// not. Used after a frame from the chip was lost, which may have been the news.
    public func probeNow() {
        guard sndUna == sndMax, state == .established || state == .closeWait else { return }
        keepaliveProbePending = true
    }
}
