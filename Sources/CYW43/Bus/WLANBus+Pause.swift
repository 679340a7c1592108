import Runtime

extension WLANBus {
    /// The wait between two reads of a bring-up register poll (test pattern, CCCR, ALP/HT,
    /// core reset status, F2 ready) and the fixed settling steps of a core reset: `step` of
    /// time, spent asleep in the runtime's idle through `pollWaiter` (WFI / tickless / epoll)
    /// instead of `Platform.delay`, which is a busy loop on PSoC 6 and QEMU. An interrupt on
    /// the way ends one sleep (the waiter hands it to its owner), not the pause. Without a
    /// waiter, or when the idle returns twice in a row without time moving (an interrupt it
    /// cannot take, re-raised at once), the rest is the platform's delay: a poll keeps its
    /// timing and its number of tries either way.
    func pause(for step: Duration) {
        let platform = self.platform
        let until = platform.now + step
        if let w = pollWaiter {
            var idle = 0
            while idle < 2 {
                let before = platform.now
                if before >= until { return }
                w.wait(until: until, othersMayRun: false)
                idle = platform.now == before ? idle + 1 : 0
            }
        }
        let now = platform.now
        if now < until { platform.delay(until - now) }
    }
}
