import Runtime

/// State resynchronisation after a lost frame. A frame the host terminated (corrupt header) or
/// never saw (sequence gap) may have been the event that said the link went down (WLC_E_LINK,
/// DEAUTH_IND, DISASSOC_IND); without it the host believes it is associated for good and every
/// frame it sends goes nowhere. So after a loss, while joined, the driver asks the firmware:
/// WLC_GET_BSSID fails with "not associated" (or answers zeros) once the link is gone
/// (docs/cyw43-bus.md §6.5), and that becomes the link-down notice the lost event would have
/// been.
extension Driver {
    func checkLinkAfterLoss() {
        lossesChecked = runner.framesLost
        guard case .joined = joinState, !runner.dispatching else { return }
        linkChecks += 1
        var bssid = (UInt32(0), UInt16(0))
        let associated: Bool
        do throws(IoctlError) {
            let n = try withUnsafeMutableBytes(of: &bssid) { (b) throws(IoctlError) -> Int in
                try ioctl(Ioctl.getBSSID, set: false, value: UnsafeRawBufferPointer(start: nil, count: 0),
                          into: UnsafeMutableRawBufferPointer(rebasing: b[0..<6]))
            }
            associated = n == 6 && (bssid.0 != 0 || bssid.1 != 0)
        } catch {
            guard case .firmware = error else {
                log.say("cyw43: link check after a lost frame failed; will retry")
                lossesChecked = runner.framesLost &- 1
                return
            }
            associated = false
        }
        log.say(associated ? "cyw43: frame lost; link check: still associated" : "cyw43: frame lost; link check: link gone")
        guard !associated, case .joined = joinState else { return }
        linkLossesFound += 1
        joinState = .idle
        post(.linkDown(event: .link, reason: 0))
    }
}
