/// The cooperative run-to-completion kernel that replaces FreeRTOS (QP's QV + time
/// events, tickless like embassy; docs/style-anchors.md §3 and house style 9).
///
/// API summary
///
///     let platform = VirtualPlatform()                       // or a board's platform
///     let s = Scheduler(platform: platform, maxTasks: 8, maxQueuedEvents: 64, maxTimers: 32)
///     let id = try s.spawn(task, priority: 3, queueCapacity: 8)  // throws(SpawnError); posts .start
///     try s.post(Event(mySignal, 42), to: id)                // throws(QueueFull): event comes back
///     s.setFlags(0b10, on: id)                               // coalescing; delivered as .flags
///     s.bindInterrupt(line: 3, to: id, flags: 0b1)           // ISR: platform.interrupts.raise(3)
///     let t = try s.makeTimer(for: id, signal: tick)         // throws(TimerError)
///     s.arm(t, after: .milliseconds(10), every: .milliseconds(10))  // or arm(t, at: instant)
///     s.cancel(t); s.releaseTimer(t)
///     s.step()                   // one event at the current time; false if nothing ready
///     s.run(until: instant)      // dispatch, sleep (tickless) to the next deadline, repeat
///     s.runUntilIdle()           // until no task ready, no timer armed, nothing scheduled
///     s.leftovers.isClean        // end-of-test check (swift-nio's LeftOverState)
///     s.nextDeadline; s.armedTimers; s.dispatched; s.idleCount; s.timerOverruns
///
///     platform.attach(device)                 // VirtualDevice on the same timeline
///     platform.raiseInterrupt(3, at: .milliseconds(5))   // inject at a virtual time
///
/// Handlers: `final class T: ActiveObject { func handle(_ e: Event, scheduler: Scheduler) }`.
/// Timer storage: `TimerHeap` (a tournament tree over the pool: O(log n) arm and cancel,
/// O(1) next deadline).
///
/// Tasks (`ActiveObject`) have a priority 0...31 (31 highest); several may share one.
/// Each `step` dispatches ONE event to the first task of the highest non-empty priority
/// level, then moves that task to the back of its level if it has more work (FIFO
/// round-robin among equals). A task's events come in this order: pending flags (one
/// `.flags` event with every bit), then fired timers (in expiry order), then its queue
/// (FIFO). A timer's expiry is an event for its owner; a timer cannot overflow a queue:
/// if it fires again before its last expiry was handled, that is counted as an overrun
/// (`timerOverruns`) instead of queued twice.
///
/// Timers and the clock: `step` never reads the clock. The platform's alarm
/// (`Platform.setAlarm`) is kept set for the earliest armed deadline and raises
/// `InterruptMailbox.alarmLine` when it comes; only then does `step` read the clock and
/// expire what is due (the mailbox check it pays anyway). Arming a timer earlier than the
/// alarm raises that line itself, so the next step moves the alarm; cancelling leaves the
/// alarm where it is while tasks run (an early alarm finds nothing due and moves on), and
/// idle moves it to the earliest deadline before it sleeps (a cancelled timer never wakes
/// the board).
///
/// Idle: with nothing ready, `run` computes the earliest timer deadline and calls
/// `platform.sleep(until:)`; the platform masks interrupts, re-checks the mailbox and
/// sleeps with interrupts re-enabled atomically (see `InterruptingPlatform`). ISRs touch
/// nothing but the mailbox, so that re-check under the mask is the whole critical
/// section: an interrupt after the scheduler's last look cannot be slept through.
///
/// Everything except `InterruptMailbox.raise` must be called from the scheduler's own
/// thread of control (handlers, or the code that calls `run`).
public final class Scheduler {
    public let platform: any Platform
    public let interrupts: InterruptMailbox

