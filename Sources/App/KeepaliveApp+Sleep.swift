import Runtime
import CYW43
import Net
import Offload
import Boards

/// The "NetAct" loop (LPA's `wait_net_suspend`, docs/tko-offload.md §6.3) and what wakes it.
extension KeepaliveApp {
    /// Starts watching for a quiet network (offload mode only; with host keepalive the
    /// stack keeps running and the MCU sleeps between its timers).
    func startNetAct(now: Instant) {
        guard !hostKeepalive, phase == .running else { netAct = .idle; return }
        netAct = .watching
        detector.start(now: now)
        armTimer(windowTimer, at: detector.deadline)
    }

    /// `NETWORK_SUSPEND_DELAY_MS` before the next attempt.
    func delayNetAct(now: Instant) {
        guard !hostKeepalive else { netAct = .idle; return }
        // A reconnect under way: looking again every `suspendDelay` would keep the idle
        // short (a CPU sleep) through every SYN retransmission; wait for its end instead.
        if reconnecting {
            netAct = .connectWait
            cancelTimer(windowTimer)
            return
        }
        // Settling after a data wake (`.quick`): look again then, still settling.
        if netAct != .settling { netAct = .delaying }
        armTimer(windowTimer, at: now + settings.suspendDelay)
    }

    /// The quick rule (`NetActivityRule.quick`): sleep again as soon as what came is read,
    /// ACKed and nothing more is on its way. Called after every pass of the network task
    /// and by the window timer; re-arms the timer for whatever it is waiting on.
    func settle(now: Instant) {
        guard phase == .running else { netAct = .idle; return }
        // Index loops, no closures: this runs on every wake and must not allocate (a debug
        // build's unspecialised iterators and contexts would).
        if reconnecting {
            // A wake that turned into a repair (a reconnect under way): wait for its end,
            // then the seed's windows, as for every repair.
            delayNetAct(now: now)
            return
        }
        // The chip still has frames for us, or an ACK has not gone out (ARP pending): the
        // network task's next pass flags us again (the timer is a fallback).
        var busy = network.serviceDue(now: now), unfinished = false
        for i in sockets.indices {
            let s = sockets[i]
            if s.ackDue { busy = true }
            if s.state == .established && !s.peerPushed { unfinished = true }
        }
        netAct = .settling
        if busy {
            delayNetAct(now: now)
        } else if unfinished && now < lastRxAt + settings.moreDataWindow {
            // A write of several segments is still arriving.
            armTimer(windowTimer, at: lastRxAt + settings.moreDataWindow)
        } else {
            goToSleep(now: now)   // its checks re-arm through `delayNetAct` while settling
        }
    }

    func windowTimerFired(now: Instant) {
        switch netAct {
        case .idle, .connectWait: break
        case .settling, .deferring: settle(now: now)
        case .delaying, .afterSetupError: startNetAct(now: now)
        case .watching:
            switch detector.check(now: now) {
            case .inactive: goToSleep(now: now)
            case .waiting: armTimer(windowTimer, at: detector.deadline)
            case .timedOut: delayNetAct(now: now)
            }
        }
    }

    func flags(_ bits: UInt32, now: Instant) {
        if phase == .suspended {
            if bits & AppFlag.rxActivity != 0 { wake(.data, now: now) }
            return
        }
        watchForAnswer(bits, now: now)
        if bits & AppFlag.networkChanged != 0 { checkSockets(now: now) }
        if searching { checkSearchAfterLoss(now: now) }
        if netAct == .settling || netAct == .deferring {
            if bits & AppFlag.rxActivity != 0 { lastRxAt = now }
            if bits & (AppFlag.rxActivity | AppFlag.txActivity) != 0 { netAct = .settling }
            settle(now: now)
            return
        }
        if netAct == .watching, bits & (AppFlag.rxActivity | AppFlag.txActivity) != 0 {
            switch detector.activity(now: now) {
            case .timedOut: delayNetAct(now: now)
            default: armTimer(windowTimer, at: detector.deadline)
            }
        }
    }

    /// True when no connection is between states (connecting, closing) or has data in
    /// flight: only then may the stack be frozen without losing a timer that matters.
    /// How long a receive hole (data beyond a lost segment) keeps the host awake for the
    /// peer's retransmission: fast retransmit comes within a round trip; past this the
    /// retransmission timer's copy wakes the host anyway.
    static var holeWait: Duration { .seconds(2) }

    func connectionsQuiet(now: Instant, ignoringHoles: Bool = false) -> Bool {
        for i in sockets.indices {
            let s = sockets[i]
            if slots[i].connecting { return false }
            if !ignoringHoles, let h = s.receiveHoleSince, now - h < Self.holeWait { return false }
            switch s.state {
            case .closed: continue
            case .established: if s.sendQueueCount > 0 || s.sendUnacknowledged != s.sendNext { return false }
            default: return false
            }
        }
        return true
    }

