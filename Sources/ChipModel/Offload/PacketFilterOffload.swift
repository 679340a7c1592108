import Runtime

/// The firmware's packet filter (docs/cyw43-bus.md §7.7): pattern filters added with
/// "pkt_filter_add", switched with "pkt_filter_enable", removed with "pkt_filter_delete";
/// "pkt_filter_mode" bits (inferred from Broadcom headers): 0x1 forward on match (forward
/// matching frames, drop the rest), otherwise drop matching frames; 0x2 filtering off;
/// 0x8 forward nothing when no filter is enabled. A frame "matches" if any enabled filter
/// matches it (a negated filter matches when its pattern does not).
///
/// Model choices: adding an existing id replaces it; "pkt_filter_list" GET answers only a
/// u32 count of installed filters.
public final class PacketFilterOffload: FirmwareOffload {
    struct Filter {
        var id: UInt32
        var negate: Bool
        var offset: Int
        var mask: [UInt8]
        var pattern: [UInt8]
        var enabled = false

        func matches(_ f: [UInt8]) -> Bool {
            guard offset + mask.count <= f.count else { return negate }
            for i in 0..<mask.count where f[offset + i] & mask[i] != pattern[i] & mask[i] { return negate }
            return !negate
        }
    }

    var filters: [Filter] = []
    public internal(set) var mode: UInt32 = 0
    /// Frames dropped by the filter.
    public internal(set) var dropped = 0

    public init() {}

    /// Installed filter ids and whether each is enabled.
    public var installed: [(id: UInt32, enabled: Bool)] { filters.map { ($0.id, $0.enabled) } }

    public var nextDeadline: Instant? { nil }
    public func advance(to now: Instant, chip: ChipModel) {}

    public func setIovar(name: [UInt8], value: [UInt8], chip: ChipModel) -> Int32? { set(name, value) }
    public func getIovar(name: [UInt8], params: [UInt8], chip: ChipModel) -> (Int32, [UInt8])? {
        if OffloadBytes.equals(name, "pkt_filter_list") {
            return (OffloadStatus.ok, OffloadBytes.u32Value(UInt32(filters.count)))
        }
        if OffloadBytes.equals(name, "pkt_filter_mode") { return (OffloadStatus.ok, OffloadBytes.u32Value(mode)) }
        return nil
    }
    public func interceptFromAir(_ frame: [UInt8], chip: ChipModel) -> Bool { intercept(frame) }

    /// The firmware restarted: filters and mode gone (the drop counter stays).
    public func firmwareReset(chip: ChipModel) {
        filters = []
        mode = 0
    }

    func set(_ name: [UInt8], _ v: [UInt8]) -> Int32? {
        if OffloadBytes.equals(name, "pkt_filter_add") {
            // {u32 id, u32 type, u32 negate_match, u32 offset, u32 size_bytes, mask, pattern}
            guard v.count >= 20 else { return OffloadStatus.bufferTooShort }
            let n = Int(OffloadBytes.le32(v, 16))
            guard OffloadBytes.le32(v, 4) == 0, n > 0, n <= 256 else { return OffloadStatus.badArgument }
            guard v.count >= 20 + 2 * n else { return OffloadStatus.bufferTooShort }
            let f = Filter(id: OffloadBytes.le32(v, 0), negate: OffloadBytes.le32(v, 8) != 0,
                           offset: Int(OffloadBytes.le32(v, 12) & 0xFFFF),
                           mask: Array(v[20..<(20 + n)]), pattern: Array(v[(20 + n)..<(20 + 2 * n)]))
            filters.removeAll { $0.id == f.id }
            filters.append(f)
        } else if OffloadBytes.equals(name, "pkt_filter_enable") {
            guard v.count >= 8 else { return OffloadStatus.bufferTooShort }
            let id = OffloadBytes.le32(v, 0)
            guard let i = filters.firstIndex(where: { $0.id == id }) else { return OffloadStatus.notFound }
            filters[i].enabled = OffloadBytes.le32(v, 4) != 0
        } else if OffloadBytes.equals(name, "pkt_filter_delete") {
            guard v.count >= 4 else { return OffloadStatus.bufferTooShort }
            let id = OffloadBytes.le32(v, 0)
            guard filters.contains(where: { $0.id == id }) else { return OffloadStatus.notFound }
            filters.removeAll { $0.id == id }
        } else if OffloadBytes.equals(name, "pkt_filter_mode") {
            guard v.count >= 4 else { return OffloadStatus.bufferTooShort }
            mode = OffloadBytes.le32(v, 0)
        } else {
            return nil
        }
        return OffloadStatus.ok
    }

    /// True (consumed = dropped) if the filter discards the frame.
    func intercept(_ frame: [UInt8]) -> Bool {
        guard mode & 0x2 == 0 else { return false }
        let active = filters.filter { $0.enabled }
        let drop: Bool
        if active.isEmpty {
            drop = mode & 0x8 != 0
        } else {
            let matched = active.contains { $0.matches(frame) }
            drop = mode & 0x1 != 0 ? !matched : matched
        }
        if drop { dropped += 1 }
        return drop
    }
}
