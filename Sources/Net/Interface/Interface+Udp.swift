import Runtime

extension Interface {
    /// Sends `payload` from our address and `sourcePort` to `destination:destinationPort`.
    public func sendUdp(sourcePort: UInt16, destination: IPv4Address, destinationPort: UInt16,
                        payload: UnsafeRawBufferPointer, now: Instant) -> SendResult {
        guard let c = ipv4Config else { return .unaddressable }
        return sendUdp(source: c.address, sourcePort: sourcePort, destination: destination,
                       destinationPort: destinationPort, length: payload.count, now: now) { body in
            if payload.count > 0 { body.copyMemory(from: payload) }
        }
    }

    /// The general form (any source address, payload written by `fill`): DHCP uses it
    /// with source 0.0.0.0.
    func sendUdp(source: IPv4Address, sourcePort: UInt16, destination: IPv4Address, destinationPort: UInt16,
                 length: Int, now: Instant, fill: (UnsafeMutableRawBufferPointer) -> Void) -> SendResult {
        let udp = UdpDatagram(sourcePort: sourcePort, destinationPort: destinationPort, dataLength: length)
        return sendIPv4(source: source, destination: destination, protocolNumber: .udp, ttl: config.defaultTTL,
                        payloadLength: UdpDatagram.headerSize + length, now: now) { buffer in
            fill(UnsafeMutableRawBufferPointer(rebasing: buffer[UdpDatagram.headerSize...]))
            do throws(WireError) {
                try udp.emit(into: buffer, source: source, destination: destination)
            } catch {}
        }
    }

    func receiveUdp(_ bytes: UnsafeRawBufferPointer, ip: IPv4Header, now: Instant) {
        let udp: UdpDatagram
        do { udp = try UdpDatagram(parsing: bytes, source: ip.source, destination: ip.destination) } catch {
            if case .badChecksum = error { drop(.badChecksum) } else { drop(.malformed) }
            return
        }
        let data = UnsafeRawBufferPointer(rebasing: bytes[udp.data])
        if udp.destinationPort == DhcpClient.clientPort, let d = dhcp {
            d.receive(data, now: now, interface: self)
            return
        }
        if ipv4Config == nil { drop(.notOurAddress); return }
        for s in udpSockets where s.port == udp.destinationPort {
            if !s.enqueue(data, source: ip.source, sourcePort: udp.sourcePort, destination: ip.destination) {
                drop(.socketFull)
            }
            return
        }
        drop(.noSocket)
    }
}
