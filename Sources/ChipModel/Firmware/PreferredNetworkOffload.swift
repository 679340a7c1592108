import Runtime

/// The firmware's preferred-network offload (PNO, the "pfn" iovars; docs/pno.md), as a
/// firmware feature of the model. Installed: the firmware was built with PNO (the `-pno-`
/// of real images' feature lists); not installed: every "pfn" iovar is BCME_UNSUPPORTED
/// (-23), which is how a driver finds out (brcmfmac probes GET "pfn").
///
/// What it does, from the layouts and the driver side of Linux brcmfmac (pno.c,
/// fwil_types.h, `brcmf_notify_sched_scan_results`) and WHD (whd_wlioctl.h):
/// - "pfn_set" takes wl_pfn_param_t (24 bytes, version 2), "pfn_add" one wl_pfn_t (56 bytes;
///   up to 16, BRCMF_PNO_MAX_PFN_COUNT), "pfn_cfg" an optional channel list, "pfn_macaddr"
///   {u8 version, u8 flags, u8 mac[6]} (accepted, not used: the model scans with its own MAC),
///   "pfnclear" empties the list and stops, "pfn" 1/0 starts/stops (GET: the current state).
/// - While enabled and not associated, the firmware scans every `scan_freq` seconds (the
///   first at once with IMMEDIATE_SCAN); with ENABLE_ADAPTSCAN, after `repeat` scans that
///   changed nothing the period doubles, up to `scan_freq << exp`, and a change resets it.
/// - A listed SSID that appears raises PFN_NET_FOUND (33), one that was found and is gone
///   PFN_NET_LOST (34); each carries {u32 version 1, u32 status 1 (complete), u32 count} and
///   `count` wl_pfn_net_info_t (bssid, channel, SSID_len, SSID[32], RSSI, age).
/// Model choices (no public source says): a bad version or zero period is BCME_BADARG (-2),
/// a 17th network BCME_ERROR (-1), "pfn" 1 without parameters or networks BCME_BADARG; the
/// scan's own duration is not modelled; scans pause (not reset) while associated.
public final class PreferredNetworkOffload: FirmwareOffload {
    public static let maxNetworks = 16
    public private(set) var enabled = false
    public private(set) var scans = 0
    public private(set) var foundEvents = 0, lostEvents = 0
    /// Seconds between scans now (adaptive scan changes it).
    public private(set) var periodSeconds: UInt32 = 0

    /// The last "pfn_set" value (24 bytes) and the SSIDs "pfn_add" put on the list.
    public private(set) var params: [UInt8]?
    public private(set) var networks: [[UInt8]] = []
    private var channels: [UInt8] = []
    private var found: [[UInt8]] = []
    private var nextScan: Instant?
    private var unchangedScans = 0

    public init() {}

    /// Installs PNO on `chip` (its firmware then has the feature).
    @discardableResult
    public static func install(on chip: ChipModel) -> PreferredNetworkOffload {
        let p = PreferredNetworkOffload()
        chip.installOffload(p)
        return p
    }

    private var basePeriod: UInt32 { params.map { Bytes.le32($0, 4) } ?? 0 }
    private var flags: UInt32 { params.map { UInt32(Bytes.le16($0, 12)) } ?? 0 }

    public func setIovar(name: [UInt8], value v: [UInt8], chip: ChipModel) -> Int32? {
        if Bytes.equals(name, "pfn") {
            guard v.count >= 4 else { return FirmwareStatus.bufferTooShort }
            if Bytes.le32(v, 0) == 0 { stop(); return FirmwareStatus.ok }
            guard params != nil, !networks.isEmpty else { return FirmwareStatus.badArgument }
            if !enabled {
                enabled = true
                periodSeconds = basePeriod
                unchangedScans = 0
                let immediate = flags & (1 << 3) != 0
                nextScan = chip.now + (immediate ? .zero : .seconds(Int64(periodSeconds)))
            }
            return FirmwareStatus.ok
        }
        if Bytes.equals(name, "pfn_set") {
            guard v.count >= 24 else { return FirmwareStatus.bufferTooShort }
            guard Bytes.le32(v, 0) == 2, Bytes.le32(v, 4) > 0 else { return FirmwareStatus.badArgument }
            params = Array(v.prefix(24))
            return FirmwareStatus.ok
        }
        if Bytes.equals(name, "pfn_add") {
            guard v.count >= 56 else { return FirmwareStatus.bufferTooShort }
            let n = Bytes.le32(v, 0)
            guard n >= 1 && n <= 32 else { return FirmwareStatus.badArgument }
            guard networks.count < Self.maxNetworks else { return FirmwareStatus.error }
            networks.append(Array(v[4..<(4 + Int(n))]))
            return FirmwareStatus.ok
        }
        if Bytes.equals(name, "pfn_cfg") {
            // wl_pfn_cfg_t {u32 reporttype, i32 channel_num, u16 channel_list[WL_NUMCHANNELS], u32 flags}.
            guard v.count >= 8 else { return FirmwareStatus.bufferTooShort }
            let n = Int(min(Bytes.le32(v, 4), 64))
            guard v.count >= 8 + 2 * n else { return FirmwareStatus.bufferTooShort }
            channels = (0..<n).map { UInt8(truncatingIfNeeded: Bytes.le16(v, 8 + 2 * $0)) }
            return FirmwareStatus.ok
        }
        if Bytes.equals(name, "pfn_macaddr") {
            return v.count >= 8 ? FirmwareStatus.ok : FirmwareStatus.bufferTooShort
        }
        if Bytes.equals(name, "pfnclear") {
            stop()
            params = nil
            networks = []
            channels = []
            return FirmwareStatus.ok
        }
        return nil
    }

