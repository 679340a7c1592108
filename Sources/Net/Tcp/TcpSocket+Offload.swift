import Runtime

extension TcpSocket {
    /// The connection as the firmware's keepalive offload needs it (docs/tko-offload.md §1.5,
    /// §1.6, §4.1), or nil unless ESTABLISHED with nothing unacknowledged or unsent: the
    /// firmware's probes (seq = SND.NXT - 1) and its "response" frame (seq = SND.NXT) are
    /// only right while SND.UNA == SND.NXT. The MACs come from the interface (our MAC, and
    /// the ARP entry of the peer or gateway).
    public func offloadState(localMAC: MACAddress, remoteMAC: MACAddress) -> TcpOffloadState? {
        guard state == .established, sndUna == sndNxt, sndNxt == sndMax, txBuffer.isEmpty,
              !finQueued, pendingReset == nil, !local.address.isUnspecified else { return nil }
        return TcpOffloadState(localMAC: localMAC, remoteMAC: remoteMAC,
                               localIP: local.address.value, remoteIP: remote.address.value,
                               localPort: local.port, remotePort: remote.port,
                               sndNxt: sndNxt.raw, rcvNxt: rcvNxt.raw,
                               rcvWnd: UInt16(advertisedWindow), ttl: config.ttl)
    }
}
