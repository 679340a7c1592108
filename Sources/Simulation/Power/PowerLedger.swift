import Runtime

/// Host and Wi-Fi chip power states over virtual time, the reason for every host wake,
/// and the charge each state drew (`PowerFigures`). The measured window starts at the
/// host's first deep sleep (the CE's "Network Stack Suspended") and ends at `close`.
public final class PowerLedger {
    public struct HostInterval: Equatable, Sendable {
        public var start: Instant
        public var end: Instant
        public var awake: Bool
        /// Why the host woke at `start` (nil for the boot interval and sleeps).
        public var reason: HostWakeReason?
    }

    public enum ChipState: UInt8, Sendable {
        case off, unassociated, associatedIdle, active
    }

    public struct ChipInterval: Equatable, Sendable {
        public var start: Instant
        public var end: Instant
        public var state: ChipState
    }

    public let figures: PowerFigures
    /// Keep intervals and wake times for the timeline picture (off: only totals, memory
    /// stays flat however long the run; a day without offload has ~17,000 wakes).
    public var keepIntervals = true

    public private(set) var hostIntervals: [HostInterval] = []
    public private(set) var chipIntervals: [ChipInterval] = []
    public private(set) var measureStart: Instant? = nil
    /// Wakes in the measured window, indexed by `HostWakeReason.rawValue`.
    public private(set) var wakeups = [Int](repeating: 0, count: HostWakeReason.allCases.count)
    public private(set) var wakeTimes: [(Instant, HostWakeReason)] = []

    // Host state
    private var hostAwake = true
    private var hostSince = Instant.zero
    private var hostReason: HostWakeReason? = nil
    private var hostAwake_us: UInt64 = 0
    private var hostAsleep_us: UInt64 = 0
    /// Short deep sleeps while the host was up (`hostNap`), in the measured window.
    public private(set) var naps = 0
    /// The wake in progress: its awake time so far and its naps.
    private var wakeAwake_us: UInt64 = 0
    private var wakeNaps = 0
    /// Finished wakes in the measured window by `HostWakeReason.rawValue`: how many, and the
    /// CPU time each cost (awake time + one `hostWakeOverhead_us` per wake and per nap).
    private var wakeCost_us: [Double] = [Double](repeating: 0, count: HostWakeReason.allCases.count)
    private var wakeCostMax_us: [Double] = [Double](repeating: 0, count: HostWakeReason.allCases.count)
    private var wakesFinished: [Int] = [Int](repeating: 0, count: HostWakeReason.allCases.count)
    /// When the wake in progress began.
    private var wakeStart = Instant.zero
    /// Sees every finished wake in the measured window: when it began, its reason and its
    /// CPU cost in µs (as `wakeCost` books it). The soak attributes it to an episode.
    public var onWakeFinished: ((Instant, HostWakeReason, Double) -> Void)?

    // Chip state
    private var associated = false
    private var chipPowered = true
    private var chipSince = Instant.zero
    private var activeUntil = Instant.zero       // end of the current awake window
    private var activeStart = Instant.zero
    private var chipTime_us: [UInt64] = [0, 0, 0, 0]   // by ChipState.rawValue
    private var txAirtime_us: Double = 0
    private var rxAirtime_us: Double = 0
    public private(set) var framesTransmitted = 0
    public private(set) var framesReceived = 0

    public init(figures: PowerFigures = PowerFigures()) { self.figures = figures }

    // MARK: host

    /// The host entered deep sleep (network stack suspended). The first call opens the
    /// measured window.
    public func hostAsleep(at t: Instant) {
        guard hostAwake else { return }
        if measureStart == nil { measureStart = t; resetTotals(at: t) }
        closeHost(at: t)
        finishWake()
        hostAwake = false; hostSince = t; hostReason = nil
    }

    /// The host, up after a wake, spent `a..<b` in deep sleep without that counting as a
    /// wake (a sleep shorter than the wake threshold with no deep-sleep lock held: see
    /// `AccountingPlatform`): asleep time, plus one wake overhead for leaving it.
    public func hostNap(from a: Instant, to b: Instant) {
        guard hostAwake, b > a, a >= hostSince else { return }
        closeHost(at: a)
        if let m = measureStart, a >= m {
            hostAsleep_us += span(a, b)
            naps += 1
            wakeNaps += 1
        }
        if keepIntervals { hostIntervals.append(HostInterval(start: a, end: b, awake: false, reason: nil)) }
        hostSince = b
    }

    /// Books the wake that just ended (a wake with a reason inside the measured window).
    private func finishWake() {
        defer { wakeAwake_us = 0; wakeNaps = 0 }
        guard let r = hostReason, measureStart != nil else { return }
        let i = Int(r.rawValue)
        let cost = Double(wakeAwake_us) + Double(1 + wakeNaps) * figures.hostWakeOverhead_us
        wakeCost_us[i] += cost
        wakeCostMax_us[i] = max(wakeCostMax_us[i], cost)
        wakesFinished[i] += 1
        onWakeFinished?(wakeStart, r, cost)
    }

