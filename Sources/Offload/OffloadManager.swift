import Runtime
import Net
import Boards
import CYW43

/// The offload manager (LPA's OLM with its TKO, ARP and packet-filter offloads,
/// docs/tko-offload.md §4-§5): configures the firmware once after the join (`start`), hands the
/// live TCP connections to the firmware before the host sleeps (`beforeSleep`), and takes
/// them back when it wakes (`afterWake`).
///
///     let manager = OffloadManager(target: driver, config: try OffloadConfig(board: board), log: log)
///     driver.eventListener = manager      // WLC_E_TKO -> keepaliveFailed(index:)
///     manager.start()                     // after the join
///     let report = manager.beforeSleep(connections: sockets.compactMap { $0.offloadState() }, hostIP: ip)
///     ... sleep until host-wake ...
///     manager.afterWake()
///
/// Log lines follow the C example where it has one (WHD's `whd_tko_toggle: ...`).
public final class OffloadManager<Target: OffloadTarget> {
    public let target: Target
    public let config: OffloadConfig
    let log: Log?

    /// What the firmware offers (nil until `start`).
    public private(set) var capabilities: OffloadCapabilities?
    /// Who keeps the connections alive while the host sleeps.
    public private(set) var keepaliveMode: KeepaliveMode
    public private(set) var arpMode: FeatureMode
    public private(set) var filterMode: FeatureMode
    /// True between an accepted ENABLE(1) and the next ENABLE(0).
    public internal(set) var tkoEnabled = false
    /// Slots the firmware currently keeps alive.
    public internal(set) var offloadedSlots = SlotSet()
    /// Slots the firmware gave up on (WLC_E_TKO) since the last sleep.
    public internal(set) var failedConnections = SlotSet()

    var sleeping = false
    var savedPM2: UInt32?
    var arpSleeping = false
    /// The CONNECT record each sleep rewrites (its frame buffers allocated once, here).
    var record = TkoConnect.scratch()
    private var warnedMissing = (tko: false, arp: false, filters: false)

    /// PM2 return-to-sleep time while offloaded (LPA_PM2_SLEEP_RET_TIME, §4.2).
    public static var pm2SleepReturnWhileOffloaded: UInt32 { 10 }

    public init(target: Target, config: OffloadConfig, log: Log? = nil) {
        self.target = target
        self.config = config
        self.log = log
        keepaliveMode = config.keepalive.sockets.isEmpty ? .notConfigured : .firmware
        arpMode = config.arp.enabled ? .firmware : .off
        filterMode = config.filters.isEmpty ? .off : .firmware
    }

    /// Offload init, once after the join and before DHCP (LPA `cylpa_tko_ol_init` etc.,
    /// §4.4, §5.3): probe the firmware, set TKO parameters, ARP awake features and the
    /// packet filters. Failures are logged; the manager then falls back (never throws).
    public func start() {
        let caps = target.offloadCapabilities()
        capabilities = caps

        if !config.keepalive.sockets.isEmpty {
            if caps.tcpKeepalive.isSupported && caps.tcpKeepaliveMaxConnections > 0 {
                keepaliveMode = .firmware
                attempt("event_msgs") { () throws(OffloadIovarError) in try target.enableKeepaliveEvent() }
                let (i, ri, rc) = config.parameters
                do throws(OffloadIovarError) {
                    try target.tkoSetParameters(TkoParameters(interval: i, retryInterval: ri, retryCount: rc))
                } catch {
                    log?.line("whd_tko_param: Cannot set params")
                }
            } else {
                keepaliveMode = .hostFallback
                if !warnedMissing.tko {
                    warnedMissing.tko = true
                    log?.line("Offload: firmware has no TCP keepalive offload; the host keeps connections alive")
                }
            }
        }

        if config.arp.enabled {
            if caps.arpOffload.isSupported {
                arpMode = .firmware
                attempt("arp_peerage") { () throws(OffloadIovarError) in try target.arpOffloadSetPeerAge(config.arp.peerAgeSeconds) }
                applyArp(config.arp.awake)
            } else {
                arpMode = .unavailable
                if !warnedMissing.arp {
                    warnedMissing.arp = true
                    log?.line("Offload: firmware has no ARP offload; ARP requests wake the host")
                }
            }
        }

        if !config.filters.isEmpty {
            if caps.packetFilter.isSupported {
                filterMode = .firmware
                for rule in config.filters {
                    attempt("pkt_filter_add") { () throws(OffloadIovarError) in try target.packetFilterAdd(rule.pattern) }
                }
                let mode: PacketFilterMode = config.filters[0].action == .keep ? .forwardOnMatch : []
                attempt("pkt_filter_mode") { () throws(OffloadIovarError) in try target.packetFilterSetMode(mode) }
                applyFilters(sleeping: false)
            } else {
                filterMode = .unavailable
                if !warnedMissing.filters {
                    warnedMissing.filters = true
                    log?.line("Offload: firmware has no packet filter; filtered traffic wakes the host")
                }
            }
        }
    }

