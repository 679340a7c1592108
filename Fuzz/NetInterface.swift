// Fuzz target: the whole receive path of a fresh Interface (Ethernet filter, ARP,
// IPv4, ICMP echo reply, UDP sockets, the DHCP client, TCP input). Byte 0 selects the
// setup: bit 0 static address 192.0.2.77/24 (else DHCP running), bit 1 suspend before
// and resume after the frame; the rest is one Ethernet frame.
import Net
import Runtime

final class NullSink: FrameSink {
    var count = 0
    func transmit(_ frame: UnsafeRawBufferPointer) {
        precondition(frame.count >= 14 && frame.count <= Interface.maxFrameSize, "bad frame size")
        count += 1
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let mode = data[0]
    let frame = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    var config = Interface.Config(mac: MACAddress(0x02, 0, 0, 0, 0, 0x10))
    config.suspendQueueBytes = 3_040   // two full-size frames
    let iface = Interface(config: config, sink: NullSink())
    iface.addUdpSocket(UdpSocket(port: 5000))
    if mode & 1 != 0 {
        iface.configureAddress(.fixed(IPv4Config(address: IPv4Address(192, 0, 2, 77), netmask: IPv4Address(255, 255, 255, 0),
                                                 gateway: IPv4Address(192, 0, 2, 1))), now: .zero)
    } else {
        var c = DhcpClient.Config()
        c.randomizeRetransmission = false
        iface.configureAddress(.dhcp(c), now: .zero)
    }
    iface.poll(now: .zero)
    if mode & 2 != 0 { iface.suspend(now: .seconds(1)) }
    iface.receive(frame: frame, now: .seconds(1))
    if mode & 2 != 0 { iface.resume(now: .seconds(2)) }
    iface.poll(now: .seconds(3))
    _ = iface.pollAt(now: .seconds(3))
    return 0
}
