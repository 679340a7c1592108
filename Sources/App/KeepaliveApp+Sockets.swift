import Runtime
import Net
import Boards

/// Socket setup (docs/tko-offload.md §6.2 step 4-6) and reconnection.
extension KeepaliveApp {
    func makeSockets(_ iface: Interface) {
        for (i, s) in settings.sockets.enumerated() {
            var c = TcpConfig()
            c.keepalive = nil
            // A send the interface refuses waits for ARP: the answer's frame makes the network
            // task poll the stack at once, and the neighbour cache keeps its own retry timer,
            // so the socket need not look again every 10 ms (100 wake-ups a second while a
            // server that is down does not answer).
            c.sendRetryDelay = iface.config.arpRetryInterval
            let socket = TcpSocket(receiveCapacity: settings.socketBufferSize, sendCapacity: settings.socketBufferSize,
                                   config: c, seed: settings.seed &+ UInt64(i) &+ UInt64(s.localPort))
            iface.addTcpSocket(socket)
            sockets.append(socket)
            slots[i] = SlotState(retryDelay: settings.socketErrorDelay)
        }
    }

    /// With the host keeping connections alive (baseline), every socket probes the server
    /// after `interval` of silence, then every `retry interval`, `retry count` times: the
    /// same three numbers the firmware would use.
    func applyKeepaliveMode() {
        let k = settings.board.keepalive
        for s in sockets {
            s.config.keepalive = hostKeepalive
                ? TcpKeepaliveConfig(interval: .seconds(Int64(k.interval)), retryInterval: .seconds(Int64(k.retryInterval)),
                                     retryCount: Int(k.retryCount))
                : nil
        }
    }

    func index(ofSlot slot: Int) -> Int? { settings.sockets.firstIndex { Int($0.slot) == slot } }

    /// Starts the example's sequential setup of slots 0...3.
    func beginSocketSetup(now: Instant) {
        phase = .connecting
        setupSlot = 0
        setupHadFailure = false
        if setupIsFirst { log.say("Info: Taking TCP Keepalive configuration from the Generated sources.") }
        advanceSetup(now: now)
    }

    /// Connects the next configured slot, or logs it as skipped; at the end starts the loop.
    func advanceSetup(now: Instant) {
        while setupSlot < KeepaliveSettings.maxSockets {
            if let i = index(ofSlot: setupSlot) {
                if startConnect(i, now: now) { return }
                setupHadFailure = true
            } else if setupIsFirst {
                log.line("Info: Skipped TCP socket connection for socket id[{}]. Check the TCP Keepalive configuration.",
                         setupSlot)
            }
            setupSlot += 1
        }
        setupIsFirst = false
        phase = .running
        if setupHadFailure {
            log.say("Error: One or more TCP socket connections failed.")
            netAct = .afterSetupError
            if let t = windowTimer { scheduler.arm(t, after: settings.socketErrorDelay) }
        } else {
            startNetAct(now: now)
        }
    }

    /// Opens socket `i` (bound to its configured local port); false if it could not start.
    func startConnect(_ i: Int, now: Instant) -> Bool {
        let cfg = settings.sockets[i]
        let s = sockets[i]
        if s.state != .closed { s.abort() }
        do throws(TcpConnectError) {
            try s.connect(to: TcpEndpoint(address: cfg.remoteIP, port: cfg.remotePort), localPort: cfg.localPort, now: now)
        } catch {
            logConnectError(i, code: 8)
            return false
        }
        slots[i].connecting = true
        slots[i].retryAt = nil
        slots[i].resolveBy = nil
        if let iface = interface, !iface.nextHopResolved(cfg.remoteIP, now: now) {
            slots[i].resolveBy = now + settings.neighborAnswerWindow
            armRetryTimer()
        }
        network.kick()
        return true
    }

