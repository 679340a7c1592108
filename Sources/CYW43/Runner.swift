import Runtime

/// Internal hook: the driver's join/link logic sees every valid event first.
protocol RunnerEventHandler: AnyObject {
    func runnerEvent(_ event: EventMessage, frame: UnsafeRawBufferPointer)
    func runnerFirmwareHalted()
}

/// The only owner of the bus (docs/style-anchors.md §2, embassy `Runner`). It reads F2 frames and
/// dispatches them (control replies to the ioctl mailbox, events to the driver and the
/// listener, data to the `FrameReceiver`), writes control and data frames under the SDPCM
/// credit window, and counts every drop with one log line.
public final class Runner<Bus: WLANBus> {
    public let bus: Bus
    let log: Log
    var chip: ChipInfo = .cyw43439
    public internal(set) var counters = DriverCounters()

    // SDPCM tx state (docs/cyw43-bus.md §4.2): tx_seq starts 0, tx_max starts 1.
    public internal(set) var txSequence: UInt8 = 0
    public internal(set) var txMax: UInt8 = 1
    /// Last flow-control bitmap from the firmware: bit p holds the data frames of precedence p
    /// (`DataPriority`; Linux brcmfmac per precedence; WHD holds all data while any is set).
    /// Control frames go regardless.
    public internal(set) var flowControl: UInt8 = 0
    var expectedRxSequence: UInt8?

    // The ioctl mailbox (embassy `IoctlState`: idle -> sent -> done).
    enum Mailbox { case idle, sent(id: UInt16), done(status: Int32, isError: Bool, length: Int) }
    var mailbox = Mailbox.idle
    var ioctlID: UInt16 = 0
    /// The waiting caller's output buffer; the reply payload is copied straight into it.
    var replyOut: UnsafeMutableRawBufferPointer?

    /// How waits for the chip sleep (`Runner+Wait.swift`); the app sets a `SchedulerWaiter`.
    public var waiter: (any ChipWaiter)? { didSet { bus.pollWaiter = waiter } }
    /// Without a host-wake line (the driver polls): the longest a wait sleeps between looks.
    var recheckInterval: Duration?
    public var receiver: (any FrameReceiver)?
    public var eventListener: (any EventListener)?
    var eventHandler: (any RunnerEventHandler)?

    /// Set by `hostWakeSeen()`; cleared when the runner has serviced the bus.
    public internal(set) var interruptPending = false
    /// The last service stopped at the per-wake frame bound; read again next time.
    var framesMayRemain = false
    /// The last service failed on the bus: service again at this instant.
    public internal(set) var retryAt: Instant?
    /// Inside `service` (a receive/event callback is running): no nested bus reads, which
    /// would overwrite the frame the callback is looking at.
    public internal(set) var dispatching = false
    /// Frames from the firmware known to be lost: a corrupt header or bus-level drop (the frame
    /// is terminated, RF_TERM; Linux does not NAK a header checksum error either) or a gap in
    /// the firmware's sequence numbers. The driver re-reads the state a lost event may have
    /// carried (`Driver+LinkCheck.swift`).
    public internal(set) var framesLost = 0
    /// The firmware halted (FWHALT) or the chip was declared lost after a credit stall: the
    /// runner does nothing more, and waits in flight end (`IoctlError.notReady`), until the
    /// next bring-up (`resetSDPCM`).
    public internal(set) var chipLost = false
    /// WHD_THREAD_RX_BOUND: frames read per wake-up.
    public var rxBound = 20
    /// Data frames waiting for credit or for the firmware to lift flow control, one queue per
    /// priority in one byte ring.
    var txQueue: TxQueue
    /// Since when frames have been waiting in `txQueue` (nil: it is empty).
    public internal(set) var queuedSince: Instant?
    /// A control frame waits for credit (`waitForCredit`): watched for a stall like queued data.
    var controlWaiting = false
    /// Credit-stall recovery state (`Runner+CreditRecovery.swift`).
    var stall: CreditStall?
    /// First poke after this long without credit while frames wait (WHD re-polls every 100 ms).
    public var stallPokeAfter: Duration = .milliseconds(10)
    public var stallPokeInterval: Duration = .milliseconds(100)
    /// Pokes without a single valid header in return before the chip is declared lost.
    public var stallPokeLimit = 5

    let txBuf: UnsafeMutableRawBufferPointer
    let rxBuf: UnsafeMutableRawBufferPointer
    static var txCapacity: Int { 1600 }
    static var rxCapacity: Int { 2048 }

    /// Bytes of the transmit queues' ring: 2 full-size frames, or ~50 ACK-sized ones (each
    /// frame takes its length + 8, rounded up to 4). Was 8 full-size slots, 12,112 B.
    static var txQueueBytes: Int { 4_096 }

