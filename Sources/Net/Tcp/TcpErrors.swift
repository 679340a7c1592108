/// `connect` failed before anything was sent.
public enum TcpConnectError: Error, Equatable, Sendable {
    /// The socket is not CLOSED.
    case invalidState(TcpState)
    /// Port 0 or an unspecified / broadcast / multicast remote address.
    case unaddressable
}

/// `listen` failed.
public enum TcpListenError: Error, Equatable, Sendable {
    case invalidState(TcpState)
    case unaddressable
}

/// `send` failed (a full buffer is not an error: `send` returns 0).
public enum TcpSendError: Error, Equatable, Sendable {
    /// Not ESTABLISHED or CLOSE-WAIT (or already closed for sending).
    case invalidState(TcpState)
}

/// `receive` failed.
public enum TcpReceiveError: Error, Equatable, Sendable {
    /// The peer closed its side and every byte was read.
    case finished
    /// Never connected, or reset: see `closeReason`.
    case invalidState(TcpState)
}

/// Why a connection ended.
public enum TcpCloseReason: Equatable, Sendable {
    /// Both FINs exchanged.
    case normal
    /// The peer sent an acceptable RST.
    case reset
    /// The peer answered our SYN with RST.
    case refused
    /// Retransmissions exhausted.
    case timedOut
    /// The host keepalive found the peer dead.
    case keepaliveTimeout
    /// `abort()` was called.
    case aborted
}
