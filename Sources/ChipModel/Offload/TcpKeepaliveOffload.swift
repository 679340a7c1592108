import Runtime

/// The firmware's TCP keepalive offload (`tko`, docs/tko-offload.md §1): stores up to four
/// connections, and while enabled keeps them alive without the host (TcpKeepaliveOffload+Engine).
///
/// Iovar checks follow the Broadcom firmware source as the sheet summarises it (§1.1-1.5):
/// `len <= buffer - 4` (else BCME_BUFTOOSHORT), PARAM/CONNECT refused while enabled
/// (BCME_BUSY), PARAM/ENABLE need `len >= sizeof(payload)` (BCME_BADLEN), slot >= max is
/// BCME_RANGE, an unused slot on CONNECT GET BCME_NOTFOUND. GET replies carry the payload
/// length in `len` (STATUS: 1 + max = 5). Model choices: zero PARAM values and IPv6 CONNECT
/// records are refused with BCME_BADARG.
public final class TcpKeepaliveOffload: FirmwareOffload {
    /// The firmware's connection limit (`max_tcp_inst`, 4).
    public let maxConnections: Int
    /// PARAM values (power-on defaults 7200 s / 75 s / 10, §2).
    public internal(set) var interval: UInt16 = 7200
    public internal(set) var retryInterval: UInt16 = 75
    public internal(set) var retryCount: UInt16 = 10
    /// True between ENABLE(1) and ENABLE(0).
    public internal(set) var isEnabled = false
    /// True once an unexpected segment or a dead peer stopped every timer (until ENABLE(0)).
    public internal(set) var isSuspended = false
    /// WLC_E_TKO events raised.
    public internal(set) var eventsRaised = 0

    var slots: [KeepaliveConnection?]
    var counters: [KeepaliveCounters]

    public init(maxConnections: Int = 4) {
        self.maxConnections = maxConnections
        slots = .init(repeating: nil, count: maxConnections)
        counters = .init(repeating: KeepaliveCounters(), count: maxConnections)
    }

    /// Counters of slot `index` (all zero for an unknown slot).
    public func counters(index: Int) -> KeepaliveCounters {
        index >= 0 && index < counters.count ? counters[index] : KeepaliveCounters()
    }

    /// The sum over all slots.
    public var totals: KeepaliveCounters {
        var t = KeepaliveCounters()
        for c in counters {
            t.requestsSent += c.requestsSent; t.retriesSent += c.retriesSent
            t.acksReceived += c.acksReceived; t.peerKeepalivesAnswered += c.peerKeepalivesAnswered
            t.failures += c.failures; t.suspensions += c.suspensions
        }
        return t
    }

    /// Status of slot `index` as STATUS reports it (255 = unused).
    public func status(index: Int) -> UInt8 {
        guard index >= 0, index < slots.count, let c = slots[index] else { return 255 }
        return c.status
    }

    /// Whether slot `index` holds a connection.
    public func hasConnection(index: Int) -> Bool { index >= 0 && index < slots.count && slots[index] != nil }

    // MARK: FirmwareOffload

    public func setIovar(name: [UInt8], value: [UInt8], chip: ChipModel) -> Int32? {
        guard OffloadBytes.equals(name, "tko") else { return nil }
        return set(value, fw: chip)
    }

    public func getIovar(name: [UInt8], params: [UInt8], chip: ChipModel) -> (Int32, [UInt8])? {
        guard OffloadBytes.equals(name, "tko") else { return nil }
        return get(params)
    }

    public func interceptFromAir(_ frame: [UInt8], chip: ChipModel) -> Bool { intercept(frame, fw: chip) }

    public func advance(to now: Instant, chip: ChipModel) { advance(to: now, fw: chip) }

    /// Link loss stops the timers (model choice: probes could not be sent; the LINK event
    /// wakes the host, which disables and re-offloads after it rejoins).
    public func linkChanged(up: Bool, chip: ChipModel) { if !up { stopTimers() } }

    /// The firmware restarted: connections, PARAM values and the enable state are gone
    /// (counters are the simulation's and stay).
    public func firmwareReset(chip: ChipModel) {
        for i in 0..<slots.count { slots[i] = nil }
        isEnabled = false
        isSuspended = false
        (interval, retryInterval, retryCount) = (7200, 75, 10)
    }

    // MARK: SET

