import Testing
import Net
import Runtime

@Suite struct EthernetFrameTests {
    // Fixture: captured kernel ARP request (Fixtures.swift); IEEE 802.3 clause 3.2 layout.
    @Test func decodesCapturedHeader() throws {
        let f = try withBytes(Fixtures.arpRequestFrame) { try EthernetFrame(parsing: $0) }
        #expect(f.destination == .broadcast)
        #expect(f.source == MACAddress(0x02, 0xFC, 0x00, 0x00, 0x00, 0x01))
        #expect(f.etherType == .arp)
        #expect(f.payload == 14..<42)
    }

    @Test func emitsSameHeader() throws {
        let f = EthernetFrame(destination: .broadcast, source: MACAddress(0x02, 0xFC, 0, 0, 0, 1), etherType: .arp)
        let out = try emitted(16) { try f.emit(into: $0) }
        #expect(Array(out[0..<14]) == Array(Fixtures.arpRequestFrame[0..<14]))
        #expect(out[14] == 0xA5 && out[15] == 0xA5)
    }

    @Test func unknownEtherTypeSurvives() throws {
        var bytes = Fixtures.arpRequestFrame
        bytes[12] = 0x88; bytes[13] = 0x8E
        let f = try withBytes(bytes) { try EthernetFrame(parsing: $0) }
        #expect(f.etherType == .eapol)
        #expect(f.etherType.rawValue == 0x888E)
    }

    @Test func everyTruncationThrows() {
        #expect(NetTests.everyTruncationThrows(Fixtures.arpRequestFrame, upTo: 14) { b throws(WireError) in
            _ = try EthernetFrame(parsing: b)
        })
    }

    @Test func emitIntoShortBufferThrows() {
        let f = EthernetFrame(destination: .broadcast, source: .zero, etherType: .ipv4)
        #expect(throws: WireError.truncated(need: 14, have: 13)) { _ = try emitted(13) { try f.emit(into: $0) } }
    }
}