    /// False while a DHCP renewal is in progress and its next step is close (a REQUEST
    /// waiting for ARP, an answer due): the frozen stack would not finish it.
    func dhcpQuiet(_ iface: Interface, now: Instant) -> Bool {
        guard let d = iface.dhcp else { return true }
        switch d.state {
        case .bound: return true
        case .renewing, .rebinding: return (d.pollAt(now: now) ?? .distantFuture) > now + .seconds(10)
        default: return false
        }
    }

    /// The firmware's keepalives need each peer's current MAC: a binding that aged out
    /// while the host slept is re-validated (ARP) before sleeping again. A peer that does
    /// not answer after `maxPeerChecks` tries is gone: its connection is dropped and
    /// re-opened later. True when the app may sleep now.
    func peersResolved(_ iface: Interface, now: Instant) -> Bool {
        var missing: UInt64 = 0   // bit i: socket i (a bit set, not an array: no allocation per sleep)
        for i in sockets.indices where sockets[i].state == .established {
            if !iface.resolveNextHop(sockets[i].remote.address, now: now) { missing |= 1 << UInt64(i) }
        }
        if missing == 0 { peerChecks = 0; return true }
        peerChecks += 1
        if peerChecks <= Self.maxPeerChecks { delayNetAct(now: now); return false }
        peerChecks = 0
        for i in sockets.indices where missing & (1 << UInt64(i)) != 0 {
            log.line("Error: Socket[{}]: the server does not answer ARP; reconnecting", Int(settings.sockets[i].slot))
            sockets[i].abort()
            slots[i].connected = false
            scheduleReconnect(i, now: now)
        }
        return true
    }

    /// The end of the newest receive hole's wait (`holeWait`), if a socket has one open.
    func holeWaitEnd(now: Instant) -> Instant? {
        var end: Instant?
        for i in sockets.indices {
            guard let h = sockets[i].receiveHoleSince, now - h < Self.holeWait else { continue }
            let e = h + Self.holeWait
            if let x = end, x >= e { continue }   // no `map` closure (it stayed a call on the kit image)
            end = e
        }
        return end
    }

    /// GOING_TO_SLEEP (§4.2): lock the stack, offload the live connections, sleep.
    /// (In steps, the interface and the offload manager passed down: bound once here, not
    /// retained again around every call of one long function, as they were on the kit image.)
    func goToSleep(now: Instant) {
        guard let iface = interface, let offload else { netAct = .idle; return }
        if mayGoToSleep(iface, now: now) { suspend(iface, offload, now: now) }
    }

    /// The checks before a sleep: true when the stack may be frozen now; else false, with
    /// the timer for what the app waits for armed (or the loop delayed).
    @inline(never) func mayGoToSleep(_ iface: Interface, now: Instant) -> Bool {
        if netAct == .settling, let end = holeWaitEnd(now: now), let t = windowTimer,
           connectionsQuiet(now: now, ignoringHoles: true), dhcpQuiet(iface, now: now) {
            // Quick rule, all read and ACKed, only a peer's retransmission awaited (a frame the
            // bus lost, the hole the probe's answer showed): it comes after the peer's RTO
            // (Linux: >= 200 ms), or a fast retransmit a round trip after our duplicate ACKs.
            // Wait for it in deep sleep: TKO is off, so host-wake rises for it, and its frame
            // returns us to `.settling`.
            armTimer(t, at: end)
            netAct = .deferring
            return false
        }
        guard connectionsQuiet(now: now), dhcpQuiet(iface, now: now) else { delayNetAct(now: now); return false }
        // Frames still in the driver's transmit queues (the firmware's flow control holds them,
        // or credit is short): they belong to the stack about to be frozen. Sent after the
        // re-offload they would be stale (duplicate ACKs beside the firmware's keepalives) and
        // the flow-control change that releases them a wake of its own: stay up until they
        // went, for at most `holeWait` of a stop (a firmware that never lifts it must not keep
        // the MCU awake; the frames are then dropped as the stack is frozen, below).
        if let since = driver.runner.queuedSince, now - since < Self.holeWait {
            delayNetAct(now: now)
            return false
        }
        guard peersResolved(iface, now: now) else { return false }
        if let w = wokeFromOffloadAt, now < w + settings.reoffloadSpacing, let t = windowTimer {
            armTimer(t, at: w + settings.reoffloadSpacing)
            // Seed's windows: still .watching. Quick: all done but the spacing; the MCU may
            // deep-sleep until then (any frame still wakes it and the window starts again).
            if netAct == .settling { netAct = .deferring }
            return false
        }
        return true
    }

    /// Freezes the stack and hands the live connections to the firmware.
    @inline(never) func suspend(_ iface: Interface, _ offload: OffloadManager<IovarOffloadTarget<Driver<Bus>>>, now: Instant) {
        // The frozen stack cannot renew the lease: wake for DHCP's next step (T1 when bound;
        // awake, the stack's own polling drives DHCP).
        if let d = iface.dhcp, let t = leaseTimer, let at = d.pollAt(now: now) { armTimer(t, at: at) }
        // Anything still queued in the driver is the frozen stack's and can only be an ACK or
        // the like (every byte of data is ACKed: connectionsQuiet); the firmware's keepalives
        // carry the same acknowledgment.
        driver.runner.dropQueuedFrames()
        iface.suspend(now: now)
        var live = 0
        for i in sockets.indices { if let o = iface.tcpOffloadState(for: sockets[i]) { offloadStates[live] = o; live += 1 } }
        _ = offload.beforeSleep(connections: offloadStates.prefix(live), hostIP: iface.ipv4Config?.address)
        log.end()
        log.say("Network Stack Suspended, MCU will enter DeepSleep power mode")
        log.end()
        phase = .suspended
        netAct = .idle
        suspendedSince = now
        suspendedLosses = driver.runner.framesLost
        stats.suspensions += 1
    }

