/// What became of a datagram handed to `Interface.sendIPv4` / `sendUdp`.
public enum SendResult: Equatable, Sendable {
    /// The frame went to the FrameSink.
    case sent
    /// The next hop's MAC is not known yet: an ARP request is out (or rate-limited). Nothing
    /// was sent; the caller keeps its data and retries after a later `poll`.
    case pendingARP
    /// No address configured, or an off-subnet destination with no gateway.
    case unaddressable
    /// Header + payload exceed the 1500-byte MTU.
    case tooLarge
    /// The interface is suspended: nothing is sent until `resume(now:)`.
    case suspended
    /// The sink refused the frame (`FrameSink.offer`: the driver's queues are full); the
    /// caller keeps its data and retries after a later `poll`.
    case refused
}
