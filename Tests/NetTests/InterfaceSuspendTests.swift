import Testing
import Net
import Runtime

@Suite struct InterfaceSuspendTests {
    let tick = Duration.microseconds(1)

    @Test func suspendedInterfaceSendsNothingAndQueuesFrames() throws {
        let (iface, sink) = makeInterface()
        iface.configureAddress(.fixed(Net0.config), now: .zero)
        iface.poll(now: .s(2))
        sink.frames.removeAll()
        iface.suspend(now: .s(10))
        #expect(iface.isSuspended && iface.pollAt(now: .s(10)) == nil)
        #expect(iface.sendIPv4(destination: Net0.peerIP, protocol: 99, ttl: 64, payloadLength: 0, now: .s(10)) { _ in }
                == .suspended)
        // Frames arrive: queued, not answered.
        iface.receive(Build.arp(.request, senderMAC: Net0.peerMAC, senderIP: Net0.peerIP, targetIP: Net0.ourIP), at: .s(11))
        iface.receive(Build.echoRequest(from: Net0.peerIP, to: Net0.ourIP, id: 1, seq: 1, data: [0xAB]), at: .s(12))
        iface.poll(now: .s(13))
        #expect(sink.frames.isEmpty)
        #expect(iface.suspendQueueCount == 2 && iface.counters.suspendQueued == 2)
        // Resume: processed in arrival order (ARP reply, then echo reply).
        iface.resume(now: .s(20))
        let out = try sink.take().map(Sent.init)
        #expect(out.count == 2)
        #expect(out[0].arp?.operation == .reply)
        #expect(out[1].icmp?.type == .echoReply && out[1].payload == [0xAB])
        #expect(iface.suspendQueueCount == 0 && !iface.isSuspended)
    }

    @Test func queueOverflowIsCounted() {
        let sink = RecordingSink()
        var c = Interface.Config(mac: Net0.ourMAC)
        c.suspendQueueBytes = 96   // two 42-byte echo requests (48 B each with the length word)
        let iface = Interface(config: c, sink: sink)
        iface.configureAddress(.fixed(Net0.config), now: .zero)
        iface.suspend(now: .s(1))
        for k in 0..<3 {
            iface.receive(Build.echoRequest(from: Net0.peerIP, to: Net0.ourIP, id: 1, seq: UInt16(k), data: []), at: .s(2))
        }
        #expect(iface.counters.dropped(.suspendQueueFull) == 1)
        sink.frames.removeAll()
        iface.resume(now: .s(3))
        #expect(sink.frames.count == 2)
    }

    /// The queue holds bytes, not a fixed number of full-size slots: 100 small frames
    /// (42-byte echo requests) wait in the default 8 KB and are all answered on resume
    /// (a queue of 8 slots of 1,514 B, 12 KB, kept 8 and dropped 92).
    @Test func smallFramesAllWait() {
        let (iface, sink) = makeInterface()
        iface.configureAddress(.fixed(Net0.config), now: .zero)
        iface.poll(now: .s(2))
        iface.suspend(now: .s(10))
        for k in 0..<100 {
            iface.receive(Build.echoRequest(from: Net0.peerIP, to: Net0.ourIP, id: 1, seq: UInt16(k), data: []), at: .s(11))
        }
        #expect(iface.counters.dropped(.suspendQueueFull) == 0 && iface.suspendQueueCount == 100)
        sink.frames.removeAll()
        iface.resume(now: .s(12))
        #expect(sink.frames.count == 100)
    }

    /// Full-size frames beyond the queue's bytes are refused and counted as
    /// `.suspendQueueFull`, exactly where a full slot queue dropped: the default 8 KB take
    /// five 1,514-byte frames (1,520 B each), the sixth is dropped, the five are answered.
    @Test func fullSizeFramesBeyondTheBytesAreCounted() {
        let (iface, sink) = makeInterface()
        iface.configureAddress(.fixed(Net0.config), now: .zero)
        iface.poll(now: .s(2))
        iface.suspend(now: .s(10))
        let data = [UInt8](repeating: 0x5A, count: 1_472)   // 14 + 20 + 8 + 1,472 = 1,514 B
        for k in 0..<6 {
            iface.receive(Build.echoRequest(from: Net0.peerIP, to: Net0.ourIP, id: 1, seq: UInt16(k), data: data), at: .s(11))
        }
        #expect(iface.counters.dropped(.suspendQueueFull) == 1 && iface.suspendQueueCount == 5)
        #expect(iface.suspendQueueHighWater == 5 * 1_520)
        sink.frames.removeAll()
        iface.resume(now: .s(12))
        #expect(sink.frames.count == 5)
    }

    @Test func timersFreezeAndKeepTheirRemainingTime() throws {
        let (iface, sink) = makeInterface()
        iface.configureAddress(.fixed(Net0.config), now: .zero)   // 2nd announcement due at 2 s
        _ = iface.sendIPv4(destination: Net0.peerIP, protocol: 99, ttl: 64, payloadLength: 0, now: .ms(500)) { _ in }
        sink.frames.removeAll()                                   // ARP retry due at 1.5 s
        iface.suspend(now: .s(1))
        iface.poll(now: .s(50))
        #expect(sink.frames.isEmpty)
        // Resume at 100 s: the retry had 0.5 s left, the announcement 1 s.
        iface.resume(now: .s(100))
        #expect(iface.pollAt(now: .s(100)) == .ms(100_500))
        iface.poll(now: .ms(100_500) - tick)
        #expect(sink.frames.isEmpty)
        iface.poll(now: .ms(100_500))
        var out = try sink.take().map(Sent.init)
        #expect(out.count == 1 && out[0].arp?.targetIP == Net0.peerIP)
        #expect(iface.pollAt(now: .ms(100_500)) == .s(101))
        iface.poll(now: .s(101))
        out = try sink.take().map(Sent.init)
        #expect(out.count == 1 && out[0].arp?.senderIP == Net0.ourIP && out[0].arp?.targetIP == Net0.ourIP)
        #expect(iface.pollAt(now: .s(101)) == .ms(101_500))     // third ARP attempt
    }

    @Test func dhcpRetransmissionShiftsButLeaseTimesStayAbsolute() throws {
        let (iface, sink) = dhcpInterface(probes: 0)
        iface.poll(now: .zero)                                    // DISCOVER; next at 4 s
        let xid = try #require(try sink.takeDhcp().first?.dhcp?.transactionID)
        iface.suspend(now: .s(1))
        iface.resume(now: .s(11))
        #expect(iface.pollAt(now: .s(11)) == .s(14))             // 3 s were left
        iface.receive(Server.reply(.offer, xid: xid), at: .s(11))
        iface.poll(now: .s(11))
        iface.receive(Server.reply(.ack, xid: xid), at: .s(11))   // T1 = 1811 s, T2 = 3161 s, end 3611 s
        iface.poll(now: .s(13))
        sink.frames.removeAll()
        // Sleep through T1 and T2: on resume the client is due at once, and rebinding
        // starts (no unicast renew: T2 has passed).
        iface.suspend(now: .s(100))
        iface.resume(now: .s(3200))
        #expect(iface.pollAt(now: .s(3200))! <= .s(3200))       // overdue: poll at once
        iface.poll(now: .s(3200))
        #expect(iface.dhcp?.state == .rebinding)
        let out = try sink.takeDhcp()
        #expect(out.count == 1 && out[0].ip?.destination == .broadcast)
        // Sleep through the lease end: the address is dropped on resume.
        iface.suspend(now: .s(3201))
        iface.resume(now: .s(4000))
        iface.poll(now: .s(4000))
        #expect(iface.ipv4Config == nil && iface.dhcp?.state == .selecting)
    }
}
