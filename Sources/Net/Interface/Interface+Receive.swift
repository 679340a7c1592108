import Runtime

extension Interface {
    /// Processes one inbound Ethernet II frame (valid only during the call). While
    /// suspended the frame is copied to the suspend queue instead (or counted as
    /// `.suspendQueueFull`) and processed by `resume(now:)`.
    public func receive(frame: UnsafeRawBufferPointer, now: Instant) {
        if isSuspended {
            if suspension.push(frame) { counters.suspendQueued &+= 1 } else { drop(.suspendQueueFull) }
            return
        }
        process(frame: frame, now: now)
    }

    /// Runs `body` (which calls `receive(frame:now:)` for each frame the driver has) as one
    /// batch: the TCP sockets answer once, after the last frame, so a segment and its
    /// retransmissions that arrive together (the AP held them while the chip dozed, or the
    /// chip held them while the host slept) get one ACK, not one each. Three identical
    /// ACKs in a row are what a sender reads as loss (RFC 5681 §3.2, fast retransmit).
    public func receiving(now: Instant, _ body: () -> Void) {
        batchDepth += 1
        body()
        batchDepth -= 1
        if batchDepth == 0 && tcpOutputDue {
            tcpOutputDue = false
            tcpPoll(now: now)
        }
    }

    func process(frame: UnsafeRawBufferPointer, now: Instant) {
        counters.received &+= 1
        let eth: EthernetFrame
        do { eth = try EthernetFrame(parsing: frame) } catch { drop(.malformed); return }
        if eth.destination != localMAC && !eth.destination.isBroadcast {
            drop(eth.destination.isMulticast ? .multicast : .notForUs)
            return
        }
        let payload = UnsafeRawBufferPointer(rebasing: frame[eth.payload])
        switch eth.etherType {
        case .arp: receiveArp(payload, now: now)
        case .ipv4: receiveIPv4(payload, linkSource: eth.source, now: now)
        default: drop(.unknownEtherType)
        }
    }

    func receiveIPv4(_ bytes: UnsafeRawBufferPointer, linkSource: MACAddress, now: Instant) {
        let ip: IPv4Header
        do { ip = try IPv4Header(parsing: bytes) } catch {
            switch error {
            case .fragmented: drop(.fragment)
            case .badChecksum: drop(.badChecksum)
            default: drop(.malformed)
            }
            return
        }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[ip.payload])
        guard accepts(ip) else { drop(.notOurAddress); return }
        switch ip.protocolNumber {
        case .icmp: receiveIcmp(payload, ip: ip, linkSource: linkSource, now: now)
        case .udp: receiveUdp(payload, ip: ip, now: now)
        case .tcp:
            guard let c = ipv4Config, ip.destination == c.address else { drop(.notOurAddress); return }
            tcpInput(source: ip.source, destination: ip.destination, segment: payload, now: now)
        default: drop(.unknownProtocol)
        }
    }

    /// Our unicast address, the limited and the directed broadcast; with no address yet
    /// any destination (a DHCP server may unicast the OFFER to `yiaddr`, RFC 2131 §4.1).
    func accepts(_ ip: IPv4Header) -> Bool {
        if ip.destination.isBroadcast { return true }
        guard let c = ipv4Config else { return ip.protocolNumber == .udp }
        return ip.destination == c.address || ip.destination == c.subnetBroadcast
    }

    /// Answers an echo request to our unicast address (RFC 1122 §3.2.2.6) with the same
    /// identifier, sequence number and data, sent back to the frame's source MAC.
    func receiveIcmp(_ bytes: UnsafeRawBufferPointer, ip: IPv4Header, linkSource: MACAddress, now: Instant) {
        let icmp: IcmpMessage
        do { icmp = try IcmpMessage(parsing: bytes) } catch {
            if case .badChecksum = error { drop(.badChecksum) } else { drop(.malformed) }
            return
        }
        guard icmp.type == .echoRequest, let c = ipv4Config, ip.destination == c.address, !isSuspended else { return }
        let length = bytes.count
        guard length + IPv4Header.size <= EthernetFrame.mtu else { return }
        nextIdentification &+= 1
        let reply = IPv4Header(source: c.address, destination: ip.source, protocolNumber: .icmp,
                               payloadLength: length, timeToLive: config.defaultTTL, identification: nextIdentification)
        let start = EthernetFrame.headerSize + IPv4Header.size
        let body = UnsafeMutableRawBufferPointer(rebasing: txBuffer[start..<(start + length)])
        body.copyMemory(from: bytes)
        do throws(WireError) {
            try IcmpMessage(type: .echoReply, code: 0, identifier: icmp.identifier,
                            sequenceNumber: icmp.sequenceNumber).emit(into: body)
            try reply.emit(into: UnsafeMutableRawBufferPointer(rebasing: txBuffer[EthernetFrame.headerSize...]))
        } catch { return }
        transmit(to: linkSource, etherType: .ipv4, length: start + length)
        counters.echoRepliesSent &+= 1
    }
}
