/// What an active object receives: a signal (what happened) and a 32-bit value (which
/// one, how many, a handle). Fixed-size and trivially copyable, so queues are plain
/// rings with no reference counting (QP-nano's (signal, parameter) pair).
///
/// Larger payloads travel by handle (an index into the owner's buffer pool), never by
/// reference (house style 7).
public struct Event: Equatable, Sendable {
    public var signal: Signal
    public var value: UInt32

    @inlinable public init(_ signal: Signal, _ value: UInt32 = 0) {
        self.signal = signal
        self.value = value
    }
}

/// An event's kind. Open struct (house style 5): each task defines its own signals as
/// static constants from `Signal.firstUser` upward; 0 to 15 are the runtime's.
public struct Signal: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16
    @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue }
    @inlinable public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// Event flags (set by `Scheduler.setFlags` or by a bound interrupt line) were
    /// delivered; `Event.value` holds every bit set since the last delivery.
    public static let flags = Signal(rawValue: 0)
    /// Posted once to every task when it is spawned (QP's initial transition).
    public static let start = Signal(rawValue: 1)
    /// The first signal value free for applications.
    public static let firstUser = Signal(rawValue: 16)
}