    /// A `tko` SET: `wl_tko_t` {subcmd, len} + data (§1.2).
    func set(_ value: [UInt8], fw: some FirmwareServices) -> Int32 {
        guard value.count >= 4 else { return OffloadStatus.bufferTooShort }
        let sub = OffloadBytes.le16(value, 0)
        let len = Int(OffloadBytes.le16(value, 2))
        guard len <= value.count - 4 else { return OffloadStatus.bufferTooShort }
        let data = Array(value[4..<(4 + len)])
        switch sub {
        case 1:  // PARAM (§1.4)
            guard !isEnabled else { return OffloadStatus.busy }
            guard data.count >= 8 else { return OffloadStatus.badLength }
            let i = OffloadBytes.le16(data, 0), ri = OffloadBytes.le16(data, 2), rc = OffloadBytes.le16(data, 4)
            guard i > 0, ri > 0, rc > 0 else { return OffloadStatus.badArgument }
            (interval, retryInterval, retryCount) = (i, ri, rc)
            return OffloadStatus.ok
        case 2:  // CONNECT (§1.5)
            guard !isEnabled else { return OffloadStatus.busy }
            return connect(data)
        case 3:  // ENABLE (§1.4)
            guard data.count >= 4 else { return OffloadStatus.badLength }
            enable(data[0] != 0, now: fw.now)
            return OffloadStatus.ok
        default:
            return OffloadStatus.badArgument
        }
    }

    private func connect(_ d: [UInt8]) -> Int32 {
        guard d.count >= 20 else { return OffloadStatus.badLength }
        let index = Int(d[0])
        guard index < maxConnections else { return OffloadStatus.range }
        guard d[1] == 0 else { return OffloadStatus.badArgument }  // IPv6 not modelled
        let reqLen = Int(OffloadBytes.le16(d, 16)), respLen = Int(OffloadBytes.le16(d, 18))
        guard d.count >= 28 + reqLen + respLen else { return OffloadStatus.badLength }
        slots[index] = KeepaliveConnection(
            index: UInt8(index), localIP: OffloadBytes.be32(d, 20), remoteIP: OffloadBytes.be32(d, 24),
            localPort: OffloadBytes.le16(d, 2), remotePort: OffloadBytes.le16(d, 4),
            localSeq: OffloadBytes.le32(d, 8), remoteSeq: OffloadBytes.le32(d, 12),
            request: Array(d[28..<(28 + reqLen)]), response: Array(d[(28 + reqLen)..<(28 + reqLen + respLen)]),
            blob: d)
        return OffloadStatus.ok
    }

    /// ENABLE(1): every stored connection starts with its first probe at once; a no-op if
    /// already enabled. ENABLE(0): forget every connection (`tko_destroy_all_tcp`).
    private func enable(_ on: Bool, now: Instant) {
        if on {
            guard !isEnabled else { return }
            isEnabled = true
            isSuspended = false
            for i in 0..<slots.count where slots[i] != nil {
                slots[i]!.status = 0
                slots[i]!.retriesLeft = retryCount
                slots[i]!.nextFire = now
            }
        } else {
            isEnabled = false
            isSuspended = false
            for i in 0..<slots.count { slots[i] = nil }
        }
    }

    // MARK: GET

    /// A `tko` GET: the reply is `wl_tko_t` {subcmd, len = payload bytes} + payload.
    func get(_ params: [UInt8]) -> (Int32, [UInt8]) {
        guard params.count >= 4 else { return (OffloadStatus.bufferTooShort, []) }
        let sub = OffloadBytes.le16(params, 0)
        let len = Int(OffloadBytes.le16(params, 2))
        guard len <= params.count - 4 else { return (OffloadStatus.bufferTooShort, []) }
        func reply(_ payload: [UInt8]) -> (Int32, [UInt8]) {
            var out = [UInt8](repeating: 0, count: 4)
            OffloadBytes.putLE16(&out, 0, sub)
            OffloadBytes.putLE16(&out, 2, UInt16(truncatingIfNeeded: payload.count))
            return (OffloadStatus.ok, out + payload)
        }
        switch sub {
        case 0:  // MAX_TCP
            return reply([UInt8(truncatingIfNeeded: maxConnections), 0, 0, 0])
        case 1:  // PARAM
            var p = [UInt8](repeating: 0, count: 8)
            OffloadBytes.putLE16(&p, 0, interval)
            OffloadBytes.putLE16(&p, 2, retryInterval)
            OffloadBytes.putLE16(&p, 4, retryCount)
            return reply(p)
        case 2:  // CONNECT GET
            guard len >= 1, params.count >= 5 else { return (OffloadStatus.badLength, []) }
            let index = Int(params[4])
            guard index < maxConnections else { return (OffloadStatus.range, []) }
            guard let c = slots[index] else { return (OffloadStatus.notFound, []) }
            return reply(c.blob)
        case 4:  // STATUS
            return reply([UInt8(truncatingIfNeeded: maxConnections)] + (0..<maxConnections).map { UInt8(status(index: $0)) })
        default:
            return (OffloadStatus.badArgument, [])
        }
    }
}
