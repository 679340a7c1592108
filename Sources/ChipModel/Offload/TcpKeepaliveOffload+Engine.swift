import Runtime

/// The keepalive engine (docs/tko-offload.md §1.7, Broadcom `wl_tko.c` as summarised there):
///
/// - Timer fire with retries left: send the request frame, one retry fewer, re-arm at the
///   retry interval. Fire with none left: suspend with status 1 (NO_RESPONSE), wake the
///   host and raise WLC_E_TKO (151, status NO_ACK 5, reason 0, data {index, pad[3]}, §3).
/// - Matching ACK (ack == local_seq, seq == remote_seq): consumed, retries restored, re-arm
///   at the interval.
/// - Peer keepalive (ack == local_seq, seq before remote_seq): answer with the response
///   frame, consumed, re-arm at the interval.
/// - Anything else for an offloaded connection suspends TKO (status 2 no ACK flag,
///   6 payload, 3 other flags, 4 ack mismatch, 5 seq beyond remote_seq, checked in that
///   order), stops every timer and hands the frame to the host (which wakes it).
/// - Matching uses (local IP, remote IP, local port, remote port) = (dst, src, dst port,
///   src port) of the incoming IPv4/TCP packet; checksums are verified and fragments ignored
///   (OffloadFrame).
extension TcpKeepaliveOffload {
    /// The earliest timer of a running connection.
    public var nextDeadline: Instant? {
        guard isEnabled, !isSuspended else { return nil }
        var best: Instant? = nil
        for c in slots {
            if let t = c?.nextFire, best == nil || t < best! { best = t }
        }
        return best
    }

    func advance(to now: Instant, fw: some FirmwareServices) {
        guard isEnabled else { return }
        while !isSuspended, let due = nextDeadline, due <= now {
            for i in 0..<slots.count {
                guard !isSuspended, let c = slots[i], let t = c.nextFire, t <= now else { continue }
                fire(i, now: now, fw: fw)
            }
        }
    }

    private func fire(_ i: Int, now: Instant, fw: some FirmwareServices) {
        guard var c = slots[i] else { return }
        if c.retriesLeft == 0 {
            // §1.7 "No answer": suspend with status 1 and send the event.
            c.status = 1
            slots[i] = c
            stopTimers()
            isSuspended = true
            counters[i].failures += 1
            eventsRaised += 1
            fw.wakeHost(reason: .keepaliveFailure)
            fw.raiseEvent(type: 151, status: 5, reason: 0, data: [c.index, 0, 0, 0])
            return
        }
        if c.retriesLeft < retryCount { counters[i].retriesSent += 1 }
        c.retriesLeft -= 1
        c.nextFire = now + .seconds(Int64(retryInterval))
        slots[i] = c  // state first: the peer may answer from inside sendToAir
        counters[i].requestsSent += 1
        fw.sendToAir(c.request)
    }

    /// Stops every connection's timer (the firmware stops all timers of the interface).
    func stopTimers() {
        for i in 0..<slots.count where slots[i] != nil { slots[i]!.nextFire = nil }
    }

    /// Returns true if the firmware consumed the frame.
    func intercept(_ frame: [UInt8], fw: some FirmwareServices) -> Bool {
        guard isEnabled, !isSuspended, let seg = OffloadFrame.tcp(frame) else { return false }
        guard let i = slots.firstIndex(where: { c in
            guard let c else { return false }
            return c.localIP == seg.destinationIP && c.remoteIP == seg.sourceIP
                && c.localPort == seg.destinationPort && c.remotePort == seg.sourcePort
        }), var c = slots[i] else { return false }

        let ackFlag: UInt8 = 0x10
        var suspendStatus: UInt8? = nil
        if seg.flags & ackFlag == 0 { suspendStatus = 2 }
        else if seg.payloadLength > 0 { suspendStatus = 6 }
        else if seg.flags != ackFlag { suspendStatus = 3 }
        else if seg.ack != c.localSeq { suspendStatus = 4 }
        else if seg.seq != c.remoteSeq && Int32(bitPattern: seg.seq &- c.remoteSeq) > 0 { suspendStatus = 5 }

        if let status = suspendStatus {
            c.status = status
            slots[i] = c
            stopTimers()
            isSuspended = true
            counters[i].suspensions += 1
            return false  // to the host, which the chip wakes for it
        }
        let now = fw.now
        if seg.seq == c.remoteSeq {
            // The peer's ACK of our probe.
            c.retriesLeft = retryCount
            c.nextFire = now + .seconds(Int64(interval))
            slots[i] = c
            counters[i].acksReceived += 1
        } else {
            // The peer's own keepalive (seq = remote_seq - 1): answer it.
            c.nextFire = now + .seconds(Int64(interval))
            slots[i] = c
            counters[i].peerKeepalivesAnswered += 1
            fw.sendToAir(c.response)
        }
        return true
    }
}