    /// The CPU time a finished wake for `reason` cost (awake time plus one overhead per wake
    /// and per nap): how many wakes, the mean and the largest, in milliseconds.
    public func wakeCost(_ reason: HostWakeReason) -> WakeCost {
        let i = Int(reason.rawValue)
        let n = wakesFinished[i]
        return WakeCost(wakes: n, mean_ms: n > 0 ? wakeCost_us[i] / Double(n) / 1000 : 0, max_ms: wakeCostMax_us[i] / 1000)
    }

    /// The host left deep sleep for `reason`.
    public func hostAwake(at t: Instant, reason: HostWakeReason) {
        guard !hostAwake else { return }
        closeHost(at: t)
        hostAwake = true; hostSince = t; hostReason = reason; wakeStart = t
        if measureStart != nil {
            wakeups[Int(reason.rawValue)] += 1
            if keepIntervals { wakeTimes.append((t, reason)) }
        }
    }

    public var isHostAwake: Bool { hostAwake }

    private func closeHost(at t: Instant) {
        let d = span(hostSince, t)
        if measureStart != nil && hostSince >= measureStart! {
            if hostAwake { hostAwake_us += d; wakeAwake_us += d } else { hostAsleep_us += d }
        }
        if keepIntervals && t > hostSince {
            hostIntervals.append(HostInterval(start: hostSince, end: t, awake: hostAwake, reason: hostReason))
        }
    }

    // MARK: chip

    /// The station joined an AP.
    public func chipAssociated(at t: Instant) { settleChip(at: t); associated = true; chipPowered = true }
    /// The station lost or left its AP.
    public func chipDisassociated(at t: Instant) { settleChip(at: t); associated = false }
    /// WL_REG_ON low (chip off) or back on.
    public func chipPower(_ on: Bool, at t: Instant) { settleChip(at: t); chipPowered = on; if !on { associated = false } }

    /// The chip sent a frame of `bytes` bytes on air at `t`.
    public func chipTransmitted(bytes: Int, at t: Instant) {
        let air = figures.airtime_us(bytes: bytes)
        txAirtime_us += inWindow(t) ? air : 0
        framesTransmitted += 1
        activity(at: t, airtime_us: air)
    }

    /// The chip received a frame of `bytes` bytes addressed to it (or broadcast) at `t`.
    public func chipReceived(bytes: Int, at t: Instant) {
        let air = figures.airtime_us(bytes: bytes)
        rxAirtime_us += inWindow(t) ? air : 0
        framesReceived += 1
        activity(at: t, airtime_us: air)
    }

    private func inWindow(_ t: Instant) -> Bool { measureStart.map { t >= $0 } ?? false }

    private func activity(at t: Instant, airtime_us: Double) {
        let tail = hostAwake ? figures.pm2ReturnToSleepHostAwake_us : figures.pm2ReturnToSleepHostAsleep_us
        let end = t + Duration(microseconds: Int64(airtime_us + tail))
        if t > activeUntil {
            settleChip(at: t)          // closes the idle stretch up to t
            activeStart = t
        }
        if end > activeUntil { activeUntil = end }
    }

    /// Accounts chip time up to `t`: an awake window that ended before `t`, then idle.
    private func settleChip(at t: Instant) {
        if activeUntil > chipSince {
            let wEnd = min(activeUntil, t)
            let wStart = max(activeStart, chipSince)
            if wStart > chipSince { addChip(baseState(), chipSince, wStart) }
            addChip(.active, wStart, wEnd)
            chipSince = wEnd
        }
        if t > chipSince { addChip(baseState(), chipSince, t); chipSince = t }
    }

    private func baseState() -> ChipState {
        !chipPowered ? .off : associated ? .associatedIdle : .unassociated
    }

    private func addChip(_ s: ChipState, _ a: Instant, _ b: Instant) {
        guard b > a else { return }
        if let m = measureStart {
            let lo = max(a, m)
            if b > lo { chipTime_us[Int(s.rawValue)] += span(lo, b) }
        }
        guard keepIntervals else { return }
        if let last = chipIntervals.last, last.state == s, last.end == a {
            chipIntervals[chipIntervals.count - 1].end = b
        } else {
            chipIntervals.append(ChipInterval(start: a, end: b, state: s))
        }
    }

    private func resetTotals(at t: Instant) {
        hostAwake_us = 0; hostAsleep_us = 0
        chipTime_us = [0, 0, 0, 0]; txAirtime_us = 0; rxAirtime_us = 0
        wakeups = [Int](repeating: 0, count: HostWakeReason.allCases.count); wakeTimes = []
        naps = 0; wakeAwake_us = 0; wakeNaps = 0
        wakeCost_us = wakeCost_us.map { _ in 0 }; wakeCostMax_us = wakeCostMax_us.map { _ in 0 }
        wakesFinished = wakesFinished.map { _ in 0 }
        _ = t
    }

