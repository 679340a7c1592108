import Testing
import Runtime
@testable import Simulation

/// RFC 2131 §4.3 server behaviour, driven with fixtures built from the RFC layout.
@Suite struct DHCPServerTests {
    let net = Fixture.ip(192, 168, 1, 0)
    var config: DHCPServer.Config {
        DHCPServer.Config(serverIP: IPv4Address(192, 168, 1, 1), subnetMask: IPv4Address(255, 255, 255, 0),
                          router: IPv4Address(192, 168, 1, 1), dns: IPv4Address(192, 168, 1, 1),
                          poolFirst: IPv4Address(192, 168, 1, 100), poolLast: IPv4Address(192, 168, 1, 102),
                          leaseSeconds: 3600, reserved: [IPv4Address(192, 168, 1, 101)])
    }
    let t0 = Instant.seconds(5)

    func msg(_ b: [UInt8]) throws -> DHCPMessage { try DHCPMessage(parsing: b, range: 0..<b.count) }

    @Test func parsesDiscoverFixture() throws {
        let m = try msg(Fixture.dhcpRequest(type: 1, broadcast: true, requested: Fixture.ip(192, 168, 1, 150)))
        #expect(m.op == 1)
        #expect(m.xid == 0x3903_F326)
        #expect(m.isBroadcast)
        #expect(m.chaddr == Fixture.clientMAC)
        #expect(m.kind == .discover)
        #expect(m.requestedIP == IPv4Address(192, 168, 1, 150))
    }

    @Test func truncatedAndCookielessMessagesThrow() throws {
        let b = Fixture.dhcpRequest(type: 1)
        #expect(throws: LanWireError.truncated(need: 240, have: 239)) { try DHCPMessage(parsing: b, range: 0..<239) }
        var noCookie = b; noCookie[236] = 0
        #expect(throws: LanWireError.unsupported(field: 236)) { try DHCPMessage(parsing: noCookie, range: 0..<noCookie.count) }
        // An option whose length runs past the end.
        let cut = Array(b[0..<240]) + [53, 4, 1]
        #expect(throws: LanWireError.self) { try DHCPMessage(parsing: cut, range: 0..<cut.count) }
    }

    @Test func discoverGetsOfferFromPoolSkippingReserved() throws {
        let s = DHCPServer(config: config)
        let r = try #require(s.handle(try msg(Fixture.dhcpRequest(type: 1, broadcast: true)), now: t0))
        #expect(r.message.kind == .offer)
        #expect(r.message.op == 2)
        #expect(r.message.xid == 0x3903_F326)
        #expect(r.message.yiaddr == IPv4Address(192, 168, 1, 100))
        #expect(r.message.serverID == IPv4Address(192, 168, 1, 1))
        #expect(r.message.leaseSeconds == 3600)
        #expect(r.message.renewalSeconds == 1800)
        #expect(r.message.rebindingSeconds == 3150)
        #expect(r.message.subnetMask == IPv4Address(255, 255, 255, 0))
        #expect(r.message.router == IPv4Address(192, 168, 1, 1))
        #expect(r.message.dns == IPv4Address(192, 168, 1, 1))
        // Broadcast bit set -> broadcast (RFC 2131 §4.1).
        #expect(r.destinationIP == .broadcast && r.destinationMAC == .broadcast)
        // Second client: .101 is reserved, gets .102.
        let other = MACAddress(2, 0, 0, 0, 0, 2)
        let r2 = try #require(s.handle(try msg(Fixture.dhcpRequest(type: 1, xid: 7, mac: other)), now: t0))
        #expect(r2.message.yiaddr == IPv4Address(192, 168, 1, 102))
        // Broadcast bit clear -> unicast to yiaddr / chaddr.
        #expect(r2.destinationIP == IPv4Address(192, 168, 1, 102) && r2.destinationMAC == other)
        // Third client: pool exhausted, silence.
        #expect(s.handle(try msg(Fixture.dhcpRequest(type: 1, xid: 8, mac: MACAddress(2, 0, 0, 0, 0, 3))), now: t0) == nil)
        #expect(s.counters.poolExhausted == 1)
    }

