import Runtime

/// Control (CDC ioctl) and data (BDC) transmission under the credit window.
extension Runner {
    /// WHD caps ioctl payloads at 1500 bytes (docs/cyw43-bus.md §5.1).
    static var maxIoctlPayload: Int { 1500 }
    /// Ethernet II frame without FCS.
    static var maxEthernetFrame: Int { 1514 }

    /// Waits until the firmware grants a tx credit: services the bus, then sleeps until
    /// host-wake or the stall watch's next step (`waitForChip`). While it waits, the credit
    /// stall watch pokes the firmware (after 10 ms, then every 100 ms; §4.2, WHD on SDIO;
    /// over gSPI through the same mailbox register, see `GSPIBus.pokeFirmware`) and gives
    /// the chip up after `stallPokeLimit` unanswered pokes.
    func waitForCredit(timeout: Duration) throws(IoctlError) {
        let platform = bus.platform
        let deadline = platform.now + timeout
        controlWaiting = true
        defer { controlWaiting = false }
        while !hasCredit {
            service()
            if hasCredit { return }
            if chipLost { throw .notReady }
            if platform.now >= deadline { throw .noCredit }
            waitForChip(until: deadline, othersMayRun: true)
        }
    }

    /// One ioctl round trip: SDPCM + CDC + payload out, wait for the reply with our id
    /// (dispatching anything else that arrives), copy the reply payload into `out`.
    /// `fill` writes `payloadLength` bytes of request payload into the buffer it gets.
    func ioctl(command: UInt32, set: Bool, interface: UInt8 = 0, payloadLength: Int,
               out: UnsafeMutableRawBufferPointer?, timeout: Duration,
               fill: (UnsafeMutableRawBufferPointer) -> Void) throws(IoctlError) -> Int {
        // One control frame at a time: not inside a receive callback, not while another waits
        // for its credit or reply (a task running in that wait, `Scheduler+Nested`).
        guard case .idle = mailbox, !dispatching, !controlWaiting else { throw .busy }
        guard payloadLength <= Self.maxIoctlPayload else { throw .tooLarge(payloadLength) }
        try waitForCredit(timeout: timeout)
        let total = SDPCMHeader.size + CDCHeader.size + payloadLength
        ioctlID &+= 1
        if ioctlID == 0 { ioctlID = 1 }
        SDPCMHeader(length: UInt16(total), sequence: txSequence, channel: SDPCMChannel.control,
                    dataOffset: UInt8(SDPCMHeader.size)).emit(into: txBuf)
        CDCHeader(command: command, length: UInt32(payloadLength), isSet: set, interface: interface, id: ioctlID)
            .emit(into: UnsafeMutableRawBufferPointer(rebasing: txBuf[SDPCMHeader.size...]))
        let payload = UnsafeMutableRawBufferPointer(rebasing: txBuf[(SDPCMHeader.size + CDCHeader.size)..<total])
        for i in 0..<payload.count { payload[i] = 0 }
        fill(payload)
        do throws(BusError) {
            try bus.writeFrame(UnsafeRawBufferPointer(rebasing: txBuf[0..<total]))
        } catch { throw .bus(error) }
        txSequence &+= 1
        counters.txControl += 1
        mailbox = .sent(id: ioctlID)
        replyOut = out
        defer { mailbox = .idle; replyOut = nil }
        // The reply is an event: service what the chip has, then sleep until host-wake says
        // there is more (or the timeout), never a 1 ms poll.
        let platform = bus.platform
        let deadline = platform.now + timeout
        while true {
            service()
            if case .done(let status, let isError, let length) = mailbox {
                if isError || status < 0 { throw .firmware(status: status) }
                return length
            }
            if chipLost { throw .notReady }
            if platform.now >= deadline { throw .timeout }
            waitForChip(until: deadline, othersMayRun: true)
        }
    }

    /// Data of `precedence` may go out now: a credit, its flow-control stop bit clear (control
    /// frames ignore the bitmap; §4.2), and no control frame waiting for that credit (frames
    /// sent by other tasks during its wait queue behind it).
    func canSendData(precedence: UInt8) -> Bool {
        hasCredit && !controlWaiting && flowControl & (1 << (precedence & 7)) == 0
    }

    /// Sends one Ethernet II frame: SDPCM (channel 2, data offset 14) + 2 pad bytes +
    /// BDC (0x20, the frame's priority from its DSCP, interface 0, offset 0) + frame (§5.3,
    /// §8.5). Without credit, or with its precedence flow-controlled, the frame waits in its
    /// priority's queue and goes out as soon as a header grants credit / lifts the bit. False
    /// (counted, one log line) when the frame is malformed or the queues' ring is full:
    /// back-pressure the stack sees, never a silent drop. Callable from a receive callback.
    public func send(frame: UnsafeRawBufferPointer) -> Bool {
        guard frame.count >= 14, frame.count <= Self.maxEthernetFrame,
              SDPCMHeader.size + 2 + BDCHeader.size + frame.count <= txBuf.count else {
            counters.txRejected += 1
            log.line("cyw43: drop tx: frame length {}", frame.count)
            return false
        }
        let priority = DataPriority.of(frame: frame)
        let precedence = DataPriority.precedence(priority)
        // Straight out when nothing that may go now is waiting (it would go first).
        if canSendData(precedence: precedence) && txQueue.waitingPrecedences & ~flowControl == 0
            && writeData(frame, priority: priority) { return true }
        guard txQueue.push(frame, priority: priority) else {
            counters.txNoCredit += 1
            log.text("cyw43: refuse tx: queues full")
            endWithWindow(" prio {})", Int(priority))
            return false
        }
        counters.txQueued += 1
        if queuedSince == nil { queuedSince = bus.platform.now }
        if flowControl & (1 << precedence) != 0 { counters.txFlowControlled += 1 }
        // Look for a credit update now (outside a receive callback; inside one, the
        // service that is running drains the queue when its reads are done).
        if !dispatching { service() }
        return true
    }

    /// Sends queued frames while credit lasts: highest precedence first, oldest first within
    /// one, none of a precedence the firmware stopped.
    func drainTransmitQueue() {
        while hasCredit && !controlWaiting, let n = txQueue.next(stopped: flowControl) {
            guard writeData(n.frame, priority: n.priority) else { return }
            txQueue.sent(at: n.position)
            if txQueue.isEmpty { queuedSince = nil }
        }
    }

    /// One data frame onto the bus; false after a bus error (counted; retried at `retryAt`).
    private func writeData(_ frame: UnsafeRawBufferPointer, priority: UInt8) -> Bool {
        let headers = SDPCMHeader.size + 2 + BDCHeader.size
        let total = headers + frame.count
        SDPCMHeader(length: UInt16(total), sequence: txSequence, channel: SDPCMChannel.data,
                    dataOffset: UInt8(SDPCMHeader.size + 2)).emit(into: txBuf)
        txBuf[SDPCMHeader.size] = 0
        txBuf[SDPCMHeader.size + 1] = 0
        BDCHeader(priority: priority).emit(into: UnsafeMutableRawBufferPointer(rebasing: txBuf[(SDPCMHeader.size + 2)...]))
        for i in 0..<frame.count { txBuf[headers + i] = frame[i] }
        do throws(BusError) {
            try bus.writeFrame(UnsafeRawBufferPointer(rebasing: txBuf[0..<total]))
        } catch {
            counters.busErrors += 1
            log.say("cyw43: bus error on data tx; frame kept for a retry")
            retryAt = bus.platform.now + .milliseconds(10)
            return false
        }
        txSequence &+= 1
        counters.txData += 1
        return true
    }
}
