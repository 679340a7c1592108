import Runtime
import Net
import Boards
import CYW43

extension OffloadManager {
    /// GOING_TO_SLEEP (docs/tko-offload.md §4.2), with the TCP/IP stack already quiet and locked:
    /// shorten PM2's return-to-sleep, CONNECT every configured slot whose connection is live
    /// (matched on local port, remote port and remote IP, as LPA's `sock_stats`), then ENABLE
    /// if at least one succeeded, nothing otherwise. ARP offload switches to its sleep
    /// features with `hostIP`, packet filters to their sleep set.
    ///
    /// `connections`: snapshots of the established, idle connections (`offloadState()`).
    public func beforeSleep(connections: [TcpOffloadState], hostIP: IPv4Address?) -> SleepReport {
        connections.withUnsafeBufferPointer { beforeSleep(connections: $0, hostIP: hostIP) }
    }

    /// The same from a buffer (the app's fixed table of records: no array at a sleep).
    public func beforeSleep(connections: UnsafeBufferPointer<TcpOffloadState>, hostIP: IPv4Address?) -> SleepReport {
        if capabilities == nil { start() }
        if sleeping { afterWake() }  // never re-offload on top of an old sleep
        sleeping = true
        failedConnections.removeAll()
        var report = SleepReport(keepalive: keepaliveMode)
        report.arp = arpMode
        report.filters = filterMode

        do throws(OffloadIovarError) {
            let current = try target.pm2SleepReturn()
            try target.setPM2SleepReturn(Self.pm2SleepReturnWhileOffloaded)
            savedPM2 = current
        } catch {
            savedPM2 = nil  // firmware without it: leave PM2 alone
        }

        if keepaliveMode == .firmware {
            // The firmware refuses CONNECT while enabled (BCME_BUSY): make sure it is off.
            if tkoEnabled { toggleTko(false) }
            let limit = Int(capabilities?.tcpKeepaliveMaxConnections ?? 0)
            offloadedSlots.removeAll()
            let sockets = config.keepalive.sockets
            for k in sockets.indices {   // index loops: for-in allocates per element in a debug build
                let socket = sockets[k]
                var c = 0
                while c < connections.count && !Self.matches(connections[c], socket) { c += 1 }
                guard c < connections.count else {
                    report.skippedSlots.insert(socket.slot)
                    continue
                }
                guard Int(socket.slot) < limit else {
                    report.failedSlots.insert(socket.slot)
                    continue
                }
                do throws(OffloadIovarError) {
                    record.update(slot: socket.slot, state: connections[c])
                    try target.tkoConnect(record)
                    report.offloadedSlots.insert(socket.slot)
                } catch {
                    report.failedSlots.insert(socket.slot)
                    logFailure("tko CONNECT", error)
                }
            }
            if !report.offloadedSlots.isEmpty {
                report.tkoEnabled = toggleTko(true)
                if report.tkoEnabled { offloadedSlots = report.offloadedSlots }
            }
        }

        // Without a host address the agent would answer for nobody and drop every request:
        // leave ARP to the host then.
        if arpMode == .firmware, let hostIP, !hostIP.isUnspecified {
            attempt("arp_hostip_clear") { () throws(OffloadIovarError) in try target.arpOffloadClearHostIPs() }
            attempt("arp_hostip") { () throws(OffloadIovarError) in try target.arpOffloadAddHostIP(hostIP) }
            applyArp(config.arp.sleep)
            arpSleeping = true
        }
        if filterMode == .firmware { applyFilters(sleeping: true) }
        return report
    }

    /// AWAKE (docs/tko-offload.md §4.3): restore PM2, then ENABLE(0) unconditionally (the
    /// firmware forgets every connection, so the next sleep rebuilds from fresh TCP state);
    /// ARP offload and packet filters back to their awake settings.
    public func afterWake() {
        sleeping = false
        if let saved = savedPM2 {
            attempt("pm2_sleep_ret") { () throws(OffloadIovarError) in try target.setPM2SleepReturn(saved) }
            savedPM2 = nil
        }
        if keepaliveMode == .firmware { toggleTko(false) }
        offloadedSlots.removeAll()
        if arpSleeping {
            applyArp(config.arp.awake)
            arpSleeping = false
        }
        if filterMode == .firmware { applyFilters(sleeping: false) }
    }

    static func matches(_ state: TcpOffloadState, _ socket: KeepaliveSocket) -> Bool {
        state.localPort == socket.localPort && state.remotePort == socket.remotePort
            && state.remoteIP == socket.remoteIP.value
    }
}
