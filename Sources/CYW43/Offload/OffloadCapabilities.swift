/// Whether the running firmware has a feature, found by asking it (house style: ask the
/// driver "what can you do", not "which chip are you").
public enum FeatureSupport: Equatable, Sendable {
    case supported
    /// The firmware answered BCME_UNSUPPORTED (-23).
    case unsupported
    /// The probe failed for another reason (bus, timeout, other firmware error).
    case unknown(OffloadIovarError)

    public var isSupported: Bool { self == .supported }
}

/// What the firmware offers for offload (`IovarAccess.offloadCapabilities()`).
public struct OffloadCapabilities: Equatable, Sendable {
    /// `tko` (TCP keepalive offload), probed with MAX_TCP GET.
    public var tcpKeepalive: FeatureSupport
    /// The firmware's keepalive connection limit (0 unless supported).
    public var tcpKeepaliveMaxConnections: UInt8
    /// ARP offload, probed with "arp_ol" GET.
    public var arpOffload: FeatureSupport
    /// Packet filters, probed with "pkt_filter_list" GET (only the status is used).
    public var packetFilter: FeatureSupport

    public init(tcpKeepalive: FeatureSupport, tcpKeepaliveMaxConnections: UInt8,
                arpOffload: FeatureSupport, packetFilter: FeatureSupport) {
        self.tcpKeepalive = tcpKeepalive
        self.tcpKeepaliveMaxConnections = tcpKeepaliveMaxConnections
        self.arpOffload = arpOffload
        self.packetFilter = packetFilter
    }
}

extension IovarAccess {
    /// Probes each offload once. Never throws: an "unsupported" answer becomes
    /// `.unsupported`, anything else that fails `.unknown(error)`.
    public func offloadCapabilities() -> OffloadCapabilities {
        func support(_ e: OffloadIovarError?) -> FeatureSupport {
            guard let e else { return .supported }
            return e.isUnsupported ? .unsupported : .unknown(e)
        }
        var maxTCP: UInt8 = 0
        var tkoError: OffloadIovarError? = nil
        do throws(OffloadIovarError) { maxTCP = try tkoMaxConnections() } catch { tkoError = error }
        var arpError: OffloadIovarError? = nil
        do throws(OffloadIovarError) { _ = try arpOffloadFeatures() } catch { arpError = error }
        var pfError: OffloadIovarError? = nil
        do throws(OffloadIovarError) {
            _ = try offloadGet("pkt_filter_list", params: [1, 0, 0, 0], replyCapacity: 256)
        } catch { pfError = error }
        return OffloadCapabilities(tcpKeepalive: support(tkoError), tcpKeepaliveMaxConnections: maxTCP,
                                   arpOffload: support(arpError), packetFilter: support(pfError))
    }
}
