import Runtime

/// The frames the driver hands up during a bus service pass, waiting until the stack
/// processes them (the driver must not be re-entered from its receive callback), packed
/// whole in a byte ring allocated once (`bytes` of storage; a frame takes its length plus
/// 4 to 7 B). A frame that does not fit is dropped and counted; TCP recovers such a loss
/// by retransmission.
struct FramePool {
    private var ring: FrameRing
    private(set) var dropped = 0

    init(bytes: Int) { ring = FrameRing(capacity: bytes) }

    func deallocate() { ring.deallocate() }

    var count: Int { ring.count }
    var capacity: Int { ring.capacity }
    /// The most bytes that ever waited at once.
    var highWaterBytes: Int { ring.highWaterBytes }

    /// Copies `frame` in; false (and counted) when it does not fit.
    mutating func push(_ frame: UnsafeRawBufferPointer) -> Bool {
        if ring.push(frame) { return true }
        dropped += 1
        return false
    }

    /// The oldest frame, lent until the next `pop` (a `push` meanwhile leaves it alone).
    var first: UnsafeRawBufferPointer? { ring.first }
    mutating func pop() { ring.pop() }
}