    /// A connection attempt whose next hop did not answer ARP within
    /// `neighborAnswerWindow`: abort it (SYN-SENT: nothing to reset), stop the ARP retries
    /// and let the reconnect back-off try again (`checkSockets` books the failure).
    func checkNeighborAnswers(now: Instant) {
        guard let iface = interface else { return }
        var gaveUp = false
        for i in slots.indices {
            guard let by = slots[i].resolveBy else { continue }
            let cfg = settings.sockets[i]
            if !slots[i].connecting || sockets[i].state != .synSent || iface.nextHopResolved(cfg.remoteIP, now: now) {
                slots[i].resolveBy = nil
                continue
            }
            guard by <= now else { continue }
            slots[i].resolveBy = nil
            log.line("Error: Socket[{}]: the server does not answer ARP", Int(cfg.slot))
            sockets[i].abort()
            iface.abandonResolution(towards: cfg.remoteIP, now: now)
            network.kick()
            gaveUp = true
        }
        checkSockets(now: now)
        // Nothing of the attempt is left to wait for: with the quick rule, sleep as soon as
        // the rest is quiet (`settle`), not after the seed's inactivity windows.
        if gaveUp, phase == .running, settings.netActivity == .quick, netAct != .idle {
            netAct = .settling
            settle(now: now)
        }
    }

    @inline(never) func logConnectError(_ i: Int, code: Int) {
        logEndpoints(i, "Error: Socket[{}]: ERROR {}, Unable to connect. TCP Server IP: ", code: code,
                     ", Local Port: {}, Remote Port: {}")
    }

    /// A line about socket `i`'s connection: `head` (its slot, then `code`), the server's
    /// address, `tail` (the local port, then the remote port). One copy for both lines.
    @inline(never) func logEndpoints(_ i: Int, _ head: StaticString, code: Int, _ tail: StaticString) {
        let cfg = settings.sockets[i]
        log.fill(head, Int(cfg.slot), code)
        log.ipv4(cfg.remoteIP.value)
        log.line(tail, Int(cfg.localPort), Int(cfg.remotePort))
    }

    /// Looks at every socket after the network task ran: finished connects, data, closes.
    func checkSockets(now: Instant) {
        for i in sockets.indices {
            let s = sockets[i]
            let cfg = settings.sockets[i]
            if slots[i].connecting {
                if slots[i].resolveBy != nil, s.state != .synSent {
                    slots[i].resolveBy = nil     // answered (or over): its deadline goes
                    armRetryTimer()
                } else if slots[i].resolveBy == nil, s.state == .synSent, let iface = interface,
                          !iface.nextHopResolved(cfg.remoteIP, now: now) {
                    // The binding expired during the attempt (a SYN retransmission waits on
                    // ARP): the same window for its answer.
                    slots[i].resolveBy = now + settings.neighborAnswerWindow
                    armRetryTimer()
                }
                if s.state == .established || s.state == .closeWait {
                    slots[i].connecting = false
                    slots[i].connected = true
                    slots[i].retryDelay = settings.socketErrorDelay
                    stats.connections += 1
                    logEndpoints(i, "Info: Socket[{}]: Created connection to IP ", code: 0, ", local port {}, remote port {}")
                    sendGreeting(s)
                    connectFinished(i, now: now)
                } else if s.state == .closed {
                    slots[i].connecting = false
                    stats.connectFailures += 1
                    logConnectError(i, code: Log.code(s.closeReason))
                    scheduleReconnect(i, now: now)
                    if phase == .connecting { setupHadFailure = true }
                    connectFinished(i, now: now)
                }
            }
            readData(i)
            if slots[i].reopenWhenClosed && s.state == .closed && !slots[i].connecting {
                slots[i].reopenWhenClosed = false
                if phase == .running { _ = startConnect(i, now: now); armRetryTimer() }
            }
            if slots[i].connected {
                if s.state == .closeWait && s.peerClosed {
                    log.line("Info: Socket[{}]: closed by the server; reconnecting", Int(cfg.slot))   // closeReason(.normal)
                    s.close()
                    network.kick()   // our FIN goes out now, not at the stack's next deadline
                    slots[i].connected = false
                    // The server ended the connection and is fine: open the next as soon as
                    // our FIN is acknowledged (one round trip), in this wake. The retry
                    // timer stays the fallback if the close never finishes.
                    slots[i].reopenWhenClosed = true
                    slots[i].retryAt = now + slots[i].retryDelay
                    armRetryTimer()
                } else if s.state == .closed {
                    log.fill("Error: Socket[{}]: connection ", Int(cfg.slot))
                    log.closeReason(s.closeReason).text("; reconnecting").end()
                    slots[i].connected = false
                    scheduleReconnect(i, now: now)
                }
            }
        }
    }

