import Runtime
import Net
import CYW43

extension TkoConnect {
    /// The CONNECT record LPA's `tko_connect_init` builds from a live connection
    /// (docs/tko-offload.md §1.5-1.6, §4.1): local_seq = snd_nxt, remote_seq = rcv_nxt, a
    /// request frame with seq = snd_nxt - 1 ("so it's not confused with a real packet") and
    /// a response frame with seq = snd_nxt, both ACKing rcv_nxt with window rcv_wnd.
    public init(slot: UInt8, state: TcpOffloadState) {
        self.init(index: slot, localPort: state.localPort, remotePort: state.remotePort,
                  localSeq: state.sndNxt, remoteSeq: state.rcvNxt,
                  localIP: IPv4Address(state.localIP), remoteIP: IPv4Address(state.remoteIP),
                  request: KeepaliveFrame.bytes(state, seq: state.sndNxt &- 1),
                  response: KeepaliveFrame.bytes(state, seq: state.sndNxt))
    }

    /// The same record written over this one: the frames go into the arrays it already has
    /// (54 bytes each, allocated once by the offload manager), so a sleep allocates nothing.
    mutating func update(slot: UInt8, state: TcpOffloadState) {
        index = slot; localPort = state.localPort; remotePort = state.remotePort
        localSeq = state.sndNxt; remoteSeq = state.rcvNxt
        localIP = IPv4Address(state.localIP); remoteIP = IPv4Address(state.remoteIP)
        if request.count != KeepaliveFrame.size { request = [UInt8](repeating: 0, count: KeepaliveFrame.size) }
        if response.count != KeepaliveFrame.size { response = [UInt8](repeating: 0, count: KeepaliveFrame.size) }
        request.withUnsafeMutableBytes { KeepaliveFrame.emit(state, seq: state.sndNxt &- 1, into: $0) }
        response.withUnsafeMutableBytes { KeepaliveFrame.emit(state, seq: state.sndNxt, into: $0) }
    }

    /// An empty record with its two frame buffers.
    static func scratch() -> TkoConnect {
        TkoConnect(index: 0, localPort: 0, remotePort: 0, localSeq: 0, remoteSeq: 0, localIP: .any, remoteIP: .any,
                   request: [UInt8](repeating: 0, count: KeepaliveFrame.size),
                   response: [UInt8](repeating: 0, count: KeepaliveFrame.size))
    }
}
