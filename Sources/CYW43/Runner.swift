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
            log.text("cyw43: drop tx: ").dec(lost).text(" queued frames at chip restart").end()
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
            log.text("cyw43: bogus credit ").udec(UInt64(new)).text(" tx_seq ").udec(UInt64(txSequence)).end()
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
                log.text("cyw43: firmware halted (FWHALT in to-host mailbox)").end()
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
            Self.describe(error, log.text("cyw43: bus error during rx service: ")).end()
            // What the chip had is still there and host-wake stays asserted (a level; no new
            // edge will come): service again shortly rather than lose the wake.
            retryAt = bus.platform.now + .milliseconds(10)
        }
        return false
    }

    /// Appends a BusError's evidence to a log line.
    static func describe(_ e: BusError, _ l: Log) -> Log {
        switch e {
        case .transferFailed: return l.text("transfer failed")
        case .timeout(let r): return l.text("timeout on register ").hex(UInt64(r), digits: 5)
        case .testPatternMismatch(let v): return l.text("test pattern ").hex(UInt64(v), digits: 8)
        case .readBackMismatch(let r, let w, let v):
            return l.text("read-back of ").hex(UInt64(r), digits: 5).text(" wrote ").hex(UInt64(w), digits: 8)
                .text(" read ").hex(UInt64(v), digits: 8)
        case .tooLong(let n): return l.text("transfer too long ").dec(n)
        }
    }

    private func countBusDrop(_ why: BusDrop) {
        framesLost += 1
        switch why {
        case .badAnnouncedLength(let n):
            counters.dropBusAnnouncedLength += 1
            log.text("cyw43: drop rx: bad announced length ").dec(n).end()
        case .oversized(let n):
            counters.dropBusOversized += 1
            log.text("cyw43: drop rx: oversized frame ").dec(n).end()
        case .badTag(let l, let c):
            counters.dropBusBadTag += 1
            log.text("cyw43: drop rx: bad frame tag ").hex(UInt64(l), digits: 4).text("/").hex(UInt64(c), digits: 4).end()
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
            log.text("cyw43: drop rx: glom frame (bus:txglom is 0)").end()
        default:
            counters.dropUnknownChannel += 1
            log.text("cyw43: drop rx: unknown channel ").udec(UInt64(header.channel)).end()
        }
    }

    private func receiveControl(_ payload: UnsafeRawBufferPointer) {
        let cdc: CDCHeader
        do throws(WireError) { cdc = try CDCHeader(parsing: payload) } catch { countWireDrop(error, stage: "cdc"); return }
        guard case .sent(let id) = mailbox, cdc.id == id else {
            counters.dropStaleControlReply += 1
            log.text("cyw43: drop rx: control reply id ").udec(UInt64(cdc.id)).text(" not awaited").end()
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
            log.text("cyw43: drop rx: data frame, no receiver").end()
            return
        }
        counters.rxData += 1
        receiver.receive(frame: frame)
    }

    private func countWireDrop(_ e: WireError, stage: StaticString) {
        let l = log.text("cyw43: drop rx ").text(stage).text(": ")
        switch e {
        case .truncated(let need, let have):
            counters.dropTruncated += 1
            l.text("truncated need ").dec(need).text(" have ").dec(have).end()
        case .lengthCheck(let len, let check):
            counters.dropLengthCheck += 1
            l.text("length ").hex(UInt64(len), digits: 4).text(" check ").hex(UInt64(check), digits: 4).end()
        case .badLength(let len, let avail):
            counters.dropBadLength += 1
            l.text("bad length ").dec(len).text(" available ").dec(avail).end()
        case .badDataOffset(let off, let len):
            counters.dropBadDataOffset += 1
            l.text("bad data offset ").dec(off).text(" length ").dec(len).end()
        case .notEvent(let t):
            counters.dropNotEvent += 1
            l.text("ethertype ").hex(UInt64(t), digits: 4).end()
        case .badEventHeader(let f):
            counters.dropBadEventHeader += 1
            l.text("bad vendor header field ").hex(UInt64(f), digits: 6).end()
        case .eventDataTruncated(let n, let avail):
            counters.dropEventDataTruncated += 1
            l.text("datalen ").dec(n).text(" available ").dec(avail).end()
        }
    }
}
