import Runtime
import Net

/// A repair's request/answer steps in one wake (issue 18): after the host sent a request
/// whose answer is one LAN round trip away (DHCP DISCOVER/REQUEST, a SYN), a timer
/// `AppSettings.answerWindow` away keeps the expected idle short, so the idle is a CPU
/// sleep, not a deep sleep (a tickless idle decides from the expected idle time, as
/// FreeRTOS's does: docs/psoc6-platform.md §4.3). The answer, a few ms later, is then
/// taken in the same wake instead of ending a deep sleep of its own. The window ends with
/// the first frame received (the answer, as a rule) or when it runs out; then the idle
/// has the step's own long deadline (DHCP's retransmission, the SYN's RTO) and may
/// deep-sleep. The time in the window is awake time in the power books.
extension KeepaliveApp {
    /// Looks at the network task's activity flags (awake, not suspended).
    func watchForAnswer(_ bits: UInt32, now: Instant) {
        guard settings.answerWindow > .zero, let t = answerTimer else { return }
        if bits & AppFlag.rxActivity != 0, answerUntil != nil {
            answerUntil = nil
            stats.answersInWindow += 1
            cancelTimer(t)
        }
        if bits & AppFlag.txActivity != 0, awaitingLanAnswer {
            let until = now + settings.answerWindow
            answerUntil = until
            stats.answerWindows += 1
            armTimer(t, at: until)
        }
    }

    /// A request of ours is out and its answer is one round trip away: a SYN, or DHCP
    /// waiting for an OFFER or an ACK.
    var awaitingLanAnswer: Bool {
        for i in sockets.indices where sockets[i].state == .synSent { return true }
        guard let d = interface?.dhcp else { return false }
        switch d.state {
        case .selecting, .requesting, .renewing, .rebinding: return true
        case .probing, .bound, .declined: return false
        }
    }
}
