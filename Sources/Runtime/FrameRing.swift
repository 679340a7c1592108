/// A FIFO of variable-length frames packed into one block of bytes allocated once: each
/// frame is stored whole (never split across the end) behind a 4-byte length word and
/// padded to 4 bytes, so a 60-byte ACK takes 64 B and a 1,514-byte frame 1,520 B, not a
/// full-size slot each. Pushing and popping never allocate.
///
/// A frame that does not fit at the tail before the end of the block is stored at the
/// start (when the oldest frames have left room there); the bytes skipped at the end are
/// marked so the reader jumps over them. Full means "this frame does not fit now": the
/// caller applies back-pressure or counts a drop. An empty ring always takes a frame of up
/// to `maxFrameLength` bytes.
///
/// Frames are read in place: `first` (or `popFirst`) lends the oldest frame's bytes,
/// valid until the next `pop`/`removeAll` (a `push` leaves it in place). `push(maxLength:_:)` lets a producer
/// write a frame straight into the ring instead of building it elsewhere and copying.
public struct FrameRing {
    /// Bytes of storage (a multiple of 4).
    public let capacity: Int
    private let storage: UnsafeMutableRawBufferPointer
    /// Offset of the oldest frame's length word.
    private var head = 0
    /// Offset where the next frame's length word goes.
    private var tail = 0
    /// Bytes taken: frames, their length words and padding, and skipped end bytes.
    public private(set) var bytesUsed = 0
    /// Frames stored.
    public private(set) var count = 0
    /// The most bytes / frames ever stored at once.
    public private(set) var highWaterBytes = 0
    public private(set) var highWaterCount = 0

    static let headerSize = 4
    /// The length word of the skipped bytes at the end of the block.
    static let wrapMarker: UInt32 = .max

    /// `capacity` bytes (rounded down to a multiple of 4; 0: a ring that holds nothing),
    /// allocated now.
    public init(capacity: Int) {
        self.capacity = max(0, capacity & ~3)
        storage = .allocate(byteCount: self.capacity, alignment: 4)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
    }

    /// Frees the storage (the owner's deinit).
    public func deallocate() { storage.deallocate() }

    /// The longest frame the ring can ever hold (when empty; a 0-byte ring holds none).
    public var maxFrameLength: Int { max(0, capacity - Self.headerSize) }
    public var isEmpty: Bool { count == 0 }

    /// Bytes a stored frame of `length` bytes takes.
    public static func footprint(of length: Int) -> Int { (Self.headerSize + length + 3) & ~3 }

    /// Whether a frame of `length` bytes fits now.
    public func canPush(length: Int) -> Bool { place(Self.footprint(of: length)) != nil }

    /// Copies `frame` in at the tail; false (nothing stored) when it does not fit now.
    public mutating func push(_ frame: UnsafeRawBufferPointer) -> Bool {
        push(maxLength: frame.count) { dst in
            if frame.count > 0 { dst.copyMemory(from: frame) }
            return frame.count
        }
    }

    /// Lends `fill` room for a frame of up to `maxLength` bytes at the tail; `fill` writes
    /// the frame in place and returns its length (0 ... maxLength; a negative length
    /// stores nothing). False (and `fill` not called) when `maxLength` bytes do not fit now.
    public mutating func push(maxLength: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Int) -> Bool {
        guard maxLength >= 0, let at = place(Self.footprint(of: maxLength)) else { return false }
        let body = at + Self.headerSize
        let length = fill(UnsafeMutableRawBufferPointer(rebasing: storage[body..<(body + maxLength)]))
        guard length >= 0 else { return false }
        let n = min(length, maxLength)
        if at < tail {
            // Wrapped: the end of the block from `tail` on is skipped.
            storage.storeBytes(of: Self.wrapMarker, toByteOffset: tail, as: UInt32.self)
            bytesUsed += capacity - tail
        }
        storage.storeBytes(of: UInt32(n), toByteOffset: at, as: UInt32.self)
        let size = Self.footprint(of: n)
        tail = at + size
        if tail == capacity { tail = 0 }
        bytesUsed += size
        count += 1
        if bytesUsed > highWaterBytes { highWaterBytes = bytesUsed }
        if count > highWaterCount { highWaterCount = count }
        return true
    }

    /// The oldest frame, lent until the next `pop` or `removeAll` (a `push` leaves it in place).
    public var first: UnsafeRawBufferPointer? {
        guard count > 0 else { return nil }
        let n = Int(storage.load(fromByteOffset: head, as: UInt32.self))
        let body = head + Self.headerSize
        return UnsafeRawBufferPointer(rebasing: storage[body..<(body + n)])
    }

    /// Removes the oldest frame (nothing when empty).
    public mutating func pop() {
        guard count > 0 else { return }
        let n = Int(storage.load(fromByteOffset: head, as: UInt32.self))
        let size = Self.footprint(of: n)
        count -= 1
        bytesUsed -= size
        head += size
        if head == capacity { head = 0 }
        if count == 0 {
            head = 0; tail = 0; bytesUsed = 0
        } else if storage.load(fromByteOffset: head, as: UInt32.self) == Self.wrapMarker {
            bytesUsed -= capacity - head
            head = 0
        }
    }

    /// Lends the oldest frame to `body`, then removes it. False when empty.
    public mutating func popFirst(_ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        guard let frame = first else { return false }
        body(frame)
        pop()
        return true
    }

    /// Forgets every stored frame; returns how many there were.
    public mutating func removeAll() -> Int {
        let n = count
        head = 0; tail = 0; bytesUsed = 0; count = 0
        return n
    }

    // MARK: walking the stored frames (a queue that sends out of order: Runner's TxQueue)

    /// Where the oldest frame is, for `frame(at:)` and `position(after:)`; nil when empty.
    /// Positions stay valid until the frame is popped; `count` says how many follow.
    public var firstPosition: Int? { count > 0 ? head : nil }

    /// The frame stored at `position`, writable in place (its length is fixed).
    public func frame(at position: Int) -> UnsafeMutableRawBufferPointer {
        let n = Int(storage.load(fromByteOffset: position, as: UInt32.self))
        let body = position + Self.headerSize
        return UnsafeMutableRawBufferPointer(rebasing: storage[body..<(body + n)])
    }

    /// The position of the frame stored after the one at `position` (meaningful only while
    /// that one is not the newest).
    public func position(after position: Int) -> Int {
        let n = Int(storage.load(fromByteOffset: position, as: UInt32.self))
        var p = position + Self.footprint(of: n)
        if p == capacity { p = 0 }
        if p != tail && storage.load(fromByteOffset: p, as: UInt32.self) == Self.wrapMarker { p = 0 }
        return p
    }

    /// Where a record of `size` bytes would go: at the tail, or at the start of the block
    /// when it does not fit before the end and the oldest frame leaves room there.
    private func place(_ size: Int) -> Int? {
        // Empty: head and tail are 0.
        if count == 0 { return size <= capacity ? 0 : nil }
        if tail > head {
            if size <= capacity - tail { return tail }
            return size <= head ? 0 : nil
        }
        // tail <= head: the free bytes are tail ..< head (none when tail == head).
        return size <= head - tail ? tail : nil
    }
}
