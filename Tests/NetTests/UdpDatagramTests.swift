import Testing
import Net
import Runtime

@Suite struct UdpDatagramTests {
    // RFC 768. Fixture: the UDP header of Wireshark's dhcp.pcap frame 1 (Fixtures.swift):
    // 0044 0043 0118 591f from 0.0.0.0 to 255.255.255.255.
    static let datagram = Array(Fixtures.dhcpDiscoverFrame[34...])
    static let src = IPv4Address.any
    static let dst = IPv4Address.broadcast

    @Test func decodesCapturedHeaderAndVerifiesChecksum() throws {
        let u = try withBytes(Self.datagram) { try UdpDatagram(parsing: $0, source: Self.src, destination: Self.dst) }
        #expect(u.sourcePort == 68)
        #expect(u.destinationPort == 67)
        #expect(u.length == 280)
        #expect(u.checksum == 0x591F)
        #expect(u.data == 8..<280)
    }

    @Test func emitsCapturedHeaderWithPseudoHeaderChecksum() throws {
        let out = try emitted(Self.datagram.count) { buf in
            for i in 8..<Self.datagram.count { buf[i] = Self.datagram[i] }
            try UdpDatagram(sourcePort: 68, destinationPort: 67, dataLength: 272)
                .emit(into: buf, source: Self.src, destination: Self.dst)
        }
        #expect(out == Self.datagram)
    }

    @Test func wrongPseudoHeaderFailsChecksum() {
        #expect(throws: WireError.self) {
            _ = try withBytes(Self.datagram) {
                try UdpDatagram(parsing: $0, source: IPv4Address(192, 168, 0, 1), destination: Self.dst)
            }
        }
    }

    @Test func zeroChecksumIsNotVerified() throws {
        var bytes = Self.datagram
        bytes[6] = 0; bytes[7] = 0; bytes[100] ^= 0xFF
        let u = try withBytes(bytes) { try UdpDatagram(parsing: $0, source: Self.src, destination: Self.dst) }
        #expect(u.checksum == 0)
    }

    @Test func badLengthThrows() {
        var bytes = Self.datagram
        bytes[4] = 0; bytes[5] = 7
        #expect(throws: WireError.badLength(field: WireField.udpLength, value: 7)) {
            _ = try withBytes(bytes) { try UdpDatagram(parsing: $0, source: Self.src, destination: Self.dst) }
        }
    }

    @Test func everyTruncationThrows() {
        #expect(NetTests.everyTruncationThrows(Self.datagram, upTo: Self.datagram.count) { b throws(WireError) in
            _ = try UdpDatagram(parsing: b, source: Self.src, destination: Self.dst)
        })
    }
}
