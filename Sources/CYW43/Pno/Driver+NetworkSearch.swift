import Runtime

/// What the driver knows of the firmware's preferred-network offload.
public struct NetworkSearchState: Equatable, Sendable {
    /// nil until probed; then whether GET "pfn" was answered.
    public internal(set) var supported: Bool?
    /// The search is enabled in the firmware ("pfn" 1).
    public internal(set) var active = false
    var ssid: [UInt8] = []
    /// PFN_NET_FOUND events seen, and those naming our SSID.
    public internal(set) var eventsSeen = 0
    public internal(set) var found = 0
    public init() {}
}

/// Preferred-network offload (PNO, the firmware's "pfn" iovars, docs/pno.md): while the AP
/// is gone the chip scans for it at its own pace and raises WLC_E_PFN_NET_FOUND when it is
/// back, so the host sleeps through the outage instead of waking for every rejoin round.
/// The sequence is brcmfmac's (`brcmf_pno_config_sched_scans`): "pfn" 0 and "pfnclear"
/// (clean), "pfn_set" (wl_pfn_param_t), "pfn_add" (wl_pfn_t), "pfn" 1.
extension Driver {
    /// Whether the firmware has PNO, by asking it as brcmfmac's feature probe does
    /// (`brcmf_feat_iovar_int_get(ifp, BRCMF_FEAT_PNO, "pfn")`): GET "pfn" answers on
    /// firmware built with it and fails with BCME_UNSUPPORTED (-23) on firmware without
    /// (docs/pno.md §1). Asked once per bring-up; another error counts as "no" for now.
    public func probeNetworkSearch() -> Bool {
        if let s = networkSearch.supported { return s }
        var ok = false
        do throws(IoctlError) { _ = try getIovarU32("pfn"); ok = true } catch {
            if !error.isUnsupported { log.text("cyw43: pfn probe failed").end() }
        }
        networkSearch.supported = ok
        return ok
    }

    /// Forgets the probe and the search (the firmware restarted: nothing of it survives).
    public func resetNetworkSearch() { networkSearch = NetworkSearchState() }

    /// Has the firmware look for `ssid` every `scanPeriodSeconds` (adaptive: the period
    /// doubles after 4 scans, up to 8x) while it is not associated, and raise PFN_NET_FOUND
    /// when it appears. Throws what the firmware answered (-23 without PNO).
    public func startNetworkSearch(ssid: [UInt8], scanPeriodSeconds: UInt32) throws(IoctlError) {
        try setIovar("pfn", u32: 0)
        try setIovar("pfnclear", UnsafeRawBufferPointer(start: nil, count: 0))
        let params = PfnParameters(scanPeriodSeconds: scanPeriodSeconds)
        var net = PfnNetwork(ssid: ssid)
        // Our AP may hide its SSID: a directed probe finds it either way.
        net.flags = PfnNetwork.hidden
        if !eventMask.isEnabled(.pfnNetFound) { try enableEvents([.pfnNetFound]) }
        try withUnsafeTemporaryAllocation(byteCount: PfnNetwork.size, alignment: 4) { (b) throws(IoctlError) in
            params.emit(into: b)
            try setIovar("pfn_set", UnsafeRawBufferPointer(rebasing: b[0..<PfnParameters.size]))
            net.emit(into: b)
            try setIovar("pfn_add", UnsafeRawBufferPointer(b))
        }
        try setIovar("pfn", u32: 1)
        networkSearch.active = true
        networkSearch.ssid = ssid
    }

    /// Stops the search and clears the firmware's list ("pfn" 0, "pfnclear").
    public func stopNetworkSearch() throws(IoctlError) {
        guard networkSearch.active else { return }
        networkSearch.active = false
        try setIovar("pfn", u32: 0)
        try setIovar("pfnclear", UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// PFN_NET_FOUND naming our SSID becomes `.networkFound`; NET_LOST is ignored (brcmfmac
    /// does the same); a record we cannot read is logged and dropped.
    func networkSearchEvent(_ e: EventMessage, frame: UnsafeRawBufferPointer) {
        guard e.eventType == .pfnNetFound else { return }
        networkSearch.eventsSeen += 1
        guard networkSearch.active else { return }
        let data = UnsafeRawBufferPointer(rebasing: frame[e.data])
        do throws(WireError) {
            let r = try PfnScanResults(parsing: data)
            guard r.contains(ssid: networkSearch.ssid) else { return }
            networkSearch.found += 1
            post(.networkFound)
        } catch {
            log.text("cyw43: unreadable PFN_NET_FOUND (").dec(data.count).text(" bytes)").end()
        }
    }
}
