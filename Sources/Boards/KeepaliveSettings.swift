import Runtime

/// The example's TCP keepalive offload settings: what the CE's design.modus "TKO" entry
/// holds (docs/tko-offload.md §2, §5.1 `cy_tko_ol_cfg_t`).
public struct KeepaliveSettings: Equatable, Sendable {
    /// Seconds between keepalives while the peer answers (`tcpkaInterval`).
    public var interval: UInt16
    /// Seconds between retries after a missing ACK (`tcpkaRetryInterval`).
    public var retryInterval: UInt16
    /// Unanswered keepalives before the firmware gives up (`tcpkaRetryCount`).
    public var retryCount: UInt16
    /// The configured slots (at most 4, `MAX_TKO`), in slot order; unused slots are absent.
    public var sockets: [KeepaliveSocket]

    public init(interval: UInt16, retryInterval: UInt16, retryCount: UInt16, sockets: [KeepaliveSocket]) {
        self.interval = interval
        self.retryInterval = retryInterval
        self.retryCount = retryCount
        self.sockets = sockets
    }

    /// The most connections the host offloads (`MAX_TKO_CONN`, docs/tko-offload.md §2).
    public static let maxSockets = 4

    /// What WHD's `whd_tko_param` sends instead of a 0 (`TCP_KEEPALIVE_OFFLOAD_INTERVAL_SEC`,
    /// `..._RETRY_INTERVAL_SEC`, `..._RETRY_COUNT`; docs/tko-offload.md §2). A board file's
    /// 0 becomes these when it is parsed.
    public static let whdDefaultInterval: UInt16 = 20
    public static let whdDefaultRetryInterval: UInt16 = 3
    public static let whdDefaultRetryCount: UInt16 = 3
}

/// One keepalive slot: a TCP client connection from `localPort` to `remoteIP:remotePort`
/// (`tcpkaSrcPortN`, `tcpkaDstIpAddrN`, `tcpkaDstPortN`).
public struct KeepaliveSocket: Equatable, Sendable {
    /// Slot 0...3; also the firmware connection index (docs/tko-offload.md §1.5).
    public var slot: UInt8
    public var localPort: UInt16
    public var remoteIP: IPv4Address
    public var remotePort: UInt16

    public init(slot: UInt8, localPort: UInt16, remoteIP: IPv4Address, remotePort: UInt16) {
        self.slot = slot
        self.localPort = localPort
        self.remoteIP = remoteIP
        self.remotePort = remotePort
    }
}
