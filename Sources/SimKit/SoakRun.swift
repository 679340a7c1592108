import Runtime
import Boards
import App
import Simulation
import Net
import ChipModel

/// Runs the kit through a `SoakPlan` one simulated day at a time and keeps the books a
/// soak is judged by: the wakes and their reasons, the keepalives, the bytes, and the
/// size of every queue and pool (which must not grow once the first day is over).
public final class SoakRun: AppDataSink {
    /// One day's figures (wakes per day; sizes at the end of the day).
    public struct Day {
        public var day: Int
        /// Wakes from offloaded sleep, by `App.WakeReason`.
        public var appWakes: [Int]
        /// Deep-sleep ends, by `HostWakeReason` (the power ledger).
        public var hostWakes: [Int]
        public var keepalivesSent = 0, keepalivesAcked = 0
        public var bytesReceived = 0
        public var joins = 0, connections = 0
        public var phase: AppPhase
        /// Queues and pools at the end of the day (once the kit is steady again, at most an
        /// hour later, if the day ended in the middle of a repair).
        public var sizes: Sizes

        /// Every count combined with `other`'s by `op` (day, phase and sizes stay this one's).
        func combining(_ other: Day, _ op: (Int, Int) -> Int) -> Day {
            var d = self
            d.appWakes = zip(appWakes, other.appWakes).map(op)
            d.hostWakes = zip(hostWakes, other.hostWakes).map(op)
            d.keepalivesSent = op(keepalivesSent, other.keepalivesSent)
            d.keepalivesAcked = op(keepalivesAcked, other.keepalivesAcked)
            d.bytesReceived = op(bytesReceived, other.bytesReceived)
            d.joins = op(joins, other.joins)
            d.connections = op(connections, other.connections)
            return d
        }
    }

    /// What is held in memory that could grow.
    public struct Sizes: Equatable {
        public var queuedEvents = 0, armedTimers = 0
        public var socketBytesQueued = 0
        public var chipFramesForHost = 0
        /// The world's frames on the air at that instant (a keepalive may be): shown, not judged.
        public var framesInFlight = 0
        /// The device's queues and pools are no larger than in `limit`.
        public func fits(in limit: Sizes) -> Bool {
            queuedEvents <= limit.queuedEvents && armedTimers <= limit.armedTimers
                && socketBytesQueued <= limit.socketBytesQueued && chipFramesForHost <= limit.chipFramesForHost
        }
    }

    /// Something the soak found wrong (empty: it passed).
    public enum Finding: Equatable {
        /// A host wake no world event explains (by ledger reason), on `day`.
        case unexplainedWake(day: Int, reason: HostWakeReason, count: Int)
        /// The app woke from offloaded sleep with nothing to do.
        case spuriousAppWake(day: Int, count: Int)
        /// A queue or pool was larger at the end of `day` than at the end of day 1.
        case growth(day: Int, sizes: Sizes, dayOne: Sizes)
        /// The bytes the app received are not the server's messages, whole, in order,
        /// exactly once: the first byte offset where they differ (or the shorter length).
        case bytes(receivedCount: Int, expectedCount: Int, firstDifference: Int)
        /// The server's TCP accepted fewer bytes than the plan sent: a message was sent
        /// with no connection to carry it (a recovery that took longer than `settle`).
        case notAccepted(accepted: Int, planned: Int)
        /// At the end the kit was not asleep with every connection offloaded.
        case notSettled(AppPhase)
        /// The network task found a deadline that polling never consumed (it would have
        /// spun: a livelock); how often.
        case stuckDeadline(count: Int)
        /// Frames the network task's receive pool had no room for (TCP repairs the loss,
        /// but the pool is sized for the traffic the soak makes), and the most bytes it held.
        case receivePoolFull(dropped: Int, highWater: Int, bytes: Int)
    }

    /// What one episode cost: the host wakes from its start to the next episode's, by the
    /// ledger's reason and by what the host had been waiting for (`RecoveryActivity`).
    public struct EpisodeCost: Equatable {
        public var wakes = [Int](repeating: 0, count: HostWakeReason.allCases.count)
        public var byActivity = [Int](repeating: 0, count: RecoveryActivity.allCases.count)
        public var total: Int { wakes.reduce(0, +) }
        /// The CPU time the episode's finished wakes cost (awake time plus the per-wake and
        /// per-nap overhead, `PowerLedger.wakeCost`), µs; and that of its data wakes alone.
        public var awake_us = 0.0
        public var dataWakes = 0
        public var dataAwake_us = 0.0
        public var dataAwakeMax_us = 0.0
        /// Of those, the data wakes in which the driver met a bus fault (a frame lost or a
        /// failed transfer, `Kit.busFaults`): the fault's repair rode along.
        public var faultedDataWakes = 0
        public var faultedDataAwake_us = 0.0
        public var faultedDataAwakeMax_us = 0.0
        /// The worst data wake without one.
        public var cleanDataAwakeMax_us = 0.0
        public init() {}
    }

