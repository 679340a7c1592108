/// A bounded FIFO of Ethernet frames waiting for SDPCM credit (docs/cyw43-bus.md §4.2): the
/// runner's transmit queue. Storage is one block allocated at start-up (`slots` frames of at
/// most `slotSize` bytes), so queueing never allocates. Full means back-pressure: `push`
/// refuses and the caller counts it.
///
/// One queue serves every priority: the stack only emits best-effort (BDC priority 0) frames,
/// and WHD holds all data frames while any flow-control bit is set.
struct TxQueue {
    let slots: Int
    let slotSize: Int
    private let storage: UnsafeMutableRawBufferPointer
    private let lengths: UnsafeMutableBufferPointer<Int>
    private var head = 0
    private(set) var count = 0
    /// The most frames that ever waited at once.
    private(set) var highWater = 0

    init(slots: Int, slotSize: Int) {
        self.slots = slots
        self.slotSize = slotSize
        storage = .allocate(byteCount: slots * slotSize, alignment: 4)
        lengths = .allocate(capacity: slots)
        lengths.initialize(repeating: 0)
    }

    /// Frees the storage (the owner's deinit).
    func deallocate() { storage.deallocate(); lengths.deallocate() }

    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count == slots }

    /// Copies `frame` in at the tail; false when full or too long.
    mutating func push(_ frame: UnsafeRawBufferPointer) -> Bool {
        guard count < slots, frame.count <= slotSize else { return false }
        let i = (head + count) % slots
        let slot = UnsafeMutableRawBufferPointer(rebasing: storage[(i * slotSize)..<(i * slotSize + frame.count)])
        slot.copyMemory(from: frame)
        lengths[i] = frame.count
        count += 1
        if count > highWater { highWater = count }
        return true
    }

    /// The oldest frame (valid until the next `pop` or `push`).
    var first: UnsafeRawBufferPointer? {
        guard count > 0 else { return nil }
        return UnsafeRawBufferPointer(rebasing: storage[(head * slotSize)..<(head * slotSize + lengths[head])])
    }

    mutating func pop() {
        guard count > 0 else { return }
        head = (head + 1) % slots
        count -= 1
    }

    /// Forgets every queued frame; returns how many there were.
    mutating func removeAll() -> Int {
        let n = count
        head = 0; count = 0
        return n
    }
}
