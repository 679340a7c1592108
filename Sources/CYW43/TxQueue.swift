import Runtime

/// The runner's transmit queues (docs/cyw43-bus.md §4.2): one FIFO per 802.1D priority of
/// Ethernet frames waiting for SDPCM credit or for the firmware to lift flow control on their
/// precedence (`DataPriority`). All eight live in one `FrameRing` in arrival order, each frame
/// behind a 4-byte record [priority, sent, 0, 0]: a queue is the ring's frames of its priority,
/// so a short queue costs no fixed slot. Frames leave highest precedence first, oldest first
/// within one, skipping those whose precedence the firmware stopped; a frame sent from behind a
/// stopped one is marked sent and its bytes come back when the ring's head passes it. Storage is
/// allocated once; full means back-pressure: `push` refuses and the caller counts it.
struct TxQueue {
    private var ring: FrameRing
    /// Frames waiting (not yet sent), in all queues.
    private(set) var count = 0
    /// Frames waiting per precedence (8 counters), and the precedences with any, one bit each
    /// (the flow-control bitmap's layout).
    private let counts: UnsafeMutablePointer<UInt8>
    private(set) var waitingPrecedences: UInt8 = 0
    /// The most frames that ever waited at once.
    private(set) var highWater = 0

    static let recordSize = 4

    init(bytes: Int) {
        ring = FrameRing(capacity: bytes)
        counts = .allocate(capacity: 8)
        counts.initialize(repeating: 0, count: 8)
    }

    /// Frees the storage (the owner's deinit).
    func deallocate() { ring.deallocate(); counts.deallocate() }

    var isEmpty: Bool { count == 0 }
    /// Bytes of storage, and the most ever taken.
    var capacity: Int { ring.capacity }
    var highWaterBytes: Int { ring.highWaterBytes }
    /// Bytes taken now: waiting frames, and sent ones behind a waiting one not yet given back.
    var bytesUsed: Int { ring.bytesUsed }

    /// Frames waiting with this precedence.
    func waiting(precedence: UInt8) -> Int { Int(counts[Int(precedence & 7)]) }

    /// Copies `frame` in behind the queue of `priority`; false when it does not fit now (or
    /// 255 frames of one precedence already wait).
    mutating func push(_ frame: UnsafeRawBufferPointer, priority: UInt8) -> Bool {
        let prec = DataPriority.precedence(priority)
        guard counts[Int(prec)] < 255 else { return false }
        let stored = ring.push(maxLength: Self.recordSize + frame.count) { dst in
            dst[0] = priority & 7
            dst[1] = 0
            dst[2] = 0
            dst[3] = 0
            UnsafeMutableRawBufferPointer(rebasing: dst[Self.recordSize...]).copyMemory(from: frame)
            return Self.recordSize + frame.count
        }
        guard stored else { return false }
        counts[Int(prec)] += 1
        waitingPrecedences |= 1 << prec
        count += 1
        if count > highWater { highWater = count }
        return true
    }

    /// The next frame to send while the precedences in `stopped` are held: the oldest waiting
    /// frame of the highest precedence not stopped. Its bytes are lent until the next change.
    func next(stopped: UInt8) -> (frame: UnsafeRawBufferPointer, priority: UInt8, position: Int)? {
        let open = waitingPrecedences & ~stopped
        guard open != 0, var p = ring.firstPosition else { return nil }
        let want = UInt8(7 - open.leadingZeroBitCount)
        var n = ring.count
        while n > 0 {
            let r = ring.frame(at: p)
            if r[1] == 0 && DataPriority.precedence(r[0]) == want {
                return (UnsafeRawBufferPointer(rebasing: r[Self.recordSize...]), r[0], p)
            }
            n -= 1
            if n > 0 { p = ring.position(after: p) }
        }
        return nil
    }

    /// The frame `next` returned went out: it leaves its queue; sent frames at the head of the
    /// ring give their bytes back.
    mutating func sent(at position: Int) {
        let r = ring.frame(at: position)
        guard r[1] == 0 else { return }
        r[1] = 1
        let prec = DataPriority.precedence(r[0])
        counts[Int(prec)] -= 1
        if counts[Int(prec)] == 0 { waitingPrecedences &= ~(1 << prec) }
        count -= 1
        while let head = ring.firstPosition, ring.frame(at: head)[1] != 0 { ring.pop() }
    }

    /// Forgets every queued frame; returns how many were waiting.
    mutating func removeAll() -> Int {
        let n = count
        _ = ring.removeAll()
        count = 0
        counts.update(repeating: 0, count: 8)
        waitingPrecedences = 0
        return n
    }
}