    public let plan: SoakPlan
    public let kit: any Kit
    /// Per episode (same order as `plan.episodes`): what it cost in host wakes.
    public private(set) var episodeCosts: [EpisodeCost]
    /// Wakes before the first episode began.
    public private(set) var beforeFirstEpisode = EpisodeCost()
    public private(set) var days: [Day] = []
    private var received: [UInt8] = []
    /// `kit.busFaults` at the last finished wake.
    private var faultsBooked = 0
    private let greeting: [UInt8]

    /// `ioctlLatency`: the chip model's firmware answers each ioctl this long after the host
    /// wrote it (`ChipTiming.ioctlLatency`; the model's default is zero).
    public init(plan: SoakPlan, board: BoardConfig, log: Log, capturePcap: Bool = false,
                firmwarePNO: Bool = true, ioctlLatency: Duration = .zero) throws(KitError) {
        self.plan = plan
        episodeCosts = Array(repeating: EpisodeCost(), count: plan.episodes.count)
        let g = AppSettings(board: board).greeting
        greeting = g.withUTF8Buffer { Array($0) }
        var o = KitOptions(board: board)
        o.duration = nil
        o.seed = plan.seed
        o.capturePcap = capturePcap
        o.firmwarePNO = firmwarePNO
        o.events = plan.events
        // A day-long lease (many home routers): the week includes renewals while offloaded.
        o.leaseSeconds = 86_400
        o.ioctlLatency = ioctlLatency
        kit = try makeKit(o, log: log)
        kit.world.power.keepIntervals = false
        kit.world.keepalives.timesLimit = 0
        kit.dataSink = self
        kit.onHostWake = { [unowned(unsafe) self] t, reason, activity in self.book(t, reason, activity) }
        kit.world.power.onWakeFinished = { [unowned(unsafe) self] t, reason, cost in self.bookCost(t, reason, cost) }
    }

    /// The episode under way at `t` (its index in `plan.episodes`), nil before the first.
    private func episode(at t: Instant) -> Int? {
        guard let first = firstSleep else { return nil }
        let offset = t - first
        var lo = 0, hi = plan.episodes.count
        while lo < hi { let mid = (lo + hi) / 2; if plan.episodes[mid].0 <= offset { lo = mid + 1 } else { hi = mid } }
        return lo == 0 ? nil : lo - 1
    }

    private func bookCost(_ t: Instant, _ reason: HostWakeReason, _ cost: Double) {
        // The bus faults since the last finished wake: the host touches the bus only awake.
        let faults = kit.busFaults, faulted = faults != faultsBooked
        faultsBooked = faults
        guard firstSleep != nil else { return }
        func add(_ c: inout EpisodeCost) {
            c.awake_us += cost
            guard reason == .data else { return }
            c.dataWakes += 1
            c.dataAwake_us += cost
            c.dataAwakeMax_us = max(c.dataAwakeMax_us, cost)
            if faulted {
                c.faultedDataWakes += 1
                c.faultedDataAwake_us += cost
                c.faultedDataAwakeMax_us = max(c.faultedDataAwakeMax_us, cost)
            } else {
                c.cleanDataAwakeMax_us = max(c.cleanDataAwakeMax_us, cost)
            }
        }
        if let i = episode(at: t) { add(&episodeCosts[i]) } else { add(&beforeFirstEpisode) }
    }

