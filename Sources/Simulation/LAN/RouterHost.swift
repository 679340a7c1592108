import Runtime

/// The LAN's router: answers ARP for its address and runs the DHCP server (UDP 67 ->
/// client port 68, RFC 2131 §4.1). It forwards nothing: the echo server is on the LAN.
public final class RouterHost: LanHost {
    public let mac: MACAddress
    public let ip: IPv4Address
    public let dhcp: DHCPServer
    /// Frames we could not parse or did not expect.
    public private(set) var dropped = 0
    /// Whether DHCP answers at all (a scripted "DHCP server down" turns this off).
    public var dhcpEnabled = true
    private unowned(unsafe) let port: any LanPort
    private var ipID: UInt16 = 1

    public init(mac: MACAddress, ip: IPv4Address, dhcp: DHCPServer.Config, port: any LanPort) {
        self.mac = mac; self.ip = ip; self.dhcp = DHCPServer(config: dhcp); self.port = port
    }

    public var nextDeadline: Instant? { nil }
    public func advance(to now: Instant) {}

    public func receive(_ frame: [UInt8], now: Instant) {
        let p: LanPacket
        do { p = try LanPacket(parsing: frame) } catch { dropped += 1; return }
        if let arp = p.arp {
            if arp.operation == 1 && arp.targetIP == ip {
                port.send(FrameBuilder.arpReply(senderMAC: mac, senderIP: ip,
                                                targetMAC: arp.senderMAC, targetIP: arp.senderIP), from: mac)
            }
            return
        }
        guard dhcpEnabled, let udp = p.udp, udp.destinationPort == 67 else { return }
        let m: DHCPMessage
        do { m = try DHCPMessage(parsing: frame, range: udp.payload) } catch { dropped += 1; return }
        guard let r = dhcp.handle(m, now: now) else { return }
        ipID &+= 1
        port.send(FrameBuilder.udp(srcMAC: mac, dstMAC: r.destinationMAC, srcIP: ip, dstIP: r.destinationIP,
                                   srcPort: 67, dstPort: 68, payload: r.message.emit(), ipID: ipID), from: mac)
    }
}
