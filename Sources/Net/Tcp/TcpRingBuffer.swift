/// A fixed-capacity byte ring, allocated once when the socket is made (no steady-state
/// heap). Holds the send queue (unacknowledged + unsent bytes) or the receive queue
/// (in-order bytes not yet read by the application).
public struct TcpRingBuffer {
    private var storage: [UInt8]
    private var head = 0
    /// Bytes held.
    public private(set) var count = 0

    public init(capacity: Int) { storage = [UInt8](repeating: 0, count: max(capacity, 1)) }

    public var capacity: Int { storage.count }
    public var free: Int { storage.count - count }
    public var isEmpty: Bool { count == 0 }

    /// Appends as many bytes of `bytes` as fit; returns how many.
    @discardableResult
    public mutating func write(_ bytes: UnsafeRawBufferPointer) -> Int {
        let n = min(bytes.count, free)
        var tail = (head + count) % storage.count
        storage.withUnsafeMutableBytes { s in
            var i = 0
            while i < n {
                let run = min(n - i, s.count - tail)
                UnsafeMutableRawBufferPointer(rebasing: s[tail..<tail + run])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[i..<i + run]))
                i += run
                tail = (tail + run) % s.count
            }
        }
        count += n
        return n
    }

    /// Copies `out.count` bytes starting `offset` bytes after the head, without consuming.
    /// The caller guarantees `offset + out.count <= count`.
    public func copy(from offset: Int, into out: UnsafeMutableRawBufferPointer) {
        var position = (head + offset) % storage.count
        storage.withUnsafeBytes { s in
            var i = 0
            while i < out.count {
                let run = min(out.count - i, s.count - position)
                UnsafeMutableRawBufferPointer(rebasing: out[i..<i + run])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: s[position..<position + run]))
                i += run
                position = (position + run) % s.count
            }
        }
    }

    /// Drops up to `n` bytes from the head.
    public mutating func discard(_ n: Int) {
        let k = min(max(n, 0), count)
        head = (head + k) % storage.count
        count -= k
        if count == 0 { head = 0 }
    }

    /// Moves up to `out.count` bytes from the head into `out`; returns how many.
    public mutating func read(into out: UnsafeMutableRawBufferPointer) -> Int {
        let n = min(out.count, count)
        copy(from: 0, into: UnsafeMutableRawBufferPointer(rebasing: out[0..<n]))
        discard(n)
        return n
    }

    /// Forgets everything.
    public mutating func clear() { head = 0; count = 0 }
}
