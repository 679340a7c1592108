/// Waiting inside a handler without spinning (docs/style-anchors.md §3: the kernel's idle is
/// the only place the CPU sleeps).
///
/// A handler that must wait for a device before it can go on (a driver's ioctl reply) calls
/// `waitInIdle(until:)` in a loop: check the device, wait, check again. Each call sleeps in
/// the platform's idle (WFI / tickless / epoll / a virtual-clock jump) until an interrupt is
/// raised or `deadline` comes. The interrupts it sees are handed to their tasks' flags as
/// `step` would hand them, so none is lost and none makes the next sleep return at once.
///
/// Such a sleep is part of the handler's work, not the system going idle: its deadline is a
/// timeout, not when the next work is due, so a platform should not pick deep sleep from it
/// (`isWaiting` is true while it lasts).
extension Scheduler {
    /// Returns after one wake: at once if an interrupt was already pending (it is delivered),
    /// else when one is raised or at `deadline`. The caller re-checks its device.
    public func waitInIdle(until deadline: Instant) {
        if interrupts.hasPending { collectInterrupts(); return }
        waits &+= 1
        isWaiting = true
        platform.sleep(until: deadline)
        isWaiting = false
        if interrupts.hasPending { collectInterrupts() }
    }
}
