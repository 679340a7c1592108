import Testing
import Net
import Runtime

@Suite struct ArpPacketTests {
    // RFC 826 "Packet format": ar$hrd, ar$pro, ar$hln, ar$pln, ar$op, ar$sha, ar$spa,
    // ar$tha, ar$tpa. Fixture: a captured Linux who-has (Fixtures.swift).
    @Test func decodesCapturedRequest() throws {
        let arp = try withBytes(Fixtures.arpRequestFrame, 14..<42) { try ArpPacket(parsing: $0) }
        #expect(arp.operation == .request)
        #expect(arp.senderMAC == MACAddress(0x02, 0xFC, 0x00, 0x00, 0x00, 0x01))
        #expect(arp.senderIP == IPv4Address(192, 0, 2, 2))
        #expect(arp.targetMAC == .zero)
        #expect(arp.targetIP == IPv4Address(192, 0, 2, 77))
    }

    @Test func emitsCapturedRequest() throws {
        let arp = ArpPacket(operation: .request, senderMAC: MACAddress(0x02, 0xFC, 0, 0, 0, 1),
                            senderIP: IPv4Address(192, 0, 2, 2), targetMAC: .zero, targetIP: IPv4Address(192, 0, 2, 77))
        let out = try emitted(30) { try arp.emit(into: $0) }
        #expect(Array(out[0..<28]) == Array(Fixtures.arpRequestFrame[14..<42]))
        #expect(out[28] == 0xA5)
    }

    @Test func unknownOperationSurvives() throws {
        var bytes = Array(Fixtures.arpRequestFrame[14..<42])
        bytes[7] = 9   // RFC 5494 lists op codes beyond 2 (e.g. 8/9 InARP)
        let arp = try withBytes(bytes) { try ArpPacket(parsing: $0) }
        #expect(arp.operation.rawValue == 9)
    }

    @Test func refusesOtherHardwareAndProtocolTypes() {
        var bytes = Array(Fixtures.arpRequestFrame[14..<42])
        bytes[1] = 6   // IEEE 802 networks
        #expect(throws: WireError.unsupported(field: WireField.arpHardwareType, value: 6)) {
            _ = try withBytes(bytes) { try ArpPacket(parsing: $0) }
        }
        bytes[1] = 1; bytes[2] = 0x86; bytes[3] = 0xDD
        #expect(throws: WireError.unsupported(field: WireField.arpProtocolType, value: 0x86DD)) {
            _ = try withBytes(bytes) { try ArpPacket(parsing: $0) }
        }
        bytes[2] = 0x08; bytes[3] = 0x00; bytes[4] = 8
        #expect(throws: WireError.unsupported(field: WireField.arpAddressLengths, value: 0x0804)) {
            _ = try withBytes(bytes) { try ArpPacket(parsing: $0) }
        }
    }

    @Test func everyTruncationThrows() {
        #expect(NetTests.everyTruncationThrows(Array(Fixtures.arpRequestFrame[14...]), upTo: 28) { b throws(WireError) in
            _ = try ArpPacket(parsing: b)
        })
    }
}

@Suite struct WireSpanParsingTests {
    @Test func parsesFromRawSpan() throws {
        let bytes = Fixtures.arpRequestFrame
        let eth = try EthernetFrame(parsing: bytes.span.bytes)
        #expect(eth.etherType == .arp)
        let arp = try ArpPacket(parsing: bytes.span.bytes.extracting(eth.payload))
        #expect(arp.targetIP == IPv4Address(192, 0, 2, 77))
        let short = Array(bytes[0..<10])
        #expect(throws: WireError.truncated(need: 14, have: 10)) { _ = try EthernetFrame(parsing: short.span.bytes) }
    }
}