    /// AWAKE (§4.3, §6.3): log, resume the stack (queued frames are processed now), take
    /// the connections back from the firmware, then look at what arrived.
    func wake(_ cause: WakeReason, now: Instant) {
        guard phase == .suspended, interface != nil else { return }
        let slept = now - suspendedSince
        wokeFromOffloadAt = now
        stats.suspendedTime += slept
        log.text("Resuming Network Stack, Network stack was suspended for ").dec(slept.milliseconds).text("ms").end()
        printStats()
        log.say("Network is active. Resuming network stack")
        let received = stats.bytesReceived
        let lost = driver.runner.framesLost
        let connected = connectedSlots
        network.resumeStack(now: now)
        offload?.afterWake()
        phase = .running
        checkSockets(now: now)
        var reason = cause
        // Not spurious: a frame the chip had for us was lost on the bus (the driver counted it),
        // or a segment arrived beyond a hole (the lost one's retransmission is on its way).
        if cause == .data, stats.bytesReceived == received, connectedSlots == connected,
           suspendedLosses == lost,
           !anySocketHasNews {
            reason = .spurious
        }
        if suspendedLosses != lost {
            // What the lost frame said is unknown: ask each peer (a probe's ACK or RST).
            for i in sockets.indices { sockets[i].probeNow() }
        }
        stats.wakes[Int(reason.rawValue)] += 1
        network.kick()
        if settings.netActivity == .quick && (cause == .data || cause == .retry) {
            // The quick rule: the network task's pass (kicked above) flags us, and `settle`
            // looks at what it brought.
            netAct = .settling
            lastRxAt = now
        } else {
            delayNetAct(now: now)
        }
    }

    /// A socket holds what a wake brought: data, the server's FIN, or a segment beyond a hole.
    /// (An index loop: no closure context.)
    var anySocketHasNews: Bool {
        for i in sockets.indices {
            let s = sockets[i]
            if s.receiveQueueCount > 0 || s.state == .closeWait || s.receiveHoleSince != nil { return true }
        }
        return false
    }

    /// Bit i: slot state i is connected (compared across a wake without an array).
    var connectedSlots: UInt64 {
        var bits: UInt64 = 0
        for i in slots.indices where slots[i].connected { bits |= 1 << UInt64(i) }
        return bits
    }

    /// LPA's stats block after a wake (WHD and bus counters).
    func printStats() {
        let c = driver.counters
        log.say("=====================================================")
        log.say("WHD Stats.. ")
        log.line("tx_total:{}, rx_total:{}, tx_no_mem:0, rx_no_mem:{}", c.txData + c.txControl, c.rxFrames,
                 network.framesDropped)
        log.line("tx_fail:{}, no_credit:{}, flow_control:{}", network.sendFailures, c.txNoCredit,
                 Int(driver.runner.flowControl))
        log.say("Bus Stats.. ")
        log.line("bus_errors:{}, rx_drops:{}, seq_gaps:{}", c.busErrors, c.totalDrops, c.rxSequenceGaps)
        log.say("=====================================================")
    }

    func linkDown(reason: UInt32, now: Instant) {
        guard phase != .booting, phase != .halted else { return }
        if phase == .suspended { wake(.linkDown, now: now) }
        log.text("Error: Wi-Fi link lost (reason ").dec(reason).text("). Rejoining...").end()
        netAct = .idle
        cancelTimer(windowTimer)
        dropConnections(sendReset: false, now: now)
        releaseAddress(now: now)
        joinAttempt = 0
        logJoinToAP()
        startJoin(now: now)
    }

    func keepaliveFailed(index: UInt8, now: Instant) {
        if phase == .suspended { wake(.keepaliveFailure, now: now) }
        stats.keepaliveFailures += 1
        offload?.keepaliveFailed(index: index)
        guard let i = self.index(ofSlot: Int(index)) else { return }
        log.line("Error: Socket[{}]: the server stopped answering keepalives; reconnecting", Int(index))
        // The peer is gone: drop the connection (RFC 1122 §4.2.3.6) and open a new one.
        if sockets[i].state != .closed { sockets[i].abort() }
        slots[i].connected = false
        scheduleReconnect(i, now: now)
        network.kick()
    }

    /// The DHCP lease wants renewing: the stack must run for that (it is frozen while
    /// suspended), so wake; DHCP itself does the renewal at the next poll.
    func leaseTimerFired(now: Instant) {
        if phase == .suspended { wake(.leaseRenewal, now: now) }
        network.kick()
    }
}
