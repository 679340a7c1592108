import Runtime

/// SDPCM framing on F2 (docs/cyw43-bus.md §4): frames in from the host, frames out with sequence
/// numbers and the credit the firmware grants.
extension ChipModel {
    /// F2 can take a host write: firmware up, F2 ready, not stalled, bus awake (§1.5 bit 5, §3.6).
    var f2AcceptsWrites: Bool {
        firmwareRunning && f2Ready && !firmwareHalted && !faults.f2Stalled && !busSleeping
    }

    /// Something for the host: a frame, or an unmasked SW (mailbox) interrupt, `wakeHost`'s
    /// included.
    var f2InterruptPending: Bool {
        (toHost.hasPending && !faults.f2Stalled)
            || cores.sdioIntStatus & cores.hostIntMask & CoreRegisters.SDIOBits.softwareMask != 0
    }

    /// The max sequence number the host may use next: what every header to the host carries.
    var grantedCredit: UInt8 { rxExpectedSeq &+ creditWindow }

    /// A frame the host wrote to F2 (padding after the SDPCM length is ignored, §4.3).
    func receiveFromHost(_ data: [UInt8]) {
        counters.framesFromHost += 1
        let len = Int(Bytes.le16(data, 0))
        let check = Bytes.le16(data, 2)
        guard data.count >= SDPCM.headerSize, UInt16(len) ^ check == 0xFFFF,
              len >= SDPCM.headerSize, len <= data.count else {
            counters.badHeaders += 1
            return
        }
        let seq = data[4]
        // The host may send iff (max - seq) is non-zero with bit 7 clear (§4.2); the firmware
        // holds it to the credit it last advertised.
        let room = advertisedMax &- seq
        if room == 0 || room & 0x80 != 0 {
            counters.creditViolations += 1
            return
        }
        if seq != rxExpectedSeq { counters.sequenceGaps += 1 }
        rxExpectedSeq = seq &+ 1
        let channel = data[5] & 0x0F
        let offset = Int(data[7])
        guard offset >= SDPCM.headerSize, offset <= len else { counters.badHeaders += 1; return }
        let payload = Array(data[offset..<len])
        switch channel {
        case SDPCM.channelControl: handleControl(payload)
        case SDPCM.channelData: handleHostData(payload)
        default: break
        }
        // Out of credit and nothing on its way back: send a header-only credit update, since
        // gSPI hosts have no "poke" (§4.2). Model choice; real firmware's trigger is not documented.
        if advertisedMax == rxExpectedSeq && creditWindow > 0 && !toHost.hasPending && pendingDeliveries == 0 {
            queueToHost(channel: SDPCM.channelControl, payload: [], creditOnly: true)
        }
    }

    /// A channel-2 frame from the host: BDC header, then the Ethernet frame (§5.3, §8.5).
    private func handleHostData(_ payload: [UInt8]) {
        guard payload.count >= SDPCM.bdcSize else { counters.badHeaders += 1; return }
        let start = SDPCM.bdcSize + 4 * Int(payload[3])
        guard start + 14 <= payload.count else { counters.badHeaders += 1; return }
        transmitToAir(Array(payload[start...]))
    }

    /// Queues a frame for the host and raises the interrupt (§7.8: the firmware sets
    /// I_HMB_FRAME_IND). A credit-only frame is a bare 12-byte header (§4.1).
    func queueToHost(channel: UInt8, payload: [UInt8], reason: WakeReason = .other, creditOnly: Bool = false) {
        if firmwareHalted { return }
        if channel == SDPCM.channelData && toHost.items.count >= hostQueueLimit {
            counters.droppedFromAir += 1
            return
        }
        toHost.items.append(PendingFrame(channel: channel, payload: creditOnly ? [] : payload, reason: reason))
        lastCauseReason = reason
        updateHostWake()
    }

    /// The next `count` bytes of the head frame; bytes past its end read as 0 (padding).
    func readToHost(count: Int) -> [UInt8] {
        if toHost.current == nil { toHost.current = buildHead() }
        let frame = toHost.current ?? []
        var out = [UInt8](repeating: 0, count: count)
        var i = 0
        while i < count && toHost.cursor + i < frame.count {
            out[i] = frame[toHost.cursor + i]
            i += 1
        }
        toHost.cursor += count
        if toHost.cursor >= frame.count {
            _ = toHost.popHead()
            toHost.lastDelivered = frame
            counters.framesToHost += 1
        }
        updateHostWake()
        return out
    }

    /// RF_TERM: the host gives up on the current frame (§2.4, §8.1).
    func terminateReadFrame() {
        _ = toHost.popHead()
        updateHostWake()
    }

    /// Writes the head frame's SDPCM header now (§4.1): length, ~length, sequence, channel,
    /// next length (16-byte units), data offset 12, flow control bitmap, credit.
    private func buildHead() -> [UInt8] {
        guard let head = toHost.items.first else { return [] }
        if let built = head.built { return built }
        var f = [UInt8](repeating: 0, count: SDPCM.headerSize + head.payload.count)
        let len = UInt16(truncatingIfNeeded: f.count)
        Bytes.putLE16(&f, 0, len)
        var check = ~len
        if faults.corruptNextLength {
            faults.corruptNextLength = false
            check ^= 0x0100
        }
        Bytes.putLE16(&f, 2, check)
        f[4] = toHost.txSeq
        toHost.txSeq &+= 1
        f[5] = head.channel
        if toHost.items.count > 1 {
            let next = SDPCM.headerSize + toHost.items[1].payload.count
            f[6] = UInt8(truncatingIfNeeded: min(255, (next + 15) / 16))
        }
        f[7] = UInt8(SDPCM.headerSize)
        f[8] = faults.flowControl
        f[9] = grantedCredit
        advertisedMax = grantedCredit
        for (i, b) in head.payload.enumerated() { f[SDPCM.headerSize + i] = b }
        return f
    }
}
