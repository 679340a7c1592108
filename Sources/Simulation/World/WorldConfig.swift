import Runtime
import ChipModel

/// Everything that shapes the virtual world: its APs, the LAN plan (router, DHCP pool,
/// echo server), delays, capture and power figures. `standard(...)` derives a LAN around
/// the server address the board's keepalive config names, so the device finds its server.
public struct WorldConfig: Sendable {
    /// The access points on the air (a scan sees every present one).
    public var accessPoints: [VirtualAP]
    public var subnetMask: IPv4Address
    public var routerIP: IPv4Address
    public var routerMAC: MACAddress
    public var dnsIP: IPv4Address
    public var poolFirst: IPv4Address
    public var poolLast: IPv4Address
    public var leaseSeconds: UInt32
    /// The echo server host (the seed's tcp_server.py). nil: no server host on the LAN.
    public var serverIP: IPv4Address?
    public var serverMAC: MACAddress
    public var serverPort: UInt16
    /// One-way delay station <-> LAN host (air + wire + AP). The seed capture shows the
    /// server answering ~65 µs after a keepalive arrives; the air side adds more.
    public var latency: Duration
    /// Keep a pcap of every frame on the air side.
    public var capturePcap: Bool
    /// Added to virtual time in pcap timestamps and trace lines.
    public var clockOffsetSeconds: UInt64
    /// How long to run after the host's first deep sleep (nil: until stopped).
    public var duration: Duration?
    public var figures: PowerFigures
    /// The virtual router (ARP, DHCP server) is on the LAN. Off when the air side is
    /// bridged to a real network (TAP), whose own hosts answer.
    public var virtualRouter = true
    /// The AP holds frames for a dozing station until a DTIM beacon it listens to (nil: the
    /// station gets every frame at once, as if it never dozed).
    public var powerSave: AccessPointPowerSave? = AccessPointPowerSave()

    public init(accessPoints: [VirtualAP], subnetMask: IPv4Address, routerIP: IPv4Address, routerMAC: MACAddress,
                dnsIP: IPv4Address, poolFirst: IPv4Address, poolLast: IPv4Address, leaseSeconds: UInt32,
                serverIP: IPv4Address?, serverMAC: MACAddress, serverPort: UInt16, latency: Duration,
                capturePcap: Bool, clockOffsetSeconds: UInt64, duration: Duration?, figures: PowerFigures) {
        self.accessPoints = accessPoints; self.subnetMask = subnetMask; self.routerIP = routerIP
        self.routerMAC = routerMAC; self.dnsIP = dnsIP; self.poolFirst = poolFirst; self.poolLast = poolLast
        self.leaseSeconds = leaseSeconds; self.serverIP = serverIP; self.serverMAC = serverMAC
        self.serverPort = serverPort; self.latency = latency; self.capturePcap = capturePcap
        self.clockOffsetSeconds = clockOffsetSeconds; self.duration = duration; self.figures = figures
    }

    /// Locally administered addresses ("SIM" = 53 49 4D) for the world's own machines.
    public static let defaultRouterMAC = MACAddress(0x02, 0x53, 0x49, 0x4D, 0x00, 0x01)
    public static let defaultServerMAC = MACAddress(0x02, 0x53, 0x49, 0x4D, 0x00, 0x0A)
    public static let defaultBSSID = MACAddress(0x02, 0x53, 0x49, 0x4D, 0x00, 0xA0)

    /// One AP with `ap`'s credentials; a /24 around `serverIP`; router at .1 (or .254 if
    /// the server is .1), DNS = router, pool .100–.199 (the server's address is reserved
    /// if it falls inside), 24 h leases, 2 ms one-way latency.
    public static func standard(ap: VirtualAP, serverIP: IPv4Address, serverPort: UInt16) -> WorldConfig {
        let net = serverIP.value & 0xFFFF_FF00
        let host = serverIP.value & 0xFF
        let router = IPv4Address(net | (host == 1 ? 254 : 1))
        return WorldConfig(accessPoints: [ap], subnetMask: IPv4Address(255, 255, 255, 0), routerIP: router,
                           routerMAC: defaultRouterMAC, dnsIP: router,
                           poolFirst: IPv4Address(net | 100), poolLast: IPv4Address(net | 199),
                           leaseSeconds: 86_400, serverIP: serverIP, serverMAC: defaultServerMAC,
                           serverPort: serverPort, latency: .milliseconds(2), capturePcap: false,
                           clockOffsetSeconds: 0, duration: nil, figures: PowerFigures())
    }

    /// The DHCP server's configuration for this LAN.
    public var dhcp: DHCPServer.Config {
        var reserved = [routerIP]
        if let serverIP { reserved.append(serverIP) }
        return DHCPServer.Config(serverIP: routerIP, subnetMask: subnetMask, router: routerIP, dns: dnsIP,
                                 poolFirst: poolFirst, poolLast: poolLast, leaseSeconds: leaseSeconds,
                                 reserved: reserved)
    }
}
