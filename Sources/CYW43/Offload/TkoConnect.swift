import Runtime

/// `wl_tko_connect_t`, the CONNECT sub-command's payload (docs/tko-offload.md §1.5), IPv4 form:
///
///     off size field
///       0   1  index            connection slot 0...3
///       1   1  ip_addr_type     0 = IPv4
///       2   2  local_port       LE
///       4   2  remote_port      LE
///       6   2  (alignment pad)  LPA leaves garbage; we write 0
///       8   4  local_seq        LE, lwIP snd_nxt
///      12   4  remote_seq       LE, lwIP rcv_nxt
///      16   2  request_len      LE (54)
///      18   2  response_len     LE (54)
///      20   4  local IPv4       network order
///      24   4  remote IPv4      network order
///      28   n  request frame    network order (Ethernet+IPv4+TCP, §1.6)
///    28+n   m  response frame
///
/// Multi-byte scalars are little-endian ("dongle order", §1.8); addresses and frames are
/// raw network-order bytes.
public struct TkoConnect: Equatable, Sendable {
    private enum Layout {
        static let index = 0, ipAddrType = 1, localPort = 2, remotePort = 4, pad = 6
        static let localSeq = 8, remoteSeq = 12, requestLen = 16, responseLen = 18
        static let localIP = 20, remoteIP = 24, frames = 28
    }
    /// Bytes before the addresses (the fixed part of the C struct).
    public static let fixedSize = 20
    /// Bytes before the frames in the IPv4 form.
    public static let headerSize = Layout.frames
    /// `ip_addr_type` for IPv4.
    public static let ipv4: UInt8 = 0

    public var index: UInt8
    public var localPort: UInt16
    public var remotePort: UInt16
    /// Our next sequence number (snd_nxt).
    public var localSeq: UInt32
    /// The peer's next sequence number (rcv_nxt).
    public var remoteSeq: UInt32
    public var localIP: IPv4Address
    public var remoteIP: IPv4Address
    /// The keepalive probe the firmware sends (seq = localSeq - 1).
    public var request: [UInt8]
    /// What the firmware sends when the peer probes us (seq = localSeq).
    public var response: [UInt8]

    public init(index: UInt8, localPort: UInt16, remotePort: UInt16, localSeq: UInt32, remoteSeq: UInt32,
                localIP: IPv4Address, remoteIP: IPv4Address, request: [UInt8], response: [UInt8]) {
        self.index = index; self.localPort = localPort; self.remotePort = remotePort
        self.localSeq = localSeq; self.remoteSeq = remoteSeq
        self.localIP = localIP; self.remoteIP = remoteIP
        self.request = request; self.response = response
    }

    /// Payload bytes (136 with two 54-byte frames).
    public var size: Int { Layout.frames + request.count + response.count }

    public init(parsing bytes: UnsafeRawBufferPointer) throws(OffloadWireError) {
        guard bytes.count >= Layout.frames else { throw .truncated(need: Layout.frames, have: bytes.count) }
        let type = bytes[Layout.ipAddrType]
        guard type == Self.ipv4 else { throw .unsupportedAddressType(type) }
        let reqLen = Int(bytes.le16(at: Layout.requestLen)), respLen = Int(bytes.le16(at: Layout.responseLen))
        let need = Layout.frames + reqLen + respLen
        guard bytes.count >= need else { throw .truncated(need: need, have: bytes.count) }
        self.init(index: bytes[Layout.index], localPort: bytes.le16(at: Layout.localPort),
                  remotePort: bytes.le16(at: Layout.remotePort), localSeq: bytes.le32(at: Layout.localSeq),
                  remoteSeq: bytes.le32(at: Layout.remoteSeq),
                  localIP: IPv4Address(bytes: bytes, at: Layout.localIP),
                  remoteIP: IPv4Address(bytes: bytes, at: Layout.remoteIP),
                  request: Array(bytes[Layout.frames..<(Layout.frames + reqLen)]),
                  response: Array(bytes[(Layout.frames + reqLen)..<need]))
    }

    /// Writes `size` bytes; the caller has checked `buffer.count >= size`.
    public func emit(into buffer: UnsafeMutableRawBufferPointer) throws(OffloadWireError) {
        guard request.count <= 0xFFFF, response.count <= 0xFFFF else {
            throw .frameTooLong(max(request.count, response.count))
        }
        guard buffer.count >= size else { throw .truncated(need: size, have: buffer.count) }
        buffer[Layout.index] = index
        buffer[Layout.ipAddrType] = Self.ipv4
        buffer.setLE16(localPort, at: Layout.localPort)
        buffer.setLE16(remotePort, at: Layout.remotePort)
        buffer.setLE16(0, at: Layout.pad)
        buffer.setLE32(localSeq, at: Layout.localSeq)
        buffer.setLE32(remoteSeq, at: Layout.remoteSeq)
        buffer.setLE16(UInt16(request.count), at: Layout.requestLen)
        buffer.setLE16(UInt16(response.count), at: Layout.responseLen)
        localIP.write(to: buffer, at: Layout.localIP)
        remoteIP.write(to: buffer, at: Layout.remoteIP)
        let r = Layout.frames + request.count
        request.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[Layout.frames..<r]).copyMemory(from: $0) }
        response.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[r..<(r + response.count)]).copyMemory(from: $0) }
    }

    /// The payload as bytes.
    public func bytes() throws(OffloadWireError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: size)
        var failure: OffloadWireError? = nil
        out.withUnsafeMutableBytes { b in
            do throws(OffloadWireError) { try emit(into: b) } catch { failure = error }
        }
        if let failure { throw failure }
        return out
    }
}
