import Net
import Runtime

/// A FrameSink that keeps copies of every frame.
final class RecordingSink: FrameSink {
    var frames: [[UInt8]] = []
    func transmit(_ frame: UnsafeRawBufferPointer) { frames.append(Array(frame)) }
    func take() -> [[UInt8]] { defer { frames.removeAll() }; return frames }
}

extension Instant {
    static func s(_ n: UInt64) -> Instant { .seconds(n) }
    static func ms(_ n: UInt64) -> Instant { .milliseconds(n) }
}

/// Test addresses on 192.168.0.0/24 (the dhcp.pcap network).
enum Net0 {
    static let ourMAC = MACAddress(0x02, 0x00, 0x00, 0x00, 0x00, 0x10)
    static let peerMAC = MACAddress(0x02, 0x00, 0x00, 0x00, 0x00, 0x20)
    static let gatewayMAC = MACAddress(0x02, 0x00, 0x00, 0x00, 0x00, 0x01)
    static let ourIP = IPv4Address(192, 168, 0, 10)
    static let peerIP = IPv4Address(192, 168, 0, 20)
    static let gatewayIP = IPv4Address(192, 168, 0, 1)
    static let netmask = IPv4Address(255, 255, 255, 0)
    static let config = IPv4Config(address: ourIP, netmask: netmask, gateway: gatewayIP)
}

/// Builds inbound frames for behaviour tests (the wire types are tested against captures
/// separately, so using their emitters here is fine).
enum Build {
    static func ethernet(_ dst: MACAddress, _ src: MACAddress, _ type: EtherType, _ payload: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 14 + payload.count)
        out.withUnsafeMutableBytes { b in
            try! EthernetFrame(destination: dst, source: src, etherType: type).emit(into: b)
        }
        out.replaceSubrange(14..., with: payload)
        return out
    }

    static func arp(_ op: ArpPacket.Operation, senderMAC: MACAddress, senderIP: IPv4Address,
                    targetMAC: MACAddress = .zero, targetIP: IPv4Address, to dst: MACAddress = .broadcast) -> [UInt8] {
        var body = [UInt8](repeating: 0, count: 28)
        body.withUnsafeMutableBytes { b in
            try! ArpPacket(operation: op, senderMAC: senderMAC, senderIP: senderIP, targetMAC: targetMAC,
                           targetIP: targetIP).emit(into: b)
        }
        return ethernet(dst, senderMAC, .arp, body)
    }

    static func ipv4(from src: IPv4Address, to dst: IPv4Address, _ proto: IPProtocol, _ payload: [UInt8],
                     srcMAC: MACAddress = Net0.peerMAC, dstMAC: MACAddress = Net0.ourMAC) -> [UInt8] {
        var body = [UInt8](repeating: 0, count: 20 + payload.count)
        body.withUnsafeMutableBytes { b in
            try! IPv4Header(source: src, destination: dst, protocolNumber: proto, payloadLength: payload.count).emit(into: b)
        }
        body.replaceSubrange(20..., with: payload)
        return ethernet(dstMAC, srcMAC, .ipv4, body)
    }

    static func udp(from src: IPv4Address, _ sport: UInt16, to dst: IPv4Address, _ dport: UInt16, _ data: [UInt8],
                    srcMAC: MACAddress = Net0.peerMAC, dstMAC: MACAddress = Net0.ourMAC) -> [UInt8] {
        var body = [UInt8](repeating: 0, count: 8) + data
        body.withUnsafeMutableBytes { b in
            try! UdpDatagram(sourcePort: sport, destinationPort: dport, dataLength: data.count)
                .emit(into: b, source: src, destination: dst)
        }
        return ipv4(from: src, to: dst, .udp, body, srcMAC: srcMAC, dstMAC: dstMAC)
    }

    static func echoRequest(from src: IPv4Address, to dst: IPv4Address, id: UInt16, seq: UInt16, data: [UInt8]) -> [UInt8] {
        var body = [UInt8](repeating: 0, count: 8) + data
        body.withUnsafeMutableBytes { b in
            try! IcmpMessage(type: .echoRequest, identifier: id, sequenceNumber: seq).emit(into: b)
        }
        return ipv4(from: src, to: dst, .icmp, body)
    }
}

/// A parsed outbound frame, for assertions.
struct Sent {
    var eth: EthernetFrame
    var arp: ArpPacket?
    var ip: IPv4Header?
    var udp: UdpDatagram?
    var icmp: IcmpMessage?
    var dhcp: DhcpMessage?
    var payload: [UInt8] = []

    init(_ frame: [UInt8]) throws {
        eth = try withBytes(frame) { try EthernetFrame(parsing: $0) }
        let body = Array(frame[eth.payload])
        if eth.etherType == .arp { arp = try withBytes(body) { try ArpPacket(parsing: $0) } }
        guard eth.etherType == .ipv4 else { return }
        let ip = try withBytes(body) { try IPv4Header(parsing: $0) }
        self.ip = ip
        let inner = Array(body[ip.payload])
        if ip.protocolNumber == .icmp {
            icmp = try withBytes(inner) { try IcmpMessage(parsing: $0) }
            payload = Array(inner[icmp!.data])
        }
        if ip.protocolNumber == .udp {
            let u = try withBytes(inner) { try UdpDatagram(parsing: $0, source: ip.source, destination: ip.destination) }
            udp = u
            payload = Array(inner[u.data])
            if u.destinationPort == 67 || u.destinationPort == 68 {
                dhcp = try withBytes(payload) { try DhcpMessage(parsing: $0) }
            }
        }
    }
}

func makeInterface(seed: UInt64 = 1) -> (Interface, RecordingSink) {
    let sink = RecordingSink()
    var c = Interface.Config(mac: Net0.ourMAC)
    c.randomSeed = seed
    return (Interface(config: c, sink: sink), sink)
}

extension Interface {
    func receive(_ frame: [UInt8], at now: Instant) {
        frame.withUnsafeBytes { receive(frame: $0, now: now) }
    }
}
