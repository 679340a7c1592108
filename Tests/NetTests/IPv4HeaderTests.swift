import Testing
import Net
import Runtime

@Suite struct IPv4HeaderTests {
    // RFC 791 §3.1. Fixture: the kernel's ICMP echo reply captured on lo (Fixtures.swift):
    // 45 00 004c 3dfd 0000 40 01 3eb2 7f000001 7f000001.
    static let reply = Array(Fixtures.icmpEchoReplyFrame[14...])

    @Test func decodesCapturedHeader() throws {
        let ip = try withBytes(Self.reply) { try IPv4Header(parsing: $0) }
        #expect(ip.headerLength == 20)
        #expect(ip.totalLength == 76)
        #expect(ip.identification == 0x3DFD)
        #expect(ip.dontFragment == false)
        #expect(ip.timeToLive == 64)
        #expect(ip.protocolNumber == .icmp)
        #expect(ip.source == IPv4Address(127, 0, 0, 1))
        #expect(ip.destination == IPv4Address(127, 0, 0, 1))
        #expect(ip.payload == 20..<76)
    }

    @Test func emitsCapturedHeaderWithChecksum() throws {
        let ip = IPv4Header(source: IPv4Address(127, 0, 0, 1), destination: IPv4Address(127, 0, 0, 1),
                            protocolNumber: .icmp, payloadLength: 56, timeToLive: 64, identification: 0x3DFD,
                            dontFragment: false)
        let out = try emitted(22) { try ip.emit(into: $0) }
        #expect(Array(out[0..<20]) == Array(Self.reply[0..<20]))
        #expect(out[20] == 0xA5)
        // The request in the same capture has DF set (flags 0x4000) and checksum 0xFEB2.
        let df = IPv4Header(source: IPv4Address(127, 0, 0, 1), destination: IPv4Address(127, 0, 0, 1),
                            protocolNumber: .icmp, payloadLength: 56, timeToLive: 64, identification: 0x3DFC)
        let out2 = try emitted(20) { try df.emit(into: $0) }
        #expect(out2 == Array(Fixtures.icmpEchoRequestFrame[14..<34]))
    }

    @Test func ethernetPaddingIsNotPayload() throws {
        let padded = Self.reply + [0, 0, 0, 0]
        let ip = try withBytes(padded) { try IPv4Header(parsing: $0) }
        #expect(ip.payload == 20..<76)
    }

    @Test func badChecksumThrows() {
        var bytes = Self.reply
        bytes[11] ^= 0x01
        #expect(throws: WireError.badChecksum(found: 0x3EB3, computed: 0xFFFE)) {
            _ = try withBytes(bytes) { try IPv4Header(parsing: $0) }
        }
    }

    /// Sets flags/fragment offset and fixes the checksum, so only the fragment check fails.
    static func withFragmentField(_ v: UInt16) -> [UInt8] {
        var bytes = reply
        bytes[6] = UInt8(v >> 8); bytes[7] = UInt8(v & 0xFF)
        bytes[10] = 0; bytes[11] = 0
        let sum = bytes.withUnsafeBytes { InternetChecksum.compute(UnsafeRawBufferPointer(rebasing: $0[0..<20])) }
        bytes[10] = UInt8(sum >> 8); bytes[11] = UInt8(sum & 0xFF)
        return bytes
    }

    @Test func fragmentsAreRefused() {
        // RFC 791 §3.1: MF is bit 2 of flags (0x2000); the offset is in 8-octet units.
        #expect(throws: WireError.fragmented(offset: 0, moreFragments: true)) {
            _ = try withBytes(Self.withFragmentField(0x2000)) { try IPv4Header(parsing: $0) }
        }
        #expect(throws: WireError.fragmented(offset: 185, moreFragments: false)) {
            _ = try withBytes(Self.withFragmentField(185)) { try IPv4Header(parsing: $0) }
        }
    }

    @Test func badVersionAndLengths() {
        var v6 = Self.reply; v6[0] = 0x65
        #expect(throws: WireError.badVersion(6)) { _ = try withBytes(v6) { try IPv4Header(parsing: $0) } }
        var ihl = Self.reply; ihl[0] = 0x44
        #expect(throws: WireError.badLength(field: WireField.ipv4HeaderLength, value: 16)) {
            _ = try withBytes(ihl) { try IPv4Header(parsing: $0) }
        }
        var total = Self.reply; total[2] = 0; total[3] = 19
        #expect(throws: WireError.badLength(field: WireField.ipv4TotalLength, value: 19)) {
            _ = try withBytes(total) { try IPv4Header(parsing: $0) }
        }
    }

    @Test func everyTruncationThrows() {
        #expect(NetTests.everyTruncationThrows(Self.reply, upTo: Self.reply.count) { b throws(WireError) in
            _ = try IPv4Header(parsing: b)
        })
    }
}