    // Tasks: fixed tables, allocated once. Mutable state is `@exclusivity(unchecked)`:
    // only the scheduler's own thread touches it, and the dynamic check would cost
    // more than the kernel's work on the host (the Embedded runtime's check is a no-op).
    let maxTasks: Int
    @exclusivity(unchecked) var taskCount = 0
    // Each task's object, as an opaque pointer holding the scheduler's strong reference
    // (retained by spawn, released by deinit), with its class's dispatch thunk: a dispatch
    // is one indirect call to a direct `handle` call, with no retain/release of the object
    // and no witness-table lookup. Not `any ActiveObject`: no witness table is made for a
    // task's type. In Embedded Swift that table's thunks are <serialized> specialisations,
    // and the compiler emits a second copy of everything they reach beside the copy the
    // direct path uses (16 KB of a kit image's flash for KeepaliveApp's handle).
    let handlers: UnsafeMutablePointer<Handler>
    let tasks: UnsafeMutablePointer<TaskSlot>
    // Every task's queue is a slice of this one ring storage.
    let events: UnsafeMutablePointer<Event>
    @exclusivity(unchecked) var eventsUsed = 0
    // Ready set: one bit per priority level, one FIFO list of tasks per level.
    @exclusivity(unchecked) var readyMask: UInt32 = 0
    let readyHead: UnsafeMutablePointer<UInt8>
    let readyTail: UnsafeMutablePointer<UInt8>
    // Interrupt line -> (task, flags), for the lines set in `boundLines`.
    let lineTask: UnsafeMutablePointer<UInt8>
    let lineFlags: UnsafeMutablePointer<UInt32>
    @exclusivity(unchecked) var boundLines: UInt32 = 0
    @exclusivity(unchecked) var timers: TimerHeap
    @exclusivity(unchecked) var stopRequested = false
    /// True while a handler sleeps in `waitInIdle` (the platform's sleep is a wait inside
    /// work, not idle with nothing to do).
    @exclusivity(unchecked) public internal(set) var isWaiting = false

    /// Events dispatched so far.
    @exclusivity(unchecked) public internal(set) var dispatched: UInt64 = 0
    /// Times the scheduler went idle (called `platform.sleep(until:)`).
    @exclusivity(unchecked) public internal(set) var idleCount: UInt64 = 0
    // (`alarmAt` and `eventCapacity` sit between the zeroed counters on purpose: init
    // zeroes at most 16 contiguous bytes with inline stores; more becomes a call to
    // memset, about 150 B of newlib the kernel would link for nothing else. Keep new
    // zero-initialised fields apart the same way: `make qemu-bench`'s kernel all-in shows it.)
    /// The deadline (µs) the platform's alarm is set for, or a pending alarm line will
    /// set it for; never later than the earliest armed deadline. `UInt64.max`: none.
    @exclusivity(unchecked) var alarmAt: UInt64 = .max
    /// Sleeps taken by handlers waiting for a device (`waitInIdle`).
    @exclusivity(unchecked) public internal(set) var waits: UInt64 = 0
    /// The priority of the handler `step` dispatched last and so running now (-1 before
    /// the first): a wait inside a handler that a wait dispatched lets only tasks above it
    /// run (`Scheduler+Nested.swift`). (Not zero: it also keeps the zeroed counters on
    /// either side apart, see above.)
    @exclusivity(unchecked) var runningLevel: Int = -1
    /// The priority levels `step` dispatches (a bit per level): all of them, but inside a
    /// wait only those above its ceiling (`Scheduler+Nested.swift`).
    @exclusivity(unchecked) var dispatchLevels: UInt32 = ~0
    /// Events dispatched inside another handler's wait (`Scheduler+Nested.swift`).
    @exclusivity(unchecked) public internal(set) var nestedDispatches: UInt64 = 0
    /// Timer expiries that found the previous expiry still unhandled.
    @exclusivity(unchecked) public internal(set) var timerOverruns: UInt64 = 0
    let eventCapacity: Int
    /// Interrupt lines raised with no binding.
    @exclusivity(unchecked) public internal(set) var unboundInterrupts: UInt64 = 0

    static let noTask: UInt8 = 0xFF

    struct Handler {
        let object: UnsafeMutableRawPointer
        let invoke: (UnsafeMutableRawPointer, Event, Scheduler) -> Void

        init<T: ActiveObject>(_ object: T) {
            self.object = Unmanaged.passUnretained(object).toOpaque()
            invoke = { raw, event, scheduler in
                Unmanaged<T>.fromOpaque(raw)._withUnsafeGuaranteedRef { $0.handle(event, scheduler: scheduler) }
            }
        }
    }

