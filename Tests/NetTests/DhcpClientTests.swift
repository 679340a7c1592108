import Testing
import Net
import Runtime

/// Timed scripts (RFC 2131 §4.4 Figure 5): each timer is checked at deadline − 1 µs
/// (nothing happens) and at the deadline.
@Suite struct DhcpClientTests {
    let tick = Duration.microseconds(1)

    /// Runs DISCOVER → OFFER → REQUEST → ACK → probes → BOUND; returns the xid and the
    /// bind instant (2 s of probing after the ACK at t = 1 s → bound at 3 s).
    func acquire(_ iface: Interface, _ sink: RecordingSink) throws -> UInt32 {
        iface.poll(now: .zero)
        let discover = try sink.takeDhcp()
        let xid = try #require(discover.first?.dhcp?.transactionID)
        iface.receive(Server.reply(.offer, xid: xid), at: .s(1))
        iface.poll(now: .s(1))
        _ = try sink.takeDhcp()
        iface.receive(Server.reply(.ack, xid: xid), at: .s(1))
        iface.poll(now: .s(1)); iface.poll(now: .s(2)); iface.poll(now: .s(3))
        iface.poll(now: .s(5))      // the second gratuitous ARP
        sink.frames.removeAll()
        #expect(iface.dhcp?.state == .bound)
        return xid
    }

    @Test func discoverIsWellFormedAndRetransmitsWithBackoff() throws {
        let (iface, sink) = dhcpInterface()
        #expect(iface.pollAt(now: .zero) == .zero)
        iface.poll(now: .zero)
        let out = try sink.takeDhcp()
        #expect(out.count == 1)
        let d = try #require(out[0].dhcp)
        #expect(out[0].eth.destination == .broadcast && out[0].eth.source == Net0.ourMAC)
        #expect(out[0].ip?.source == .any && out[0].ip?.destination == .broadcast)
        #expect(out[0].udp?.sourcePort == 68 && out[0].udp?.destinationPort == 67)
        #expect(d.messageType == .discover && d.opcode == .request && d.clientMAC == Net0.ourMAC)
        #expect(d.clientIdentifier != nil && d.parameterRequestList != nil)
        #expect(out[0].payload.count == 300)   // padded to the BOOTP minimum
        // RFC 2131 §4.1: 4, 8, 16, 32, 64, 64 s.
        var t = Instant.zero
        for gap: Int64 in [4, 8, 16, 32, 64, 64] {
            t = t + .seconds(gap)
            #expect(iface.pollAt(now: .zero) == t)
            iface.poll(now: t - tick)
            #expect(try sink.takeDhcp().isEmpty)
            iface.poll(now: t)
            let again = try sink.takeDhcp()
            #expect(again.count == 1 && again[0].dhcp?.transactionID == d.transactionID)
        }
    }

    @Test func sendsHostNameAndParameterList() throws {
        let (iface, sink) = makeInterface()
        var c = DhcpClient.Config()
        c.hostName = Array("ce229926".utf8)
        iface.configureAddress(.dhcp(c), now: .zero)
        iface.poll(now: .zero)
        let frame = try #require(sink.frames.first)
        let out = try Sent(frame)
        let d = try #require(out.dhcp)
        let name = try #require(d.hostName), prl = try #require(d.parameterRequestList), cid = try #require(d.clientIdentifier)
        #expect(Array(out.payload[name]) == Array("ce229926".utf8))
        #expect(Array(out.payload[prl]) == [1, 3, 6])
        #expect(Array(out.payload[cid]) == [1] + Net0.ourMAC.bytes)
    }

    @Test func randomizedRetransmissionStaysWithinOneSecond() throws {
        let (iface, sink) = dhcpInterface(randomize: true, seed: 42)
        iface.poll(now: .zero)
        _ = try sink.takeDhcp()
        let due = try #require(iface.pollAt(now: .zero))
        #expect(due >= .s(3) && due <= .s(5))
        iface.poll(now: due - tick)
        #expect(try sink.takeDhcp().isEmpty)
        iface.poll(now: due)
        #expect(try sink.takeDhcp().count == 1)
    }