    /// The data wakes' CPU cost split by the episode they fell in: the world's isolated
    /// messages, the messages whose wake met a bus fault (a corrupt or lost frame, a failed
    /// transfer: the server's retransmission or the driver's recovery rode along), and
    /// everything else (a data wake that carried a repair: a server's FIN or RST, an AP's
    /// return, DHCP answers).
    public struct DataWakeSplit {
        public var messages = WakeCost(), faultedMessages = WakeCost(), repairs = WakeCost()
    }
    public var dataWakeSplit: DataWakeSplit {
        var n = [0, 0, 0], sum = [0.0, 0.0, 0.0], worst = [0.0, 0.0, 0.0]
        func add(_ k: Int, _ wakes: Int, _ us: Double, _ max_us: Double) {
            n[k] += wakes; sum[k] += us; worst[k] = max(worst[k], max_us)
        }
        for (i, c) in episodeCosts.enumerated() {
            if case .message = plan.episodes[i].1 {
                add(0, c.dataWakes - c.faultedDataWakes, c.dataAwake_us - c.faultedDataAwake_us, c.cleanDataAwakeMax_us)
                add(1, c.faultedDataWakes, c.faultedDataAwake_us, c.faultedDataAwakeMax_us)
            } else {
                add(2, c.dataWakes, c.dataAwake_us, c.dataAwakeMax_us)
            }
        }
        add(2, beforeFirstEpisode.dataWakes, beforeFirstEpisode.dataAwake_us, beforeFirstEpisode.dataAwakeMax_us)
        func cost(_ k: Int) -> WakeCost { WakeCost(wakes: n[k], mean_ms: n[k] > 0 ? sum[k] / Double(n[k]) / 1000 : 0, max_ms: worst[k] / 1000) }
        return DataWakeSplit(messages: cost(0), faultedMessages: cost(1), repairs: cost(2))
    }

    /// Sees every booked host wake (the soak's --trace-day prints them).
    public var onWake: ((Instant, HostWakeReason, RecoveryActivity) -> Void)?

    private func book(_ t: Instant, _ reason: HostWakeReason, _ activity: RecoveryActivity) {
        guard let first = firstSleep else { return }
        onWake?(t, reason, activity)
        let offset = t - first
        // The episode under way: the last that started at or before this wake.
        var lo = 0, hi = plan.episodes.count
        while lo < hi { let mid = (lo + hi) / 2; if plan.episodes[mid].0 <= offset { lo = mid + 1 } else { hi = mid } }
        func add(_ c: inout EpisodeCost) {
            c.wakes[Int(reason.rawValue)] += 1
            c.byActivity[Int(activity.rawValue)] += 1
        }
        if lo == 0 { add(&beforeFirstEpisode) } else { add(&episodeCosts[lo - 1]) }
    }

    /// Host wakes per world episode over the whole run (the figure).
    public var wakesPerEpisode: Double {
        let n = episodeCosts.count
        return n == 0 ? 0 : Double(episodeCosts.reduce(beforeFirstEpisode.total) { $0 + $1.total }) / Double(n)
    }

    public func received(slot: UInt8, bytes: UnsafeRawBufferPointer) { received += Array(bytes) }

    /// Boots the kit, then runs `plan.days` days; `progress` sees each day as it ends.
    public func run(progress: (Day) -> Void = { _ in }) throws(KitError) {
        try start()
        for _ in 1...plan.days { progress(runDay()) }
    }

    /// The first deep sleep: day 1 starts here.
    public private(set) var firstSleep: Instant?
    private var before: Day?

    /// Boots the kit to its first deep sleep.
    public func start() throws(KitError) {
        firstSleep = try kit.runToFirstSleep()
        before = snapshot(day: 0)
    }

    /// Runs to the end of the next day (after `start`) and books it.
    @discardableResult
    public func runDay() -> Day {
        let d = days.count + 1
        kit.run(until: (firstSleep ?? kit.platform.now) + .hours(24 * Int64(d)))
        // Sizes are compared in the steady state: mid-repair, more timers are armed by design.
        var extra = 0
        while !kit.steady && extra < 60 { kit.run(until: kit.platform.now + .minutes(1)); extra += 1 }
        let now = snapshot(day: d)
        let day = now.combining(before ?? now, -)
        days.append(day)
        before = now
        return day
    }

    private func snapshot(day: Int) -> Day {
        let s = kit.stats
        let power = kit.world.power
        var sizes = Sizes()
        let left = kit.scheduler.leftovers
        sizes.queuedEvents = left.queuedEvents
        sizes.armedTimers = left.armedTimers
        for sock in kit.sockets { sizes.socketBytesQueued += sock.receiveQueueCount + sock.sendQueueCount }
        sizes.chipFramesForHost = kit.chip.framesQueuedForHost
        sizes.framesInFlight = kit.world.framesInFlight
        return Day(day: day, appWakes: WakeReason.allCases.map { s.wakes($0) }, hostWakes: power.wakeups,
                   keepalivesSent: kit.world.keepalives.keepalivesSent,
                   keepalivesAcked: kit.world.keepalives.keepalivesAcked,
                   bytesReceived: s.bytesReceived, joins: s.joins, connections: s.connections,
                   phase: kit.phase, sizes: sizes)
    }

