import Runtime
import CYW43
import Net
import Offload
import Boards

/// The CE229926 application on our runtime (docs/tko-offload.md §6): bring the Wi-Fi chip up,
/// join the AP (3 attempts), get an address, connect the configured TCP sockets and send
/// the example's greeting, then loop: wait for the network to go quiet, hand the
/// connections to the firmware, suspend the stack and sleep until the chip wakes the host.
///
/// Beyond the C example it reads and logs what the server sends (nothing is lost), and it
/// repairs what the world breaks: after a link loss it rejoins, after a server reset or a
/// keepalive failure it reconnects, and the next sleep re-offloads the new connections.
///
/// Two tasks: this one (the example's flow, priority `appPriority`) and `NetworkService`
/// (driver and stack, `networkPriority`), which reports join results, link loss, DHCP
/// and offload failures as events and RX/TX activity as flags.
public final class KeepaliveApp<Bus: WLANBus>: ActiveObject {
    public let settings: AppSettings
    public let network: NetworkService<Bus>
    public var driver: Driver<Bus> { network.driver }
    public var interface: Interface? { network.interface }
    let resources: any ResourceSource
    let log: Log
    unowned(unsafe) let scheduler: Scheduler

    public internal(set) var phase: AppPhase = .booting
    public internal(set) var stats = AppStats()
    /// Toggles WL_REG_ON (low ≥ 10 ms, high, settle: docs/linux-sbc.md §3.3) before the chip is
    /// brought up again after a firmware halt. Set by the platform wiring for gSPI, whose
    /// chip keeps its 32-bit mode and registers until it loses power; nil on SDIO kits,
    /// where bring-up resets the card's functions itself.
    public var powerCycle: (() -> Void)?
    /// Gets every byte the server sends, per slot (optional).
    public var dataSink: (any AppDataSink)?
    public internal(set) var offload: OffloadManager<IovarOffloadTarget<Driver<Bus>>>?
    /// One socket per configured keepalive socket (`settings.sockets`, same order).
    public internal(set) var sockets: [TcpSocket] = []
    /// Per configured socket (`settings.sockets`, same order; made at init, in place).
    var slots: FixedArray<SlotState>
    /// Where `readData` reads a socket's bytes into (1024 at a time), allocated once.
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 4)
    /// The live connections' offload records at a sleep (one per socket, made at init: a
    /// sleep allocates nothing).
    var offloadStates: FixedArray<TcpOffloadState>
    /// The host keeps the connections alive itself (no offload, or firmware without tko).
    public internal(set) var hostKeepalive = false

    var ownID: TaskID?
    var windowTimer: TimerID?
    var retryTimer: TimerID?
    var leaseTimer: TimerID?
    var answerTimer: TimerID?
    /// An answer window is open until then (nil: none).
    var answerUntil: Instant?
    var joinAttempt = 0
    var rejoinAt: Instant?
    /// The pause before the next round of joins; doubles up to `maxReconnectDelay` while
    /// the AP stays away (each round wakes the host), back to `rejoinInterval` on success.
    var rejoinDelay: Duration
    /// The chip searches for the AP (preferred-network offload); `searchLosses`: the
    /// driver's lost-frame count when it began (a lost frame may have been NET_FOUND).
    var searching = false
    var searchLosses = 0
    var setupSlot = 0
    var setupIsFirst = true
    var setupHadFailure = false
    var netAct = NetActState.idle
    var detector: InactivityDetector
    var suspendedSince = Instant.zero
    /// When the host last woke from offloaded sleep (nil before the first).
    var wokeFromOffloadAt: Instant?
    /// `driver.runner.framesLost` when the host went to sleep.
    var suspendedLosses = 0
    var offloadStarted = false
    /// When the last frame came in while settling (`.quick`).
    var lastRxAt = Instant.zero
    /// Rounds spent waiting for peers' ARP answers before sleeping (`peersResolved`).
    var peerChecks = 0
    static var maxPeerChecks: Int { 10 }

    /// `settling`: after a data wake, waiting until what came is read and ACKed (`.quick`);
    /// `deferring`: everything is done but the re-offload's spacing or a peer's retransmission
    /// into a receive hole, the MCU may deep-sleep.
    /// `connectWait`: a reconnect is under way; nothing to watch until it ends (its SYN's
    /// retransmissions are timers of their own), `checkSockets` restarts the loop then.
    enum NetActState: Equatable { case idle, delaying, watching, afterSetupError, settling, deferring, connectWait }

    /// Nothing to watch but a timer: the MCU may spend the wait in deep sleep (the chip
    /// raises host-wake for any frame). False everywhere else while the host is up.
    public var deepSleepUnlocked: Bool { phase == .running && netAct == .deferring }

    struct SlotState {
        var connected = false
        var connecting = false
        var retryAt: Instant?
        var retryDelay: Duration
        /// The server closed the connection gracefully: open a new one as soon as the old
        /// one has finished closing (our FIN acknowledged), in the same wake.
        var reopenWhenClosed = false
        /// A connection attempt's deadline for its next hop's ARP answer
        /// (`AppSettings.neighborAnswerWindow`); nil once resolved or over.
        var resolveBy: Instant?
    }

    /// Every configured connection is up and the app is in its steady state: asleep with
    /// them offloaded, or (keeping them alive itself) running. Nothing is being repaired,
    /// so only the world, a lease renewal or the host's own keepalives should wake it now.
    public var steady: Bool {
        (phase == .suspended || (hostKeepalive && phase == .running)) && !anySlot({ !$0.connected })
    }

    public init(settings: AppSettings, driver: Driver<Bus>, resources: any ResourceSource,
                scheduler: Scheduler, log: Log) {
        // The detector first: `settings` is moved into the stored property last, not copied
        // (a copy of AppSettings is a 682 B outlined function on the kit image).
        detector = InactivityDetector(interval: settings.inactiveInterval, window: settings.inactiveWindow)
        rejoinDelay = settings.rejoinInterval
        slots = FixedArray(repeating: SlotState(retryDelay: settings.socketErrorDelay), count: settings.sockets.count)
        offloadStates = FixedArray(repeating: TcpOffloadState(localMAC: .zero, remoteMAC: .zero, localIP: 0, remoteIP: 0,
                                                              localPort: 0, remotePort: 0, sndNxt: 0, rcvNxt: 0, rcvWnd: 0, ttl: 0),
                                   count: settings.sockets.count)
        self.resources = resources
        self.scheduler = scheduler
        self.log = log
        network = NetworkService(driver: driver, scheduler: scheduler, log: log,
                                 rxBytes: NetworkService<Bus>.poolBytes(receiveWindows: settings.sockets.count * settings.socketBufferSize))
        self.settings = settings
    }

    deinit { readBuffer.deallocate() }

    /// Whether any configured socket's slot satisfies `test`.
    func anySlot(_ test: (SlotState) -> Bool) -> Bool {
        for i in slots.indices where test(slots[i]) { return true }
        return false
    }

    /// A connection attempt is under way on some slot. An index loop, no closure: the sleep
    /// flow asks on every wake and must not allocate (a debug build's unspecialised
    /// iterators and contexts would).
    var reconnecting: Bool {
        for i in slots.indices where slots[i].connecting { return true }
        return false
    }

    /// Registers both tasks. `hostWakeLine`: the interrupt line of the chip's host-wake.
    public func spawn(appPriority: UInt8 = 1, networkPriority: UInt8 = 3, hostWakeLine: UInt8) throws(AppStartError) {
        do throws(SpawnError) {
            let id = try scheduler.spawn(self, priority: appPriority, queueCapacity: 16)
            ownID = id
            _ = try network.spawn(priority: networkPriority, hostWakeLine: hostWakeLine, app: id,
                                  appPriority: appPriority)
        } catch { throw .spawn(error) }
        guard let id = ownID else { return }
        let s = scheduler   // one strong reference for the four calls (each use of the unowned one is a retain)
        do throws(TimerError) {
            windowTimer = try s.makeTimer(for: id, signal: AppSignal.inactivityWindow)
            retryTimer = try s.makeTimer(for: id, signal: AppSignal.retry)
            leaseTimer = try s.makeTimer(for: id, signal: AppSignal.leaseRenewal)
            answerTimer = try s.makeTimer(for: id, signal: AppSignal.answerWindow)
        } catch { throw .timer(error) }
    }

    public func handle(_ event: Event, scheduler: Scheduler) {
        let now = scheduler.platform.now
        switch event.signal {
        case .start: boot(now: now)
        case .flags: flags(event.value, now: now)
        case AppSignal.joinResult: joinResult(event.value, now: now)
        case AppSignal.linkDown: linkDown(reason: event.value, now: now)
        case AppSignal.address: addressChanged(configured: event.value != 0, now: now)
        case AppSignal.firmwareHalted: firmwareHalted(now: now)
        case AppSignal.networkFound: networkFound(now: now)
        case AppSignal.keepaliveFailed: keepaliveFailed(index: UInt8(truncatingIfNeeded: event.value), now: now)
        case AppSignal.inactivityWindow: windowTimerFired(now: now)
        case AppSignal.retry: retryTimerFired(now: now)
        case AppSignal.leaseRenewal: leaseTimerFired(now: now)
        case AppSignal.answerWindow: answerUntil = nil   // no answer yet: the next idle may deep-sleep
        default: break
        }
    }

    // MARK: Boot and join

    func boot(now: Instant) {
        log.banner(clearScreen: settings.clearScreen)
        bringUpChip(now: now)
    }

    /// Downloads the firmware and configures the chip, then joins. At boot, and again
    /// after a firmware trap.
    func bringUpChip(now: Instant) {
        phase = .booting
        searching = false
        driver.resetNetworkSearch()
        do throws(BringUpError) { try driver.bringUp(resources: resources) } catch {
            log.text("Error: Wi-Fi initialization failed: ").bringUpError(error).end()
            phase = .halted
            return
        }
        log.say("Info: Wi-Fi initialization is successful")
        if interface == nil {
            let iface = network.makeInterface(mac: driver.macAddress, seed: settings.seed)
            makeSockets(iface)
            makeOffloadManager()
        } else {
            offloadStarted = false
        }
        if offload != nil {
            // LPA registers its WLC_E_TKO handler (which adds the event to the firmware's
            // mask) when it enables TKO; the mask is ours to set once.
            do throws(IoctlError) { try driver.enableEvent(.tko) } catch {
                log.say("Error: could not enable the keepalive-offload event (WLC_E_TKO)")
            }
        }
        do throws(IoctlError) {
            try driver.setPowerSave(.pm2(sleepReturn: .milliseconds(200)))
        } catch {
            log.say("Error: could not enable 802.11 power save (PM2)")
        }
        logJoinToAP()
        startJoin(now: now)
    }

    /// The firmware trapped: everything it held is gone. Restart the chip, then rejoin,
    /// reconnect and re-offload as after a link loss.
    func firmwareHalted(now: Instant) {
        if phase == .suspended { wake(.firmwareHalt, now: now) }
        log.say("Error: Wi-Fi firmware halted; restarting the chip")
        netAct = .idle
        cancelTimer(windowTimer)
        dropConnections(sendReset: false, now: now)
        releaseAddress(now: now)
        joinAttempt = 0
        powerCycle?()
        bringUpChip(now: now)
    }

    func makeOffloadManager() {
        do throws(OffloadConfigError) {
            let config = try OffloadConfig(board: settings.board)
            offload = OffloadManager(target: IovarOffloadTarget(driver), config: config, log: log)
        } catch {
            log.say("Error: Offload configuration not found.")
        }
    }

    /// The line before each join round (one copy: three callers).
    @inline(never) func logJoinToAP() { log.text("Info: Join to AP: ").ascii(settings.board.wifi.ssid).end() }

    func startJoin(now: Instant) {
        let wasSearching = searching
        stopNetworkSearch()
        phase = .joining
        rejoinAt = nil
        if wasSearching { armRetryTimer() }   // the search's safety check is not due any more
        let wifi = settings.board.wifi
        do throws(JoinStartError) {
            try driver.startJoin(ssid: wifi.ssid, passphrase: wifi.passphrase,
                                 security: Self.security(wifi.security), now: now)
            network.kick()
        } catch {
            log.text("Error: cannot join: ").joinStartError(error).end()
            phase = .halted
        }
    }

    func joinResult(_ code: UInt32, now: Instant) {
        guard phase == .joining else { return }
        if code == 0 {
            stats.joins += 1
            joinAttempt = 0
            rejoinDelay = settings.rejoinInterval
            if !offloadStarted, let o = offload {
                offloadStarted = true
                o.start()
                hostKeepalive = !settings.offload || o.keepaliveMode == .hostFallback
            } else if offload == nil {
                hostKeepalive = true
            }
            if !settings.offload { hostKeepalive = true }
            applyKeepaliveMode()
            acquireAddress(now: now)
            return
        }
        stats.joinFailures += 1
        joinAttempt += 1
        let failure = JoinFailureCode.failure(code)
        log.text("Error: Join failed: ").joinFailure(failure).end()
        // The AP is not there (the firmware just scanned for it): after the first join of
        // the run, don't ask again at once; let the chip look for it, or back off.
        let notThere = failure == .noNetwork && stats.joins > 0
        if notThere && startNetworkSearch(now: now) { return }
        log.say("Error: Failed to join Wi-Fi network. Retrying...")
        if joinAttempt < settings.joinAttempts && !notThere {
            startJoin(now: now)
        } else {
            log.say("Error: Wi-Fi connection failed.")
            joinAttempt = 0
            phase = .joining
            rejoinAt = now + rejoinDelay
            log.text("Info: Trying again in ").dec(rejoinDelay.seconds).text(" s").end()
            let doubled = rejoinDelay * 2
            rejoinDelay = doubled < settings.maxReconnectDelay ? doubled : settings.maxReconnectDelay
            armRetryTimer()
        }
    }

    /// Link lost or chip restarted: no address, no DHCP, no lease timer until the rejoin.
    func releaseAddress(now: Instant) {
        interface?.releaseAddress(now: now)
        cancelTimer(leaseTimer)
    }

    func acquireAddress(now: Instant) {
        guard let iface = interface else { return }
        phase = .waitingForAddress
        switch settings.address {
        case .dhcp:
            iface.configureAddress(.dhcp(DhcpClient.Config()), now: now)
            network.kick()
        case .fixed(let c):
            iface.configureAddress(.fixed(c), now: now)
            addressChanged(configured: true, now: now)
        }
    }

    func addressChanged(configured: Bool, now: Instant) {
        guard let iface = interface else { return }
        if configured {
            guard phase == .waitingForAddress, let c = iface.ipv4Config else { return }
            log.text("Info: Successfully joined wifi network ").ascii(settings.board.wifi.ssid).end()
            log.text("Info: Assigned IP address: ").ipv4(c.address.value).end()
            beginSocketSetup(now: now)
        } else {
            log.say("Error: DHCP lease lost; requesting a new address")
            if phase == .suspended { wake(.leaseRenewal, now: now) }
            dropConnections(sendReset: false, now: now)
            acquireAddress(now: now)
        }
    }

    /// `cy_wcm_security_t` -> the driver's join security (docs/tko-offload.md §8): every
    /// WPA/WPA2 mix joins as WPA/WPA2 mixed, WPA2-AES (with or without SHA-256) as WPA2.
    static func security(_ s: WifiSecurity) -> Security {
        switch s {
        case .open: .open
        case .wpa2AesPsk, .wpa2AesPskSha256: .wpa2AES
        case .wpa3Sae: .wpa3SAE
        case .wpa3Wpa2Psk: .wpa2WPA3
        case .wpaTkipPsk, .wpaAesPsk, .wpaMixedPsk, .wpa2TkipPsk, .wpa2MixedPsk,
             .wpa2WpaAesPsk, .wpa2WpaMixedPsk: .wpaWPA2Mixed
        }
    }
}

