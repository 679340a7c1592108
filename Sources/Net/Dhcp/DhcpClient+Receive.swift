import Runtime

extension DhcpClient {
    /// A UDP datagram to port 68. Replies are matched by `xid` and our MAC in `chaddr`
    /// (RFC 2131 §4.4.1); anything else is counted in `ignored`.
    func receive(_ data: UnsafeRawBufferPointer, now: Instant, interface: Interface) {
        let m: DhcpMessage
        do { m = try DhcpMessage(parsing: data) } catch { ignored &+= 1; return }
        guard m.opcode == .reply, m.transactionID == transactionID, m.clientMAC == mac,
              let type = m.messageType else { ignored &+= 1; return }
        switch (state, type) {
        case (.selecting, .offer):
            // RFC 2131 §4.4.1: take the first acceptable offer.
            guard let server = m.serverIdentifier, !m.yourAddress.isUnspecified else { ignored &+= 1; return }
            offered = m.yourAddress
            offerServer = server
            state = .requesting
            attempt = 0
            nextSend = now
        case (.requesting, .ack):
            guard m.yourAddress == offered else { ignored &+= 1; return }
            if config.probeCount > 0 {
                // RFC 2131 §2.2 / §3.1.5: check the address is unused before using it.
                hold(m)
                state = .probing
                attempt = 0
                nextSend = now
            } else {
                bind(m, now: now, interface: interface)
            }
        case (.renewing, .ack), (.rebinding, .ack):
            guard let l = lease, m.yourAddress == l.address else { ignored &+= 1; return }
            bind(m, now: now, interface: interface)
        case (.requesting, .nak):
            restart(at: now)
        case (.renewing, .nak), (.rebinding, .nak):
            // RFC 2131 §3.2: on DHCPNAK stop using the address and restart.
            lease = nil
            interface.setIPv4Config(nil, now: now)
            post(.deconfigured)
            restart(at: now)
        default:
            ignored &+= 1
        }
    }

    /// Keeps the ACK to bind after the probes (its Optional copy stays out of `receive`'s frame).
    @inline(never)
    private func hold(_ ack: borrowing DhcpMessage) {
        pendingAck = copy ack
    }

    /// Every ARP packet the interface sees. While probing, any ARP whose sender is the
    /// offered address (someone uses it), or a probe from another MAC for the same
    /// address (someone else wants it, RFC 5227 §2.1.1), is a conflict: DECLINE it.
    func arpObserved(_ arp: ArpPacket, now: Instant, interface: Interface) {
        // The server's MAC a unicast renewal was waiting for: send at the next poll
        // rather than a second later (the host may be awake only for this).
        if waitingForServerMAC, state == .renewing, let l = lease, arp.senderIP == l.server {
            waitingForServerMAC = false
            nextSend = now
        }
        guard state == .probing, arp.senderMAC != mac else { return }
        let uses = arp.senderIP == offered
        let probesToo = arp.senderIP.isUnspecified && arp.targetIP == offered && arp.operation == .request
        guard uses || probesToo else { return }
        _ = send(.decline, now: now, interface: interface)
        post(.declined(offered))
        state = .declined
        pendingAck = nil
        nextSend = now + config.declineBackoff
    }

    /// Applies an ACK: record the lease, configure the interface (which announces the
    /// address with gratuitous ARP), go BOUND.
    ///
    /// Stack (issue 16): the lease and the event are built in `record` and
    /// `postConfigured`, not inlined here, so their frames are not on the stack while
    /// `setIPv4Config` sends the gratuitous ARP down to the bus (the device's deepest
    /// chain in `qemu-app kit`: pump -> Interface.poll -> poll -> bind -> ARP -> driver).
    func bind(_ ack: borrowing DhcpMessage, now: Instant, interface: Interface) {
        configure(record(ack, now: now), now: now, interface: interface)
    }

    /// `bind(pendingAck)` after the probes, without copying the ACK into the caller's frame.
    func bindPendingAck(now: Instant, interface: Interface) {
        guard let config = recordPendingAck(now: now) else { return }
        configure(config, now: now, interface: interface)
    }

    private func configure(_ config: IPv4Config, now: Instant, interface: Interface) {
        interface.setIPv4Config(config, now: now)
        postConfigured()
    }

    @inline(never)
    private func recordPendingAck(now: Instant) -> IPv4Config? {
        guard let ack = pendingAck else { return nil }
        return record(ack, now: now)
    }

    /// The ACK's lease, kept; BOUND. Returns the interface configuration it implies.
    @inline(never)
    private func record(_ ack: borrowing DhcpMessage, now: Instant) -> IPv4Config {
        let server = ack.serverIdentifier ?? lease?.server ?? offerServer
        let l = DhcpLease(ack: ack, server: server, now: now)
        lease = l
        pendingAck = nil
        state = .bound
        attempt = 0
        nextSend = .distantFuture
        return l.ipv4Config
    }

    /// `.configured` with the lease `record` kept (the interface hands no received frame
    /// to its clients while it transmits: they wait in the receive ring for the next pump).
    @inline(never)
    private func postConfigured() {
        guard let l = lease else { return }
        post(.configured(l))
    }
}