    private func span(_ a: Instant, _ b: Instant) -> UInt64 { b > a ? b.microseconds - a.microseconds : 0 }

    // MARK: summary

    /// Closes every open interval at `t` and returns the totals of the measured window.
    public func close(at t: Instant) -> PowerSummary {
        closeHost(at: t)
        hostSince = t
        settleChip(at: t)
        let start = measureStart ?? t
        let window = Double(span(start, t)) / 1e6
        let f = figures
        // Each wake also costs `hostWakeOverhead_us` of CPU time the virtual clock cannot see.
        let overhead = min(Double(wakeups.reduce(0, +) + naps) * f.hostWakeOverhead_us / 1e6, Double(hostAsleep_us) / 1e6)
        let awake = Double(hostAwake_us) / 1e6 + overhead, asleep = Double(hostAsleep_us) / 1e6 - overhead
        let hostCharge = awake * f.hostActive_uA + asleep * f.hostDeepSleep_uA
        let c = chipTime_us.map { Double($0) / 1e6 }
        let active = c[Int(ChipState.active.rawValue)]
        let tx = txAirtime_us / 1e6
        var chipCharge = c[Int(ChipState.off.rawValue)] * f.chipDeepSleep_uA
        chipCharge += c[Int(ChipState.unassociated.rawValue)] * f.chipUnassociated_uA
        chipCharge += c[Int(ChipState.associatedIdle.rawValue)] * f.chipAssociatedIdle_uA
        chipCharge += max(0, active - tx) * f.chipReceive_uA + tx * f.chipTransmit_uA
        return PowerSummary(windowSeconds: window, hostAwakeSeconds: awake, hostAsleepSeconds: asleep,
                            wakeupsByReason: wakeups,
                            averageHostCurrent_uA: window > 0 ? hostCharge / window : 0,
                            chipOffSeconds: c[0], chipUnassociatedSeconds: c[1],
                            chipAssociatedIdleSeconds: c[2], chipActiveSeconds: active,
                            txAirtimeSeconds: tx, rxAirtimeSeconds: rxAirtime_us / 1e6,
                            averageChipCurrent_uA: window > 0 ? chipCharge / window : 0,
                            naps: naps, dataWakeCost: wakeCost(.data))
    }
}

/// Totals of one measured window (see `PowerLedger.close`).
public struct PowerSummary: Equatable, Sendable {
    public var windowSeconds: Double
    public var hostAwakeSeconds: Double
    public var hostAsleepSeconds: Double
    /// Indexed by `HostWakeReason.rawValue`.
    public var wakeupsByReason: [Int]
    public var averageHostCurrent_uA: Double
    public var chipOffSeconds: Double
    public var chipUnassociatedSeconds: Double
    public var chipAssociatedIdleSeconds: Double
    public var chipActiveSeconds: Double
    public var txAirtimeSeconds: Double
    public var rxAirtimeSeconds: Double
    public var averageChipCurrent_uA: Double
    /// Short deep sleeps while the host was up (not wakes; each cost one wake overhead).
    public var naps = 0
    /// What each finished data wake cost the CPU.
    public var dataWakeCost = WakeCost()

    public var hostWakeups: Int { wakeupsByReason.reduce(0, +) }
    public func wakeups(_ r: HostWakeReason) -> Int { wakeupsByReason[Int(r.rawValue)] }
    public var averageTotalCurrent_uA: Double { averageHostCurrent_uA + averageChipCurrent_uA }
}

/// The CPU time wakes of one reason cost: awake time from the wake to the next deep sleep,
/// plus one `hostWakeOverhead_us` for the wake and for every nap in between.
public struct WakeCost: Equatable, Sendable {
    public var wakes = 0
    public var mean_ms = 0.0
    public var max_ms = 0.0
    public init(wakes: Int = 0, mean_ms: Double = 0, max_ms: Double = 0) {
        self.wakes = wakes; self.mean_ms = mean_ms; self.max_ms = max_ms
    }

    /// The host's average current if one such wake came every `period` and the host slept
    /// in deep sleep otherwise (the "1 message a minute").
    public func hostCurrent_uA(every period: Duration, _ f: PowerFigures) -> Double {
        Self.hostCurrent_uA(awake_ms: mean_ms, every: period, f)
    }

    public static func hostCurrent_uA(awake_ms: Double, every period: Duration, _ f: PowerFigures) -> Double {
        let p = Double(period.microseconds) / 1000
        return f.hostDeepSleep_uA + min(awake_ms / p, 1) * (f.hostActive_uA - f.hostDeepSleep_uA)
    }
}
