import Runtime

/// The connection states of RFC 9293 §3.3.2 (Figure 5).
public enum TcpState: UInt8, Sendable {
    case closed
    case listen
    case synSent
    case synReceived
    case established
    case finWait1
    case finWait2
    case closeWait
    case closing
    case lastAck
    case timeWait

    /// States after the three-way handshake completed (RFC 9293 §3.3.2 "synchronized").
    public var isSynchronized: Bool {
        switch self {
        case .closed, .listen, .synSent, .synReceived: return false
        default: return true
        }
    }
}

/// An IPv4 address and port.
public struct TcpEndpoint: Hashable, Sendable {
    public var address: IPv4Address
    public var port: UInt16
    public init(address: IPv4Address, port: UInt16) { self.address = address; self.port = port }
}
