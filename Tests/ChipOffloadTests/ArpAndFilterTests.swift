import Testing
import Runtime
@testable import ChipModel

private func u32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)] }

/// RFC 826 request from the server (192.168.0.10, 11:22:...) for `target`.
private func arpRequest(for target: [UInt8]) -> [UInt8] {
    [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] + server.mac + [0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1]
        + server.mac + [192, 168, 0, 10] + [0, 0, 0, 0, 0, 0] + target
}

@Test func arpOffloadAnswersForTheHostWithoutWakingIt() {
    let chip = FakeChip()
    let arp = ArpOffload()
    #expect(arp.set(Array("arp_ol".utf8), u32(0x5)) == 0)  // agent + host auto-reply
    #expect(arp.set(Array("arpoe".utf8), u32(1)) == 0)
    #expect(arp.set(Array("arp_hostip".utf8), [192, 168, 0, 15]) == 0)
    chip.receive(arpRequest(for: [192, 168, 0, 15]), [.arp(arp)])
    // RFC 826 reply: to the requester, from our MAC, "192.168.0.15 is a0:c9:a0:3d:d3:6a".
    let expected = server.mac + device.mac + [0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 2]
        + device.mac + [192, 168, 0, 15] + server.mac + [192, 168, 0, 10]
    #expect(chip.sent.map(\.frame) == [expected])
    #expect(chip.wakes.isEmpty && arp.repliesSent == 1)
    // A request for someone else is dropped by the agent; nothing sent, no wake.
    chip.receive(arpRequest(for: [192, 168, 0, 99]), [.arp(arp)])
    #expect(chip.sent.count == 1 && chip.wakes.isEmpty && arp.requestsDropped == 1)
    #expect(arp.get(Array("arp_hostip".utf8))?.1 == [192, 168, 0, 15, 0, 0, 0, 0])
    // Off again: ARP goes to the host and wakes it.
    #expect(arp.set(Array("arpoe".utf8), u32(0)) == 0)
    chip.receive(arpRequest(for: [192, 168, 0, 15]), [.arp(arp)])
    #expect(chip.wakes == [.data])
    #expect(arp.set(Array("arp_hostip_clear".utf8), []) == 0 && arp.hostIPs.isEmpty)
}

@Test func packetFilterDropsWhatItShould() {
    let chip = FakeChip()
    let pf = PacketFilterOffload()
    let lldp = server.mac + server.mac + [0x88, 0xCC, 1, 2, 3]
    // pkt_filter_add (docs/cyw43-bus.md §7.7): id 1, pattern, positive, offset 12, 2 bytes 88CC.
    let add = u32(1) + u32(0) + u32(0) + u32(12) + u32(2) + [0xFF, 0xFF, 0x88, 0xCC]
    #expect(pf.set(Array("pkt_filter_add".utf8), add) == 0)
    chip.receive(lldp, [.filter(pf)])
    #expect(chip.wakes == [.data])  // added but not enabled
    #expect(pf.set(Array("pkt_filter_enable".utf8), u32(1) + u32(1)) == 0)
    chip.receive(lldp, [.filter(pf)])
    chip.receive(serverAck, [.filter(pf)])
    #expect(pf.dropped == 1 && chip.wakes == [.data, .data])
    // Forward-on-match: only matching frames pass.
    #expect(pf.set(Array("pkt_filter_mode".utf8), u32(1)) == 0)
    chip.receive(serverAck, [.filter(pf)])
    #expect(pf.dropped == 2)
    #expect(pf.set(Array("pkt_filter_enable".utf8), u32(9) + u32(1)) == -30)
    #expect(pf.set(Array("pkt_filter_delete".utf8), u32(1)) == 0 && pf.installed.isEmpty)
}

@Test func keepaliveAcksAreNeverFiltered() {
    // Install order: TKO, ARP, filter; a forward-nothing filter must not eat the ACKs.
    let chip = FakeChip()
    chip.peer = { $0 == exampleRequest ? serverAck : nil }
    let t = enabledEngine(chip)
    let pf = PacketFilterOffload()
    #expect(pf.set(Array("pkt_filter_mode".utf8), u32(0x8)) == 0)
    chip.run(until: .seconds(30), [.tko(t), .arp(ArpOffload()), .filter(pf)])
    #expect(t.counters(index: 0).acksReceived == 7 && chip.wakes.isEmpty && pf.dropped == 0)
}
