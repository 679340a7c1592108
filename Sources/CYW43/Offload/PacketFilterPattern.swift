/// The `pkt_filter_add` value (docs/cyw43-bus.md §7.7), a pattern-match filter:
///
///     off size field
///       0   4  id              LE
///       4   4  type            LE, 0 = pattern match
///       8   4  negate_match    LE, 0 positive / 1 negative
///      12   4  offset          LE, from the start of the Ethernet frame
///      16   4  size_bytes      LE
///      20   n  mask[size]
///    20+n   n  pattern[size]
public struct PacketFilterPattern: Equatable, Sendable {
    private enum Layout {
        static let id = 0, type = 4, negateMatch = 8, offset = 12, sizeBytes = 16, mask = 20
    }
    public static let fixedSize = Layout.mask
    /// `type` of a pattern-match filter.
    public static let patternMatch: UInt32 = 0

    public var id: UInt32
    /// A matching frame "matches" when the masked bytes differ (negative filter).
    public var negate: Bool
    public var offset: UInt32
    public var mask: [UInt8]
    /// Same length as `mask`.
    public var pattern: [UInt8]

    public init(id: UInt32, negate: Bool = false, offset: UInt32, mask: [UInt8], pattern: [UInt8]) {
        self.id = id; self.negate = negate; self.offset = offset; self.mask = mask; self.pattern = pattern
    }

    public var size: Int { Layout.mask + 2 * mask.count }

    public init(parsing bytes: UnsafeRawBufferPointer) throws(OffloadWireError) {
        guard bytes.count >= Layout.mask else { throw .truncated(need: Layout.mask, have: bytes.count) }
        let n = Int(clamping: bytes.le32(at: Layout.sizeBytes))  // no trap where Int is 32 bits
        guard n <= 0xFFFF, bytes.count >= Layout.mask + 2 * n else {
            throw .truncated(need: Layout.mask + 2 * min(n, 0xFFFF), have: bytes.count)
        }
        self.init(id: bytes.le32(at: Layout.id), negate: bytes.le32(at: Layout.negateMatch) != 0,
                  offset: bytes.le32(at: Layout.offset),
                  mask: Array(bytes[Layout.mask..<(Layout.mask + n)]),
                  pattern: Array(bytes[(Layout.mask + n)..<(Layout.mask + 2 * n)]))
    }

    /// The filter's `type` field as parsed is always pattern match; others are not supported.
    public func emit(into buffer: UnsafeMutableRawBufferPointer) {
        buffer.setLE32(id, at: Layout.id)
        buffer.setLE32(Self.patternMatch, at: Layout.type)
        buffer.setLE32(negate ? 1 : 0, at: Layout.negateMatch)
        buffer.setLE32(offset, at: Layout.offset)
        buffer.setLE32(UInt32(mask.count), at: Layout.sizeBytes)
        for i in 0..<mask.count {
            buffer[Layout.mask + i] = mask[i]
            buffer[Layout.mask + mask.count + i] = i < pattern.count ? pattern[i] : 0
        }
    }

    /// True if `frame` matches (before `negate`): every masked byte equals the pattern's.
    public func matches(_ frame: UnsafeRawBufferPointer) -> Bool {
        let start = Int(offset)
        guard start + mask.count <= frame.count else { return false }
        for i in 0..<mask.count where frame[start + i] & mask[i] != pattern[i] & mask[i] { return false }
        return true
    }
}

/// `pkt_filter_mode` bits (docs/cyw43-bus.md §7.7; from Broadcom DHD-era headers, inferred for
/// these chips). Mode 0: frames matching an enabled filter are dropped.
public struct PacketFilterMode: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Forward matching frames, drop the rest.
    public static let forwardOnMatch = PacketFilterMode(rawValue: 0x1)
    /// Filtering off.
    public static let disable = PacketFilterMode(rawValue: 0x2)
    public static let cacheOnMatch = PacketFilterMode(rawValue: 0x4)
    /// With no enabled filter, forward nothing.
    public static let forwardOffDefault = PacketFilterMode(rawValue: 0x8)
}
