import Runtime

/// A UDP endpoint bound to one local port, with a fixed receive queue allocated at init
/// (`capacity` datagrams of up to `maxDatagramSize` bytes; longer ones are truncated and
/// flagged). Sending goes through `Interface.sendUdp`.
public final class UdpSocket {
    /// Metadata of a received datagram.
    public struct Datagram: Equatable, Sendable {
        public var source: IPv4Address
        public var sourcePort: UInt16
        public var destination: IPv4Address
        /// Bytes copied into the caller's buffer.
        public var length: Int
        /// The datagram was longer than the slot or the caller's buffer.
        public var truncated: Bool
    }

    public let port: UInt16
    public let maxDatagramSize: Int
    /// Datagrams dropped because the queue was full.
    public private(set) var droppedFull: UInt32 = 0

    private let storage: UnsafeMutableRawBufferPointer
    private var meta: FixedArray<Datagram>
    private var head = 0
    public private(set) var count = 0

    public init(port: UInt16, capacity: Int = 2, maxDatagramSize: Int = 576) {
        self.port = port
        self.maxDatagramSize = maxDatagramSize
        let slots = max(1, capacity)
        storage = .allocate(byteCount: slots * maxDatagramSize, alignment: 4)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        meta = FixedArray(repeating: Datagram(source: .any, sourcePort: 0, destination: .any, length: 0, truncated: false),
                          count: slots)
    }

    deinit { storage.deallocate() }

    /// Copies the oldest datagram into `buffer` and returns its metadata, or nil if empty.
    public func receive(into buffer: UnsafeMutableRawBufferPointer) -> Datagram? {
        guard count > 0 else { return nil }
        var d = meta[head]
        let n = min(d.length, buffer.count)
        if n > 0 {
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: storage[(head * maxDatagramSize)..<(head * maxDatagramSize + n)]))
        }
        if n < d.length { d.truncated = true }
        d.length = n
        head = (head + 1) % meta.count
        count -= 1
        return d
    }

    /// Queues an inbound datagram; false (and counted) if the queue is full.
    func enqueue(_ data: UnsafeRawBufferPointer, source: IPv4Address, sourcePort: UInt16,
                 destination: IPv4Address) -> Bool {
        guard count < meta.count else { droppedFull &+= 1; return false }
        let slot = (head + count) % meta.count
        let n = min(data.count, maxDatagramSize)
        let base = slot * maxDatagramSize
        if n > 0 {
            UnsafeMutableRawBufferPointer(rebasing: storage[base..<(base + n)])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: data[0..<n]))
        }
        meta[slot] = Datagram(source: source, sourcePort: sourcePort, destination: destination,
                              length: n, truncated: n < data.count)
        count += 1
        return true
    }
}
