import Runtime

/// What the firmware's keepalive offload needs to impersonate this connection while the
/// host sleeps (docs/seams.md §4; the fields LPA reads from lwIP, docs/tko-offload.md §4.1, plus the
/// MACs and TTL of the frames of §1.6).
public struct TcpOffloadState: Equatable, Sendable {
    public var localMAC: MACAddress
    public var remoteMAC: MACAddress
    /// IPv4 addresses, host order.
    public var localIP: UInt32
    public var remoteIP: UInt32
    public var localPort: UInt16
    public var remotePort: UInt16
    /// SND.NXT: the firmware's probe uses SND.NXT - 1, its "response" frame SND.NXT.
    public var sndNxt: UInt32
    /// RCV.NXT: the ACK number of both frames.
    public var rcvNxt: UInt32
    /// The window as it would appear in our header (unscaled; we never negotiate scaling).
    public var rcvWnd: UInt16
    public var ttl: UInt8

    public init(localMAC: MACAddress, remoteMAC: MACAddress, localIP: UInt32, remoteIP: UInt32,
                localPort: UInt16, remotePort: UInt16, sndNxt: UInt32, rcvNxt: UInt32,
                rcvWnd: UInt16, ttl: UInt8) {
        self.localMAC = localMAC; self.remoteMAC = remoteMAC
        self.localIP = localIP; self.remoteIP = remoteIP
        self.localPort = localPort; self.remotePort = remotePort
        self.sndNxt = sndNxt; self.rcvNxt = rcvNxt; self.rcvWnd = rcvWnd; self.ttl = ttl
    }
}
