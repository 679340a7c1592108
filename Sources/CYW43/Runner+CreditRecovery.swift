import Runtime

/// Credit and sequence recovery (docs/cyw43-bus.md §4.2). Every valid header carries the
/// firmware's current max sequence, so the first good frame after a bad one resynchronises the
/// window by itself (`updateCredit`). What needs help is silence: a header lost with nothing
/// behind it. Then: a bounded wait, a poke (SMB_DEV_INT, WHD every 100 ms), and after
/// `stallPokeLimit` pokes with no valid header in return, the chip counts as lost and is
/// restarted the way a firmware trap restarts it. Every step is counted and logged.
extension Runner {
    /// When the runner wants to be serviced again to move a stalled transmit queue.
    public var stallDeadline: Instant? { stall?.nextAction }

    /// Frames waiting in the transmit queue (the soak checks it drains).
    public var transmitQueueDepth: Int { txQueue.count }
    /// The most frames that ever waited at once.
    public var transmitQueueHighWater: Int { txQueue.highWater }
    /// Bytes of the transmit queues' ring, and the most ever taken.
    public var transmitQueueBytes: Int { txQueue.capacity }
    public var transmitQueueHighWaterBytes: Int { txQueue.highWaterBytes }
    /// Frames waiting with `priority` (its precedence's queue).
    public func transmitQueueDepth(priority: UInt8) -> Int { txQueue.waiting(precedence: DataPriority.precedence(priority)) }

    /// Forgets the frames waiting in the transmit queues: the app is freezing the stack they
    /// came from (re-offload), and sent later they would be stale. Counted in `txDroppedStale`.
    @discardableResult
    public func dropQueuedFrames() -> Int {
        let n = txQueue.removeAll()
        queuedSince = nil
        if n > 0 {
            counters.txDroppedStale += n
            log.line("cyw43: drop tx: {} queued frames of the suspended stack", n)
        }
        return n
    }

    func watchCreditStall(now: Instant) {
        // Stalled: data waits for a credit, or a control frame does. Data held only by the
        // flow-control bits is not: the firmware said "stop" and tells the host when it lifts
        // them (a header with the new bitmap and I_HMB_FC_CHANGE raise host-wake, §2.5, §4.2),
        // as WHD waits for them; poking it every 100 ms meanwhile would keep the MCU awake.
        let dataStuck = !txQueue.isEmpty && !hasCredit
        if !dataStuck && !(controlWaiting && !hasCredit) { endStall(now: now); return }
        guard var s = stall else {
            stall = CreditStall(since: now, nextAction: now + stallPokeAfter, rxFramesAtPoke: counters.rxFrames)
            return
        }
        // A valid header since the last poke: the firmware is alive and means "wait" (flow
        // control, or a window it keeps shut). Keep asking, but it is not lost.
        if counters.rxFrames != s.rxFramesAtPoke { s.unansweredPokes = 0; s.rxFramesAtPoke = counters.rxFrames }
        guard now >= s.nextAction else { stall = s; return }
        if s.unansweredPokes >= stallPokeLimit {
            stall = nil
            counters.creditStallResets += 1
            log.fill("cyw43: tx stalled {} ms, {} pokes unanswered", Int((now - s.since).milliseconds), s.unansweredPokes)
            endWithWindow("): restarting the chip", 0)
            chipLost = true
            eventHandler?.runnerFirmwareHalted()
            return
        }
        if s.pokes == 0 {
            counters.creditStalls += 1
            log.text("cyw43: tx stalled")
            endWithWindow(", {} queued): poking the firmware", txQueue.count)
        }
        s.pokes += 1
        s.unansweredPokes += 1
        s.rxFramesAtPoke = counters.rxFrames
        s.nextAction = now + stallPokeInterval
        stall = s
        counters.creditPokes += 1
        do throws(BusError) { try bus.pokeFirmware(chip: chip) } catch {
            counters.busErrors += 1
            logBusError("cyw43: bus error poking the firmware: ", error)
        }
    }

    /// Ends a transmit log line: " (seq S max M fc F", the window's state, which every such
    /// line carries, then `tail` (a template of one value) and the line end.
    @inline(never)
    func endWithWindow(_ tail: StaticString, _ value: Int) {
        log.fill(" (seq {} max {} fc {}", Int(txSequence), Int(txMax), Int(flowControl))
        log.line(tail, value)
    }

    private func endStall(now: Instant) {
        guard let s = stall else { return }
        stall = nil
        guard s.pokes > 0 else { return }
        counters.creditResyncs += 1
        log.line("cyw43: tx credit back after {} ms, {} pokes (max {})", Int((now - s.since).milliseconds),
                 s.pokes, Int(txMax))
    }
}