    @Test func offerEmitsRFCLayout() throws {
        let s = DHCPServer(config: config)
        let r = try #require(s.handle(try msg(Fixture.dhcpRequest(type: 1)), now: t0))
        let b = r.message.emit()
        #expect(b.count >= 300)                                  // RFC 1542 §3.3 minimum
        #expect(Array(b[0..<4]) == [2, 1, 6, 0])                 // op, htype, hlen, hops
        #expect(Array(b[4..<8]) == [0x39, 0x03, 0xF3, 0x26])     // xid
        #expect(Array(b[16..<20]) == [192, 168, 1, 100])          // yiaddr
        #expect(Array(b[28..<34]) == Fixture.clientMAC.bytes)    // chaddr
        #expect(Array(b[236..<240]) == [99, 130, 83, 99])         // magic cookie
        #expect(Array(b[240..<243]) == [53, 1, 2])                // DHCPOFFER first
        #expect(Array(b[243..<249]) == [54, 4, 192, 168, 1, 1])   // server identifier
        #expect(Array(b[249..<255]) == [51, 4, 0, 0, 0x0E, 0x10]) // lease 3600
        #expect(try msg(b) == r.message)                          // and it parses back
    }

    @Test func selectingRequestIsAckedAndBound() throws {
        let s = DHCPServer(config: config)
        _ = s.handle(try msg(Fixture.dhcpRequest(type: 1)), now: t0)
        let req = Fixture.dhcpRequest(type: 3, requested: Fixture.ip(192, 168, 1, 100), serverID: Fixture.ip(192, 168, 1, 1))
        let r = try #require(s.handle(try msg(req), now: t0 + .seconds(1)))
        #expect(r.message.kind == .ack)
        #expect(r.message.yiaddr == IPv4Address(192, 168, 1, 100))
        #expect(s.boundAddress(for: Fixture.clientMAC, now: t0 + .seconds(2)) == IPv4Address(192, 168, 1, 100))
        // Expired after the lease.
        #expect(s.boundAddress(for: Fixture.clientMAC, now: t0 + .seconds(3602)) == nil)
    }

    @Test func requestForAnotherServerIsIgnoredAndFreesTheOffer() throws {
        let s = DHCPServer(config: config)
        _ = s.handle(try msg(Fixture.dhcpRequest(type: 1)), now: t0)
        let req = Fixture.dhcpRequest(type: 3, requested: Fixture.ip(192, 168, 1, 100), serverID: Fixture.ip(192, 168, 1, 254))
        #expect(s.handle(try msg(req), now: t0) == nil)
        let other = MACAddress(2, 0, 0, 0, 0, 2)
        let r = try #require(s.handle(try msg(Fixture.dhcpRequest(type: 1, mac: other)), now: t0))
        #expect(r.message.yiaddr == IPv4Address(192, 168, 1, 100))
    }

    @Test func wrongRequestedAddressIsNakedByBroadcast() throws {
        let s = DHCPServer(config: config)
        _ = s.handle(try msg(Fixture.dhcpRequest(type: 1)), now: t0)
        let req = Fixture.dhcpRequest(type: 3, requested: Fixture.ip(192, 168, 1, 102), serverID: Fixture.ip(192, 168, 1, 1))
        let r = try #require(s.handle(try msg(req), now: t0))
        #expect(r.message.kind == .nak)
        #expect(r.message.yiaddr == .any)
        #expect(r.destinationIP == .broadcast && r.destinationMAC == .broadcast)
    }

    @Test func initRebootRules() throws {
        let s = DHCPServer(config: config)
        // Unknown client: MUST remain silent (RFC 2131 §4.3.2).
        #expect(s.handle(try msg(Fixture.dhcpRequest(type: 3, requested: Fixture.ip(192, 168, 1, 100))), now: t0) == nil)
        // Wrong subnet: NAK.
        let wrong = try #require(s.handle(try msg(Fixture.dhcpRequest(type: 3, requested: Fixture.ip(10, 0, 0, 5))), now: t0))
        #expect(wrong.message.kind == .nak)
        // Known client, its address: ACK.
        _ = s.handle(try msg(Fixture.dhcpRequest(type: 1)), now: t0)
        _ = s.handle(try msg(Fixture.dhcpRequest(type: 3, requested: Fixture.ip(192, 168, 1, 100), serverID: Fixture.ip(192, 168, 1, 1))), now: t0)
        let ok = try #require(s.handle(try msg(Fixture.dhcpRequest(type: 3, requested: Fixture.ip(192, 168, 1, 100))), now: t0 + .seconds(60)))
        #expect(ok.message.kind == .ack)
        // Known client, another address: NAK.
        let nak = try #require(s.handle(try msg(Fixture.dhcpRequest(type: 3, requested: Fixture.ip(192, 168, 1, 102))), now: t0 + .seconds(60)))
        #expect(nak.message.kind == .nak)
    }

