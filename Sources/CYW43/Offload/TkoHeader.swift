/// The `wl_tko_t` container header in front of every tko sub-command payload
/// (docs/tko-offload.md §1.2): two little-endian u16, natural alignment.
///
/// `length` quirk (§1.2): WHD and LPA send `4 + sizeof(payload)` (header-inclusive); the
/// firmware only checks `length <= buffer - 4` and, for PARAM/ENABLE, `length >= payload`.
/// We send header-inclusive lengths to be byte-identical with the C stack, and give the
/// request 4 trailing zero bytes so `4 + length` bytes exist after the header's start.
public struct TkoHeader: Equatable, Sendable {
    private enum Layout {
        static let subcmdID = 0, len = 2
    }
    /// Header bytes (offsetof(wl_tko_t, data), `TKO_DATA_OFFSET`).
    public static let size = 4

    public var subcommand: TkoSubcommand
    public var length: UInt16

    public init(subcommand: TkoSubcommand, length: UInt16) {
        self.subcommand = subcommand
        self.length = length
    }

    /// The header WHD/LPA put in front of a `payloadSize`-byte payload.
    public init(subcommand: TkoSubcommand, payloadSize: Int) {
        self.init(subcommand: subcommand, length: UInt16(truncatingIfNeeded: Self.size + payloadSize))
    }

    public init(parsing bytes: UnsafeRawBufferPointer) throws(OffloadWireError) {
        guard bytes.count >= Self.size else { throw .truncated(need: Self.size, have: bytes.count) }
        self.init(subcommand: TkoSubcommand(rawValue: bytes.le16(at: Layout.subcmdID)),
                  length: bytes.le16(at: Layout.len))
    }

    /// Writes the 4 header bytes; the caller has checked `buffer.count >= size`.
    public func emit(into buffer: UnsafeMutableRawBufferPointer) {
        buffer.setLE16(subcommand.rawValue, at: Layout.subcmdID)
        buffer.setLE16(length, at: Layout.len)
    }

    /// A whole SET/GET request: header, `payload`, then 4 zero bytes (see the type's note).
    public static func request(_ subcommand: TkoSubcommand, payload: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: size + payload.count + 4)
        out.withUnsafeMutableBytes { b in
            TkoHeader(subcommand: subcommand, payloadSize: payload.count).emit(into: b)
            for i in 0..<payload.count { b[size + i] = payload[i] }
        }
        return out
    }
}
