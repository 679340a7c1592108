import CYW43

/// The manager listens for WLC_E_TKO (docs/tko-offload.md §3): install it as the driver's
/// `eventListener` (or forward events to `handle(event:frame:)`).
extension OffloadManager: EventListener {
    /// WLC_E_TKO carries `wl_event_tko_t` {u8 index, pad[3]}; other events are ignored.
    public func handle(event: EventMessage, frame: UnsafeRawBufferPointer) {
        guard event.eventType == .tko else { return }
        let index: UInt8 = event.data.count >= 1 && event.data.lowerBound < frame.count ? frame[event.data.lowerBound] : 0
        keepaliveFailed(index: index)
    }
}
