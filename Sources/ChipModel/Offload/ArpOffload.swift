import Runtime

/// The firmware's ARP offload (docs/cyw43-bus.md §7.6; LPA feature bits docs/tko-offload.md §5.1).
///
/// With "arpoe" on and the AGENT (0x1) and HOST_AUTO_REPLY (0x4) bits set, an ARP request
/// for one of the host's addresses ("arp_hostip") is answered by the firmware and the host
/// is not woken; with AGENT set, requests for other addresses are dropped (inferred: the
/// agent's purpose is to keep ARP noise away from a sleeping host). ARP replies and all
/// other frames go on. Model limits: SNOOP and PEER_AUTO_REPLY act on the host's transmit
/// path, which the model does not intercept; they are stored but have no effect.
public final class ArpOffload: FirmwareOffload {
    public static let agent: UInt32 = 0x1
    public static let snoop: UInt32 = 0x2
    public static let hostAutoReply: UInt32 = 0x4
    public static let peerAutoReply: UInt32 = 0x8
    /// ARP_MULTIHOMING_MAX.
    public static let maxHostIPs = 8

    public internal(set) var features: UInt32 = 0
    public internal(set) var isEnabled = false
    /// Host addresses, host order.
    public internal(set) var hostIPs: [UInt32] = []
    public internal(set) var peerAgeSeconds: UInt32 = 1200
    /// Requests answered by the firmware.
    public internal(set) var repliesSent = 0
    /// Requests for other addresses dropped by the agent.
    public internal(set) var requestsDropped = 0

    public init() {}

    public var nextDeadline: Instant? { nil }
    public func advance(to now: Instant, chip: ChipModel) {}

    public func setIovar(name: [UInt8], value: [UInt8], chip: ChipModel) -> Int32? { set(name, value) }
    public func getIovar(name: [UInt8], params: [UInt8], chip: ChipModel) -> (Int32, [UInt8])? { get(name) }
    public func interceptFromAir(_ frame: [UInt8], chip: ChipModel) -> Bool { intercept(frame, fw: chip) }

    /// The firmware restarted: configuration gone (counters stay).
    public func firmwareReset(chip: ChipModel) {
        features = 0
        isEnabled = false
        hostIPs = []
        peerAgeSeconds = 1200
    }

    func set(_ name: [UInt8], _ v: [UInt8]) -> Int32? {
        if OffloadBytes.equals(name, "arp_ol") {
            guard v.count >= 4 else { return OffloadStatus.bufferTooShort }
            features = OffloadBytes.le32(v, 0)
        } else if OffloadBytes.equals(name, "arpoe") {
            guard v.count >= 4 else { return OffloadStatus.bufferTooShort }
            isEnabled = OffloadBytes.le32(v, 0) != 0
        } else if OffloadBytes.equals(name, "arp_hostip") {
            guard v.count >= 4 else { return OffloadStatus.bufferTooShort }
            let ip = OffloadBytes.be32(v, 0)  // network order (§7.6)
            guard ip != 0 else { return OffloadStatus.badArgument }
            if !hostIPs.contains(ip) {
                guard hostIPs.count < Self.maxHostIPs else { return OffloadStatus.badArgument }
                hostIPs.append(ip)
            }
        } else if OffloadBytes.equals(name, "arp_hostip_clear") {
            hostIPs = []
        } else if OffloadBytes.equals(name, "arp_peerage") {
            guard v.count >= 4 else { return OffloadStatus.bufferTooShort }
            peerAgeSeconds = OffloadBytes.le32(v, 0)
        } else if OffloadBytes.equals(name, "arp_table_clear") {
            // No peer table is modelled.
        } else {
            return nil
        }
        return OffloadStatus.ok
    }

    func get(_ name: [UInt8]) -> (Int32, [UInt8])? {
        if OffloadBytes.equals(name, "arp_ol") { return (OffloadStatus.ok, OffloadBytes.u32Value(features)) }
        if OffloadBytes.equals(name, "arpoe") { return (OffloadStatus.ok, OffloadBytes.u32Value(isEnabled ? 1 : 0)) }
        if OffloadBytes.equals(name, "arp_peerage") { return (OffloadStatus.ok, OffloadBytes.u32Value(peerAgeSeconds)) }
        if OffloadBytes.equals(name, "arp_hostip") {
            // Network-order entries, ending with 0.0.0.0.
            var out: [UInt8] = []
            for ip in hostIPs {
                out += [UInt8(ip >> 24), UInt8(truncatingIfNeeded: ip >> 16), UInt8(truncatingIfNeeded: ip >> 8),
                        UInt8(truncatingIfNeeded: ip)]
            }
            return (OffloadStatus.ok, out + [0, 0, 0, 0])
        }
        return nil
    }

    func intercept(_ frame: [UInt8], fw: some FirmwareServices) -> Bool {
        guard isEnabled, features & Self.agent != 0, let arp = OffloadFrame.arp(frame), arp.operation == 1 else {
            return false
        }
        guard hostIPs.contains(arp.targetIP) else {
            requestsDropped += 1
            return true
        }
        guard features & Self.hostAutoReply != 0 else { return false }
        fw.sendToAir(Self.reply(to: arp, from: fw.macAddress))
        repliesSent += 1
        return true
    }

    /// An ARP reply (RFC 826): we (`mac`, target IP) tell the requester.
    static func reply(to req: OffloadFrame.ARP, from mac: MACAddress) -> [UInt8] {
        var f = [UInt8](repeating: 0, count: 42)
        for i in 0..<6 { f[i] = req.senderMAC[i] }
        mac.bytes.enumerated().forEach { f[6 + $0.offset] = $0.element; f[22 + $0.offset] = $0.element }
        OffloadBytes.putBE16(&f, 12, 0x0806)
        OffloadBytes.putBE16(&f, 14, 1)       // htype Ethernet
        OffloadBytes.putBE16(&f, 16, 0x0800)  // ptype IPv4
        f[18] = 6; f[19] = 4
        OffloadBytes.putBE16(&f, 20, 2)       // reply
        putIP(&f, 28, req.targetIP)
        for i in 0..<6 { f[32 + i] = req.senderMAC[i] }
        putIP(&f, 38, req.senderIP)
        return f
    }

    private static func putIP(_ f: inout [UInt8], _ o: Int, _ ip: UInt32) {
        OffloadBytes.putBE16(&f, o, UInt16(ip >> 16))
        OffloadBytes.putBE16(&f, o + 2, UInt16(truncatingIfNeeded: ip))
    }
}
