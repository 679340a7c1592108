extension Driver {
    /// The offload events (WLC_E_TKO) go into the driver's event mask (WHD registers its
    /// handler for WLC_E_TKO when LPA enables TKO, docs/tko-offload.md §3).
    public func offloadEnableEvent(_ type: EventType) throws(IoctlError) {
        try enableEvent(type)
    }
}
