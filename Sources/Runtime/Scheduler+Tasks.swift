/// Spawning tasks, posting events, event flags and interrupt bindings.
extension Scheduler {
    /// Creates a scheduler whose platform owns the interrupt mailbox.
    public convenience init(platform: some InterruptingPlatform, maxTasks: Int = 16,
                            maxQueuedEvents: Int = 256, maxTimers: Int = 64) {
        self.init(platform: platform, interrupts: platform.interrupts, maxTasks: maxTasks,
                  maxQueuedEvents: maxQueuedEvents, maxTimers: maxTimers)
    }

    /// Adds a task with a priority (0 lowest ... 31 highest) and a queue of
    /// `queueCapacity` events carved from the scheduler's event storage. Posts
    /// `Event(.start)` to it (it counts against the queue).
    @discardableResult @inline(__always)
    public func spawn(_ object: some ActiveObject, priority: UInt8,
                      queueCapacity: Int) throws(SpawnError) -> TaskID {
        try spawn(object, Handler(object), priority: priority, queueCapacity: queueCapacity)
    }

    /// `spawn`'s body, once for every task type (only the dispatch thunk is per type).
    @inline(never)
    func spawn(_ object: AnyObject, _ handler: Handler, priority: UInt8,
               queueCapacity: Int) throws(SpawnError) -> TaskID {
        guard priority < 32, queueCapacity >= 1, queueCapacity <= Int(UInt16.max) else {
            throw .invalidParameter
        }
        guard taskCount < maxTasks else { throw .tooManyTasks(limit: maxTasks) }
        let available = eventCapacity &- eventsUsed
        guard queueCapacity <= available else {
            throw .queueStorageExhausted(requested: queueCapacity, available: available)
        }
        let t = taskCount
        var slot = TaskSlot()
        slot.queueBase = Int32(truncatingIfNeeded: eventsUsed)
        slot.queueCapacity = UInt16(truncatingIfNeeded: queueCapacity)
        slot.priority = priority
        (tasks + t).initialize(to: slot)
        _ = Unmanaged.passRetained(object)         // the handler's reference (deinit releases it)
        (handlers + t).initialize(to: handler)
        eventsUsed &+= queueCapacity        // ≤ eventCapacity (checked above)
        taskCount = t &+ 1
        let id = TaskID(index: UInt8(truncatingIfNeeded: t))
        let slot0 = Int(tasks[t].queueBase)
        events[slot0] = Event(.start)
        tasks[t].queueCount = 1
        makeReadyOutOfLine(t)
        return id
    }

    /// Queues `event` for `task` (FIFO). Throws `QueueFull`, carrying the event, when the
    /// task's queue is full; nothing is dropped silently.
    @inline(__always)
    public func post(_ event: Event, to task: TaskID) throws(QueueFull) {
        let t = Int(task.index)
        let capacity = tasks[t].queueCapacity
        guard tasks[t].queueCount < capacity else {
            throw QueueFull(task: task, capacity: Int(capacity), event: event)
        }
        enqueue(event, at: t)
    }

    @inline(__always)
    private func enqueue(_ event: Event, at t: Int) {
        let capacity = tasks[t].queueCapacity
        var slot = Int(tasks[t].queueHead) &+ Int(tasks[t].queueCount)
        if slot >= Int(capacity) { slot &-= Int(capacity) }
        events[Int(tasks[t].queueBase) &+ slot] = event
        tasks[t].queueCount &+= 1
        makeReady(t)
    }

    /// ORs `bits` into the task's event flags. The task gets ONE `.flags` event carrying
    /// every bit set since its last one, so flags never overflow. `bits == 0` is a no-op.
    public func setFlags(_ bits: UInt32, on task: TaskID) {
        guard bits != 0 else { return }
        let t = Int(task.index)
        tasks[t].flags |= bits
        makeReadyOutOfLine(t)
    }

    /// Routes interrupt `line` (0...30; 31 is the timer alarm's, `InterruptMailbox.alarmLine`):
    /// when it is raised, `flags` are set on `task`. Raising an unbound line is counted in
    /// `unboundInterrupts`.
    public func bindInterrupt(line: UInt8, to task: TaskID, flags: UInt32) {
        precondition(line & 31 != InterruptMailbox.alarmLine, "line 31 is the timer alarm's")
        lineTask[Int(line & 31)] = task.index
        lineFlags[Int(line & 31)] = flags
        boundLines |= 1 &<< UInt32(line & 31)
    }

    /// Removes the binding of `line`.
    public func unbindInterrupt(line: UInt8) {
        boundLines &= ~(1 &<< UInt32(line & 31))
    }

    /// Events waiting in the task's queue.
    public func queuedCount(of task: TaskID) -> Int { Int(tasks[Int(task.index)].queueCount) }

    /// Number of spawned tasks.
    public var spawnedTasks: Int { taskCount }

    /// Bytes a scheduler of this size allocates at init for its tables (tasks, handlers,
    /// event ring, ready lists, interrupt routes, timer pool and tree), not counting the
    /// scheduler object itself or the allocator's own headers. Nothing is allocated later.
    public static func tableBytes(maxTasks: Int, maxQueuedEvents: Int, maxTimers: Int) -> Int {
        tableLayout(maxTasks: min(max(maxTasks, 1), 255), maxQueuedEvents: max(maxQueuedEvents, 1)).bytes
            + TimerHeap.allocatedBytes(capacity: max(maxTimers, 0))
    }

    /// What is still pending: an end-of-test check (swift-nio's `LeftOverState`).
    public var leftovers: Leftovers {
        var queued = 0, flagged = 0, fired = 0, t = 0
        while t < taskCount {
            queued += Int(tasks[t].queueCount)
            if tasks[t].flags != 0 { flagged += 1 }
            if tasks[t].firedHead != TimerHeap.none { fired += 1 }
            t += 1
        }
        return Leftovers(queuedEvents: queued, tasksWithFlags: flagged,
                         tasksWithFiredTimers: fired, armedTimers: timers.liveCount,
                         pendingInterrupts: interrupts.pending & ~InterruptMailbox.alarmBit)
    }

    /// Turns pending interrupt lines into flags on their tasks, and services the timers if
    /// the alarm line is among them (called by step).
    func collectInterrupts() {
        var bits = interrupts.takeAll()
        if bits & InterruptMailbox.alarmBit != 0 {
            bits &= ~InterruptMailbox.alarmBit
            serviceTimers()
        }
        while bits != 0 {
            let line = bits.trailingZeroBitCount
            bits &= bits &- 1
            if boundLines & (1 &<< UInt32(line)) == 0 { unboundInterrupts &+= 1; continue }
            let t = lineTask[line]
            tasks[Int(t)].flags |= lineFlags[line]
            makeReadyOutOfLine(Int(t))
        }
    }
}

/// Work left in a scheduler (see `Scheduler.leftovers`).
public struct Leftovers: Equatable, Sendable {
    public var queuedEvents: Int
    public var tasksWithFlags: Int
    public var tasksWithFiredTimers: Int
    public var armedTimers: Int
    public var pendingInterrupts: UInt32

    /// Nothing queued, flagged, fired, armed or pending.
    public var isClean: Bool {
        queuedEvents == 0 && tasksWithFlags == 0 && tasksWithFiredTimers == 0
            && armedTimers == 0 && pendingInterrupts == 0
    }
}