    @Test func renewalIsUnicastAck() throws {
        let s = DHCPServer(config: config)
        _ = s.handle(try msg(Fixture.dhcpRequest(type: 1)), now: t0)
        _ = s.handle(try msg(Fixture.dhcpRequest(type: 3, requested: Fixture.ip(192, 168, 1, 100), serverID: Fixture.ip(192, 168, 1, 1))), now: t0)
        let renew = Fixture.dhcpRequest(type: 3, ciaddr: Fixture.ip(192, 168, 1, 100))
        let r = try #require(s.handle(try msg(renew), now: t0 + .seconds(1800)))
        #expect(r.message.kind == .ack)
        #expect(r.destinationIP == IPv4Address(192, 168, 1, 100) && r.destinationMAC == Fixture.clientMAC)
        #expect(s.boundAddress(for: Fixture.clientMAC, now: t0 + .seconds(5000)) == IPv4Address(192, 168, 1, 100))
        // Renewing an address it does not hold: NAK.
        let bad = try #require(s.handle(try msg(Fixture.dhcpRequest(type: 3, ciaddr: Fixture.ip(192, 168, 1, 102))), now: t0))
        #expect(bad.message.kind == .nak)
    }

    @Test func releaseKeepsPreferenceDeclineQuarantines() throws {
        let s = DHCPServer(config: config)
        let bindReq = Fixture.dhcpRequest(type: 3, requested: Fixture.ip(192, 168, 1, 100), serverID: Fixture.ip(192, 168, 1, 1))
        _ = s.handle(try msg(Fixture.dhcpRequest(type: 1)), now: t0)
        _ = s.handle(try msg(bindReq), now: t0)
        #expect(s.handle(try msg(Fixture.dhcpRequest(type: 7, ciaddr: Fixture.ip(192, 168, 1, 100))), now: t0) == nil)
        #expect(s.boundAddress(for: Fixture.clientMAC, now: t0) == nil)
        // Released: the same client gets the same address again (§4.3.1 "previous address").
        let again = try #require(s.handle(try msg(Fixture.dhcpRequest(type: 1)), now: t0))
        #expect(again.message.yiaddr == IPv4Address(192, 168, 1, 100))
        _ = s.handle(try msg(bindReq), now: t0)
        // Declined: never offered again.
        #expect(s.handle(try msg(Fixture.dhcpRequest(type: 4, requested: Fixture.ip(192, 168, 1, 100))), now: t0) == nil)
        #expect(s.declined == [IPv4Address(192, 168, 1, 100)])
        let next = try #require(s.handle(try msg(Fixture.dhcpRequest(type: 1)), now: t0))
        #expect(next.message.yiaddr == IPv4Address(192, 168, 1, 102))
        #expect(s.counters.releases == 1 && s.counters.declines == 1)
    }

    @Test func expiredLeaseGoesToAnotherClient() throws {
        let s = DHCPServer(config: config)
        _ = s.handle(try msg(Fixture.dhcpRequest(type: 1)), now: t0)
        _ = s.handle(try msg(Fixture.dhcpRequest(type: 3, requested: Fixture.ip(192, 168, 1, 100), serverID: Fixture.ip(192, 168, 1, 1))), now: t0)
        let b = MACAddress(2, 0, 0, 0, 0, 2), c = MACAddress(2, 0, 0, 0, 0, 3)
        _ = s.handle(try msg(Fixture.dhcpRequest(type: 1, mac: b)), now: t0)          // takes .102
        #expect(s.handle(try msg(Fixture.dhcpRequest(type: 1, mac: c)), now: t0 + .seconds(30)) == nil)
        let late = try #require(s.handle(try msg(Fixture.dhcpRequest(type: 1, mac: c)), now: t0 + .seconds(3601)))
        #expect(late.message.yiaddr == IPv4Address(192, 168, 1, 100) || late.message.yiaddr == IPv4Address(192, 168, 1, 102))
    }

    @Test func informGetsConfigurationWithoutLease() throws {
        let s = DHCPServer(config: config)
        let r = try #require(s.handle(try msg(Fixture.dhcpRequest(type: 8, ciaddr: Fixture.ip(192, 168, 1, 50))), now: t0))
        #expect(r.message.kind == .ack)
        #expect(r.message.leaseSeconds == nil)
        #expect(r.message.yiaddr == .any)
        #expect(r.destinationIP == IPv4Address(192, 168, 1, 50))
    }
}
