import Runtime

/// The app's timer calls, out of line. `Scheduler.arm(_:at:)` and `cancel(_:)` inline into
/// every caller (Embedded Swift optimises across modules): about 110 B per arm on the kit
/// image, a dozen sites in the app. One copy each here, and the "only if the timer was
/// made" test with it (timers exist from `spawn` on).
extension Scheduler {
    /// Arms `timer`, if there is one, for `deadline`.
    @inline(never) func arm(ifMade timer: TimerID?, at deadline: Instant) {
        if let timer { arm(timer, at: deadline) }
    }

    /// Disarms `timer`, if there is one (and withdraws an expiry not yet handled).
    @inline(never) func cancel(ifMade timer: TimerID?) {
        if let timer { cancel(timer) }
    }
}

// The app calls through these: `scheduler` is `unowned(unsafe)` (the scheduler holds the
// tasks), and each use of it is a retain (inlined, ~22 B) and a release around the call, at
// every call site. Here once.
extension KeepaliveApp {
    @inline(never) func armTimer(_ timer: TimerID?, at deadline: Instant) { scheduler.arm(ifMade: timer, at: deadline) }
    @inline(never) func cancelTimer(_ timer: TimerID?) { scheduler.cancel(ifMade: timer) }
}

/// The deadline `b`, or `a` if that is not later: the next of several deadlines without a
/// `map` closure per comparison.
func earlier(_ a: Instant?, _ b: Instant) -> Instant {
    if let a, a <= b { return a }
    return b
}
