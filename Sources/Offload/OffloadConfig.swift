import Runtime
import Boards

/// Everything the offload manager sets up (LPA's generated offload list, docs/tko-offload.md §5):
/// the keepalive parameters and sockets, ARP offload, packet filters, and the host-wake pin.
/// Built validated: `init` throws `OffloadConfigError` naming the first problem.
public struct OffloadConfig: Equatable, Sendable {
    /// Interval / retry interval / retry count and up to 4 sockets.
    public let keepalive: KeepaliveSettings
    public let arp: ArpOffloadSettings
    public let filters: [PacketFilterRule]
    /// The pin the chip wakes the host with.
    public let hostWake: BoardConfig.HostWake

    public init(keepalive: KeepaliveSettings, arp: ArpOffloadSettings = .off, filters: [PacketFilterRule] = [],
                hostWake: BoardConfig.HostWake) throws(OffloadConfigError) {
        self.keepalive = keepalive
        self.arp = arp
        self.filters = filters
        self.hostWake = hostWake
        try validate()
    }

    /// The board's defaults (its `tko.*`, `arp.*`, `filterN` and `host_wake.*` keys).
    public init(board: borrowing BoardConfig) throws(OffloadConfigError) {
        try self.init(keepalive: board.keepalive, arp: board.arp, filters: board.filters, hostWake: board.hostWake)
    }

    /// The firmware's PARAM values.
    public var parameters: (interval: UInt16, retryInterval: UInt16, retryCount: UInt16) {
        (keepalive.interval, keepalive.retryInterval, keepalive.retryCount)
    }

    private func validate() throws(OffloadConfigError) {
        guard keepalive.interval > 0 else { throw .intervalZero }
        guard keepalive.retryInterval > 0 else { throw .retryIntervalZero }
        guard keepalive.retryCount > 0 else { throw .retryCountZero }
        guard keepalive.sockets.count <= KeepaliveSettings.maxSockets else {
            throw .tooManySockets(keepalive.sockets.count)
        }
        for (i, s) in keepalive.sockets.enumerated() {
            guard Int(s.slot) < KeepaliveSettings.maxSockets else { throw .slotOutOfRange(s.slot) }
            guard s.localPort != 0 else { throw .localPortZero(slot: s.slot) }
            guard s.remotePort != 0 else { throw .remotePortZero(slot: s.slot) }
            guard !s.remoteIP.isUnspecified, !s.remoteIP.isBroadcast, !s.remoteIP.isMulticast,
                  s.remoteIP.value >> 24 != 127 else { throw .badRemoteIP(slot: s.slot) }
            for other in keepalive.sockets[(i + 1)...] {
                guard other.slot != s.slot else { throw .duplicateSlot(s.slot) }
                guard other.localPort != s.localPort else { throw .duplicateLocalPort(slot: other.slot) }
            }
        }
        guard filters.count <= PacketFilterRule.maxRules else { throw .tooManyFilters(filters.count) }
        for (i, f) in filters.enumerated() {
            guard f.id != 0 else { throw .filterIDZero }
            for other in filters[(i + 1)...] {
                guard other.id != f.id else { throw .duplicateFilterID(f.id) }
                guard other.action == f.action else { throw .mixedFilterActions(id: other.id) }
            }
        }
        if hostWake.pin == .none && (!keepalive.sockets.isEmpty || arp.enabled || !filters.isEmpty) {
            throw .hostWakePinMissing
        }
    }
}

/// Why an offload configuration was rejected.
public enum OffloadConfigError: Error, Equatable, Sendable {
    case intervalZero
    case retryIntervalZero
    case retryCountZero
    /// More than 4 keepalive sockets (`MAX_TKO`).
    case tooManySockets(Int)
    /// A slot number outside 0...3.
    case slotOutOfRange(UInt8)
    case duplicateSlot(UInt8)
    case localPortZero(slot: UInt8)
    case remotePortZero(slot: UInt8)
    /// 0.0.0.0, broadcast, multicast or loopback as the server address.
    case badRemoteIP(slot: UInt8)
    case duplicateLocalPort(slot: UInt8)
    case tooManyFilters(Int)
    case filterIDZero
    case duplicateFilterID(UInt8)
    /// Filters mix keep and discard (the firmware has one filter mode).
    case mixedFilterActions(id: UInt8)
    /// Offloads that wake the host need a host-wake pin (docs/tko-offload.md §5.2).
    case hostWakePinMissing
}