    /// The firmware raised WLC_E_TKO for `index` (docs/tko-offload.md §3): it gave up on that
    /// connection and woke us. LPA marks TKO not enabled (the firmware has suspended it).
    /// Logs LPA's handler lines (`whd_callback_handler: Entered ` / `Exit `, plain printf).
    public func keepaliveFailed(index: UInt8) {
        log?.line("whd_callback_handler: Entered ")
        failedConnections.insert(index)
        tkoEnabled = false
        log?.line("whd_callback_handler: Exit ")
    }

    /// Offload deinit: disable TKO (LPA does this in deinit too, §4.3).
    public func stop() {
        if sleeping { afterWake() }
        if keepaliveMode == .firmware { toggleTko(false) }
    }

    // MARK: Helpers shared with the sleep/wake file

    /// Runs one iovar; on failure logs `Offload: <what> failed` with the status.
    func attempt(_ what: StaticString, _ body: () throws(OffloadIovarError) -> Void) {
        do throws(OffloadIovarError) { try body() } catch { logFailure(what, error) }
    }

    func logFailure(_ what: StaticString, _ error: OffloadIovarError) {
        guard let log else { return }
        log.text("Offload: ").text(what)
        switch error {
        case .ioctl(.firmware(let status)): log.line(" failed, firmware status {}", Int(status))
        case .ioctl(.timeout): log.say(" failed, timeout")
        case .ioctl: log.say(" failed, driver error")
        case .badReply: log.say(" failed, bad reply")
        }
    }

    /// ENABLE(1/0) with WHD's log lines (`whd_tko_toggle`, docs/tko-offload.md §4.5).
    @discardableResult
    func toggleTko(_ on: Bool) -> Bool {
        do throws(OffloadIovarError) {
            try target.tkoEnable(on)
            tkoEnabled = on
            log?.line(on ? "whd_tko_toggle: Successfully enabled" : "whd_tko_toggle: Successfully disabled")
            return true
        } catch {
            log?.line(on ? "whd_tko_toggle: tko enable FAILED" : "whd_tko_toggle: tko disable FAILED")
            if !on { tkoEnabled = false }
            return false
        }
    }

    func applyArp(_ features: ArpOffloadSettings.Features) {
        attempt("arp_ol") { () throws(OffloadIovarError) in try target.arpOffloadSetFeatures(features.rawValue) }
        attempt("arpoe") { () throws(OffloadIovarError) in try target.arpOffloadEnable(!features.isEmpty) }
    }

    func applyFilters(sleeping: Bool) {
        for rule in config.filters {
            let on = sleeping ? rule.whileSleeping : rule.whileAwake
            attempt("pkt_filter_enable") { () throws(OffloadIovarError) in try target.packetFilterEnable(id: UInt32(rule.id), on) }
        }
    }
}
