/// The platform for tests and the simulation (docs/seams.md §1, house style 10): time starts
/// at 0 and moves only inside `sleep(until:)` and `delay(_:)`, jumping straight to the
/// next deadline, so a virtual day of idle costs one jump.
///
/// Devices attached with `attach` run on the same timeline: whenever the clock moves,
/// every device whose `nextDeadline` has come is advanced (in attach order), with `now`
/// set first. A device (or a test) raises interrupt lines with `raiseInterrupt`; a test
/// can also schedule one at a virtual instant with `raiseInterrupt(_:at:)`. The alarm
/// (`setAlarm`) raises `InterruptMailbox.alarmLine` when the clock reaches it; it is not
/// a reason to jump the clock (the scheduler sleeps until its earliest deadline itself,
/// so a cancelled timer's stale alarm never moves time).
///
/// Stepped on a real clock (`init(steppedBy:)`): `now` is the host platform's clock, and
/// a sleep or delay really sleeps on the host (a board's timer and WFI) until the
/// earliest of the caller's deadline and the devices' deadlines, then runs every device
/// that is due by the host's clock. The devices (a chip model, a virtual LAN) then live
/// in real time beside the code under test, and the host counts its own wake-ups. The
/// host's mailbox is this platform's, and the alarm is the host's (a board's timer
/// interrupt), so timers fire on time while the scheduler runs.
public final class VirtualPlatform: InterruptingPlatform {
    private var virtualNow: Instant
    /// The real clock this platform is stepped on, or nil (virtual time).
    private let host: (any Platform)?
    public var now: Instant { host?.now ?? virtualNow }
    public let interrupts: InterruptMailbox
    /// The alarm's deadline (virtual time only; stepped, the host keeps it).
    private var alarm = Instant.distantFuture
    private var devices: [any VirtualDevice] = []
    /// Interrupts scheduled by tests: (when, line), in the order raised.
    private var scheduled: [(at: Instant, line: UInt8)] = []

    /// Calls to `sleep(until:)`.
    public private(set) var sleepCount: UInt64 = 0
    /// Total virtual time spent inside `sleep(until:)`.
    public private(set) var sleptTime = Duration.zero

    public init(now: Instant = .zero) { virtualNow = now; host = nil; interrupts = InterruptMailbox() }

    /// A platform whose clock, alarm, mailbox and sleeps are `host`'s, with devices
    /// stepped on it.
    public init(steppedBy host: any InterruptingPlatform) {
        virtualNow = host.now
        self.host = host
        interrupts = host.interrupts
    }

    /// Calls to `setAlarm` (the scheduler's alarm moves).
    public private(set) var alarmsSet: UInt64 = 0

    public func setAlarm(_ deadline: Instant) {
        alarmsSet &+= 1
        if let host { host.setAlarm(deadline); return }
        if deadline <= virtualNow { alarm = .distantFuture; interrupts.raise(InterruptMailbox.alarmLine); return }
        alarm = deadline
    }

    /// Host sleeps that ended at a device's deadline (steps of the devices).
    public private(set) var deviceSteps: UInt64 = 0

    /// Puts a device on this platform's timeline.
    public func attach(_ device: some VirtualDevice) { devices.append(device) }

    /// Removes a device (identity).
    public func detach(_ device: some VirtualDevice) {
        devices.removeAll { $0 === device }
    }

    /// Marks interrupt `line` pending now. Callable from a device's `advance(to:)`.
    public func raiseInterrupt(_ line: UInt8) { interrupts.raise(line) }

    /// Raises interrupt `line` when the clock reaches `instant` (at once if it has).
    public func raiseInterrupt(_ line: UInt8, at instant: Instant) {
        if instant <= now { interrupts.raise(line); return }
        scheduled.append((instant, line))
    }

    /// Interrupts scheduled for later and not yet raised.
    public var scheduledInterrupts: Int { scheduled.count }

    /// Sleeps until `deadline` or until an interrupt is pending. Returns at once if one
    /// already is. `nil` (or `.distantFuture`) with no device deadline and nothing
    /// scheduled returns at once with the clock unchanged: nothing could ever wake it.
    public func sleep(until deadline: Instant?) {
        sleepCount &+= 1
        let start = now
        let target = deadline == .distantFuture ? nil : deadline
        if let host {
            while !interrupts.hasPending {
                if let target, host.now >= target { break }
                guard let next = earliest(target) else { break }
                host.sleep(until: next)
                if next != target { deviceSteps &+= 1 }
                moveAndRun(to: host.now)
            }
            sleptTime += now - start
            return
        }
        while !interrupts.hasPending {
            if let target, now >= target { break }
            guard let next = earliest(target) else { break }
            moveAndRun(to: next)
        }
        sleptTime += now - start
    }

    /// Advances the clock by exactly `duration`, running devices on the way. Interrupts
    /// raised meanwhile stay pending for the scheduler.
    public func delay(_ duration: Duration) {
        let target = now + duration
        if let host {
            while host.now < target {
                host.sleep(until: earliest(target) ?? target)
                moveAndRun(to: host.now)
            }
            return
        }
        while now < target {
            moveAndRun(to: earliest(target) ?? target)
        }
    }

    /// The earliest of `limit`, every device deadline and every scheduled interrupt.
    private func earliest(_ limit: Instant?) -> Instant? {
        var best = limit
        for d in devices {
            if let t = d.nextDeadline, best == nil || t < best! { best = t }
        }
        for s in scheduled where best == nil || s.at < best! { best = s.at }
        return best
    }

    /// Sets the clock (never backwards), raises due scheduled interrupts, then runs due
    /// devices until none is due at this instant.
    private func moveAndRun(to instant: Instant) {
        if host == nil {
            if instant > virtualNow { virtualNow = instant }
            if alarm <= virtualNow { alarm = .distantFuture; interrupts.raise(InterruptMailbox.alarmLine) }
        }
        if !scheduled.isEmpty {
            var i = 0
            while i < scheduled.count {
                if scheduled[i].at <= now { interrupts.raise(scheduled[i].line); scheduled.remove(at: i) } else { i += 1 }
            }
        }
        var rounds = 0
        var ran = true
        while ran {
            ran = false
            for d in devices {
                if let t = d.nextDeadline, t <= now { d.advance(to: now); ran = true }
            }
            rounds += 1
            // A device that stays due after advancing would spin forever.
            precondition(rounds < 100_000, "VirtualDevice keeps reporting a deadline <= now")
        }
    }
}
