import Testing
import Net
import Runtime

@Suite struct IcmpMessageTests {
    // RFC 792 "Echo or Echo Reply Message". Fixtures: captured on lo (Fixtures.swift).
    static let request = Array(Fixtures.icmpEchoRequestFrame[34...])
    static let reply = Array(Fixtures.icmpEchoReplyFrame[34...])

    @Test func decodesCapturedEcho() throws {
        let m = try withBytes(Self.request) { try IcmpMessage(parsing: $0) }
        #expect(m.type == .echoRequest)
        #expect(m.code == 0)
        #expect(m.identifier == 0x1234)
        #expect(m.sequenceNumber == 1)
        #expect(m.data == 8..<56)
        let r = try withBytes(Self.reply) { try IcmpMessage(parsing: $0) }
        #expect(r.type == .echoReply)
    }

    @Test func emitsCapturedReply() throws {
        // The data goes in first (the checksum covers it), then the header.
        let out = try emitted(Self.reply.count) { buf in
            for i in 8..<Self.reply.count { buf[i] = Self.reply[i] }
            try IcmpMessage(type: .echoReply, identifier: 0x1234, sequenceNumber: 1).emit(into: buf)
        }
        #expect(out == Self.reply)
    }

    @Test func badChecksumThrows() {
        var bytes = Self.request
        bytes[20] ^= 0xFF
        #expect(throws: WireError.self) { _ = try withBytes(bytes) { try IcmpMessage(parsing: $0) } }
        let err = withBytes(bytes) { b -> WireError? in
            do throws(WireError) { _ = try IcmpMessage(parsing: b); return nil } catch { return error }
        }
        guard case .badChecksum(found: 0x5E34, _) = err else { Issue.record("got \(String(describing: err))"); return }
    }

    @Test func everyTruncationThrows() {
        #expect(NetTests.everyTruncationThrows(Self.request, upTo: 8) { b throws(WireError) in
            _ = try IcmpMessage(parsing: b)
        })
    }
}