    public func getIovar(name: [UInt8], params p: [UInt8], chip: ChipModel) -> (Int32, [UInt8])? {
        guard Bytes.equals(name, "pfn") else { return nil }
        var out: [UInt8] = []
        Bytes.appendLE32(&out, enabled ? 1 : 0)
        return (FirmwareStatus.ok, out)
    }

    public func interceptFromAir(_ frame: [UInt8], chip: ChipModel) -> Bool { false }

    public var nextDeadline: Instant? { enabled ? nextScan : nil }

    public func advance(to now: Instant, chip: ChipModel) {
        guard enabled, let at = nextScan, at <= now else { return }
        nextScan = now + .seconds(Int64(periodSeconds))
        guard chip.isUp, !chip.isAssociated, !chip.join.inProgress else { return }
        scan(chip)
    }

    public func firmwareReset(chip: ChipModel) {
        stop()
        params = nil
        networks = []
        channels = []
    }

    private func stop() {
        enabled = false
        nextScan = nil
        found = []
    }

    private func scan(_ chip: ChipModel) {
        scans += 1
        let visible = (chip.air?.accessPoints() ?? []).filter { ap in
            networks.contains(ap.ssid) && (channels.isEmpty || channels.contains(ap.channel))
        }
        var appeared: [VirtualAP] = []
        for ap in visible where !found.contains(ap.ssid) && !appeared.contains(where: { $0.ssid == ap.ssid }) {
            appeared.append(ap)
        }
        let gone = found.filter { s in !visible.contains { $0.ssid == s } }
        found = found.filter { s in visible.contains { $0.ssid == s } } + appeared.map { $0.ssid }
        if !appeared.isEmpty {
            foundEvents += 1
            chip.raiseEvent(type: 33, status: 0, reason: 0, flags: 0, authType: 0, address: .zero,
                            data: Self.results(appeared.map { ($0.bssid, $0.channel, $0.ssid, $0.rssi) }))
        }
        if !gone.isEmpty {
            lostEvents += 1
            chip.raiseEvent(type: 34, status: 0, reason: 0, flags: 0, authType: 0, address: .zero,
                            data: Self.results(gone.map { (MACAddress.zero, 0, $0, 0) }))
        }
        // Adaptive scan: a scan that changed nothing counts toward the next doubling.
        if appeared.isEmpty && gone.isEmpty {
            unchangedScans += 1
            let repeats = Int(params.map { $0[18] } ?? 0), exp = UInt32(params.map { $0[19] } ?? 0)
            if flags & (1 << 6) != 0, repeats > 0, unchangedScans >= repeats, periodSeconds < basePeriod << exp {
                periodSeconds = min(periodSeconds * 2, basePeriod << exp)
                unchangedScans = 0
                nextScan = chip.now + .seconds(Int64(periodSeconds))
            }
        } else {
            unchangedScans = 0
            periodSeconds = basePeriod
        }
    }

    /// {u32 version 1, u32 status 1, u32 count} + count x wl_pfn_net_info_t (44 bytes).
    static func results(_ nets: [(MACAddress, UInt8, [UInt8], Int16)]) -> [UInt8] {
        var d: [UInt8] = []
        Bytes.appendLE32(&d, 1)
        Bytes.appendLE32(&d, 1)
        Bytes.appendLE32(&d, UInt32(nets.count))
        for (bssid, channel, ssid, rssi) in nets {
            d += bssid.bytes
            d.append(channel)
            let n = min(ssid.count, 32)
            d.append(UInt8(n))
            d += ssid.prefix(32) + [UInt8](repeating: 0, count: 32 - n)
            d.append(UInt8(truncatingIfNeeded: UInt16(bitPattern: rssi)))
            d.append(UInt8(truncatingIfNeeded: UInt16(bitPattern: rssi) >> 8))
            d += [0, 0]
        }
        return d
    }
}

extension ChipModel {
    /// The firmware's PNO, if its build has it (`PreferredNetworkOffload.install`).
    public var preferredNetworkOffload: PreferredNetworkOffload? {
        for o in offloads { if let p = o as? PreferredNetworkOffload { return p } }
        return nil
    }
}
