import Runtime

/// Frames that arrive while the interface is suspended, kept in arrival order in fixed
/// storage allocated once (`depth` slots of `frameSize` bytes).
struct SuspendQueue {
    private let storage: UnsafeMutableRawBufferPointer
    private var lengths: [Int]
    private let frameSize: Int
    private var head = 0
    private(set) var count = 0
    var isActive = false
    var since = Instant.zero

    init(depth: Int, frameSize: Int) {
        self.frameSize = frameSize
        let slots = max(1, depth)
        storage = .allocate(byteCount: slots * frameSize, alignment: 4)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        lengths = [Int](repeating: 0, count: slots)
    }

    func deallocate() { storage.deallocate() }

    /// Copies `frame` in; false if full (or the frame is larger than a slot).
    mutating func push(_ frame: UnsafeRawBufferPointer) -> Bool {
        guard count < lengths.count, frame.count <= frameSize else { return false }
        let slot = (head + count) % lengths.count
        let base = slot * frameSize
        if frame.count > 0 {
            UnsafeMutableRawBufferPointer(rebasing: storage[base..<(base + frame.count)]).copyMemory(from: frame)
        }
        lengths[slot] = frame.count
        count += 1
        return true
    }

    /// The oldest frame (valid until the next push), removed from the queue.
    mutating func pop() -> UnsafeRawBufferPointer? {
        guard count > 0 else { return nil }
        let base = head * frameSize
        let frame = UnsafeRawBufferPointer(rebasing: storage[base..<(base + lengths[head])])
        head = (head + 1) % lengths.count
        count -= 1
        return frame
    }
}
