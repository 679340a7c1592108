import Runtime

extension Interface {
    /// Handles an inbound ARP packet (RFC 826 "Packet Reception"): merge the sender into
    /// the cache, answer requests for our address, and let DHCP see it (address probing).
    func receiveArp(_ bytes: UnsafeRawBufferPointer, now: Instant) {
        let arp: ArpPacket
        do { arp = try ArpPacket(parsing: bytes) } catch { drop(.malformed); return }
        dhcp?.arpObserved(arp, now: now, interface: self)
        guard arp.senderMAC != localMAC else { return }
        let forUs = ipv4Config.map { arp.targetIP == $0.address } ?? false
        neighbors.learn(arp.senderIP, arp.senderMAC, now: now, create: forUs)
        if forUs, arp.operation == .request, let c = ipv4Config {
            sendArp(ArpPacket(operation: .reply, senderMAC: localMAC, senderIP: c.address,
                              targetMAC: arp.senderMAC, targetIP: arp.senderIP),
                    to: arp.senderMAC)
            counters.arpRepliesSent &+= 1
        }
    }

    /// A who-has for `ip` from our address (or 0.0.0.0 with none): broadcast, or unicast
    /// to the MAC we have when refreshing an entry about to expire.
    func sendArpRequest(for ip: IPv4Address, to mac: MACAddress = .broadcast) {
        sendArp(ArpPacket(operation: .request, senderMAC: localMAC, senderIP: ipv4Config?.address ?? .any,
                          targetMAC: mac == .broadcast ? .zero : mac, targetIP: ip),
                to: mac)
        counters.arpRequestsSent &+= 1
    }

    /// An ARP announcement (RFC 5227 §2.3): a request with sender and target IP both ours.
    func sendGratuitousArp(_ ip: IPv4Address) {
        sendArp(ArpPacket(operation: .request, senderMAC: localMAC, senderIP: ip, targetMAC: .zero, targetIP: ip),
                to: .broadcast)
        counters.gratuitousArpsSent &+= 1
    }

    /// An ARP probe (RFC 5227 §2.1.1): sender IP 0.0.0.0, target the address we want.
    func sendArpProbe(for ip: IPv4Address) {
        if isSuspended { return }
        sendArp(ArpPacket(operation: .request, senderMAC: localMAC, senderIP: .any, targetMAC: .zero, targetIP: ip),
                to: .broadcast)
        counters.arpRequestsSent &+= 1
    }

    func sendArp(_ arp: ArpPacket, to mac: MACAddress) {
        if isSuspended { return }
        let body = UnsafeMutableRawBufferPointer(rebasing: txBuffer[EthernetFrame.headerSize...])
        do throws(WireError) { try arp.emit(into: body) } catch { return }
        // Pad to the 60-byte Ethernet minimum (IEEE 802.3 clause 3.2.7) with zeros.
        let end = EthernetFrame.headerSize + ArpPacket.size
        for i in end..<60 { txBuffer[i] = 0 }
        transmit(to: mac, etherType: .arp, length: 60)
    }
}
