/// A post found the receiver's queue full. The event was NOT queued; it comes back to
/// the sender (like embassy's `TrySendError::Full(T)`), which decides: retry later,
/// count and drop, or treat as a design error.
public struct QueueFull: Error, Equatable, Sendable {
    /// The receiver.
    public let task: TaskID
    /// Its queue depth (fixed at spawn).
    public let capacity: Int
    /// The event that was refused.
    public let event: Event
}

/// Why `Scheduler.spawn` refused a task. Table sizes are fixed when the scheduler is
/// created (no steady-state heap, house style 7).
public enum SpawnError: Error, Equatable, Sendable {
    /// Every task slot is taken.
    case tooManyTasks(limit: Int)
    /// The shared event storage cannot hold another queue of this depth.
    case queueStorageExhausted(requested: Int, available: Int)
    /// Priorities are 0 (lowest) ... 31 (highest); a queue holds at least one event.
    case invalidParameter
}

/// Why a timer could not be created.
public enum TimerError: Error, Equatable, Sendable {
    /// Every timer slot is taken.
    case poolExhausted(limit: Int)
    /// The owner is not a spawned task.
    case unknownTask
}
