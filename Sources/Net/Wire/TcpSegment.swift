import Runtime

/// The TCP control bits (RFC 9293 §3.1 "Control Bits", plus ECE/CWR of RFC 3168 §23.2).
/// An open set: bits we do not act on survive a parse/emit round trip.
public struct TcpFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let fin = TcpFlags(rawValue: 0x01)
    public static let syn = TcpFlags(rawValue: 0x02)
    public static let rst = TcpFlags(rawValue: 0x04)
    public static let psh = TcpFlags(rawValue: 0x08)
    public static let ack = TcpFlags(rawValue: 0x10)
    public static let urg = TcpFlags(rawValue: 0x20)
    public static let ece = TcpFlags(rawValue: 0x40)
    public static let cwr = TcpFlags(rawValue: 0x80)
}

/// A TCP segment header (RFC 9293 §3.1) with its options, parsed from or emitted into a
/// buffer that starts at the TCP header. The payload is not copied: after a parse it is
/// `payload`, a range into the caller's buffer; for emit the caller writes it after
/// `headerLength` bytes and then calls `fillChecksum`.
public struct TcpSegment: Equatable, Sendable {
    /// RFC 9293 §3.1 field offsets.
    private enum Layout {
        static let sourcePort = 0          // 16 bits
        static let destinationPort = 2     // 16 bits
        static let sequenceNumber = 4      // 32 bits
        static let acknowledgmentNumber = 8 // 32 bits
        static let dataOffset = 12         // high 4 bits: header length in 32-bit words
        static let controlBits = 13        // CWR ECE URG ACK PSH RST SYN FIN
        static let window = 14             // 16 bits
        static let checksum = 16           // 16 bits
        static let urgentPointer = 18      // 16 bits
        static let options = 20
    }

    /// Length of the header without options.
    public static let minimumHeaderLength = 20
    /// The largest header: data offset 15 words.
    public static let maximumHeaderLength = 60
    /// IP protocol number of TCP (RFC 9293 §3.1, IANA).
    public static let ipProtocol: UInt8 = 6

    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// SEG.SEQ
    public var sequenceNumber: UInt32
    /// SEG.ACK (meaningful only with `.ack`)
    public var acknowledgmentNumber: UInt32
    public var flags: TcpFlags
    /// SEG.WND, unscaled as it appears in the header.
    public var window: UInt16
    /// The checksum as parsed; `emit` writes 0 and `fillChecksum` computes it.
    public var checksum: UInt16
    public var urgentPointer: UInt16
    public var options: TcpSegmentOptions
    /// Where the payload lies in the parsed buffer (empty for a built segment).
    public var payload: Range<Int>

