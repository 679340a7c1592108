/// The STATUS sub-command's reply payload `wl_tko_status_t` (docs/tko-offload.md §1.4):
/// u8 count, u8 status[count]. The firmware answers count = 4 (len 5); read it *before*
/// ENABLE(0), which frees the slots (then every status is 255).
public struct TkoStatus: Equatable, Sendable {
    public var statuses: [TkoConnectionStatus]

    public init(statuses: [TkoConnectionStatus]) { self.statuses = statuses }

    public init(parsing bytes: UnsafeRawBufferPointer) throws(OffloadWireError) {
        guard bytes.count >= 1 else { throw .truncated(need: 1, have: 0) }
        let count = Int(bytes[0])
        guard bytes.count >= 1 + count else { throw .truncated(need: 1 + count, have: bytes.count) }
        statuses = (0..<count).map { TkoConnectionStatus(rawValue: bytes[1 + $0]) }
    }

    public var size: Int { 1 + statuses.count }

    /// Writes `size` bytes; the caller has checked the length.
    public func emit(into buffer: UnsafeMutableRawBufferPointer) {
        buffer[0] = UInt8(truncatingIfNeeded: statuses.count)
        for (i, s) in statuses.enumerated() { buffer[1 + i] = s.rawValue }
    }
}