    init(bus: Bus, log: Log) {
        self.bus = bus
        self.log = log
        txBuf = .allocate(byteCount: Self.txCapacity, alignment: 4)
        rxBuf = .allocate(byteCount: Self.rxCapacity, alignment: 4)
        txQueue = TxQueue(bytes: Self.txQueueBytes)
    }

    deinit { txBuf.deallocate(); rxBuf.deallocate(); txQueue.deallocate() }

    /// Back to the power-on SDPCM state (before a new firmware boot).
    func resetSDPCM() {
        txSequence = 0; txMax = 1; flowControl = 0; expectedRxSequence = nil
        mailbox = .idle; replyOut = nil; framesMayRemain = false
        stall = nil; chipLost = false; queuedSince = nil
        let lost = txQueue.removeAll()
        if lost > 0 {
            counters.txDroppedOnReset += lost
            log.line("cyw43: drop tx: {} queued frames at chip restart", lost)
        }
    }

    // MARK: credit (§4.2)

    /// `d = (u8)(tx_max - tx_seq)` non-zero with bit 7 clear.
    public var hasCredit: Bool {
        let d = txMax &- txSequence
        return d != 0 && d & 0x80 == 0
    }

    func updateCredit(from header: SDPCMHeader) {
        guard header.channel < 3 else { return }
        let new = header.credit
        if new &- txSequence > 0x40 {
            counters.creditBogus += 1
            log.line("cyw43: bogus credit {} tx_seq {}", Int(new), Int(txSequence))
            txMax = txSequence &+ 2
        } else {
            txMax = new
        }
        let stopped = header.flowControl & ~flowControl
        if stopped != 0 { counters.flowControlStops += stopped.nonzeroBitCount }
        flowControl = header.flowControl
    }

    // MARK: receive

    /// The host-wake line (or the SDIO card interrupt) fired.
    public func hostWakeSeen() {
        interruptPending = true
        counters.hostWakes += 1
    }

    /// Reads and dispatches what the chip has (bounded by `rxBound`), then sends what the
    /// transmit queue holds as far as credit allows and watches for a credit stall. Bus
    /// failures are counted and logged, never trapped.
    public func service() {
        guard !dispatching, !chipLost else { return }
        let halted = serviceReceive()
        if halted { return }
        drainTransmitQueue()
        watchCreditStall(now: bus.platform.now)
    }

    /// The receive half of `service`; true when the firmware turned out to be halted.
    private func serviceReceive() -> Bool {
        dispatching = true
        defer { dispatching = false }
        interruptPending = false
        retryAt = nil
        do throws(BusError) {
            let halts = bus.stats.firmwareHalts
            let maybe = try bus.serviceInterrupts(chip: chip)
            if bus.stats.firmwareHalts != halts {
                log.say("cyw43: firmware halted (FWHALT in to-host mailbox)")
                chipLost = true
                eventHandler?.runnerFirmwareHalted()
                return true
            }
            guard maybe || framesMayRemain else { return false }
            framesMayRemain = false
            var n = 0
            while n < rxBound {
                let r = try bus.readFrame(into: rxBuf)
                switch r {
                case .none: return false
                case .frame(let len): dispatch(UnsafeRawBufferPointer(rebasing: rxBuf[0..<len]))
                case .dropped(let why): countBusDrop(why)
                }
                n += 1
            }
            framesMayRemain = true
        } catch {
            counters.busErrors += 1
            logBusError("cyw43: bus error during rx service: ", error)
            // What the chip had is still there and host-wake stays asserted (a level; no new
            // edge will come): service again shortly rather than lose the wake.
            retryAt = bus.platform.now + .milliseconds(10)
        }
        return false
    }

    /// `head` and a BusError's evidence as one log line (one template per case: a chain of
    /// text/hex links was a call and a sink retain/release per link).
    @inline(never)
    func logBusError(_ head: StaticString, _ e: BusError) {
        log.text(head)
        switch e {
        case .transferFailed: log.say("transfer failed")
        case .timeout(let r): log.line("timeout on register {x5}", Int(truncatingIfNeeded: r))
        case .testPatternMismatch(let v): log.line("test pattern {x8}", Int(truncatingIfNeeded: v))
        case .readBackMismatch(let r, let w, let v):
            log.line("read-back of {x5} wrote {x8} read {x8}", Int(truncatingIfNeeded: r),
                     Int(truncatingIfNeeded: w), Int(truncatingIfNeeded: v))
        case .tooLong(let n): log.line("transfer too long {}", n)
        }
    }

    private func countBusDrop(_ why: BusDrop) {
        framesLost += 1
        switch why {
        case .badAnnouncedLength(let n):
            counters.dropBusAnnouncedLength += 1
            log.line("cyw43: drop rx: bad announced length {}", n)
        case .oversized(let n):
            counters.dropBusOversized += 1
            log.line("cyw43: drop rx: oversized frame {}", n)
        case .badTag(let l, let c):
            counters.dropBusBadTag += 1
            log.line("cyw43: drop rx: bad frame tag {x4}/{x4}", Int(l), Int(c))
        }
    }

