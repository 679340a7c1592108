import Runtime

/// Control (CDC ioctl) and data (BDC) transmission under the credit window.
extension Runner {
    /// WHD caps ioctl payloads at 1500 bytes (docs/cyw43-bus.md §5.1).
    static var maxIoctlPayload: Int { 1500 }
    /// Ethernet II frame without FCS.
    static var maxEthernetFrame: Int { 1514 }

    /// Waits (servicing the bus) until the firmware grants a tx credit. SDIO pokes the
    /// firmware every 100 ms while starved (§4.2).
    func waitForCredit(timeout: Duration) throws(IoctlError) {
        let platform = bus.platform
        let start = platform.now
        var lastPoke = start
        while !hasCredit {
            service()
            if hasCredit { return }
            let now = platform.now
            if now - start >= timeout { throw .noCredit }
            if now - lastPoke >= .milliseconds(100) {
                lastPoke = now
                do throws(BusError) { try bus.pokeFirmware(chip: chip) } catch { throw .bus(error) }
            }
            platform.delay(.milliseconds(1))
        }
    }

    /// One ioctl round trip: SDPCM + CDC + payload out, wait for the reply with our id
    /// (dispatching anything else that arrives), copy the reply payload into `out`.
    /// `fill` writes `payloadLength` bytes of request payload into the buffer it gets.
    func ioctl(command: UInt32, set: Bool, interface: UInt8 = 0, payloadLength: Int,
               out: UnsafeMutableRawBufferPointer?, timeout: Duration,
               fill: (UnsafeMutableRawBufferPointer) -> Void) throws(IoctlError) -> Int {
        guard case .idle = mailbox, !dispatching else { throw .busy }
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
        let platform = bus.platform
        let deadline = platform.now + timeout
        while true {
            service()
            if case .done(let status, let isError, let length) = mailbox {
                if isError || status < 0 { throw .firmware(status: status) }
                return length
            }
            if platform.now >= deadline { throw .timeout }
            platform.delay(.milliseconds(1))
        }
    }

    /// Sends one Ethernet II frame: SDPCM (channel 2, data offset 14) + 2 pad bytes +
    /// BDC (0x20, priority 0, interface 0, offset 0) + frame (§8.5). Returns false (and
    /// counts, one log line) when the frame is malformed or no credit came within
    /// `txCreditWait`. Callable from a receive callback (then it does not wait).
    public func send(frame: UnsafeRawBufferPointer) -> Bool {
        let headers = SDPCMHeader.size + 2 + BDCHeader.size
        guard frame.count >= 14, frame.count <= Self.maxEthernetFrame, headers + frame.count <= txBuf.count else {
            counters.txRejected += 1
            log.text("cyw43: drop tx: frame length ").dec(frame.count).end()
            return false
        }
        // No window (or flow-controlled): service the bus for up to `txCreditWait` (WHD
        // holds data frames while flow-controlled; §4.2), then drop and count.
        if (!hasCredit || flowControl != 0) && !dispatching {
            let platform = bus.platform
            let start = platform.now
            service()
            while (!hasCredit || flowControl != 0) && platform.now - start < txCreditWait {
                platform.delay(.milliseconds(1))
                service()
            }
        }
        if !hasCredit || flowControl != 0 {
            counters.txNoCredit += 1
            log.text("cyw43: drop tx: no credit (seq ").udec(UInt64(txSequence)).text(" max ")
                .udec(UInt64(txMax)).text(" fc ").udec(UInt64(flowControl)).text(")").end()
            return false
        }
        let total = headers + frame.count
        SDPCMHeader(length: UInt16(total), sequence: txSequence, channel: SDPCMChannel.data,
                    dataOffset: UInt8(SDPCMHeader.size + 2)).emit(into: txBuf)
        txBuf[SDPCMHeader.size] = 0
        txBuf[SDPCMHeader.size + 1] = 0
        BDCHeader().emit(into: UnsafeMutableRawBufferPointer(rebasing: txBuf[(SDPCMHeader.size + 2)...]))
        for i in 0..<frame.count { txBuf[headers + i] = frame[i] }
        do throws(BusError) {
            try bus.writeFrame(UnsafeRawBufferPointer(rebasing: txBuf[0..<total]))
        } catch {
            counters.busErrors += 1
            log.text("cyw43: bus error on data tx").end()
            return false
        }
        txSequence &+= 1
        counters.txData += 1
        return true
    }
}
