import Runtime

extension DhcpClient {
    /// BOOTP messages are at least 300 bytes (RFC 951 "Packet Format"; RFC 1542 §2.1
    /// notes relays that drop shorter ones): pad after the end option.
    static let minimumMessageSize = 300

    /// Builds and sends a DISCOVER / REQUEST / DECLINE for the current state. Returns true
    /// if it went out; on `.pendingARP` (a unicast renewal whose server MAC is unknown)
    /// it retries in a second; when it cannot send at all, in 4 s.
    func send(_ type: DhcpMessage.MessageType, now: Instant, interface: Interface) -> Bool {
        var m = DhcpMessage(opcode: .request, transactionID: transactionID, clientMAC: mac, messageType: type)
        let elapsed = (now - startedAt).seconds
        m.seconds = UInt16(clamping: max(0, elapsed))
        var source = IPv4Address.any
        var destination = IPv4Address.broadcast
        var withParameters = true
        switch (type, state) {
        case (.request, .requesting), (.request, .selecting):
            // RFC 2131 §4.3.2 "SELECTING state": ciaddr 0, 'requested IP' and 'server identifier' set.
            m.requestedAddress = offered
            m.serverIdentifier = offerServer
        case (.request, .renewing), (.request, .rebinding):
            // RFC 2131 §4.3.2 "RENEWING"/"REBINDING": ciaddr set, no option 50/54;
            // unicast to the server when renewing, broadcast when rebinding.
            guard let l = lease else { return false }
            m.clientAddress = l.address
            source = l.address
            if state == .renewing { destination = l.server }
        case (.decline, _):
            // RFC 2131 §4.4.1: DECLINE carries 'requested IP' and 'server identifier'.
            m.requestedAddress = offered
            m.serverIdentifier = offerServer
            withParameters = false
        default: break
        }
        let prlCount = withParameters ? parameterRequestList.count : 0
        let cidCount = config.sendClientIdentifier ? clientIdentifier.count : 0
        let hostCount = withParameters ? min(config.hostName.count, 255) : 0
        let length = max(Self.minimumMessageSize,
                         m.emittedLength(parameterRequestList: prlCount, clientIdentifier: cidCount, hostName: hostCount))
        // One sendUdp call site: the option bodies are borrowed inside the fill closure
        // (nesting sendUdp inside three withUnsafeBytes closures had the compiler emit it
        // once per array storage path, three times on the kit image).
        let result = interface.sendUdp(source: source, sourcePort: Self.clientPort, destination: destination,
                                       destinationPort: Self.serverPort, length: length, now: now) { body in
            fill(body, with: m, parameterRequestList: prlCount, clientIdentifier: cidCount, hostName: hostCount)
        }
        switch result {
        case .sent:
            sent &+= 1
            waitingForServerMAC = false
            return true
        case .pendingARP:
            nextSend = now + .seconds(1)
            waitingForServerMAC = true
            return false
        default:
            // No address or no route (the interface was deconfigured under us): not again
            // at once, or `poll` would be due forever; RFC 2131's first retransmission delay.
            nextSend = now + .seconds(4)
            return false
        }
    }

    /// Writes `m` with the first `prl`/`cid`/`host` bytes of the option bodies into `body`
    /// and zeroes the rest (the padding up to the minimum size).
    @inline(never)
    private func fill(_ body: UnsafeMutableRawBufferPointer, with m: DhcpMessage,
                      parameterRequestList prlCount: Int, clientIdentifier cidCount: Int, hostName hostCount: Int) {
        parameterRequestList.withUnsafeBytes { prl in
            clientIdentifier.withUnsafeBytes { cid in
                config.hostName.withUnsafeBytes { name in
                    let p = UnsafeRawBufferPointer(rebasing: prl[0..<prlCount])
                    let c = UnsafeRawBufferPointer(rebasing: cid[0..<cidCount])
                    let h = UnsafeRawBufferPointer(rebasing: name[0..<hostCount])
                    var end = 0
                    do throws(WireError) {
                        end = try m.emit(into: body, parameterRequestList: p, clientIdentifier: c, hostName: h)
                    } catch { end = 0 }
                    for i in end..<body.count { body[i] = 0 }
                }
            }
        }
    }
}
