/// Time events: timers owned by a task that post an event to it when they expire
/// (QP's QTimeEvt with absolute deadlines). Storage and costs: see `TimerHeap`.
extension Scheduler {
    /// Takes a timer from the pool (sized at init). Its expiries reach `task` as
    /// `Event(signal, value)`. The timer starts disarmed.
    public func makeTimer(for task: TaskID, signal: Signal,
                          value: UInt32 = 0) throws(TimerError) -> TimerID {
        guard Int(task.index) < taskCount else { throw .unknownTask }
        guard let i = timers.allocate(owner: task.index, signal: signal, value: value) else {
            throw .poolExhausted(limit: timers.capacity)
        }
        return TimerID(index: i)
    }

    /// Arms (or re-arms) the timer to expire at `deadline` (a past deadline expires at
    /// the next step), then every `period` after that deadline if one is given. A
    /// periodic timer's n-th deadline is exactly `deadline + n * period`: no drift.
    /// Re-arming drops an expiry that has fired but not been handled yet.
    @inline(__always)
    public func arm(_ timer: TimerID, at deadline: Instant, every period: Duration? = nil) {
        let i = timer.index
        if timers.slots[Int(i)].pending { withdrawFired(i) }
        var p: UInt64 = 0
        if let period, period.microseconds > 0 { p = UInt64(period.microseconds) }
        timers.slots[Int(i)].period = p
        let d = deadline.microseconds
        timers.arm(i, deadline: d)
        // Earlier than the alarm: the next step moves the alarm (and fires it if due).
        if d < alarmAt { alarmAt = d; interrupts.raise(InterruptMailbox.alarmLine) }
    }

    /// Arms the timer for `now + delay`, then every `period` if given.
    public func arm(_ timer: TimerID, after delay: Duration, every period: Duration? = nil) {
        // `now + delay` saturating, as Instant's `+` (written out: that operator is 86 B the
        // kernel would link for this one line).
        let now = platform.now.microseconds
        let d = delay.microseconds
        let (sum, carry) = now.addingReportingOverflow(UInt64(bitPattern: d))
        // d ≥ 0: a carry is an overflow (+∞); d < 0: no carry is a fall below 0.
        let deadline: UInt64 = d >= 0 ? (carry ? .max : sum) : (carry ? sum : 0)
        arm(timer, at: Instant(microseconds: deadline), every: period)
    }

    /// Disarms the timer and withdraws an expiry not yet handled. Returns whether the
    /// timer was armed or had a pending expiry.
    @discardableResult @inline(__always)
    public func cancel(_ timer: TimerID) -> Bool {
        let i = timer.index
        let wasArmed = timers.disarm(i)
        guard timers.slots[Int(i)].pending else { return wasArmed }
        withdrawFired(i)
        return true
    }

    /// Cancels the timer and returns it to the pool; the id must not be used again.
    public func releaseTimer(_ timer: TimerID) {
        cancel(timer)
        timers.release(timer.index)
    }

    /// Whether the timer is armed (waiting for its deadline).
    public func isArmed(_ timer: TimerID) -> Bool { timers.isArmed(timer.index) }

    /// The timer's next deadline, if armed.
    public func deadline(of timer: TimerID) -> Instant? {
        isArmed(timer) ? Instant(microseconds: timers.keys[Int(timer.index)]) : nil
    }

    /// Expiries of this timer not delivered on their own: it fired again before the
    /// previous expiry was handled, or whole periods were missed.
    public func overruns(of timer: TimerID) -> UInt32 { timers.slots[Int(timer.index)].overruns }

    /// The earliest armed deadline (what idle sleeps until), or nil.
    public var nextDeadline: Instant? {
        timers.minDeadline.map { Instant(microseconds: $0) }
    }

    /// Number of armed timers.
    public var armedTimers: Int { timers.liveCount }

    /// Timers taken from the pool.
    public var timersInUse: Int { timers.slotsInUse }

    /// Removes slot `i` from its owner's fired list (usually 0-1 entries long).
    private func withdrawFired(_ i: UInt32) {
        let slot = timers.slot(i)
        slot.pointee.pending = false
        let t = Int(slot.pointee.owner)
        var prev = TimerHeap.none
        var cur = tasks[t].firedHead
        while cur != TimerHeap.none && cur != i {
            prev = cur
            cur = timers.slot(cur).pointee.next
        }
        guard cur == i else { return }
        let next = slot.pointee.next
        if prev == TimerHeap.none { tasks[t].firedHead = next } else { timers.slot(prev).pointee.next = next }
        if tasks[t].firedTail == i { tasks[t].firedTail = prev }
    }

    // MARK: expiry (called by step)

    /// The alarm line was raised: reads the clock, fires every timer due, then sets the
    /// platform's alarm for the earliest deadline left (`.distantFuture`: none).
    @inline(__always)   // one caller, collectInterrupts
    func serviceTimers() {
        let now = platform.now.microseconds
        expireTimers(now: now)
        let next = timers.earliestKey          // +∞ when nothing is armed
        alarmAt = next
        platform.setAlarm(Instant(microseconds: next))
    }

    func expireTimers(now: UInt64) {
        while let e = timers.popDue(now: now) {
            if timers.slot(e.slot).pointee.period != 0 { rearm(e.slot, after: e.deadline, now: now) }
            fire(e.slot)
        }
    }

    /// A periodic timer fired at `deadline`: arms its next deadline, from the previous
    /// DEADLINE, not from now (no drift); late by whole periods, skips them and counts them.
    @inline(never)
    private func rearm(_ i: UInt32, after deadline: UInt64, now: UInt64) {
        let period = timers.slot(i).pointee.period
        var (next, overflow) = deadline.addingReportingOverflow(period)
        if !overflow && next <= now {
            let missed = Scheduler.quotient(now &- deadline, period)
            timerOverruns &+= missed
            timers.slot(i).pointee.overruns &+= UInt32(truncatingIfNeeded: missed)
            (next, overflow) = deadline.addingReportingOverflow((missed &+ 1) &* period)
        }
        if !overflow { timers.arm(i, deadline: next) }
    }

    /// `a / b` (b > 0) without the C library's 64-bit division (about 750 B of libgcc on
    /// a Cortex-M): one hardware divide when both fit in 32 bits (71 minutes of µs),
    /// else shift-and-subtract, 64 rounds. Only a timer late by whole periods
    /// needs it.
    static func quotient(_ a: UInt64, _ b: UInt64) -> UInt64 {
        if (a | b) >> 32 == 0 { return UInt64(UInt32(truncatingIfNeeded: a) / UInt32(truncatingIfNeeded: b)) }
        if b >> 63 != 0 { return a >= b ? 1 : 0 }
        // The quotient's bits go in at the bottom of `n` as the dividend's leave at the top.
        var n = a, r: UInt64 = 0, rounds = 64
        while rounds != 0 {
            r = r &<< 1 | n &>> 63
            n &<<= 1
            if r >= b { r &-= b; n |= 1 }
            rounds &-= 1
        }
        return n
    }

    @inline(__always)
    func fire(_ i: UInt32) {
        let slot = timers.slot(i)
        if slot.pointee.pending {
            slot.pointee.overruns &+= 1
            timerOverruns &+= 1
            return
        }
        slot.pointee.pending = true
        slot.pointee.next = TimerHeap.none
        let t = Int(slot.pointee.owner)
        let tail = tasks[t].firedTail
        if tail == TimerHeap.none { tasks[t].firedHead = i } else { timers.slot(tail).pointee.next = i }
        tasks[t].firedTail = i
        makeReadyOutOfLine(t)
    }
}