    func connectFinished(_ i: Int, now: Instant) {
        if netAct == .connectWait, phase == .running, !reconnecting {
            // The repair's connections are up (or have failed): with the quick rule, sleep
            // as soon as the greeting's echo is taken and ACKed, not after the seed's windows.
            if settings.netActivity == .quick {
                netAct = .settling
                lastRxAt = now
                settle(now: now)
            } else {
                netAct = .delaying
                delayNetAct(now: now)
            }
        }
        guard phase == .connecting, index(ofSlot: setupSlot) == i else { return }
        setupSlot += 1
        advanceSetup(now: now)
    }

    func sendGreeting(_ s: TcpSocket) {
        let g = settings.greeting
        let n = g.withUTF8Buffer { (b: UnsafeBufferPointer<UInt8>) -> Int in
            do throws(TcpSendError) { return try s.send(UnsafeRawBufferPointer(b)) } catch { return -1 }
        }
        if n < 0 { log.say("Error: could not send the greeting") }
        network.kick()
    }

    /// Reads everything the server sent on socket `i`, logs it and hands it on (through
    /// `readBuffer`: nothing allocated per read).
    func readData(_ i: Int) {
        let s = sockets[i]
        let slot = settings.sockets[i].slot
        let buffer = readBuffer
        while s.receiveQueueCount > 0 {
            let n: Int
            do throws(TcpReceiveError) { n = try s.receive(into: buffer) } catch { return }
            if n == 0 { return }
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            stats.bytesReceived += n
            log.fill("Info: Socket[{}]: Received {} bytes: ", Int(slot), n)
            log.ascii(UnsafeRawBufferPointer(rebasing: bytes[0..<min(n, 48)])).text(n > 48 ? "..." : "").end()
            dataSink?.received(slot: slot, bytes: bytes)
            network.kick()  // our ACK / window update goes out at the next pass
        }
    }

    /// Tries socket `i` again later, backing off up to `maxReconnectDelay`.
    func scheduleReconnect(_ i: Int, now: Instant) {
        slots[i].retryAt = now + slots[i].retryDelay
        let doubled = slots[i].retryDelay * 2
        slots[i].retryDelay = doubled < settings.maxReconnectDelay ? doubled : settings.maxReconnectDelay
        armRetryTimer()
    }

    /// Drops every connection (link or address lost). `sendReset`: tell the servers.
    func dropConnections(sendReset: Bool, now: Instant) {
        for i in sockets.indices {
            if sockets[i].state != .closed { sockets[i].abort() }
            // Not connected, not connecting, nothing to reopen, no retry or ARP deadline, the
            // first retry delay: a new slot state (one store, not six).
            slots[i] = SlotState(retryDelay: settings.socketErrorDelay)
        }
        if !sendReset { network.kick() }
    }

    func armRetryTimer() {
        guard let t = retryTimer else { return }
        var next = rejoinAt
        for i in slots.indices {
            if let r = slots[i].retryAt { next = earlier(next, r) }
            if let r = slots[i].resolveBy { next = earlier(next, r) }
        }
        if let next { armTimer(t, at: next) } else { cancelTimer(t) }
    }

    func retryTimerFired(now: Instant) {
        if phase == .suspended { wake(.retry, now: now) }
        checkNeighborAnswers(now: now)
        if let r = rejoinAt, r <= now, phase == .joining {
            logJoinToAP()
            startJoin(now: now)
        }
        if phase == .running {
            for i in slots.indices {
                if let r = slots[i].retryAt, r <= now, !slots[i].connecting { _ = startConnect(i, now: now) }
            }
        }
        armRetryTimer()
    }
}