    @Test func offerRequestAckProbeBind() throws {
        let (iface, sink) = dhcpInterface()
        iface.poll(now: .zero)
        let xid = try #require(try sink.takeDhcp().first?.dhcp?.transactionID)
        // An offer with another xid is ignored.
        iface.receive(Server.reply(.offer, xid: xid &+ 1), at: .s(1))
        #expect(iface.dhcp?.state == .selecting && iface.dhcp?.ignored == 1)
        iface.receive(Server.reply(.offer, xid: xid), at: .s(1))
        #expect(iface.pollAt(now: .s(1)) == .s(1))
        iface.poll(now: .s(1))
        let req = try sink.takeDhcp()
        #expect(req.count == 1)
        let r = try #require(req[0].dhcp)
        // RFC 2131 §4.3.2 SELECTING: broadcast, ciaddr 0, options 50 and 54.
        #expect(r.messageType == .request && r.transactionID == xid && r.clientAddress == .any)
        #expect(r.requestedAddress == Net0.ourIP && r.serverIdentifier == Server.ip)
        #expect(req[0].ip?.destination == .broadcast)
        iface.receive(Server.reply(.ack, xid: xid), at: .s(1))
        #expect(iface.dhcp?.state == .probing && iface.ipv4Config == nil)
        // Probe 1 at once, probe 2 at +1 s, bind at +2 s (RFC 5227 §2.1.1 probe format).
        iface.poll(now: .s(1))
        var probes = try sink.take().map(Sent.init)
        #expect(probes.count == 1)
        #expect(probes[0].arp == ArpPacket(operation: .request, senderMAC: Net0.ourMAC, senderIP: .any,
                                           targetMAC: .zero, targetIP: Net0.ourIP))
        iface.poll(now: .s(2) - tick)
        #expect(sink.frames.isEmpty)
        iface.poll(now: .s(2))
        probes = try sink.take().map(Sent.init)
        #expect(probes.count == 1 && probes[0].arp?.senderIP == .any)
        iface.poll(now: .s(3) - tick)
        #expect(iface.ipv4Config == nil && sink.frames.isEmpty)
        iface.poll(now: .s(3))
        #expect(iface.ipv4Config == Net0.config)
        #expect(iface.dhcp?.state == .bound)
        // Bound: the interface announces the address (gratuitous ARP).
        let announce = try sink.take().map(Sent.init)
        #expect(announce.count == 1 && announce[0].arp?.senderIP == Net0.ourIP && announce[0].arp?.targetIP == Net0.ourIP)
        guard case .configured(let lease)? = iface.dhcp?.takeEvent() else { Issue.record("no event"); return }
        #expect(lease.address == Net0.ourIP && lease.router == Server.ip && lease.server == Server.ip)
        #expect(lease.dnsServers == IPv4AddressList(IPv4Address(192, 168, 0, 2), IPv4Address(8, 8, 8, 8)))
        #expect(lease.leaseTime == .seconds(3600))
        #expect(lease.renewAt == .s(3 + 1800) && lease.rebindAt == .s(3 + 3150) && lease.expiresAt == .s(3 + 3600))
        #expect(iface.dhcp?.takeEvent() == nil)
    }

    @Test func declinesAddressThatAnswersProbe() throws {
        let (iface, sink) = dhcpInterface()
        iface.poll(now: .zero)
        let xid = try #require(try sink.takeDhcp().first?.dhcp?.transactionID)
        iface.receive(Server.reply(.offer, xid: xid), at: .s(1))
        iface.poll(now: .s(1))
        iface.receive(Server.reply(.ack, xid: xid), at: .s(1))
        iface.poll(now: .s(1))
        sink.frames.removeAll()
        // Someone already uses 192.168.0.10 and answers the probe.
        iface.receive(Build.arp(.reply, senderMAC: Net0.peerMAC, senderIP: Net0.ourIP, targetMAC: Net0.ourMAC,
                                targetIP: .any, to: Net0.ourMAC), at: .ms(1_500))
        let out = try sink.takeDhcp()
        #expect(out.count == 1)
        let d = try #require(out[0].dhcp)
        // RFC 2131 §4.4.1: DHCPDECLINE with 'requested IP' and 'server identifier', broadcast.
        #expect(d.messageType == .decline && d.requestedAddress == Net0.ourIP && d.serverIdentifier == Server.ip)
        #expect(out[0].ip?.destination == .broadcast && out[0].ip?.source == .any)
        #expect(iface.dhcp?.takeEvent() == .declined(Net0.ourIP))
        #expect(iface.ipv4Config == nil && iface.dhcp?.state == .declined)
        // RFC 2131 §3.1.5: wait ≥ 10 s, then DISCOVER again.
        #expect(iface.pollAt(now: .ms(1_500)) == .ms(11_500))
        iface.poll(now: .ms(11_500) - tick)
        #expect(try sink.takeDhcp().isEmpty)
        iface.poll(now: .ms(11_500))
        let again = try sink.takeDhcp()
        #expect(again.count == 1 && again[0].dhcp?.messageType == .discover)
    }

    @Test func otherHostProbingSameAddressIsAConflict() throws {
        let (iface, sink) = dhcpInterface()
        iface.poll(now: .zero)
        let xid = try #require(try sink.takeDhcp().first?.dhcp?.transactionID)
        iface.receive(Server.reply(.offer, xid: xid), at: .s(1)); iface.poll(now: .s(1))
        iface.receive(Server.reply(.ack, xid: xid), at: .s(1)); iface.poll(now: .s(1))
        sink.frames.removeAll()
        iface.receive(Build.arp(.request, senderMAC: Net0.peerMAC, senderIP: .any, targetIP: Net0.ourIP), at: .ms(1_200))
        #expect(iface.dhcp?.state == .declined)
    }

    @Test func nakInRequestingRestarts() throws {
        let (iface, sink) = dhcpInterface()
        iface.poll(now: .zero)
        let xid = try #require(try sink.takeDhcp().first?.dhcp?.transactionID)
        iface.receive(Server.reply(.offer, xid: xid), at: .s(1)); iface.poll(now: .s(1))
        _ = try sink.takeDhcp()
        iface.receive(Server.reply(.nak, xid: xid), at: .s(2))
        #expect(iface.dhcp?.state == .selecting)
        iface.poll(now: .s(2))
        #expect(try sink.takeDhcp().first?.dhcp?.messageType == .discover)
    }

    @Test func requestGivesUpAfterFourAttempts() throws {
        let (iface, sink) = dhcpInterface()
        iface.poll(now: .zero)
        let xid = try #require(try sink.takeDhcp().first?.dhcp?.transactionID)
        iface.receive(Server.reply(.offer, xid: xid), at: .s(1))
        iface.poll(now: .s(1))                               // REQUEST 1
        #expect(try sink.takeDhcp().count == 1)
        var t = Instant.s(1)
        for gap: Int64 in [4, 8, 16] {                       // REQUEST 2..4
            t = t + .seconds(gap)
            iface.poll(now: t)
            #expect(try sink.takeDhcp().first?.dhcp?.messageType == .request)
        }
        t = t + .seconds(32)
        iface.poll(now: t)
        #expect(try sink.takeDhcp().first?.dhcp?.messageType == .discover)
        #expect(iface.dhcp?.state == .selecting)
    }

    @Test func renewsAtT1UnicastToServer() throws {
        let (iface, sink) = dhcpInterface()
        let xid0 = try acquire(iface, sink)
        _ = iface.dhcp?.takeEvent()
        let t1 = Instant.s(3 + 1800)
        #expect(iface.pollAt(now: .s(3)) == t1)
        iface.poll(now: t1 - tick)
        #expect(sink.frames.isEmpty)
        iface.poll(now: t1)
        // The server's MAC is not cached yet: ARP first, the REQUEST 1 s later.
        var out = try sink.take().map(Sent.init)
        #expect(out.count == 1 && out[0].arp?.targetIP == Server.ip)
        iface.receive(Build.arp(.reply, senderMAC: Server.mac, senderIP: Server.ip, targetMAC: Net0.ourMAC,
                                targetIP: Net0.ourIP, to: Net0.ourMAC), at: t1)
        iface.poll(now: t1 + .seconds(1))
        out = try sink.takeDhcp()
        #expect(out.count == 1)
        let r = try #require(out[0].dhcp)
        // RFC 2131 §4.3.2 RENEWING: unicast, ciaddr set, no options 50/54.
        #expect(r.messageType == .request && r.clientAddress == Net0.ourIP)
        #expect(r.requestedAddress == nil && r.serverIdentifier == nil && r.transactionID != xid0)
        #expect(out[0].ip?.source == Net0.ourIP && out[0].ip?.destination == Server.ip)
        #expect(out[0].eth.destination == Server.mac)
        // Retransmission: half the time to T2 (3153 s - 1804 s = 1349 s → 674.5 s).
        let next = t1 + .seconds(1) + .milliseconds(674_500)
        #expect(iface.pollAt(now: t1 + .seconds(1)) == next)
        // The ACK renews: new lease from the ACK's arrival.
        let ackAt = t1 + .seconds(2)
        iface.receive(Server.reply(.ack, xid: r.transactionID, to: Net0.ourIP, dstMAC: Net0.ourMAC), at: ackAt)
        #expect(iface.dhcp?.state == .bound)
        #expect(iface.dhcp?.lease?.renewAt == ackAt + .seconds(1800))
        guard case .configured? = iface.dhcp?.takeEvent() else { Issue.record("no renew event"); return }
        // Same address: no new announcement.
        #expect(sink.frames.isEmpty)
    }

    /// RFC 2131 §4.4.5 times RENEWING retransmissions from T2: a host that slept through
    /// one (stack suspended) sends at once on waking, not after the time it had left.
    @Test func renewingRetransmissionIsNotPostponedBySleep() throws {
        let (iface, sink) = dhcpInterface()
        _ = try acquire(iface, sink)
        _ = iface.dhcp?.takeEvent()
        let t1 = Instant.s(3 + 1800), sent = t1 + .seconds(1)
        iface.poll(now: t1)                                         // ARP for the server first
        iface.receive(Build.arp(.reply, senderMAC: Server.mac, senderIP: Server.ip, targetMAC: Net0.ourMAC,
                                targetIP: Net0.ourIP, to: Net0.ourMAC), at: t1)
        sink.frames.removeAll()
        iface.poll(now: sent)
        #expect(try sink.takeDhcp().count == 1)                    // the REQUEST, unanswered
        let next = try #require(iface.dhcp?.pollAt(now: sent))
        #expect(next == sent + .milliseconds(674_500))
        iface.suspend(now: sent + .seconds(1))
        let woke = next + .seconds(60)                              // slept past it
        iface.resume(now: woke)
        #expect(iface.pollAt(now: woke) == next)
        iface.poll(now: woke)
        // At once: the server's binding aged out meanwhile, so ARP, then the REQUEST.
        #expect(try sink.take().map(Sent.init).map { $0.arp?.targetIP } == [Server.ip])
        iface.receive(Build.arp(.reply, senderMAC: Server.mac, senderIP: Server.ip, targetMAC: Net0.ourMAC,
                                targetIP: Net0.ourIP, to: Net0.ourMAC), at: woke)
        iface.poll(now: woke)                                       // as soon as the MAC is known
        #expect(try sink.takeDhcp().count == 1)
    }

    /// The address taken away mid-renewal (a 21-day soak found this): the client must not
    /// stay due forever, or the network task spins at one instant (a livelock).
    @Test func renewingWithoutAnAddressIsNotDueForever() throws {
        let (iface, sink) = dhcpInterface()
        _ = try acquire(iface, sink)
        let t1 = Instant.s(3 + 1800)
        iface.poll(now: t1)                                         // ARP for the server
        iface.setIPv4Config(nil, now: t1)
        iface.poll(now: t1 + .seconds(1))                           // cannot send: no address
        let next = try #require(iface.pollAt(now: t1 + .seconds(1)))
        #expect(next > t1 + .seconds(1))
        iface.releaseAddress(now: t1 + .seconds(1))
        #expect(iface.dhcp == nil && iface.ipv4Config == nil)
        #expect(iface.pollAt(now: t1 + .seconds(1)).map { $0 > t1 + .seconds(1) } ?? true)
    }

    @Test func rebindsAtT2AndExpires() throws {
        let (iface, sink) = dhcpInterface()
        _ = try acquire(iface, sink)
        _ = iface.dhcp?.takeEvent()
        let t1 = Instant.s(1803), t2 = Instant.s(3153), end = Instant.s(3603)
        func serverARP(_ t: Instant) {
            iface.receive(Build.arp(.reply, senderMAC: Server.mac, senderIP: Server.ip, targetMAC: Net0.ourMAC,
                                    targetIP: Net0.ourIP, to: Net0.ourMAC), at: t)
        }
        // Renewal retransmissions (server never answers): max(half the time left to T2, 60 s).
        var due = t1
        var expected: [Instant] = []
        while due < t2 {
            expected.append(due)
            serverARP(due)                         // keep the server's MAC fresh
            iface.poll(now: due)
            let out = try sink.takeDhcp()
            #expect(out.count == 1 && out[0].ip?.destination == Server.ip)
            due = try #require(iface.pollAt(now: due))
        }
        // 1803, +675, +337.5, +168.75, +84.375, +60 (minimum)
        #expect(expected == [.s(1803), .s(2478), .ms(2_815_500), .ms(2_984_250), .ms(3_068_625), .ms(3_128_625)])
        // T2 − 1 µs: still renewing; at T2 a broadcast REQUEST (REBINDING).
        #expect(due == t2)
        iface.poll(now: t2 - tick)
        #expect(iface.dhcp?.state == .renewing && sink.frames.isEmpty)
        iface.poll(now: t2)
        let out = try sink.takeDhcp()
        #expect(out.count == 1 && out[0].ip?.destination == .broadcast && out[0].dhcp?.clientAddress == Net0.ourIP)
        #expect(iface.dhcp?.state == .rebinding)
        // Half of the 450 s left = 225 s, then 112.5 s, then the 60 s minimum.
        #expect(iface.pollAt(now: t2) == t2 + .seconds(225))
        iface.poll(now: t2 + .seconds(225))
        #expect(try sink.takeDhcp().count == 1)
        #expect(iface.pollAt(now: t2) == t2 + .seconds(225) + .milliseconds(112_500))
        // Lease end − 1 µs: still configured; at the end: address dropped, DISCOVER.
        iface.poll(now: end - tick)
        _ = try sink.takeDhcp()
        #expect(iface.ipv4Config == Net0.config)
        iface.poll(now: end)
        #expect(iface.ipv4Config == nil)
        #expect(iface.dhcp?.takeEvent() == .deconfigured)
        let d = try sink.takeDhcp()
        #expect(d.count == 1 && d[0].dhcp?.messageType == .discover && d[0].ip?.source == .any)
    }

    @Test func nakWhileRenewingDeconfigures() throws {
        let (iface, sink) = dhcpInterface(probes: 0)
        iface.poll(now: .zero)
        let xid = try #require(try sink.takeDhcp().first?.dhcp?.transactionID)
        iface.receive(Server.reply(.offer, xid: xid), at: .s(1)); iface.poll(now: .s(1))
        iface.receive(Server.reply(.ack, xid: xid), at: .s(1))
        #expect(iface.dhcp?.state == .bound)   // no probing
        iface.receive(Build.arp(.reply, senderMAC: Server.mac, senderIP: Server.ip, targetMAC: Net0.ourMAC,
                                targetIP: Net0.ourIP, to: Net0.ourMAC), at: .s(1800))
        iface.poll(now: .s(1801))
        let r = try #require(try sink.takeDhcp().last?.dhcp)
        #expect(r.messageType == .request && r.clientAddress == Net0.ourIP)
        iface.receive(Server.reply(.nak, xid: r.transactionID, to: Net0.ourIP, dstMAC: Net0.ourMAC), at: .s(1802))
        #expect(iface.dhcp?.ignored == 0)
        #expect(iface.ipv4Config == nil && iface.dhcp?.state == .selecting)
    }

    @Test func infiniteLeaseNeverRenews() throws {
        let (iface, sink) = dhcpInterface(probes: 0)
        iface.poll(now: .zero)
        let xid = try #require(try sink.takeDhcp().first?.dhcp?.transactionID)
        iface.receive(Server.reply(.offer, xid: xid), at: .s(1)); iface.poll(now: .s(1))
        iface.receive(Server.reply(.ack, xid: xid, lease: 0xFFFF_FFFF), at: .s(1))
        iface.poll(now: .s(3))      // the second gratuitous ARP
        #expect(iface.dhcp?.lease?.leaseTime == nil)
        #expect(iface.pollAt(now: .s(3)) == nil)
    }

    @Test func staticAddressSendsNoDhcp() throws {
        let (iface, sink) = makeInterface()
        iface.configureAddress(.fixed(Net0.config), now: .zero)
        iface.poll(now: .s(100))
        #expect(try sink.takeDhcp().isEmpty)
        #expect(iface.dhcp == nil && iface.ipv4Config == Net0.config)
    }
}
