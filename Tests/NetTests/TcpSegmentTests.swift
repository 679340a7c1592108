import Testing
@testable import Net
import Runtime

/// Wire format of TCP (RFC 9293 §3.1) and its options (RFC 9293 §3.2, RFC 7323, RFC 2018).
@Suite struct TcpSegmentTests {
    /// The keepalive request of docs/tko-offload.md §1.6 "Worked example", TCP part only
    /// (frame bytes 34..<54): 192.168.0.15:3353 -> 192.168.0.10:3360, seq 0x12345677,
    /// ack 0x9abcdef0, ACK, window 5983, checksum 0x1a7a.
    static let keepaliveHeader: [UInt8] = [
        0x0d, 0x19, 0x0d, 0x20, 0x12, 0x34, 0x56, 0x77, 0x9a, 0xbc, 0xde, 0xf0,
        0x50, 0x10, 0x17, 0x5f, 0x1a, 0x7a, 0x00, 0x00,
    ]
    static let deviceIP = IPv4Address(192, 168, 0, 15)
    static let serverIP = IPv4Address(192, 168, 0, 10)

    /// A SYN captured from Linux 6.18 (TAP interface in a network namespace, kernel
    /// checksum, no offload), 10.213.99.1:40000 -> 10.213.99.2:3360: data offset 10,
    /// MSS 1460, SACK-permitted, timestamps (TSval 0x6f8a0edb, TSecr 0), NOP, window
    /// scale 10 (RFC 7323 Appendix A order).
    static let linuxSyn: [UInt8] = [
        0x9c, 0x40, 0x0d, 0x20, 0x9e, 0x0f, 0xd5, 0xd7, 0x00, 0x00, 0x00, 0x00,
        0xa0, 0x02, 0xfa, 0xf0, 0xd5, 0xb1, 0x00, 0x00,
        0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x6f, 0x8a, 0x0e, 0xdb,
        0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x0a,
    ]
    static let synSource = IPv4Address(10, 213, 99, 1)
    static let synDestination = IPv4Address(10, 213, 99, 2)

    @Test func deconstructKeepalive() throws {
        let seg = try Self.keepaliveHeader.withUnsafeBytes {
            try TcpSegment(parsing: $0, source: Self.deviceIP, destination: Self.serverIP)
        }
        #expect(seg.sourcePort == 3353)
        #expect(seg.destinationPort == 3360)
        #expect(seg.sequenceNumber == 0x1234_5677)
        #expect(seg.acknowledgmentNumber == 0x9abc_def0)
        #expect(seg.flags == .ack)
        #expect(seg.window == 5983)
        #expect(seg.checksum == 0x1a7a)
        #expect(seg.urgentPointer == 0)
        #expect(seg.options == TcpSegmentOptions())
        #expect(seg.payload == 20..<20)
    }

    @Test func constructKeepalive() {
        let seg = TcpSegment(sourcePort: 3353, destinationPort: 3360, sequenceNumber: 0x1234_5677,
                             acknowledgmentNumber: 0x9abc_def0, flags: .ack, window: 5983)
        #expect(seg.headerLength == 20)
        var out = [UInt8](repeating: 0xA5, count: 20)
        out.withUnsafeMutableBytes {
            seg.emit(into: $0)
            TcpSegment.fillChecksum($0, source: Self.deviceIP, destination: Self.serverIP)
        }
        #expect(out == Self.keepaliveHeader)
    }

    @Test func deconstructLinuxSyn() throws {
        let seg = try Self.linuxSyn.withUnsafeBytes {
            try TcpSegment(parsing: $0, source: Self.synSource, destination: Self.synDestination)
        }
        #expect(seg.sourcePort == 40000)
        #expect(seg.destinationPort == 3360)
        #expect(seg.sequenceNumber == 0x9e0f_d5d7)
        #expect(seg.flags == .syn)
        #expect(seg.window == 64240)
        #expect(seg.checksum == 0xd5b1)
        #expect(seg.options.maximumSegmentSize == 1460)
        #expect(seg.options.sackPermitted)
        #expect(seg.options.timestamps == .init(value: 0x6f8a_0edb, echoReply: 0))
        #expect(seg.options.windowScale == 10)
        #expect(seg.options.unknownCount == 0)
        #expect(seg.payload == 40..<40)
        #expect(seg.controlLength == 1)
    }

    @Test func constructLinuxSyn() {
        let options = TcpSegmentOptions(maximumSegmentSize: 1460, windowScale: 10, sackPermitted: true,
                                        timestamps: .init(value: 0x6f8a_0edb, echoReply: 0))
        let seg = TcpSegment(sourcePort: 40000, destinationPort: 3360, sequenceNumber: 0x9e0f_d5d7,
                             flags: .syn, window: 64240, options: options)
        #expect(seg.headerLength == 40)
        var out = [UInt8](repeating: 0xA5, count: 40)
        out.withUnsafeMutableBytes {
            seg.emit(into: $0)
            TcpSegment.fillChecksum($0, source: Self.synSource, destination: Self.synDestination)
        }
        #expect(out == Self.linuxSyn)
    }

