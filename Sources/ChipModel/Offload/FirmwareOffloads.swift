/// The three firmware offloads, installed in the order a frame from the air meets them:
/// TCP keepalive first (its ACKs must never be filtered), then ARP offload, then the
/// packet filter.
public struct FirmwareOffloads {
    public let keepalive: TcpKeepaliveOffload
    public let arp: ArpOffload
    public let packetFilter: PacketFilterOffload

    /// Creates the offloads and installs them on `chip`.
    @discardableResult
    public static func install(on chip: ChipModel, maxConnections: Int = 4) -> FirmwareOffloads {
        let o = FirmwareOffloads(keepalive: TcpKeepaliveOffload(maxConnections: maxConnections),
                                 arp: ArpOffload(), packetFilter: PacketFilterOffload())
        chip.installOffload(o.keepalive)
        chip.installOffload(o.arp)
        chip.installOffload(o.packetFilter)
        return o
    }
}
