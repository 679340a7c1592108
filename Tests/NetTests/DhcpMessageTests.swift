import Testing
import Net
import Runtime

@Suite struct DhcpMessageTests {
    // RFC 2131 §2 (Figure 1) + RFC 2132 options. Fixtures: Wireshark's dhcp.pcap
    // frames 1 (DISCOVER) and 2 (OFFER), see Fixtures.swift.
    static let discover = Array(Fixtures.dhcpDiscoverFrame[42...])
    static let offer = Fixtures.dhcpOfferMessage
    static let client = MACAddress(0x00, 0x0B, 0x82, 0x01, 0xFC, 0x42)

    @Test func decodesCapturedDiscover() throws {
        let (m, prl, cid): (DhcpMessage, [UInt8], [UInt8]) = try withBytes(Self.discover) { b in
            let m = try DhcpMessage(parsing: b)
            return (m, Array(b[m.parameterRequestList!]), Array(b[m.clientIdentifier!]))
        }
        #expect(m.opcode == .request)
        #expect(m.transactionID == 0x0000_3D1D)
        #expect(m.seconds == 0 && m.flags == 0 && m.hops == 0)
        #expect(m.clientAddress == .any && m.yourAddress == .any)
        #expect(m.clientMAC == Self.client)
        #expect(m.messageType == .discover)
        #expect(m.requestedAddress == .any)
        #expect(prl == [1, 3, 6, 42])
        #expect(cid == [1, 0x00, 0x0B, 0x82, 0x01, 0xFC, 0x42])
        #expect(m.hostName == nil && m.serverIdentifier == nil && m.leaseTime == nil)
    }

    @Test func emitsCapturedDiscover() throws {
        var m = DhcpMessage(opcode: .request, transactionID: 0x3D1D, clientMAC: Self.client, messageType: .discover)
        m.requestedAddress = .any
        let prl: [UInt8] = [1, 3, 6, 42]
        let cid: [UInt8] = [1, 0x00, 0x0B, 0x82, 0x01, 0xFC, 0x42]
        var length = 0
        let out = try emitted(Self.discover.count) { buf in
            length = try prl.withUnsafeBytes { p in
                try cid.withUnsafeBytes { c in try m.emit(into: buf, parameterRequestList: p, clientIdentifier: c) }
            }
        }
        // The capture ends with the end option and 7 pad bytes the sender added.
        #expect(length == Self.discover.count - 7)
        #expect(Array(out[0..<length]) == Array(Self.discover[0..<length]))
        #expect(out[length] == 0xA5)
    }

    @Test func decodesCapturedOffer() throws {
        let m = try withBytes(Self.offer) { try DhcpMessage(parsing: $0) }
        #expect(m.opcode == .reply)
        #expect(m.transactionID == 0x3D1D)
        #expect(m.yourAddress == IPv4Address(192, 168, 0, 10))
        #expect(m.serverAddress == IPv4Address(192, 168, 0, 1))
        #expect(m.clientMAC == Self.client)
        #expect(m.messageType == .offer)
        #expect(m.subnetMask == IPv4Address(255, 255, 255, 0))
        #expect(m.renewalTime == 1800)
        #expect(m.rebindingTime == 3150)
        #expect(m.leaseTime == 3600)
        #expect(m.serverIdentifier == IPv4Address(192, 168, 0, 1))
        #expect(m.router == nil && m.dnsServers.count == 0)
    }

    @Test func decodesRouterAndDnsServers() throws {
        // RFC 2132 §3.5 (router, n × 4 bytes) and §3.8 (DNS, n × 4 bytes): take the first
        // router and up to three servers.
        var bytes = Array(Self.offer[0..<240])
        bytes += [3, 8, 192, 168, 0, 1, 192, 168, 0, 2]
        bytes += [6, 16, 8, 8, 8, 8, 1, 1, 1, 1, 9, 9, 9, 9, 4, 4, 4, 4]
        bytes += [12, 3, 0x61, 0x62, 0x63, 255]
        let m = try withBytes(bytes) { try DhcpMessage(parsing: $0) }
        #expect(m.router == IPv4Address(192, 168, 0, 1))
        #expect(m.dnsServers == IPv4AddressList(IPv4Address(8, 8, 8, 8), IPv4Address(1, 1, 1, 1), IPv4Address(9, 9, 9, 9)))
        #expect(m.hostName == 270..<273)
    }

    @Test func badOptionsThrow() {
        let base = Array(Self.offer[0..<240])
        // Option running past the end.
        #expect(throws: WireError.badOption(code: 51, offset: 240)) {
            _ = try withBytes(base + [51, 4, 0, 0]) { try DhcpMessage(parsing: $0) }
        }
        // Length byte missing.
        #expect(throws: WireError.badOption(code: 1, offset: 240)) {
            _ = try withBytes(base + [1]) { try DhcpMessage(parsing: $0) }
        }
        // Known option with the wrong length.
        #expect(throws: WireError.badOption(code: 53, offset: 240)) {
            _ = try withBytes(base + [53, 2, 1, 1, 255]) { try DhcpMessage(parsing: $0) }
        }
        #expect(throws: WireError.badOption(code: 3, offset: 240)) {
            _ = try withBytes(base + [3, 3, 1, 1, 1, 255]) { try DhcpMessage(parsing: $0) }
        }
    }

    @Test func missingEndOptionThrows() {
        #expect(throws: WireError.truncated(need: 244, have: 243)) {
            _ = try withBytes(Array(Self.offer[0..<240]) + [53, 1, 2]) { try DhcpMessage(parsing: $0) }
        }
    }

    @Test func unknownOptionsAreSkippedAndPadIsAccepted() throws {
        let bytes = Array(Self.offer[0..<240]) + [0, 0, 200, 2, 9, 9, 53, 1, 5, 255]
        let m = try withBytes(bytes) { try DhcpMessage(parsing: $0) }
        #expect(m.messageType == .ack)
    }

    @Test func refusesBadCookieAndHardware() {
        var bytes = Self.offer
        bytes[236] = 0
        #expect(throws: WireError.unsupported(field: WireField.dhcpMagicCookie, value: 0x0082_5363)) {
            _ = try withBytes(bytes) { try DhcpMessage(parsing: $0) }
        }
        bytes = Self.offer
        bytes[1] = 6
        #expect(throws: WireError.unsupported(field: WireField.dhcpHardwareAddress, value: 0x0606)) {
            _ = try withBytes(bytes) { try DhcpMessage(parsing: $0) }
        }
        bytes = Self.offer
        bytes[0] = 3
        #expect(throws: WireError.unsupported(field: WireField.dhcpOpcode, value: 3)) {
            _ = try withBytes(bytes) { try DhcpMessage(parsing: $0) }
        }
    }

    @Test func everyTruncationThrowsTypedError() {
        // Cut inside the fixed part or between options (no end option): `.truncated`;
        // cut inside an option: `.badOption`.
        #expect(NetTests.everyTruncationThrows(Self.discover, upTo: 240) { b throws(WireError) in
            _ = try DhcpMessage(parsing: b)
        })
        for n in 241..<264 {
            let err = withBytes(Self.discover, 0..<n) { b -> WireError? in
                do throws(WireError) { _ = try DhcpMessage(parsing: b); return nil } catch { return error }
            }
            switch err {
            case .badOption?, .truncated?: break
            default: Issue.record("cut at \(n): \(String(describing: err))")
            }
        }
    }
}
