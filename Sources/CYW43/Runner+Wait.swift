import Runtime

/// The runner's one way to wait for the chip (docs/style-anchors.md §2, embassy's runner: the
/// caller parks until the bus has news). Every wait of the ioctl path (the reply, a tx credit)
/// and of the bus wake sleeps here: woken by host-wake or by the deadline, never by a 1 ms
/// poll, and never in `Platform.delay`, which is a busy loop on PSoC 6 and QEMU.
extension Runner {
    /// Sleeps until host-wake or `deadline` (earlier if the runner has its own deadline: a bus
    /// retry, a credit-stall poke). Counted in `counters.chipWaits`. `othersMayRun`: only for
    /// the waits of a control frame in flight (its credit, its reply), where other tasks may
    /// run the stack, send data and service the bus meanwhile; never inside a register
    /// sequence (bus wake and sleep, the join's pause).
    func waitForChip(until deadline: Instant, othersMayRun: Bool = false) {
        let platform = bus.platform
        var d = deadline
        if let r = retryAt, r < d { d = r }
        if let s = stallDeadline, s < d { d = s }
        if let r = recheckInterval, platform.now + r < d { d = platform.now + r }
        counters.chipWaits += 1
        if let waiter { waiter.wait(until: d, othersMayRun: othersMayRun); return }
        // No waiter (a driver used without the runtime and without a `MailboxWaiter`): the
        // platform's idle; if it cannot sleep because an interrupt nobody collects is
        // pending, time still has to move: a short blocking step, counted as a busy wait.
        let before = platform.now
        platform.sleep(until: d)
        if platform.now == before && before < d {
            counters.busyWaits += 1
            platform.delay(min(d - before, .milliseconds(1)))
        }
    }
}

extension Driver {
    /// `pollF1` for the per-wake bus sleep/wake steps: between reads the CPU sleeps in the
    /// runtime's idle (`waitForChip`) instead of blocking in `Platform.delay`.
    func pollF1Sleeping(_ address: UInt32, mask: UInt8, want: UInt8, tries: Int,
                        step: Duration = .milliseconds(1)) throws(BusError) -> UInt8 {
        let deadline = platform.now + step * Int64(tries)
        while true {
            let v = UInt8(truncatingIfNeeded: try bus.readRegister(function: 1, address: address, size: 1))
            if v & mask == want { return v }
            let now = platform.now
            if now >= deadline { throw .timeout(register: address) }
            runner.waitForChip(until: min(deadline, now + step))
        }
    }
}
