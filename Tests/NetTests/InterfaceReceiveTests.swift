import Testing
import Net
import Runtime

@Suite struct InterfaceReceiveTests {
    func configured() -> (Interface, RecordingSink) {
        let (iface, sink) = makeInterface()
        iface.configureAddress(.fixed(Net0.config), now: .zero)
        iface.poll(now: .s(2))
        sink.frames.removeAll()
        return (iface, sink)
    }

    @Test func answersEchoRequest() throws {
        let (iface, sink) = configured()
        let data: [UInt8] = Array(0x10...0x37)
        iface.receive(Build.echoRequest(from: Net0.peerIP, to: Net0.ourIP, id: 0x1234, seq: 7, data: data), at: .s(3))
        let out = try sink.take().map(Sent.init)
        #expect(out.count == 1)
        // RFC 792: reply to the sender with the same identifier, sequence and data;
        // Sent.init verified the ICMP and IPv4 checksums.
        #expect(out[0].eth.destination == Net0.peerMAC)
        #expect(out[0].ip?.source == Net0.ourIP && out[0].ip?.destination == Net0.peerIP)
        #expect(out[0].icmp?.type == .echoReply && out[0].icmp?.identifier == 0x1234 && out[0].icmp?.sequenceNumber == 7)
        #expect(out[0].payload == data)
        #expect(iface.counters.echoRepliesSent == 1)
    }

    @Test func answersCapturedEchoRequestShape() throws {
        // The captured request (Fixtures.swift) re-addressed to us: same ICMP bytes.
        let (iface, sink) = makeInterface()
        iface.configureAddress(.fixed(IPv4Config(address: IPv4Address(127, 0, 0, 1), netmask: IPv4Address(255, 0, 0, 0))),
                               now: .zero)
        sink.frames.removeAll()
        var frame = Fixtures.icmpEchoRequestFrame
        Net0.ourMAC.bytes.enumerated().forEach { frame[$0.offset] = $0.element }
        iface.receive(frame, at: .s(1))
        let frames = sink.take()
        #expect(frames.count == 1)
        // The ICMP message equals the kernel's reply in the capture (type 0, checksum 0x6634).
        #expect(Array(frames[0][34...]) == Array(Fixtures.icmpEchoReplyFrame[34...]))
        #expect(try Sent(frames[0]).eth.destination == .zero)
    }

    @Test func countsDropsByReason() {
        let (iface, sink) = configured()
        let lines = LineBuffer()
        iface.log = Log(lines)
        let other = MACAddress(0x02, 0, 0, 0, 0, 0x99)
        iface.receive(Build.ethernet(other, Net0.peerMAC, .ipv4, [0x45]), at: .s(3))
        iface.receive(Build.ethernet(MACAddress(0x01, 0x00, 0x5E, 0, 0, 1), Net0.peerMAC, .ipv4, [0x45]), at: .s(3))
        iface.receive(Build.ethernet(Net0.ourMAC, Net0.peerMAC, .ipv6, [0x60]), at: .s(3))
        iface.receive([0x01, 0x02], at: .s(3))
        var frag = Build.udp(from: Net0.peerIP, 1, to: Net0.ourIP, 2, [1])
        frag[14 + 6] = 0x20   // MF; checksum now wrong too, but fix it:
        frag[14 + 10] = 0; frag[14 + 11] = 0
        let sum = frag.withUnsafeBytes { InternetChecksum.compute(UnsafeRawBufferPointer(rebasing: $0[14..<34])) }
        frag[24] = UInt8(sum >> 8); frag[25] = UInt8(sum & 0xFF)
        iface.receive(frag, at: .s(3))
        var bad = Build.udp(from: Net0.peerIP, 1, to: Net0.ourIP, 2, [1])
        bad[14 + 10] ^= 0xFF
        iface.receive(bad, at: .s(3))
        iface.receive(Build.udp(from: Net0.peerIP, 1, to: IPv4Address(192, 168, 0, 77), 2, [1]), at: .s(3))
        iface.receive(Build.ipv4(from: Net0.peerIP, to: Net0.ourIP, IPProtocol(rawValue: 47), [0, 0]), at: .s(3))
        iface.receive(Build.udp(from: Net0.peerIP, 1, to: Net0.ourIP, 9, [1]), at: .s(3))
        #expect(iface.counters.dropped(.notForUs) == 1)
        #expect(iface.counters.dropped(.multicast) == 1)
        #expect(iface.counters.dropped(.unknownEtherType) == 1)
        #expect(iface.counters.dropped(.malformed) == 1)
        #expect(iface.counters.dropped(.fragment) == 1)
        #expect(iface.counters.dropped(.badChecksum) == 1)
        #expect(iface.counters.dropped(.notOurAddress) == 1)
        #expect(iface.counters.dropped(.unknownProtocol) == 1)
        #expect(iface.counters.dropped(.noSocket) == 1)
        #expect(iface.counters.totalDropped == 9)
        #expect(iface.counters.received == 9)
        // One log line per drop.
        #expect(lines.lines.count == 9)
        #expect(lines.lines.first == Array("net: drop not-for-us".utf8))
        #expect(sink.frames.isEmpty)
    }

    @Test func udpSocketReceivesAndSends() throws {
        let (iface, sink) = configured()
        let sock = UdpSocket(port: 5000, capacity: 1, maxDatagramSize: 8)
        iface.addUdpSocket(sock)
        iface.receive(Build.udp(from: Net0.peerIP, 4000, to: Net0.ourIP, 5000, [1, 2, 3]), at: .s(3))
        iface.receive(Build.udp(from: Net0.peerIP, 4000, to: Net0.ourIP, 5000, [4]), at: .s(3))   // queue full
        #expect(iface.counters.dropped(.socketFull) == 1)
        var buf = [UInt8](repeating: 0, count: 8)
        let d = buf.withUnsafeMutableBytes { sock.receive(into: $0) }
        #expect(d?.source == Net0.peerIP && d?.sourcePort == 4000 && d?.length == 3 && d?.truncated == false)
        #expect(Array(buf[0..<3]) == [1, 2, 3])
        #expect(buf.withUnsafeMutableBytes { sock.receive(into: $0) } == nil)
        // Broadcast to the subnet reaches the socket too.
        iface.receive(Build.udp(from: Net0.peerIP, 4000, to: IPv4Address(192, 168, 0, 255), 5000, Array(1...10),
                                dstMAC: .broadcast), at: .s(3))
        let t = buf.withUnsafeMutableBytes { sock.receive(into: $0) }
        #expect(t?.length == 8 && t?.truncated == true)
        // Send: learn the peer first.
        iface.receive(Build.arp(.request, senderMAC: Net0.peerMAC, senderIP: Net0.peerIP, targetIP: Net0.ourIP), at: .s(3))
        sink.frames.removeAll()
        let payload: [UInt8] = [9, 8, 7]
        let r = payload.withUnsafeBytes {
            iface.sendUdp(sourcePort: 5000, destination: Net0.peerIP, destinationPort: 4000, payload: $0, now: .s(3))
        }
        #expect(r == .sent)
        let out = try sink.take().map(Sent.init)
        #expect(out[0].udp?.sourcePort == 5000 && out[0].udp?.destinationPort == 4000 && out[0].payload == payload)
    }
}
