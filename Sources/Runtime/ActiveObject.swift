/// A task: an active object that handles one event at a time, run to completion
/// (QP's QActive; docs/style-anchors.md §3). It never blocks; to wait, it arms a timer or
/// returns and gets the next event later.
///
/// Class-bound: the scheduler keeps each task alive as a plain object reference.
public protocol ActiveObject: AnyObject {
    /// Handles one event. `scheduler` is the one that dispatched it: post, arm timers
    /// and set flags through it. Must return; a long job is split into several events.
    func handle(_ event: Event, scheduler: Scheduler)
}

/// A spawned task's handle (index into the scheduler's task table).
public struct TaskID: Hashable, Sendable {
    public let index: UInt8
    @inlinable init(index: UInt8) { self.index = index }
}

/// A timer's handle (index into the scheduler's timer pool).
public struct TimerID: Hashable, Sendable {
    public let index: UInt32
    @inlinable init(index: UInt32) { self.index = index }
}