extension KeepaliveApp {
    /// What the app is waiting for right now (sampled when the host goes to deep sleep).
    public var recoveryActivity: RecoveryActivity {
        switch phase {
        case .booting, .halted: return .restart
        case .joining: return searching ? .networkSearch : rejoinAt != nil ? .rejoinBackoff : .join
        case .waitingForAddress: return .address
        case .connecting: return .connect
        case .running:
            if reconnecting { return .connect }
            if anySlot({ !$0.connected }) { return .reconnectBackoff }
            return .quiet
        case .suspended:
            return anySlot({ !$0.connected }) ? .reconnectBackoff : .none
        }
    }
}

/// Recovery from an AP outage that lets the host sleep (docs/pno.md §5): the chip's
/// preferred-network offload looks for the AP and raises PFN_NET_FOUND when it is back.
extension KeepaliveApp {
    /// Hands the search for the AP to the chip; false if the firmware has no PNO, the
    /// app is told not to, or the firmware refused (the caller backs off instead).
    func startNetworkSearch(now: Instant) -> Bool {
        guard settings.networkSearch, !driver.networkSearch.unsupported else { return false }
        let period = UInt32(clamping: settings.networkSearchPeriod.seconds)
        do throws(IoctlError) { try driver.startNetworkSearch(ssid: settings.board.wifi.ssid, scanPeriodSeconds: period) } catch {
            if !error.isUnsupported { log.say("Error: PNO start failed") }
            return false
        }
        joinAttempt = 0
        searching = true
        searchLosses = driver.runner.framesLost
        phase = .joining
        rejoinAt = now + settings.networkSearchCheck
        armRetryTimer()
        log.say("Info: AP not found; the Wi-Fi chip searches for it (PNO)")
        return true
    }

    func stopNetworkSearch() {
        guard searching else { return }
        searching = false
        do throws(IoctlError) { try driver.stopNetworkSearch() } catch { log.say("Error: PNO stop failed") }
    }

    /// PFN_NET_FOUND: the AP is back; join it.
    func networkFound(now: Instant) {
        guard searching, phase == .joining else { return }
        log.say("Info: PNO found the AP")
        startJoin(now: now)
    }

    /// A frame lost on the bus while the chip searched may have been its PFN_NET_FOUND: try.
    func checkSearchAfterLoss(now: Instant) {
        guard searching, driver.runner.framesLost != searchLosses else { return }
        startJoin(now: now)
    }
}
