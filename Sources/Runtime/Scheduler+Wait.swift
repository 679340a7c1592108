/// Waiting inside a handler without spinning (docs/style-anchors.md §3: the kernel's idle is
/// the only place the CPU sleeps).
///
/// A handler that must wait for a device before it can go on (a driver's ioctl reply) calls
/// `waitInIdle(until:runAbove:)` in a loop: check the device, wait, check again. Given the
/// waiting task's priority, each call first runs the ready work of the tasks above it
/// (`Scheduler+Nested.swift`); with none, it sleeps in the platform's idle (WFI / tickless /
/// epoll / a virtual-clock jump) until an interrupt is raised, a timer is due or `deadline`
/// comes, and then runs what that made ready above the waiter. Interrupts and timers for the
/// waiter's level and below are handed to their tasks as `step` would hand them, so none is
/// lost and none makes the next sleep return at once.
///
/// Such a sleep is part of the handler's work, not the system going idle: its deadline is a
/// timeout, not when the next work is due, so a platform should not pick deep sleep from it
/// (`isWaiting` is true while it lasts).
extension Scheduler {
    /// Returns after one wake: at once if an interrupt was already pending or a task above
    /// `ceiling` was ready (it is delivered, and run), else when an interrupt is raised, a
    /// timer is due (with a ceiling) or at `deadline`. The caller re-checks its device.
    /// `ceiling`: the waiting task's priority; nil runs nothing (a wait in the middle of a step
    /// no other task may see half done, such as a bus register poll, or outside any task).
    public func waitInIdle(until deadline: Instant, runAbove ceiling: UInt8? = nil) {
        if interrupts.hasPending {
            collectInterrupts()
            if let ceiling { dispatchAbove(ceiling) }
            return
        }
        guard let ceiling else {
            sleepInWait(until: deadline)
            if interrupts.hasPending { collectInterrupts() }
            return
        }
        // Timers fire on time during the wait: it ends at the earliest deadline too (on the
        // virtual clock the alarm does not move time; on a board it is the same instant).
        // A timer due is handed to the alarm line, which `dispatchAbove` collects first (one
        // copy of the timer service, in `collectInterrupts`).
        var d = deadline
        if let m = timers.minDeadline {
            if m <= platform.now.microseconds { raiseAlarm() } else if m < d.microseconds { d = Instant(microseconds: m) }
        }
        if dispatchAbove(ceiling) { return }
        sleepInWait(until: d)
        if let m = timers.minDeadline, m <= platform.now.microseconds { raiseAlarm() }
        if interrupts.hasPending { collectInterrupts() }
        dispatchAbove(ceiling)
    }

    @inline(never)
    private func raiseAlarm() { interrupts.raise(InterruptMailbox.alarmLine) }

    private func sleepInWait(until deadline: Instant) {
        waits &+= 1
        isWaiting = true
        platform.sleep(until: deadline)
        isWaiting = false
    }
}
