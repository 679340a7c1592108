import Runtime

/// Frames that arrive while the interface is suspended, kept whole in arrival order in a
/// byte ring allocated once (`bytes` of storage; a frame takes its length plus 4 to 7 B,
/// so small frames do not each hold a full-size slot). A frame that does not fit is
/// refused and the caller counts it (`.suspendQueueFull`).
struct SuspendQueue {
    private var ring: FrameRing
    var isActive = false
    var since = Instant.zero

    init(bytes: Int) { ring = FrameRing(capacity: bytes) }

    func deallocate() { ring.deallocate() }

    var count: Int { ring.count }
    /// The most bytes that ever waited at once.
    var highWaterBytes: Int { ring.highWaterBytes }
    var capacity: Int { ring.capacity }

    /// Copies `frame` in; false if it does not fit.
    mutating func push(_ frame: UnsafeRawBufferPointer) -> Bool { ring.push(frame) }

    /// The oldest frame, lent until the next `pop` or `push`.
    var first: UnsafeRawBufferPointer? { ring.first }
    mutating func pop() { ring.pop() }
}