    public init(sourcePort: UInt16, destinationPort: UInt16, sequenceNumber: UInt32,
                acknowledgmentNumber: UInt32 = 0, flags: TcpFlags, window: UInt16,
                urgentPointer: UInt16 = 0, options: TcpSegmentOptions = TcpSegmentOptions()) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
        self.flags = flags
        self.window = window
        self.checksum = 0
        self.urgentPointer = urgentPointer
        self.options = options
        self.payload = 0..<0
    }

    /// Parses the header and options; checks every length once (no checksum check).
    public init(parsing bytes: UnsafeRawBufferPointer) throws(WireError) {
        guard bytes.count >= Layout.options else {
            throw .truncated(need: Layout.options, have: bytes.count)
        }
        let words = Int(bytes[Layout.dataOffset] >> 4)
        guard words >= 5 else { throw .badLength(field: WireField.tcpDataOffset, value: words) }
        let headerLength = words * 4
        guard bytes.count >= headerLength else {
            throw .truncated(need: headerLength, have: bytes.count)
        }
        sourcePort = load16(bytes, Layout.sourcePort)
        destinationPort = load16(bytes, Layout.destinationPort)
        sequenceNumber = load32(bytes, Layout.sequenceNumber)
        acknowledgmentNumber = load32(bytes, Layout.acknowledgmentNumber)
        flags = TcpFlags(rawValue: bytes[Layout.controlBits])
        window = load16(bytes, Layout.window)
        checksum = load16(bytes, Layout.checksum)
        urgentPointer = load16(bytes, Layout.urgentPointer)
        options = try TcpSegmentOptions(parsing: UnsafeRawBufferPointer(rebasing: bytes[Layout.options..<headerLength]))
        payload = headerLength..<bytes.count
    }

    /// Parses and verifies the checksum over the RFC 9293 §3.1 pseudo-header
    /// (source, destination, zero, protocol 6, TCP length).
    public init(parsing bytes: UnsafeRawBufferPointer, source: IPv4Address,
                destination: IPv4Address) throws(WireError) {
        try self.init(parsing: bytes)
        let sum = Self.checksumSum(bytes, source: source, destination: destination)
        guard sum == 0 else { throw .badChecksum(found: checksum, computed: sum) }
    }

    /// Header length this segment emits (options padded to a multiple of 4).
    public var headerLength: Int { Layout.options + options.emittedLength }

    /// Number of sequence numbers the segment occupies besides `payloadLength` bytes
    /// (SYN and FIN count one each, RFC 9293 §3.4).
    public var controlLength: Int { (flags.contains(.syn) ? 1 : 0) + (flags.contains(.fin) ? 1 : 0) }

    /// Writes the header and options at the start of `buffer` with checksum 0. The caller
    /// has made `buffer` at least `headerLength` long.
    public func emit(into buffer: UnsafeMutableRawBufferPointer) {
        let length = headerLength
        store16(buffer, Layout.sourcePort, sourcePort)
        store16(buffer, Layout.destinationPort, destinationPort)
        store32(buffer, Layout.sequenceNumber, sequenceNumber)
        store32(buffer, Layout.acknowledgmentNumber, acknowledgmentNumber)
        buffer[Layout.dataOffset] = UInt8(truncatingIfNeeded: (length / 4) << 4)
        buffer[Layout.controlBits] = flags.rawValue
        store16(buffer, Layout.window, window)
        store16(buffer, Layout.checksum, 0)
        store16(buffer, Layout.urgentPointer, urgentPointer)
        options.emit(into: UnsafeMutableRawBufferPointer(rebasing: buffer[Layout.options..<length]))
    }

    /// Computes and stores the checksum of a complete segment (header + payload) in place.
    public static func fillChecksum(_ segment: UnsafeMutableRawBufferPointer,
                                    source: IPv4Address, destination: IPv4Address) {
        store16(segment, Layout.checksum, 0)
        let sum = InternetChecksum.pseudoHeader(source: source, destination: destination,
                                                protocol: ipProtocol,
                                                length: UInt16(truncatingIfNeeded: segment.count))
        store16(segment, Layout.checksum, InternetChecksum.finish(InternetChecksum.add(UnsafeRawBufferPointer(segment), to: sum)))
    }

    /// True if the checksum of a complete segment verifies.
    public static func checksumIsValid(_ segment: UnsafeRawBufferPointer, source: IPv4Address,
                                       destination: IPv4Address) -> Bool {
        checksumSum(segment, source: source, destination: destination) == 0
    }

    /// The checksum computed over pseudo-header and segment, checksum field included:
    /// 0 when it verifies.
    static func checksumSum(_ segment: UnsafeRawBufferPointer, source: IPv4Address,
                            destination: IPv4Address) -> UInt16 {
        let sum = InternetChecksum.pseudoHeader(source: source, destination: destination,
                                                protocol: ipProtocol,
                                                length: UInt16(truncatingIfNeeded: segment.count))
        return InternetChecksum.finish(InternetChecksum.add(segment, to: sum))
    }
}

extension WireField {
    /// TCP data offset below 5 words (RFC 9293 §3.1).
    public static let tcpDataOffset: UInt16 = 0x0601
    /// A TCP option length below 2, or not the length its kind defines.
    public static let tcpOptionLength: UInt16 = 0x0602
}
