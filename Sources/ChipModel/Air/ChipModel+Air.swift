import Runtime

/// The data path between the host, the firmware and the air (docs/seams.md §3).
extension ChipModel {
    /// The world delivers a LAN frame (Ethernet II) to the chip. Frames for us (unicast to our MAC,
    /// broadcast, multicast) go to the offloads first, then to the host as channel-2 BDC frames.
    public func receiveFromAir(_ frame: [UInt8]) {
        syncClock()
        guard frame.count >= 14 else { counters.droppedFromAir += 1; return }
        guard firmwareRunning, !firmwareHalted, join.authorized else { counters.droppedFromAir += 1; return }
        let dst = MACAddress(frame[0], frame[1], frame[2], frame[3], frame[4], frame[5])
        guard dst == macAddress || dst.isMulticast else { return }
        counters.framesFromAir += 1
        for o in offloads where o.interceptFromAir(frame, chip: self) {
            counters.consumedByOffload += 1
            return
        }
        // BDC rx header: version 2, priority 0, interface 0, no TLVs (docs/cyw43-bus.md §5.3).
        var payload = [UInt8](repeating: 0, count: SDPCM.bdcSize)
        payload[0] = SDPCM.bdcVersion2
        payload += frame
        queueToHost(channel: SDPCM.channelData, payload: payload, reason: .data)
    }

    /// A firmware-originated frame (offload keepalives, ARP replies) to the air.
    public func sendToAir(_ frame: [UInt8]) {
        transmitToAir(frame)
    }

    func transmitToAir(_ frame: [UInt8]) {
        guard firmwareRunning, !firmwareHalted, join.authorized, let air = air else {
            counters.droppedToAir += 1
            return
        }
        counters.framesToAir += 1
        air.transmit(frame, from: macAddress)
    }

    /// The associated AP disappeared: after `timing.beaconLoss` the firmware raises LINK with
    /// flags 0 and reason 1 (beacon loss, docs/cyw43-bus.md §6.4).
    public func apLost() {
        syncClock()
        guard join.linkUp else { return }
        if timing.beaconLoss.microseconds <= 0 {
            linkLost(reason: 1)
        } else {
            timers.schedule(.beaconLost(generation: join.generation), at: now + timing.beaconLoss)
        }
    }

    /// The AP deauthenticated us with an 802.11 reason code: DEAUTH_IND, then LINK down
    /// (reason 2, disassoc; docs/cyw43-bus.md §6.4).
    public func deauthenticate(reason: UInt32) {
        syncClock()
        guard join.linkUp, let ap = join.ap else { return }
        raiseEvent(type: Event.deauthInd, status: EventStatus.success, reason: reason, flags: 0,
                   authType: 0, address: ap.bssid, data: [])
        linkLost(reason: 2)
    }

    /// Drops the association and raises LINK down with `reason` (docs/cyw43-bus.md §6.4: 1 beacon loss,
    /// 2 disassoc, 4 bsscfg down).
    func linkLost(reason: UInt32) {
        guard join.linkUp, let ap = join.ap else { return }
        let wasAuthorized = join.authorized
        join.reset()
        raiseEvent(type: Event.link, status: EventStatus.success, reason: reason, flags: 0,
                   authType: 0, address: ap.bssid, data: [])
        air?.associationChanged(station: macAddress, bssid: nil)
        if wasAuthorized { for o in offloads { o.linkChanged(up: false, chip: self) } }
    }
}