    /// Creates a scheduler. `maxTasks` ≤ 255; the tables are allocated here, once.
    public init(platform: any Platform, interrupts: InterruptMailbox, maxTasks: Int = 16,
                maxQueuedEvents: Int = 256, maxTimers: Int = 64) {
        let n = min(max(maxTasks, 1), 255)
        self.maxTasks = n
        eventCapacity = max(maxQueuedEvents, 1)
        // One block for every table, in falling alignment. Nothing in it needs a value
        // before use: a task's entries are written by spawn, a ready list's only while its
        // `readyMask` bit is set, a line's route only while its `boundLines` bit is set.
        let t = Scheduler.tableLayout(maxTasks: n, maxQueuedEvents: eventCapacity)
        let block = UnsafeMutableRawPointer.allocate(byteCount: t.bytes, alignment: 16)
        handlers = block.bindMemory(to: Handler.self, capacity: n)
        events = (block + t.events).bindMemory(to: Event.self, capacity: eventCapacity)
        tasks = (block + t.tasks).bindMemory(to: TaskSlot.self, capacity: n)
        lineFlags = (block + t.lineFlags).bindMemory(to: UInt32.self, capacity: 32)
        readyHead = (block + t.bytes8).bindMemory(to: UInt8.self, capacity: 96)
        readyTail = readyHead + 32
        lineTask = readyHead + 64
        timers = TimerHeap(capacity: max(maxTimers, 0))
        // (Stored last: stored first, each was retained and its argument released at the end.)
        self.platform = platform
        self.interrupts = interrupts
    }

    /// Where each table starts in the block `init` allocates, and its size.
    static func tableLayout(maxTasks n: Int, maxQueuedEvents e: Int)
        -> (events: Int, tasks: Int, lineFlags: Int, bytes8: Int, bytes: Int) {
        let events = n &* MemoryLayout<Handler>.stride
        let tasks = events &+ e &* MemoryLayout<Event>.stride
        let lineFlags = tasks &+ n &* MemoryLayout<TaskSlot>.stride
        let bytes8 = lineFlags &+ 32 &* MemoryLayout<UInt32>.stride
        return (events, tasks, lineFlags, bytes8, bytes8 &+ 96)
    }

    deinit {
        var t = 0
        while t < taskCount {
            Unmanaged<AnyObject>.fromOpaque(handlers[t].object).release()
            (handlers + t).deinitialize(count: 1)
            t &+= 1
        }
        UnsafeMutableRawPointer(handlers).deallocate()
        timers.deallocate()
    }

    /// The platform's clock.
    @inlinable public var now: Instant { platform.now }

    // MARK: the loop

    /// Collects interrupts (the alarm line among them: then it fires due timers), then
    /// dispatches at most one event. Returns false if no task had anything to do (time
    /// does not move here, and the clock is not read unless the alarm line is pending).
    @discardableResult
    public func step() -> Bool {
        if interrupts.hasPending { collectInterrupts() }
        let levels = dispatchLevels
        while readyMask & levels != 0 {
            let level = 31 &- readyMask.leadingZeroBitCount
            guard let (t, event) = takeReady(at: level) else { continue }
            runningLevel = level
            handlers[t].invoke(handlers[t].object, event, self)
            return true
        }
        return false
    }

