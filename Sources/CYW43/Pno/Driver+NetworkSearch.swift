import Runtime

/// What the driver knows of the firmware's preferred-network offload.
public struct NetworkSearchState: Equatable, Sendable {
    /// The firmware answered a "pfn" iovar BCME_UNSUPPORTED: its build has no PNO.
    public internal(set) var unsupported = false
    /// The search is enabled in the firmware ("pfn" 1).
    public internal(set) var active = false
    /// PFN_NET_FOUND events with at least one network, while the search was on.
    public internal(set) var found = 0
    public init() {}
}

/// Preferred-network offload (PNO, the firmware's "pfn" iovars, docs/pno.md): while the AP
/// is gone the chip scans for it at its own pace and raises WLC_E_PFN_NET_FOUND when it is
/// back, so the host sleeps through the outage instead of waking for every rejoin round.
/// The sequence is brcmfmac's (`brcmf_pno_config_sched_scans`): "pfn" 0 and "pfnclear"
/// (clean), "pfn_set" (wl_pfn_param_t), "pfn_add" (wl_pfn_t), "pfn" 1.
extension Driver {
    /// Forgets the search (the firmware restarted: nothing of it survives).
    public func resetNetworkSearch() { networkSearch = NetworkSearchState() }

    /// Has the firmware look for `ssid` every `scanPeriodSeconds` (adaptive: the period
    /// doubles after 4 scans, up to 8x) while it is not associated, and raise PFN_NET_FOUND
    /// when it appears. Firmware without PNO answers the first iovar BCME_UNSUPPORTED (-23),
    /// as it answers brcmfmac's GET "pfn" feature probe (docs/pno.md §1): then
    /// `networkSearch.unsupported` is set and the error thrown.
    public func startNetworkSearch(ssid: [UInt8], scanPeriodSeconds: UInt32) throws(IoctlError) {
        do throws(IoctlError) { try setIovar("pfn", u32: 0) } catch {
            if error.isUnsupported { networkSearch.unsupported = true }
            throw error
        }
        try setIovar("pfnclear", UnsafeRawBufferPointer(start: nil, count: 0))
        var net = PfnNetwork(ssid: ssid)
        // Our AP may hide its SSID: a directed probe finds it either way.
        net.flags = PfnNetwork.hidden
        if !eventMask.isEnabled(.pfnNetFound) {
            eventMask.enable(.pfnNetFound)
            try sendEventMask()
        }
        try withUnsafeTemporaryAllocation(byteCount: PfnNetwork.size, alignment: 4) { (b) throws(IoctlError) in
            PfnParameters(scanPeriodSeconds: scanPeriodSeconds).emit(into: b)
            try setIovar("pfn_set", UnsafeRawBufferPointer(rebasing: b[0..<PfnParameters.size]))
            net.emit(into: b)
            try setIovar("pfn_add", UnsafeRawBufferPointer(b))
        }
        try setIovar("pfn", u32: 1)
        networkSearch.active = true
    }

    /// Stops the search and clears the firmware's list ("pfn" 0, "pfnclear").
    public func stopNetworkSearch() throws(IoctlError) {
        guard networkSearch.active else { return }
        networkSearch.active = false
        try setIovar("pfn", u32: 0)
        try setIovar("pfnclear", UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// PFN_NET_FOUND with a readable record becomes `.networkFound`: the firmware reports
    /// only networks on its list, and ours holds one SSID. NET_LOST is ignored (brcmfmac
    /// does the same), and so is data too short for its count.
    func networkSearchEvent(_ e: EventMessage, frame: UnsafeRawBufferPointer) {
        guard e.eventType == .pfnNetFound, networkSearch.active else { return }
        let n = (try? PfnScanResults.count(validating: UnsafeRawBufferPointer(rebasing: frame[e.data]))) ?? 0
        guard n > 0 else { return }
        networkSearch.found += 1
        post(.networkFound)
    }
}
