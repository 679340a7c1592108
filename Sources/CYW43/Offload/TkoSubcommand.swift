/// `wl_tko_t.subcmd_id` (docs/tko-offload.md §1.3). Open: unknown ids survive a parse.
public struct TkoSubcommand: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// WL_TKO_SUBCMD_MAX_TCP: GET the firmware's connection limit.
    public static let maxTCP = TkoSubcommand(rawValue: 0)
    /// WL_TKO_SUBCMD_PARAM: interval / retry interval / retry count.
    public static let param = TkoSubcommand(rawValue: 1)
    /// WL_TKO_SUBCMD_CONNECT: store one connection (SET), or read it back (GET).
    public static let connect = TkoSubcommand(rawValue: 2)
    /// WL_TKO_SUBCMD_ENABLE: 1 starts every stored connection, 0 forgets them all.
    public static let enable = TkoSubcommand(rawValue: 3)
    /// WL_TKO_SUBCMD_STATUS: per-connection status bytes.
    public static let status = TkoSubcommand(rawValue: 4)
}

/// `tko_status_t` (docs/tko-offload.md §3). Open.
public struct TkoConnectionStatus: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let normal = TkoConnectionStatus(rawValue: 0)
    /// The peer stopped answering (the firmware also sends WLC_E_TKO).
    public static let noResponse = TkoConnectionStatus(rawValue: 1)
    public static let noTcpAckFlag = TkoConnectionStatus(rawValue: 2)
    public static let unexpectedTcpFlag = TkoConnectionStatus(rawValue: 3)
    /// ACK number != our sequence number.
    public static let seqNumberInvalid = TkoConnectionStatus(rawValue: 4)
    /// Peer sequence number beyond what we acknowledged.
    public static let remoteSeqNumberInvalid = TkoConnectionStatus(rawValue: 5)
    /// The peer sent data.
    public static let tcpData = TkoConnectionStatus(rawValue: 6)
    /// Slot unused / not configured, or TKO already disabled.
    public static let unavailable = TkoConnectionStatus(rawValue: 255)
}