    /// Takes the first task of ready level `level` off its list with its next event, and
    /// puts it at the back of the level if it has more (step's and the nested dispatch's
    /// one copy). nil: its only work was a timer since cancelled.
    @inline(__always)
    func takeReady(at level: Int) -> (task: Int, event: Event)? {
        let t = Int(readyHead[level])
        let next = tasks[t].nextReady
        readyHead[level] = next
        if next == Scheduler.noTask { readyMask &= ~(1 &<< UInt32(truncatingIfNeeded: level)) }
        // Its next event (flags first, then fired timers, then its queue), and whether it
        // has more after it (known on each path from what that path has read).
        let event: Event
        let more: Bool
        let flags = tasks[t].flags
        let fired = tasks[t].firedHead
        if flags != 0 {
            tasks[t].flags = 0
            event = Event(.flags, flags)
            more = fired != TimerHeap.none || tasks[t].queueCount != 0
        } else if fired != TimerHeap.none {
            let slot = timers.slot(fired)
            let next = slot.pointee.next
            tasks[t].firedHead = next
            if next == TimerHeap.none { tasks[t].firedTail = TimerHeap.none }
            slot.pointee.pending = false
            event = Event(slot.pointee.signal, slot.pointee.value)
            more = tasks[t].hasWork
        } else {
            let count = tasks[t].queueCount
            if count == 0 {
                tasks[t].isReady = false
                return nil
            }
            let head = tasks[t].queueHead
            event = events[Int(tasks[t].queueBase) &+ Int(head)]
            tasks[t].queueHead = head &+ 1 == tasks[t].queueCapacity ? 0 : head &+ 1
            tasks[t].queueCount = count &- 1
            more = count != 1
        }
        // Back of its level if it has more (out of line: a task with one event at a
        // time, the common case, never pays the call).
        if more { appendReadyOutOfLine(t) } else { tasks[t].isReady = false }
        dispatched &+= 1
        return (t, event)
    }

    /// Runs until `limit` (a handler may end it early with `stop()`): dispatches every
    /// ready event, and when nothing is ready sleeps until the earlier of the next
    /// timer deadline and `limit`. Timers due at `limit` are handled before it returns.
    /// `run(until: .distantFuture)` is a board's main loop.
    public func run(until limit: Instant) {
        stopRequested = false
        while !stopRequested {
            if step() { continue }
            if platform.now >= limit { return }
            idle(until: min(limit.microseconds, timers.earliestKey))   // +∞ (none armed): limit
        }
    }

    /// `run(until: now + duration)`.
    public func run(for duration: Duration) { run(until: platform.now + duration) }

    /// Runs until nothing is left: no task ready, no timer armed, no interrupt pending,
    /// and a sleep without deadline comes back at once with the clock unchanged (what a
    /// `VirtualPlatform` does when no device has a deadline). On a virtual platform the
    /// clock jumps from deadline to deadline. Never returns while a periodic timer is
    /// armed: use `run(until:)` then.
    public func runUntilIdle() {
        stopRequested = false
        while !stopRequested {
            if step() { continue }
            if let m = timers.minDeadline {
                idle(until: m)
                continue
            }
            if interrupts.hasPending { continue }
            let before = platform.now
            idle(until: .max)
            if platform.now == before && !interrupts.hasPending { return }
        }
    }

    /// Makes `run`/`runUntilIdle` return after the current event.
    public func stop() { stopRequested = true }

    /// Sleeps; first moves an alarm left early by a cancel to the earliest deadline, so no
    /// platform wakes for a timer that is gone. `deadline` in µs, `UInt64.max`: none.
    private func idle(until deadline: UInt64) {
        let earliest = timers.earliestKey
        if alarmAt != earliest { alarmAt = earliest; platform.setAlarm(Instant(microseconds: earliest)) }
        idleCount &+= 1
        platform.sleep(until: deadline == .max ? nil : Instant(microseconds: deadline))
    }

    // MARK: internals shared with the API extensions

    @inline(__always)
    func makeReady(_ t: Int) {
        if tasks[t].isReady { return }
        tasks[t].isReady = true
        appendReady(t)
    }

    /// `makeReady` as one call, for the paths off the post+dispatch one (flags, interrupt
    /// lines, timer expiries, spawn): one copy of the ready-list code instead of four.
    @inline(never)
    func makeReadyOutOfLine(_ t: Int) {
        if tasks[t].isReady { return }
        tasks[t].isReady = true
        appendReadyOutOfLine(t)
    }

    @inline(never)
    func appendReadyOutOfLine(_ t: Int) { appendReady(t) }

    @inline(__always)
    func appendReady(_ t: Int) {
        let level = Int(tasks[t].priority)
        let bit: UInt32 = 1 &<< UInt32(level)
        tasks[t].nextReady = Scheduler.noTask
        if readyMask & bit == 0 {
            readyHead[level] = UInt8(truncatingIfNeeded: t)
            readyMask |= bit
        } else {
            tasks[Int(readyTail[level])].nextReady = UInt8(truncatingIfNeeded: t)
        }
        readyTail[level] = UInt8(truncatingIfNeeded: t)
    }



}