    @Test func emitsMssOnlySyn() throws {
        // RFC 9293 §3.2: MSS option = kind 2, length 4, 16-bit value; header padded to 24.
        let seg = TcpSegment(sourcePort: 1, destinationPort: 2, sequenceNumber: 3, flags: .syn,
                             window: 4, options: TcpSegmentOptions(maximumSegmentSize: 1460))
        var out = [UInt8](repeating: 0xA5, count: seg.headerLength)
        out.withUnsafeMutableBytes { seg.emit(into: $0) }
        #expect(out.count == 24)
        #expect(out[12] == 0x60)
        #expect(Array(out[20...]) == [0x02, 0x04, 0x05, 0xb4])
    }

    @Test func everyTruncationThrows() {
        for n in 0..<Self.linuxSyn.count {
            let prefix = Array(Self.linuxSyn[0..<n])
            let error = prefix.withUnsafeBytes { b -> WireError? in
                do throws(WireError) { _ = try TcpSegment(parsing: b); return nil } catch { return error }
            }
            #expect(error == .truncated(need: n < 20 ? 20 : 40, have: n), "prefix \(n)")
        }
    }

    @Test func payloadIsARangeOfTheBuffer() throws {
        let frame = Self.keepaliveHeader + [0x68, 0x69]
        let seg = try frame.withUnsafeBytes { try TcpSegment(parsing: $0) }
        #expect(seg.payload == 20..<22)
    }

    @Test func badChecksumThrows() {
        var bytes = Self.linuxSyn
        bytes[4] ^= 0x01
        let error = bytes.withUnsafeBytes { b -> WireError? in
            do throws(WireError) { _ = try TcpSegment(parsing: b, source: Self.synSource, destination: Self.synDestination); return nil }
            catch { return error }
        }
        // Flipping 0x01 in the high byte of a 16-bit word adds 0x0100 to the sum: the
        // complemented result is 0xFEFF instead of 0.
        #expect(error == .badChecksum(found: 0xd5b1, computed: 0xfeff))
        // The same bytes verify only with the right pseudo-header.
        let wrongPeer = Self.linuxSyn.withUnsafeBytes {
            TcpSegment.checksumIsValid($0, source: Self.synSource, destination: Self.synSource)
        }
        #expect(!wrongPeer)
    }

    @Test func dataOffsetBelowFiveThrows() {
        var bytes = Self.keepaliveHeader
        bytes[12] = 0x40
        #expect(throws: WireError.badLength(field: WireField.tcpDataOffset, value: 4)) {
            try bytes.withUnsafeBytes { _ = try TcpSegment(parsing: $0) }
        }
    }

    /// A 20-byte fixed header with data offset 6 and the given 4 option bytes.
    static func withOptions(_ o: [UInt8]) -> [UInt8] {
        var h = keepaliveHeader
        h[12] = 0x60
        return h + o
    }

    @Test func optionOverrunningTheHeaderThrows() {
        // Timestamps announce 10 bytes in a 4-byte option area.
        #expect(throws: WireError.badOption(code: 8, offset: 0)) {
            try Self.withOptions([0x08, 0x0a, 0, 0]).withUnsafeBytes { _ = try TcpSegment(parsing: $0) }
        }
        // The last byte is a kind without its length byte.
        #expect(throws: WireError.badOption(code: 2, offset: 3)) {
            try Self.withOptions([0x01, 0x01, 0x01, 0x02]).withUnsafeBytes { _ = try TcpSegment(parsing: $0) }
        }
    }

    @Test func badOptionLengthsThrow() {
        #expect(throws: WireError.badLength(field: WireField.tcpOptionLength, value: 3)) {
            try Self.withOptions([0x02, 0x03, 0x05, 0x01]).withUnsafeBytes { _ = try TcpSegment(parsing: $0) }
        }
        // A length below 2 cannot be skipped (it would loop or step backwards).
        #expect(throws: WireError.badLength(field: WireField.tcpOptionLength, value: 1)) {
            try Self.withOptions([0xfd, 0x01, 0x00, 0x00]).withUnsafeBytes { _ = try TcpSegment(parsing: $0) }
        }
        #expect(throws: WireError.badLength(field: WireField.tcpOptionLength, value: 4)) {
            try Self.withOptions([0x03, 0x04, 0x07, 0x00]).withUnsafeBytes { _ = try TcpSegment(parsing: $0) }
        }
    }

    @Test func unknownOptionsAreSkippedAndEndOfListStops() throws {
        // Kind 253 (RFC 4727 experiment) of length 4, then MSS 536; then EOL followed by
        // bytes that would be a bad option if they were read.
        let bytes = Self.keepaliveHeader.enumerated().map { $0.offset == 12 ? UInt8(0x80) : $0.element }
            + [0xfd, 0x04, 0xaa, 0xbb, 0x02, 0x04, 0x02, 0x18, 0x00, 0x02, 0x01, 0x00]
        let seg = try bytes.withUnsafeBytes { try TcpSegment(parsing: $0) }
        #expect(seg.options.unknownCount == 1)
        #expect(seg.options.maximumSegmentSize == 536)
        #expect(seg.payload == 32..<32)
    }

    @Test func sackBlocksAreCounted() throws {
        // RFC 2018 §3: kind 5, length 2 + 8n. One block, padded with two NOPs.
        let bytes = Self.keepaliveHeader.enumerated().map { $0.offset == 12 ? UInt8(0x80) : $0.element }
            + [0x01, 0x01, 0x05, 0x0a, 0, 0, 0, 1, 0, 0, 0, 2]
        let seg = try bytes.withUnsafeBytes { try TcpSegment(parsing: $0) }
        #expect(seg.options.sackBlocks == 1)
    }
}
