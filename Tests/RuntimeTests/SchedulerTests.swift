import Testing
@testable import Runtime

@Suite struct SchedulerTests {
    @Test func startEventIsDeliveredOnSpawn() throws {
        let (s, _) = makeScheduler()
        let trace = Trace()
        try spawn(s, "a", trace, priority: 1)
        #expect(s.step())
        #expect(trace.seen == [Seen(task: "a", signal: Signal.start.rawValue, value: 0, at: 0)])
        #expect(!s.step())
        #expect(s.leftovers.isClean)
    }

    @Test func higherPriorityRunsFirst() throws {
        let (s, _) = makeScheduler()
        let trace = Trace()
        let low = try spawn(s, "low", trace, priority: 1)
        let mid = try spawn(s, "mid", trace, priority: 5)
        let high = try spawn(s, "high", trace, priority: 30)
        s.runUntilIdle()
        #expect(trace.seen.map(\.task) == ["high", "mid", "low"])   // the .start events
        trace.seen.removeAll()
        try s.post(Event(.ping, 1), to: low.id)
        try s.post(Event(.ping, 2), to: mid.id)
        try s.post(Event(.ping, 3), to: high.id)
        s.runUntilIdle()
        #expect(trace.work.map(\.value) == [3, 2, 1])
        #expect(s.leftovers.isClean)
    }

    @Test func postToHigherPriorityPreemptsAtTheNextEvent() throws {
        let (s, _) = makeScheduler()
        let trace = Trace()
        let high = try spawn(s, "high", trace, priority: 9)
        let low = try spawn(s, "low", trace, priority: 2) { e, s in
            // A burst of 2 events to itself and one to the high task: the high task
            // must run right after this event, before the low task's second.
            if e.signal == .ping && e.value == 1 {
                try! s.post(Event(.ping, 2), to: high.id)
            }
        }
        s.runUntilIdle()
        trace.seen.removeAll()
        try s.post(Event(.ping, 1), to: low.id)
        try s.post(Event(.ping, 3), to: low.id)
        s.runUntilIdle()
        #expect(trace.work.map(\.task) == ["low", "high", "low"])
        #expect(trace.work.map(\.value) == [1, 2, 3])
        #expect(s.leftovers.isClean)
    }

