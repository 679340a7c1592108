import Runtime

extension Interface {
    /// Sends one IPv4 datagram of `payloadLength` bytes from our address. `fill` writes the
    /// payload (exactly `payloadLength` bytes; for TCP/UDP including the checksum, whose
    /// pseudo-header uses `ipv4Config.address`). The next hop is `destination` when on
    /// our subnet (or a broadcast), else the gateway; if its MAC is unknown an ARP
    /// request goes out (at most one per `arpRetryInterval`) and the result is
    /// `.pendingARP`: nothing was sent and `fill` was not called.
    public func sendIPv4(destination: IPv4Address, protocol proto: UInt8, ttl: UInt8,
                         payloadLength: Int, now: Instant,
                         fill: (UnsafeMutableRawBufferPointer) -> Void) -> SendResult {
        guard let c = ipv4Config else { return .unaddressable }
        return sendIPv4(source: c.address, destination: destination, protocolNumber: IPProtocol(rawValue: proto),
                        ttl: ttl, payloadLength: payloadLength, now: now, fill: fill)
    }

    /// The general form: any source address (DHCP sends from 0.0.0.0 before it has one).
    func sendIPv4(source: IPv4Address, destination: IPv4Address, protocolNumber: IPProtocol, ttl: UInt8,
                  payloadLength: Int, now: Instant,
                  fill: (UnsafeMutableRawBufferPointer) -> Void) -> SendResult {
        if isSuspended { return .suspended }
        guard payloadLength >= 0, payloadLength + IPv4Header.size <= EthernetFrame.mtu else { return .tooLarge }
        let mac: MACAddress
        switch nextHopMAC(for: destination, now: now) {
        case .mac(let m): mac = m
        case .unaddressable: return .unaddressable
        case .pending: return .pendingARP
        }
        nextIdentification &+= 1
        let ip = IPv4Header(source: source, destination: destination, protocolNumber: protocolNumber,
                            payloadLength: payloadLength, timeToLive: ttl, identification: nextIdentification)
        let start = EthernetFrame.headerSize + IPv4Header.size
        let end = start + payloadLength
        fill(UnsafeMutableRawBufferPointer(rebasing: txBuffer[start..<end]))
        do throws(WireError) {
            try ip.emit(into: UnsafeMutableRawBufferPointer(rebasing: txBuffer[EthernetFrame.headerSize..<end]))
        } catch { return .tooLarge }
        return transmit(to: mac, etherType: .ipv4, length: end) ? .sent : .refused
    }

    enum NextHop { case mac(MACAddress), pending, unaddressable }

    /// Where a datagram to `destination` goes at the link layer (RFC 1122 §3.3.1).
    func nextHopMAC(for destination: IPv4Address, now: Instant) -> NextHop {
        if destination.isBroadcast { return .mac(.broadcast) }
        if destination.isMulticast {
            // RFC 1112 §6.4: 01:00:5E + low 23 bits of the group.
            let v = destination.value
            return .mac(MACAddress(0x01, 0x00, 0x5E, UInt8(truncatingIfNeeded: v >> 16) & 0x7F,
                                   UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)))
        }
        guard let c = ipv4Config else { return .unaddressable }
        if destination == c.subnetBroadcast { return .mac(.broadcast) }
        guard let hop = c.nextHop(for: destination) else { return .unaddressable }
        if let m = neighbors.lookup(hop, now: now) {
            if let old = neighbors.refreshTarget(hop, now: now) { sendArpRequest(for: hop, to: old) }
            return .mac(m)
        }
        if neighbors.beginResolution(hop, now: now) { sendArpRequest(for: hop) }
        return .pending
    }

    /// Writes the Ethernet header in front of `txBuffer[14..<length]` and offers the frame
    /// to the sink; false (counted) when the sink refused it (back-pressure).
    @discardableResult
    func transmit(to destination: MACAddress, etherType: EtherType, length: Int) -> Bool {
        let eth = EthernetFrame(destination: destination, source: localMAC, etherType: etherType)
        do throws(WireError) { try eth.emit(into: txBuffer) } catch { return true }
        guard sink.offer(UnsafeRawBufferPointer(rebasing: txBuffer[0..<length])) else {
            counters.transmitRefused &+= 1
            return false
        }
        counters.transmitted &+= 1
        return true
    }
}