    /// Everything the soak found wrong.
    public func findings() -> [Finding] {
        var out: [Finding] = []
        for d in days {
            // The world causes data, link and keepalive-failure wakes, the host's own
            // timers while it recovers from them, and lease renewals; nothing else.
            let spuriousWakes = d.hostWakes[Int(HostWakeReason.spurious.rawValue)]
            if spuriousWakes > 0 { out.append(.unexplainedWake(day: d.day, reason: .spurious, count: spuriousWakes)) }
            // `other`: the chip's own news; only a firmware trap of the plan may cause it, or the
            // end of a flow-control stop (the header with the lifted bitmap raises host-wake).
            let other = d.hostWakes[Int(HostWakeReason.other.rawValue)]
            let dayStart = Duration.hours(24 * Int64(d.day - 1)), dayEnd = Duration.hours(24 * Int64(d.day))
            let stops = plan.episodes.filter { $0.1 == .chipFault(.flowControl(0b0000_0100)) && $0.0 >= dayStart && $0.0 < dayEnd }.count
            let traps = stops + plan.episodes.filter { $0.1 == .chipFault(.firmwareTrap) && $0.0 >= dayStart && $0.0 < dayEnd }.count
            if other > traps { out.append(.unexplainedWake(day: d.day, reason: .other, count: other - traps)) }
            // The host's own timer from a settled sleep: only the lease may ask for that.
            let timer = d.hostWakes[Int(HostWakeReason.timer.rawValue)]
            let renewals = d.appWakes[Int(WakeReason.leaseRenewal.rawValue)]
            if timer > renewals { out.append(.unexplainedWake(day: d.day, reason: .timer, count: timer - renewals)) }
            // A lifted flow-control stop may find the app with nothing to do (its held ACK was
            // dropped when the stack froze): it looks and sleeps on, as for a glitch.
            let spurious = d.appWakes[Int(WakeReason.spurious.rawValue)]
            if spurious > stops { out.append(.spuriousAppWake(day: d.day, count: spurious - stops)) }
            if let one = days.first, d.day > 1, !d.sizes.fits(in: one.sizes) {
                out.append(.growth(day: d.day, sizes: d.sizes, dayOne: one.sizes))
            }
        }
        let expected = plan.messages.reduce(0) { $0 + $1.count }
        let (matched, at) = matchMessages()
        if matched != plan.messages.count || at != received.count {
            out.append(.bytes(receivedCount: received.count, expectedCount: expected, firstDifference: at))
        }
        if let server = kit.world.server, server.scriptedBytesAccepted != expected {
            out.append(.notAccepted(accepted: server.scriptedBytesAccepted, planned: expected))
        }
        let settled = kit.phase == .suspended && kit.offloadActive
            && kit.sockets.allSatisfy { $0.state == .established }
        if !settled { out.append(.notSettled(kit.phase)) }
        if kit.deadlineStalls > 0 { out.append(.stuckDeadline(count: kit.deadlineStalls)) }
        let pool = kit.receivePool
        if pool.dropped > 0 { out.append(.receivePoolFull(dropped: pool.dropped, highWater: pool.highWater, bytes: pool.bytes)) }
        return out
    }

    /// Walks the received stream: the echo server's copies of the app's greeting (one per
    /// connection that lived long enough) may come anywhere between messages; every message
    /// must come next, whole, once. Returns the messages matched and where the walk stopped.
    func matchMessages() -> (messages: Int, at: Int) {
        var i = 0, m = 0
        func matches(_ p: [UInt8]) -> Bool {
            guard !p.isEmpty, received.count - i >= p.count else { return false }
            for k in p.indices where received[i + k] != p[k] { return false }
            return true
        }
        while i < received.count {
            if m < plan.messages.count && matches(plan.messages[m]) { i += plan.messages[m].count; m += 1 }
            else if matches(greeting) { i += greeting.count }
            else { break }
        }
        return (m, i)
    }

    /// The week's totals.
    public var total: Day? {
        guard let last = days.last else { return nil }
        return days.dropLast().reduce(last) { $0.combining($1, +) }
    }
}
