import Runtime

/// A LAN host the script can drive: the echo server.
public protocol ScriptableServer: LanHost {
    /// Sends bytes on the current client connection (ignored without one).
    func sendToClient(_ bytes: [UInt8], now: Instant)
    /// Closes the current client connection with FIN.
    func closeClient(now: Instant)
    /// Aborts the current client connection with RST.
    func resetClient(now: Instant)
    /// Bytes `sendToClient` handed to a connection so far.
    var scriptedBytesAccepted: Int { get }
    /// Limits the receive window it advertises to `bytes` and sends a window update.
    func setReceiveWindow(_ bytes: Int, now: Instant)
    /// Forgets all TCP state (the machine rebooted) and listens again.
    func reboot(now: Instant)
}