    /// Validates and routes one SDPCM frame (public for fuzzing and tests).
    public func dispatch(_ frame: UnsafeRawBufferPointer) {
        if frame.count >= 4 && frame.le16(at: 0) == 0 && frame.le16(at: 2) == 0 { return }
        let header: SDPCMHeader
        do throws(WireError) { header = try SDPCMHeader(parsing: frame) } catch {
            framesLost += 1
            countWireDrop(error, stage: "sdpcm")
            return
        }
        counters.rxFrames += 1
        if let e = expectedRxSequence, e != header.sequence {
            counters.rxSequenceGaps += 1
            framesLost += 1
        }
        expectedRxSequence = header.sequence &+ 1
        updateCredit(from: header)
        if Int(header.length) == SDPCMHeader.size { counters.rxCreditOnly += 1; return }
        let payload = UnsafeRawBufferPointer(rebasing: frame[header.payload])
        switch header.channel {
        case SDPCMChannel.control: receiveControl(payload)
        case SDPCMChannel.event: receiveEvent(payload)
        case SDPCMChannel.data: receiveData(payload)
        case SDPCMChannel.glom:
            counters.dropGlom += 1
            log.say("cyw43: drop rx: glom frame (bus:txglom is 0)")
        default:
            counters.dropUnknownChannel += 1
            log.line("cyw43: drop rx: unknown channel {}", Int(header.channel))
        }
    }

    private func receiveControl(_ payload: UnsafeRawBufferPointer) {
        let cdc: CDCHeader
        do throws(WireError) { cdc = try CDCHeader(parsing: payload) } catch { countWireDrop(error, stage: "cdc"); return }
        guard case .sent(let id) = mailbox, cdc.id == id else {
            counters.dropStaleControlReply += 1
            log.line("cyw43: drop rx: control reply id {} not awaited", Int(cdc.id))
            return
        }
        counters.rxControl += 1
        let available = payload.count - CDCHeader.size
        var copied = 0
        if let out = replyOut {
            copied = min(out.count, available)
            for i in 0..<copied { out[i] = payload[CDCHeader.size + i] }
        }
        mailbox = .done(status: cdc.status, isError: cdc.isError, length: copied)
    }

    /// BDC header + its data offset in front of the Ethernet frame (§5.3, §8.5).
    private func skipBDC(_ payload: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        let bdc: BDCHeader
        do throws(WireError) { bdc = try BDCHeader(parsing: payload) } catch { countWireDrop(error, stage: "bdc"); return nil }
        guard bdc.headerLength <= payload.count else {
            countWireDrop(.truncated(need: bdc.headerLength, have: payload.count), stage: "bdc")
            return nil
        }
        return UnsafeRawBufferPointer(rebasing: payload[bdc.headerLength...])
    }

    private func receiveEvent(_ payload: UnsafeRawBufferPointer) {
        guard let frame = skipBDC(payload) else { return }
        let event: EventMessage
        do throws(WireError) { event = try EventMessage(parsing: frame) } catch { countWireDrop(error, stage: "event"); return }
        counters.rxEvents += 1
        eventHandler?.runnerEvent(event, frame: frame)
        eventListener?.handle(event: event, frame: frame)
    }

    private func receiveData(_ payload: UnsafeRawBufferPointer) {
        guard let frame = skipBDC(payload) else { return }
        guard frame.count >= 14 else { countWireDrop(.truncated(need: 14, have: frame.count), stage: "data"); return }
        guard let receiver else {
            counters.dropNoReceiver += 1
            log.say("cyw43: drop rx: data frame, no receiver")
            return
        }
        counters.rxData += 1
        receiver.receive(frame: frame)
    }

    /// Counts a malformed frame in its case's counter and logs it with the stage that
    /// rejected it, one template per case.
    private func countWireDrop(_ e: WireError, stage: StaticString) {
        log.text("cyw43: drop rx ").text(stage)
        switch e {
        case .truncated(let need, let have):
            counters.dropTruncated += 1
            log.line(": truncated need {} have {}", need, have)
        case .lengthCheck(let len, let check):
            counters.dropLengthCheck += 1
            log.line(": length {x4} check {x4}", Int(len), Int(check))
        case .badLength(let len, let avail):
            counters.dropBadLength += 1
            log.line(": bad length {} available {}", len, avail)
        case .badDataOffset(let off, let len):
            counters.dropBadDataOffset += 1
            log.line(": bad data offset {} length {}", off, len)
        case .notEvent(let t):
            counters.dropNotEvent += 1
            log.line(": ethertype {x4}", Int(t))
        case .badEventHeader(let f):
            counters.dropBadEventHeader += 1
            log.line(": bad vendor header field {x6}", Int(truncatingIfNeeded: f))
        case .eventDataTruncated(let n, let avail):
            counters.dropEventDataTruncated += 1
            log.line(": datalen {} available {}", n, avail)
        }
    }
}
