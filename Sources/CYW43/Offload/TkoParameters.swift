/// `wl_tko_param_t` (docs/tko-offload.md §1.4): u16 interval @0, u16 retry_interval @2,
/// u16 retry_count @4, u8 pad[2] @6; little-endian. Note the field order differs from
/// WHD's host-side `whd_tko_retry` (interval, retry_count, retry_interval).
public struct TkoParameters: Equatable, Sendable {
    private enum Layout {
        static let interval = 0, retryInterval = 2, retryCount = 4, pad = 6
    }
    public static let size = 8

    /// Seconds between keepalives while the peer answers.
    public var interval: UInt16
    /// Seconds between retries after a missing ACK.
    public var retryInterval: UInt16
    /// Unanswered keepalives before the firmware gives up.
    public var retryCount: UInt16

    public init(interval: UInt16, retryInterval: UInt16, retryCount: UInt16) {
        self.interval = interval
        self.retryInterval = retryInterval
        self.retryCount = retryCount
    }

    /// The firmware's power-on defaults if PARAM is never sent (docs/tko-offload.md §2).
    public static let firmwareDefaults = TkoParameters(interval: 7200, retryInterval: 75, retryCount: 10)

    public init(parsing bytes: UnsafeRawBufferPointer) throws(OffloadWireError) {
        guard bytes.count >= Self.size else { throw .truncated(need: Self.size, have: bytes.count) }
        self.init(interval: bytes.le16(at: Layout.interval), retryInterval: bytes.le16(at: Layout.retryInterval),
                  retryCount: bytes.le16(at: Layout.retryCount))
    }

    /// Writes 8 bytes (pad = 0); the caller has checked `buffer.count >= size`.
    public func emit(into buffer: UnsafeMutableRawBufferPointer) {
        buffer.setLE16(interval, at: Layout.interval)
        buffer.setLE16(retryInterval, at: Layout.retryInterval)
        buffer.setLE16(retryCount, at: Layout.retryCount)
        buffer[Layout.pad] = 0
        buffer[Layout.pad + 1] = 0
    }

    var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.size)
        out.withUnsafeMutableBytes { emit(into: $0) }
        return out
    }
}
