import Net
import Runtime

/// The DHCP server side of a test: 192.168.0.1 offering 192.168.0.10 (the dhcp.pcap
/// exchange), with router and DNS.
enum Server {
    static let ip = Net0.gatewayIP
    static let mac = Net0.gatewayMAC

    static func reply(_ type: DhcpMessage.MessageType, xid: UInt32, yiaddr: IPv4Address = Net0.ourIP,
                      lease: UInt32? = 3600, t1: UInt32? = nil, t2: UInt32? = nil,
                      to dst: IPv4Address = .broadcast, dstMAC: MACAddress = .broadcast) -> [UInt8] {
        var m = DhcpMessage(opcode: .reply, transactionID: xid, clientMAC: Net0.ourMAC, messageType: type)
        m.yourAddress = type == .nak ? .any : yiaddr
        m.serverIdentifier = ip
        if type != .nak {
            m.subnetMask = Net0.netmask
            m.router = ip
            m.dnsServers = IPv4AddressList(IPv4Address(192, 168, 0, 2), IPv4Address(8, 8, 8, 8))
            m.leaseTime = lease
            m.renewalTime = t1
            m.rebindingTime = t2
        }
        var body = [UInt8](repeating: 0, count: m.emittedLength())
        body.withUnsafeMutableBytes { _ = try! m.emit(into: $0) }
        return Build.udp(from: ip, 67, to: dst, 68, body, srcMAC: mac, dstMAC: dstMAC)
    }
}

func dhcpInterface(probes: Int = 2, randomize: Bool = false, seed: UInt64 = 1) -> (Interface, RecordingSink) {
    let (iface, sink) = makeInterface(seed: seed)
    var c = DhcpClient.Config()
    c.probeCount = probes
    c.randomizeRetransmission = randomize
    iface.configureAddress(.dhcp(c), now: .zero)
    return (iface, sink)
}

extension RecordingSink {
    /// The DHCP messages sent since the last take (other frames dropped).
    func takeDhcp() throws -> [Sent] { try take().map(Sent.init).filter { $0.dhcp != nil } }
}
