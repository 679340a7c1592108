/// The TCP options we understand (RFC 9293 §3.2, RFC 7323, RFC 2018). Unknown kinds are
/// skipped by their length byte and counted, never misread.
public struct TcpSegmentOptions: Equatable, Sendable {
    /// Option kinds (IANA "TCP Option Kind Numbers").
    private enum Kind {
        static let endOfList: UInt8 = 0            // RFC 9293 §3.2
        static let noOperation: UInt8 = 1          // RFC 9293 §3.2
        static let maximumSegmentSize: UInt8 = 2   // RFC 9293 §3.2, length 4
        static let windowScale: UInt8 = 3          // RFC 7323 §2.2, length 3
        static let sackPermitted: UInt8 = 4        // RFC 2018 §2, length 2
        static let sack: UInt8 = 5                 // RFC 2018 §3, length 2 + 8n
        static let timestamps: UInt8 = 8           // RFC 7323 §3.2, length 10
    }

    /// MSS (SYN only): the largest segment the sender of this option can receive.
    public var maximumSegmentSize: UInt16?
    /// Window scale shift count (SYN only; RFC 7323 §2.3 caps its use at 14).
    public var windowScale: UInt8?
    /// SACK-permitted (SYN only).
    public var sackPermitted: Bool
    /// TSval / TSecr.
    public var timestamps: Timestamps?
    /// Number of SACK blocks in a SACK option, if one was present (not acted upon).
    public var sackBlocks: Int
    /// Options of kinds we do not know, skipped by length.
    public var unknownCount: Int

    public struct Timestamps: Equatable, Sendable {
        public var value: UInt32
        public var echoReply: UInt32
        public init(value: UInt32, echoReply: UInt32) { self.value = value; self.echoReply = echoReply }
    }

    public init(maximumSegmentSize: UInt16? = nil, windowScale: UInt8? = nil,
                sackPermitted: Bool = false, timestamps: Timestamps? = nil) {
        self.maximumSegmentSize = maximumSegmentSize
        self.windowScale = windowScale
        self.sackPermitted = sackPermitted
        self.timestamps = timestamps
        self.sackBlocks = 0
        self.unknownCount = 0
    }

    /// Parses the option area (header bytes 20..<data offset*4).
    init(parsing area: UnsafeRawBufferPointer) throws(WireError) {
        self.init()
        var i = 0
        while i < area.count {
            let kind = area[i]
            if kind == Kind.endOfList { break }
            if kind == Kind.noOperation { i += 1; continue }
            // A kind without its length byte, or a length past the header: the option
            // runs off its area.
            guard i + 1 < area.count else { throw .badOption(code: kind, offset: i) }
            let length = Int(area[i + 1])
            guard length >= 2 else { throw .badLength(field: WireField.tcpOptionLength, value: length) }
            guard i + length <= area.count else { throw .badOption(code: kind, offset: i) }
            let v = i + 2
            switch kind {
            case Kind.maximumSegmentSize:
                guard length == 4 else { throw .badLength(field: WireField.tcpOptionLength, value: length) }
                maximumSegmentSize = load16(area, v)
            case Kind.windowScale:
                guard length == 3 else { throw .badLength(field: WireField.tcpOptionLength, value: length) }
                windowScale = area[v]
            case Kind.sackPermitted:
                guard length == 2 else { throw .badLength(field: WireField.tcpOptionLength, value: length) }
                sackPermitted = true
            case Kind.sack:
                guard (length - 2) % 8 == 0 else { throw .badLength(field: WireField.tcpOptionLength, value: length) }
                sackBlocks = (length - 2) / 8
            case Kind.timestamps:
                guard length == 10 else { throw .badLength(field: WireField.tcpOptionLength, value: length) }
                timestamps = Timestamps(value: load32(area, v),
                                        echoReply: load32(area, v + 4))
            default:
                unknownCount += 1
            }
            i += length
        }
    }

    /// Bytes `emit` writes: a multiple of 4 (RFC 9293 §3.1: the header ends on a 32-bit
    /// boundary). SACK blocks and unknown options are never emitted.
    var emittedLength: Int {
        var n = 0
        if maximumSegmentSize != nil { n += 4 }
        if sackPermitted || timestamps != nil { n += timestamps != nil ? 12 : 4 }
        if windowScale != nil { n += 4 }
        return n
    }

    /// Emits in the order Linux uses for a SYN: MSS, SACK-permitted + timestamps, NOP +
    /// window scale; NOPs pad each group to 4 bytes (RFC 7323 Appendix A layout).
    func emit(into area: UnsafeMutableRawBufferPointer) {
        var i = 0
        if let mss = maximumSegmentSize {
            area[0] = Kind.maximumSegmentSize; area[1] = 4
            store16(area, 2, mss)
            i = 4
        }
        if let ts = timestamps {
            if sackPermitted {
                area[i] = Kind.sackPermitted; area[i + 1] = 2
            } else {
                area[i] = Kind.noOperation; area[i + 1] = Kind.noOperation
            }
            area[i + 2] = Kind.timestamps; area[i + 3] = 10
            store32(area, i + 4, ts.value)
            store32(area, i + 8, ts.echoReply)
            i += 12
        } else if sackPermitted {
            area[i] = Kind.noOperation; area[i + 1] = Kind.noOperation
            area[i + 2] = Kind.sackPermitted; area[i + 3] = 2
            i += 4
        }
        if let shift = windowScale {
            area[i] = Kind.noOperation
            area[i + 1] = Kind.windowScale; area[i + 2] = 3; area[i + 3] = shift
            i += 4
        }
    }
}
