/// One packet filter (LPA `cy_pf_ol_cfg_t`, docs/tko-offload.md §5.1), in board-file form:
///
///     filter0 = ethertype 0x0806 discard sleep
///     filter1 = udp dst 68 keep always
///     filter2 = tcp src 8000-8015 discard wake
///     filter3 = ipproto 17 discard sleep
public struct PacketFilterRule: Equatable, Sendable {
    public enum Match: Equatable, Sendable {
        /// Ethernet II EtherType (`PF_ETHTYPE`).
        case etherType(UInt16)
        /// IPv4 protocol number (`PF_IPTYPE`).
        case ipProtocol(UInt8)
        /// A TCP or UDP port range `port...port+range` where range = 2^y - 1 and `port` is
        /// aligned to it (`PF_PORTNUM`).
        case port(PortProtocol, PortDirection, port: UInt16, range: UInt16)
    }
    public enum PortProtocol: Hashable, Sendable { case udp, tcp }
    public enum PortDirection: Hashable, Sendable { case destination, source }
    public enum Action: Hashable, Sendable {
        /// Pass matching frames to the host (everything else is dropped while active).
        case keep
        /// Drop matching frames in the firmware (`ACTION_DISCARD`).
        case discard
    }

    /// Firmware filter id (the board file's filter number + 1, so 0 is never used).
    public var id: UInt8
    public var match: Match
    public var action: Action
    /// Active while the host sleeps (`ACTIVE_SLEEP`).
    public var whileSleeping: Bool
    /// Active while the host is awake (`ACTIVE_WAKE`).
    public var whileAwake: Bool

    public init(id: UInt8, match: Match, action: Action, whileSleeping: Bool, whileAwake: Bool) {
        self.id = id
        self.match = match
        self.action = action
        self.whileSleeping = whileSleeping
        self.whileAwake = whileAwake
    }

    /// The most filters a board file may list (`filter0` ... `filter7`).
    public static let maxRules = 8
}
