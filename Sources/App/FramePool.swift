/// A fixed ring of Ethernet frame buffers, allocated once: frames the driver hands up
/// during a bus service pass wait here until the stack processes them (the driver must
/// not be re-entered from its receive callback). A full pool drops the newest frame and
/// counts it; TCP recovers such a loss by retransmission.
struct FramePool {
    static let slotSize = 1536
    let capacity: Int
    private let storage: UnsafeMutableRawBufferPointer
    private let lengths: UnsafeMutablePointer<Int>
    private var head = 0
    private(set) var count = 0
    private(set) var dropped = 0

    init(capacity: Int) {
        self.capacity = capacity
        storage = .allocate(byteCount: capacity * Self.slotSize, alignment: 4)
        lengths = .allocate(capacity: capacity)
        lengths.initialize(repeating: 0, count: capacity)
    }

    /// Copies `frame` in; false (and counted) when full or oversized.
    mutating func push(_ frame: UnsafeRawBufferPointer) -> Bool {
        guard count < capacity, frame.count <= Self.slotSize else { dropped += 1; return false }
        let slot = (head + count) % capacity
        let dst = UnsafeMutableRawBufferPointer(rebasing: storage[(slot * Self.slotSize)..<(slot * Self.slotSize + frame.count)])
        dst.copyMemory(from: frame)
        lengths[slot] = frame.count
        count += 1
        return true
    }

    /// Hands the oldest frame to `body`, then frees its slot. False when empty.
    mutating func pop(_ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        guard count > 0 else { return false }
        let start = head * Self.slotSize
        body(UnsafeRawBufferPointer(rebasing: storage[start..<(start + lengths[head])]))
        head = (head + 1) % capacity
        count -= 1
        return true
    }
}
