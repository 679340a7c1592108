import Runtime

/// ARP offload iovars (docs/cyw43-bus.md §7.6).
extension IovarAccess {
    /// "arp_ol": feature bits (0x1 agent, 0x2 snoop, 0x4 host auto-reply, 0x8 peer auto-reply).
    public func arpOffloadSetFeatures(_ bits: UInt32) throws(OffloadIovarError) {
        try offloadSet("arp_ol", u32: bits)
    }

    /// "arp_ol" GET.
    public func arpOffloadFeatures() throws(OffloadIovarError) -> UInt32 {
        try offloadGetU32("arp_ol")
    }

    /// "arpoe": ARP offload engine on/off.
    public func arpOffloadEnable(_ on: Bool) throws(OffloadIovarError) {
        try offloadSet("arpoe", u32: on ? 1 : 0)
    }

    /// "arp_hostip": adds a host IPv4 address (network byte order; up to 8).
    public func arpOffloadAddHostIP(_ ip: IPv4Address) throws(OffloadIovarError) {
        try offloadSet("arp_hostip", count: 4) { b throws(OffloadWireError) in ip.write(to: b, at: 0) }
    }

    /// "arp_hostip_clear": forgets every host address (no value).
    public func arpOffloadClearHostIPs() throws(OffloadIovarError) {
        try offloadSet("arp_hostip_clear", bytes: [])
    }

    /// "arp_peerage": seconds a learned peer is kept.
    public func arpOffloadSetPeerAge(_ seconds: UInt32) throws(OffloadIovarError) {
        try offloadSet("arp_peerage", u32: seconds)
    }

    /// "arp_table_clear": forgets learned peers (no value).
    public func arpOffloadClearTable() throws(OffloadIovarError) {
        try offloadSet("arp_table_clear", bytes: [])
    }

    /// "arp_hostip" GET: the host addresses, a list of 4-byte network-order entries ending
    /// at the first 0.0.0.0 (WHD `whd_arp_hostip_list_get` reads it so; inferred layout).
    public func arpOffloadHostIPs() throws(OffloadIovarError) -> [IPv4Address] {
        let r = try offloadGet("arp_hostip", params: [], replyCapacity: 4 * 8)
        var out: [IPv4Address] = []
        var o = 0
        while o + 4 <= r.count {
            let ip = IPv4Address(r[o], r[o + 1], r[o + 2], r[o + 3])
            if ip.isUnspecified { break }
            out.append(ip)
            o += 4
        }
        return out
    }
}