    @Test func fifoWithinOnePriority() throws {
        let (s, _) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 4)
        let b = try spawn(s, "b", trace, priority: 4)
        s.runUntilIdle()
        trace.seen.removeAll()
        // Each task's queue is FIFO; equal-priority tasks alternate event by event.
        for v in UInt32(1)...3 { try s.post(Event(.ping, v), to: a.id) }
        for v in UInt32(11)...13 { try s.post(Event(.ping, v), to: b.id) }
        s.runUntilIdle()
        #expect(trace.work.map(\.value) == [1, 11, 2, 12, 3, 13])
        #expect(s.leftovers.isClean)
    }

    @Test func pingPongBetweenEqualTasks() throws {
        let (s, _) = makeScheduler()
        let trace = Trace()
        var pongID: TaskID!
        var pingID: TaskID!
        let ping = try spawn(s, "ping", trace, priority: 3) { e, s in
            if e.signal == .pong && e.value < 10 { try! s.post(Event(.ping, e.value + 1), to: pongID) }
        }
        let pong = try spawn(s, "pong", trace, priority: 3) { e, s in
            if e.signal == .ping { try! s.post(Event(.pong, e.value), to: pingID) }
        }
        pingID = ping.id; pongID = pong.id
        s.runUntilIdle()
        try s.post(Event(.ping, 1), to: pong.id)
        s.runUntilIdle()
        #expect(trace.work.count == 20)
        #expect(trace.work.last == Seen(task: "ping", signal: Signal.pong.rawValue, value: 10, at: 0))
        #expect(s.dispatched == 22)
        #expect(s.leftovers.isClean)
    }

    @Test func queueFullIsATypedErrorCarryingTheEvent() throws {
        let (s, _) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1, capacity: 3)
        // .start occupies one slot until handled.
        try s.post(Event(.ping, 1), to: a.id)
        try s.post(Event(.ping, 2), to: a.id)
        #expect(throws: QueueFull(task: a.id, capacity: 3, event: Event(.ping, 3))) {
            try s.post(Event(.ping, 3), to: a.id)
        }
        #expect(s.queuedCount(of: a.id) == 3)
        #expect(s.step())                                   // .start
        try s.post(Event(.ping, 3), to: a.id)               // room again
        do {
            try s.post(Event(.ping, 4), to: a.id)
            Issue.record("expected QueueFull")
        } catch {
            #expect(error.event == Event(.ping, 4))         // the sender gets it back
            #expect(error.task == a.id)
        }
        s.runUntilIdle()
        #expect(trace.work.map(\.value) == [1, 2, 3])        // nothing lost, FIFO
        #expect(s.leftovers.isClean)
    }

    @Test func queueWrapsAroundManyTimes() throws {
        let (s, _) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1, capacity: 3)
        s.runUntilIdle()
        var expected: [UInt32] = []
        for round in UInt32(0)..<50 {
            try s.post(Event(.ping, round * 2), to: a.id)
            try s.post(Event(.ping, round * 2 + 1), to: a.id)
            expected += [round * 2, round * 2 + 1]
            #expect(s.step())
            if round % 2 == 1 { s.runUntilIdle() }
        }
        s.runUntilIdle()
        #expect(trace.work.map(\.value) == expected)
        #expect(s.leftovers.isClean)
    }

    @Test func flagsCoalesceIntoOneEvent() throws {
        let (s, _) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1)
        s.runUntilIdle()
        s.setFlags(0b001, on: a.id)
        s.setFlags(0b100, on: a.id)
        s.setFlags(0, on: a.id)
        try s.post(Event(.ping, 7), to: a.id)
        s.runUntilIdle()
        #expect(trace.work == [Seen(task: "a", signal: Signal.flags.rawValue, value: 0b101, at: 0),
                               Seen(task: "a", signal: Signal.ping.rawValue, value: 7, at: 0)])
        #expect(s.leftovers.isClean)
    }

    @Test func spawnLimitsAreTypedErrors() throws {
        let (s, _) = makeScheduler(maxTasks: 2, maxQueuedEvents: 10)
        let trace = Trace()
        #expect(throws: SpawnError.invalidParameter) { try s.spawn(Recorder("x", trace), priority: 32, queueCapacity: 1) }
        #expect(throws: SpawnError.invalidParameter) { try s.spawn(Recorder("x", trace), priority: 1, queueCapacity: 0) }
        #expect(throws: SpawnError.queueStorageExhausted(requested: 11, available: 10)) {
            try s.spawn(Recorder("x", trace), priority: 1, queueCapacity: 11)
        }
        try spawn(s, "a", trace, priority: 1, capacity: 5)
        try spawn(s, "b", trace, priority: 1, capacity: 5)
        #expect(throws: SpawnError.tooManyTasks(limit: 2)) { try s.spawn(Recorder("x", trace), priority: 1, queueCapacity: 1) }
        s.runUntilIdle()
        #expect(s.leftovers.isClean)
    }

    @Test func theSchedulerOwnsItsTasksUntilItIsGone() throws {
        let trace = Trace()
        weak var kept: Recorder?
        weak var refused: Recorder?
        var s: Scheduler? = makeScheduler(maxTasks: 1).0
        do {
            let r = Recorder("a", trace)
            kept = r
            r.id = try s!.spawn(r, priority: 1, queueCapacity: 2)
            let extra = Recorder("b", trace)
            refused = extra
            #expect(throws: SpawnError.tooManyTasks(limit: 1)) { try s!.spawn(extra, priority: 1, queueCapacity: 1) }
        }
        #expect(refused == nil)                 // a refused spawn keeps no reference
        #expect(kept != nil)                    // the scheduler's reference keeps the task
        s!.runUntilIdle()
        #expect(trace.seen.map(\.task) == ["a"])
        s = nil
        #expect(kept == nil)                    // released with the scheduler
    }

    @Test func stopEndsRunAfterTheCurrentEvent() throws {
        let (s, p) = makeScheduler()
        let trace = Trace()
        let a = try spawn(s, "a", trace, priority: 1) { e, s in if e.value == 2 { s.stop() } }
        s.runUntilIdle()
        for v in UInt32(1)...3 { try s.post(Event(.ping, v), to: a.id) }
        s.run(until: .seconds(5))
        #expect(trace.work.map(\.value) == [1, 2])
        #expect(p.now == .zero)
        s.runUntilIdle()
        #expect(trace.work.map(\.value) == [1, 2, 3])
        #expect(s.leftovers.isClean)
    }
}
