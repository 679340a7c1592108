/// Packet filter iovars (docs/cyw43-bus.md §7.7).
extension IovarAccess {
    /// "pkt_filter_add": installs a (disabled) pattern filter.
    public func packetFilterAdd(_ f: PacketFilterPattern) throws(OffloadIovarError) {
        var value = [UInt8](repeating: 0, count: f.size)
        value.withUnsafeMutableBytes { f.emit(into: $0) }
        try offloadSet("pkt_filter_add", bytes: value)
    }

    /// "pkt_filter_enable" = {u32 id, u32 enable}.
    public func packetFilterEnable(id: UInt32, _ on: Bool) throws(OffloadIovarError) {
        var v = [UInt8](repeating: 0, count: 8)
        v.withUnsafeMutableBytes { b in
            b.setLE32(id, at: 0)
            b.setLE32(on ? 1 : 0, at: 4)
        }
        try offloadSet("pkt_filter_enable", bytes: v)
    }

    /// "pkt_filter_delete" = u32 id.
    public func packetFilterDelete(id: UInt32) throws(OffloadIovarError) {
        try offloadSet("pkt_filter_delete", u32: id)
    }

    /// "pkt_filter_mode" = u32 bits (defined by WHD, never sent by it; bit meanings inferred).
    public func packetFilterSetMode(_ mode: PacketFilterMode) throws(OffloadIovarError) {
        try offloadSet("pkt_filter_mode", u32: mode.rawValue)
    }
}
