@testable import Runtime

/// One handled event as a task saw it.
struct Seen: Equatable, CustomStringConvertible {
    var task: String
    var signal: UInt16
    var value: UInt32
    var at: UInt64
    var description: String { "\(task):\(signal)/\(value)@\(at)" }
}

/// Shared trace of every handled event, in dispatch order.
final class Trace {
    var seen: [Seen] = []
    /// Trace without `.start` events.
    var work: [Seen] { seen.filter { $0.signal != Signal.start.rawValue } }
}

/// A task that records what it handles and runs an optional reaction.
final class Recorder: ActiveObject {
    let name: String
    let trace: Trace
    var id: TaskID!
    var react: ((Event, Scheduler) -> Void)?

    init(_ name: String, _ trace: Trace, react: ((Event, Scheduler) -> Void)? = nil) {
        self.name = name
        self.trace = trace
        self.react = react
    }

    func handle(_ event: Event, scheduler: Scheduler) {
        trace.seen.append(Seen(task: name, signal: event.signal.rawValue, value: event.value,
                               at: scheduler.now.microseconds))
        react?(event, scheduler)
    }
}

extension Signal {
    static let ping = Signal(16)
    static let pong = Signal(17)
    static let tick = Signal(18)
    static let timeout = Signal(19)
}

func us(_ n: UInt64) -> Instant { Instant(microseconds: n) }

/// A scheduler on a fresh virtual platform.
func makeScheduler(maxTasks: Int = 8, maxQueuedEvents: Int = 64,
                   maxTimers: Int = 64) -> (Scheduler, VirtualPlatform) {
    let p = VirtualPlatform()
    return (Scheduler(platform: p, maxTasks: maxTasks, maxQueuedEvents: maxQueuedEvents,
                      maxTimers: maxTimers), p)
}

/// Spawns a recorder and drains its `.start`.
@discardableResult
func spawn(_ s: Scheduler, _ name: String, _ trace: Trace, priority: UInt8, capacity: Int = 8,
           react: ((Event, Scheduler) -> Void)? = nil) throws -> Recorder {
    let r = Recorder(name, trace, react: react)
    r.id = try s.spawn(r, priority: priority, queueCapacity: capacity)
    return r
}
