import Runtime

/// Delayed firmware work on the virtual clock.
enum ChipAction {
    /// The backplane HT clock is up after the ARM core started (docs/cyw43-bus.md §1.9 step 10).
    case htAvailable
    /// F2 can accept host writes (docs/cyw43-bus.md §3.6).
    case f2Ready
    /// KEEP_WL_KSO took effect: the bus is awake again (docs/cyw43-bus.md §7.9).
    case ksoAwake
    /// A reply (channel, payload) whose delivery was delayed by `ioctlLatency`.
    case deliver(channel: UInt8, payload: [UInt8])
    /// A join step; `generation` cancels steps of an abandoned join.
    case join(JoinStep, generation: UInt32)
    /// An escan finished (docs/cyw43-bus.md §7.5).
    case scanDone
    /// Beacon loss after `apLost()`.
    case beaconLost(generation: UInt32)
}

/// A small deadline-ordered list; ties run in insertion order (docs/style-anchors.md §4b).
struct TimerQueue {
    private var entries: [(at: Instant, order: UInt64, action: ChipAction)] = []
    private var nextOrder: UInt64 = 0

    var nextDeadline: Instant? { entries.first?.at }
    var isEmpty: Bool { entries.isEmpty }

    mutating func schedule(_ action: ChipAction, at: Instant) {
        let order = nextOrder
        nextOrder &+= 1
        var i = entries.count
        while i > 0 && entries[i - 1].at > at { i -= 1 }
        entries.insert((at, order, action), at: i)
    }

    /// Removes and returns the first action due at or before `now`.
    mutating func popDue(at now: Instant) -> ChipAction? {
        guard let first = entries.first, first.at <= now else { return nil }
        entries.removeFirst()
        return first.action
    }

    mutating func removeAll() { entries.removeAll() }
}
