import Testing
import Net
import Runtime

@Suite struct InterfaceArpTests {
    func configured() -> (Interface, RecordingSink) {
        let (iface, sink) = makeInterface()
        iface.configureAddress(.fixed(Net0.config), now: .zero)
        iface.poll(now: .s(2))      // second announcement
        sink.frames.removeAll()
        return (iface, sink)
    }

    @Test func answersRequestForOurAddressAndLearnsSender() throws {
        let (iface, sink) = configured()
        iface.receive(Build.arp(.request, senderMAC: Net0.peerMAC, senderIP: Net0.peerIP, targetIP: Net0.ourIP), at: .s(3))
        let out = try sink.take().map(Sent.init)
        #expect(out.count == 1)
        #expect(out[0].eth.destination == Net0.peerMAC)
        #expect(out[0].eth.source == Net0.ourMAC)
        // RFC 826: swap sender/target, fill in our hardware address, opcode reply.
        #expect(out[0].arp == ArpPacket(operation: .reply, senderMAC: Net0.ourMAC, senderIP: Net0.ourIP,
                                        targetMAC: Net0.peerMAC, targetIP: Net0.peerIP))
        #expect(iface.neighborMAC(for: Net0.peerIP) == Net0.peerMAC)
        #expect(iface.counters.arpRepliesSent == 1)
    }

    @Test func answersCapturedLinuxRequestByteForByte() {
        // The captured who-has 192.0.2.77 (Fixtures.swift) to an interface that owns it.
        let (iface, sink) = makeInterface()
        iface.configureAddress(.fixed(IPv4Config(address: IPv4Address(192, 0, 2, 77), netmask: Net0.netmask)), now: .zero)
        iface.poll(now: .s(2))
        sink.frames.removeAll()
        iface.receive(Fixtures.arpRequestFrame, at: .s(3))
        // RFC 826 reply, written out by hand; padded with zeros to the 60-byte minimum.
        let expected: [UInt8] = [
            0x02, 0xFC, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x10, 0x08, 0x06,   // Ethernet
            0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02,                                   // hrd pro hln pln op=2
            0x02, 0x00, 0x00, 0x00, 0x00, 0x10, 0xC0, 0x00, 0x02, 0x4D,                       // sha spa (us)
            0x02, 0xFC, 0x00, 0x00, 0x00, 0x01, 0xC0, 0x00, 0x02, 0x02,                       // tha tpa (asker)
        ] + [UInt8](repeating: 0, count: 18)
        #expect(sink.frames == [expected])
    }

    /// An aged-out binding is still the best guess for its neighbour (the offload snapshot
    /// uses it): a new entry takes an empty slot, not the expired one.
    @Test func anExpiredBindingSurvivesWhileSlotsAreFree() throws {
        let (iface, sink) = configured()
        iface.receive(Build.arp(.request, senderMAC: Net0.peerMAC, senderIP: Net0.peerIP, targetIP: Net0.ourIP), at: .s(3))
        sink.frames.removeAll()
        let later = Instant.s(3 + 3600)                              // long past its 300 s lifetime
        let other = IPv4Address(192, 168, 0, 77)
        #expect(!iface.resolveNextHop(other, now: later))
        #expect(try sink.take().map(Sent.init).map { $0.arp?.targetIP } == [other])
        #expect(iface.neighborMAC(for: Net0.peerIP) == Net0.peerMAC)  // still there
        #expect(iface.neighborMAC(for: Net0.peerIP, now: later) == nil)  // but not fresh
        // Before an offload the binding is re-validated: a who-has goes out for it.
        #expect(!iface.resolveNextHop(Net0.peerIP, now: later))
        #expect(try sink.take().map(Sent.init).map { $0.arp?.targetIP } == [Net0.peerIP])
        iface.receive(Build.arp(.reply, senderMAC: Net0.peerMAC, senderIP: Net0.peerIP, targetMAC: Net0.ourMAC,
                                targetIP: Net0.ourIP, to: Net0.ourMAC), at: later)
        #expect(iface.resolveNextHop(Net0.peerIP, now: later))
    }

    @Test func ignoresRequestsForOthersAndDoesNotLearnThem() {
        let (iface, sink) = configured()
        iface.receive(Build.arp(.request, senderMAC: Net0.peerMAC, senderIP: Net0.peerIP,
                                targetIP: IPv4Address(192, 168, 0, 99)), at: .s(3))
        #expect(sink.frames.isEmpty)
        #expect(iface.neighborMAC(for: Net0.peerIP) == nil)
    }

    @Test func gratuitousArpTwiceOnAddressChange() throws {
        let (iface, sink) = makeInterface()
        let lines = LineBuffer()
        iface.log = Log(lines)
        iface.configureAddress(.fixed(Net0.config), now: .s(10))
        #expect(lines.lines == [Array("net: address 192.168.0.10 mask 255.255.255.0 gateway 192.168.0.1".utf8)])
        var out = try sink.take().map(Sent.init)
        // RFC 5227 §2.3 announcement: request, sender IP = target IP = ours, broadcast.
        let announce = ArpPacket(operation: .request, senderMAC: Net0.ourMAC, senderIP: Net0.ourIP,
                                 targetMAC: .zero, targetIP: Net0.ourIP)
        #expect(out.count == 1 && out[0].arp == announce && out[0].eth.destination == .broadcast)
        #expect(iface.pollAt(now: .s(10)) == .s(12))
        iface.poll(now: .s(12) - .microseconds(1))
        #expect(sink.frames.isEmpty)
        iface.poll(now: .s(12))
        out = try sink.take().map(Sent.init)
        #expect(out.count == 1 && out[0].arp == announce)
        #expect(iface.pollAt(now: .s(12)) == nil)
        // Same address again: no announcement.
        iface.configureAddress(.fixed(Net0.config), now: .s(20))
        #expect(sink.frames.isEmpty)
        #expect(iface.counters.gratuitousArpsSent == 2)
    }

    @Test func resolvesWithRetriesThenFails() throws {
        let (iface, sink) = configured()
        var r = iface.sendIPv4(destination: Net0.peerIP, protocol: 17, ttl: 64, payloadLength: 4, now: .s(100)) { _ in
            Issue.record("fill must not run while unresolved")
        }
        #expect(r == .pendingARP)
        var out = try sink.take().map(Sent.init)
        #expect(out.count == 1)
        #expect(out[0].arp == ArpPacket(operation: .request, senderMAC: Net0.ourMAC, senderIP: Net0.ourIP,
                                        targetMAC: .zero, targetIP: Net0.peerIP))
        // A second send while pending does not send another request (rate limit).
        r = iface.sendIPv4(destination: Net0.peerIP, protocol: 17, ttl: 64, payloadLength: 4, now: .ms(100_500)) { _ in }
        #expect(r == .pendingARP && sink.frames.isEmpty)
        // Retries at 1 s intervals: deadline - 1 µs nothing, at the deadline one request.
        for k: UInt64 in 1...2 {
            #expect(iface.pollAt(now: .s(100)) == .s(100 + k))
            iface.poll(now: .s(100 + k) - .microseconds(1))
            #expect(sink.frames.isEmpty)
            iface.poll(now: .s(100 + k))
            out = try sink.take().map(Sent.init)
            #expect(out.count == 1 && out[0].arp?.targetIP == Net0.peerIP)
        }
        // Third attempt unanswered: the entry fails at 103 s.
        iface.poll(now: .s(103))
        #expect(sink.frames.isEmpty)
        #expect(iface.counters.arpResolutionFailures == 1)
        #expect(iface.pollAt(now: .s(103)) == nil)
        // During the hold-down no new request; after it a new resolution starts.
        r = iface.sendIPv4(destination: Net0.peerIP, protocol: 17, ttl: 64, payloadLength: 4, now: .ms(103_500)) { _ in }
        #expect(r == .pendingARP && sink.frames.isEmpty)
        r = iface.sendIPv4(destination: Net0.peerIP, protocol: 17, ttl: 64, payloadLength: 4, now: .s(104)) { _ in }
        #expect(r == .pendingARP && sink.frames.count == 1)
    }

    /// A caller that gives up on a neighbour (a connection attempt to a server that is down)
    /// stops its retries: no deadline is left to wake the host; after the hold-down a send
    /// resolves it afresh.
    @Test func anAbandonedResolutionLeavesNoRetryDeadline() throws {
        let (iface, sink) = configured()
        #expect(iface.sendIPv4(destination: Net0.peerIP, protocol: 17, ttl: 64, payloadLength: 4, now: .s(100)) { _ in } == .pendingARP)
        #expect(!iface.nextHopResolved(Net0.peerIP, now: .ms(100_200)))
        #expect(iface.pollAt(now: .ms(100_200)) == .s(101))
        iface.abandonResolution(towards: Net0.peerIP, now: .ms(100_200))
        #expect(iface.pollAt(now: .ms(100_200)) == nil)
        sink.frames.removeAll()
        iface.poll(now: .s(101))
        #expect(sink.frames.isEmpty)
        #expect(iface.sendIPv4(destination: Net0.peerIP, protocol: 17, ttl: 64, payloadLength: 4, now: .ms(101_200)) { _ in } == .pendingARP)
        #expect(sink.frames.count == 1)
        iface.receive(Build.arp(.reply, senderMAC: Net0.peerMAC, senderIP: Net0.peerIP, targetMAC: Net0.ourMAC,
                                targetIP: Net0.ourIP), at: .ms(101_204))
        #expect(iface.nextHopResolved(Net0.peerIP, now: .ms(101_204)))
    }

    @Test func sendsAfterReplyAndExpiresEntry() throws {
        let (iface, sink) = configured()
        _ = iface.sendIPv4(destination: Net0.peerIP, protocol: 17, ttl: 64, payloadLength: 4, now: .s(100)) { _ in }
        sink.frames.removeAll()
        iface.receive(Build.arp(.reply, senderMAC: Net0.peerMAC, senderIP: Net0.peerIP, targetMAC: Net0.ourMAC,
                                targetIP: Net0.ourIP, to: Net0.ourMAC), at: .ms(100_200))
        #expect(iface.pollAt(now: .ms(100_200)) == nil)   // no more retries
        let r = iface.sendIPv4(destination: Net0.peerIP, protocol: 99, ttl: 7, payloadLength: 4, now: .ms(100_300)) { b in
            b.copyBytes(from: [1, 2, 3, 4])
        }
        #expect(r == .sent)
        let out = try sink.take().map(Sent.init)
        #expect(out.count == 1)
        #expect(out[0].eth.destination == Net0.peerMAC && out[0].eth.etherType == .ipv4)
        #expect(out[0].ip?.source == Net0.ourIP && out[0].ip?.destination == Net0.peerIP)
        #expect(out[0].ip?.timeToLive == 7 && out[0].ip?.protocolNumber.rawValue == 99)
        #expect(out[0].ip?.totalLength == 24)
        // Entry lifetime 300 s (lwIP ARP_MAXAGE): live at learn + 300 s - 1 µs, gone at + 300 s.
        let learned = Instant.ms(100_200)
        #expect(iface.neighborMAC(for: Net0.peerIP, now: learned + .seconds(300) - .microseconds(1)) == Net0.peerMAC)
        #expect(iface.neighborMAC(for: Net0.peerIP, now: learned + .seconds(300)) == nil)
        let again = iface.sendIPv4(destination: Net0.peerIP, protocol: 17, ttl: 64, payloadLength: 0,
                                   now: learned + .seconds(300)) { _ in }
        #expect(again == .pendingARP)
    }

    @Test func refreshesEntryInUseBeforeItExpires() throws {
        let (iface, sink) = configured()
        iface.receive(Build.arp(.request, senderMAC: Net0.peerMAC, senderIP: Net0.peerIP, targetIP: Net0.ourIP), at: .s(10))
        sink.frames.removeAll()
        func send(_ t: Instant) -> SendResult {
            iface.sendIPv4(destination: Net0.peerIP, protocol: 99, ttl: 64, payloadLength: 0, now: t) { _ in }
        }
        // Expires at 310 s; the refresh window opens 15 s before.
        #expect(send(.s(295) - .microseconds(1)) == .sent)
        #expect(sink.take().count == 1)
        #expect(send(.s(295)) == .sent)
        let out = try sink.take().map(Sent.init)
        #expect(out.count == 2)
        // A unicast who-has to the known MAC (lwIP ARP_AGE_REREQUEST_USED_UNICAST), then the datagram.
        #expect(out[0].eth.destination == Net0.peerMAC && out[0].arp?.operation == .request)
        #expect(out[0].arp?.targetIP == Net0.peerIP && out[0].arp?.targetMAC == Net0.peerMAC)
        #expect(out[1].ip?.destination == Net0.peerIP)
        // Only once per lifetime.
        #expect(send(.s(296)) == .sent && sink.take().count == 1)
        // The reply renews the binding: no stall at 310 s.
        iface.receive(Build.arp(.reply, senderMAC: Net0.peerMAC, senderIP: Net0.peerIP, targetMAC: Net0.ourMAC,
                                targetIP: Net0.ourIP, to: Net0.ourMAC), at: .s(296))
        #expect(send(.s(310)) == .sent)
    }

    @Test func routesOffSubnetThroughGateway() throws {
        let (iface, sink) = configured()
        let far = IPv4Address(8, 8, 8, 8)
        #expect(iface.sendIPv4(destination: far, protocol: 99, ttl: 64, payloadLength: 0, now: .s(5)) { _ in } == .pendingARP)
        let req = try sink.take().map(Sent.init)
        #expect(req.count == 1 && req[0].arp?.targetIP == Net0.gatewayIP)
        iface.receive(Build.arp(.reply, senderMAC: Net0.gatewayMAC, senderIP: Net0.gatewayIP, targetMAC: Net0.ourMAC,
                                targetIP: Net0.ourIP, to: Net0.ourMAC), at: .s(5))
        #expect(iface.sendIPv4(destination: far, protocol: 99, ttl: 64, payloadLength: 0, now: .s(5)) { _ in } == .sent)
        let out = try sink.take().map(Sent.init)
        #expect(out[0].eth.destination == Net0.gatewayMAC && out[0].ip?.destination == far)
        // Broadcasts need no ARP.
        #expect(iface.sendIPv4(destination: IPv4Address(192, 168, 0, 255), protocol: 99, ttl: 64, payloadLength: 0,
                               now: .s(5)) { _ in } == .sent)
        #expect(try Sent(sink.take()[0]).eth.destination == .broadcast)
    }

    @Test func unaddressableWithoutConfigOrGateway() {
        let (iface, _) = makeInterface()
        #expect(iface.sendIPv4(destination: Net0.peerIP, protocol: 17, ttl: 64, payloadLength: 0, now: .zero) { _ in }
                == .unaddressable)
        iface.configureAddress(.fixed(IPv4Config(address: Net0.ourIP, netmask: Net0.netmask)), now: .zero)
        #expect(iface.sendIPv4(destination: IPv4Address(8, 8, 8, 8), protocol: 17, ttl: 64, payloadLength: 0,
                               now: .zero) { _ in } == .unaddressable)
        #expect(iface.sendIPv4(destination: Net0.peerIP, protocol: 17, ttl: 64, payloadLength: 1481,
                               now: .zero) { _ in } == .tooLarge)
    }
}
