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
/// its own priority (`runningLevel`), whatever it says: only tasks above it run then.
///
/// The wait runs them through `step` itself (one copy of the dispatch code), with the levels
/// `step` may dispatch (`dispatchLevels`, all of them outside a wait) narrowed to those above
/// the ceiling. `step` pays two instructions for this: it reads those levels and records the
/// level of the handler it runs (`runningLevel`).
extension Scheduler {
    /// Dispatches every ready event of tasks above `ceiling` (and above any handler this wait
    /// is nested in), after collecting pending interrupts, which may make some ready; true if
    /// any ran.
    @discardableResult
    func dispatchAbove(_ ceiling: UInt8) -> Bool {
        let outerLevels = dispatchLevels
        let running = runningLevel
        // Inside a handler that a wait dispatched (the levels are narrowed): at least that
        // handler's level, whatever the ceiling says.
        let floor = outerLevels == ~0 ? Int(ceiling) : max(Int(ceiling), running)
        guard floor < 31 else { return false }
        dispatchLevels = ~0 &<< UInt32(floor &+ 1)
        var ran = false
        while step() {
            nestedDispatches &+= 1
            runningLevel = running          // the waiter runs again
            ran = true
        }
        dispatchLevels = outerLevels
        return ran
    }
}
