/// Other tasks keep running while a handler waits for a device (docs/style-anchors.md §3).
///
/// A handler that waits in `waitInIdle` (a driver's ioctl round trip) is still running, so
/// `step` cannot pick anything else. Instead the wait itself dispatches the ready work of every
/// task with a priority ABOVE a ceiling, highest first, each event to completion, before it
/// sleeps and after every wake: QK's preemption threshold, done cooperatively. The ceiling is
/// the waiting task's priority, said by whoever waits (`waitInIdle(until:runAbove:)`); the
/// waiter's own level and those below wait for it to return, so no task runs inside itself,
/// and one that does not expect to be entered mid-sequence (the waiter, its equals) is never
/// entered. A handler dispatched in a wait that waits in turn raises the ceiling to at least
/// its own priority (`nestedLevel`), whatever it says: only tasks above it run then.
///
/// `step` pays nothing for this (no record of the running task on the dispatch path); it is
/// all here and in the wait.
extension Scheduler {
    /// Dispatches every ready event of tasks above `ceiling` (and above any handler this wait
    /// is nested in), after collecting pending interrupts, which may make some ready; true if
    /// any ran.
    @discardableResult
    func dispatchAbove(_ ceiling: UInt8) -> Bool {
        let outer = nestedLevel
        let floor = max(Int(ceiling), outer)
        guard floor < 31 else { return false }
        let above: UInt32 = ~0 &<< UInt32(floor &+ 1)
        var ran = false
        while true {
            if interrupts.hasPending { collectInterrupts() }
            guard readyMask & above != 0 else { return ran }
            let level = 31 &- readyMask.leadingZeroBitCount
            guard let (t, event) = takeReady(at: level) else { continue }
            nestedDispatches &+= 1
            nestedLevel = level
            handlers[t].invoke(handlers[t].object, event, self)
            nestedLevel = outer
            ran = true
        }
    }
}
