import Runtime

/// Power save (802.11 PM), listen interval, and bus sleep with save/restore + KSO
/// (docs/cyw43-bus.md §7.4, §7.9).
extension Driver {
    public func setPowerSave(_ mode: PowerSave) throws(IoctlError) {
        switch mode {
        case .off: try ioctlSet(.setPM, 0)
        case .pm1: try ioctlSet(.setPM, 1)
        case .pm2(let ret):
            let ms = min(max(ret.milliseconds, 10), 2000) / 10 * 10
            try setIovar("pm2_sleep_ret", u32: UInt32(ms))
            try ioctlSet(.setPM, 2)
        }
    }

    public func setListenInterval(_ interval: ListenInterval) throws(IoctlError) {
        switch interval {
        case .beacons(let n):
            try setIovar("bcn_li_bcn", u32: UInt32(n))
            try setIovar("bcn_li_dtim", u32: 0)
            try setIovar("assoc_listen", u32: UInt32(n))
        case .dtims(let n):
            try setIovar("bcn_li_dtim", u32: UInt32(n))
            try setIovar("assoc_listen", u32: UInt32(n))
        }
    }

    /// Lets the bus sleep after `busSleepDelay` of inactivity (WHD's delayed release).
    /// With save/restore (SR) this drops KSO; without SR it drops the HT clock request.
    public func setBusSleep(enabled: Bool) {
        busSleepEnabled = enabled
        if !enabled { wakeBusIfNeeded() }
    }

    // MARK: save/restore

    /// §7.9 detect: 43430/43439 SR_CONTROL1 != 0; 43012/4373 (WHD) retention_ctl bits 26
    /// and 27 both clear.
    func isSaveRestoreCapable(chip: ChipInfo) throws(BusError) -> Bool {
        if chip.isSRFamily43430 { return try bus.readBackplane32(Backplane.srControl1) != 0 }
        return try bus.readBackplane32(chip.pmuBase + 0x670) & 0x0C00_0000 == 0
    }

    /// §7.9 enable (WHD `whd_enable_save_restore`) steps 1-6.
    func enableSaveRestore(chip: ChipInfo) throws(BusError) {
        let wake = try bus.readRegister(function: 1, address: F1Reg.wakeupCtrl, size: 1)
        let bit = chip.isSRFamily43430 ? F1Reg.wakeTillHT : F1Reg.wakeTillALP
        try bus.writeRegister(function: 1, address: F1Reg.wakeupCtrl, size: 1, value: wake | UInt32(bit))
        try bus.writeRegister(function: 0, address: CCCR.brcmCardCap, size: 1, value: UInt32(CCCR.cardCapCmdNoDec))
        let clk = chip.isSRFamily43430 ? F1Reg.forceHT : F1Reg.htAvailRequest
        try bus.writeRegister(function: 1, address: F1Reg.chipClockCSR, size: 1, value: UInt32(clk))
        let kso = try bus.readRegister(function: 1, address: F1Reg.sleepCSR, size: 1)
        if kso & UInt32(F1Reg.keepWLKSO) == 0 {
            try bus.writeRegister(function: 1, address: F1Reg.sleepCSR, size: 1, value: kso | UInt32(F1Reg.keepWLKSO))
        }
        try bus.busSpecificSleepSetup()
        try bus.writeRegister(function: 1, address: F1Reg.pullUp, size: 1, value: 0x0F)
    }

    /// WHD `whd_ensure_wlan_bus_is_up`: SR -> KSO on (write 0x01 twice, ignore the first
    /// error, poll KSO|DEVON up to 64 x 1 ms); no SR -> HT_AVAIL_REQ and wait HT.
    func wakeBusIfNeeded() {
        guard busAsleep else { return }
        let b = bus
        do throws(BusError) {
            if saveRestore {
                _ = try? b.writeRegister(function: 1, address: F1Reg.sleepCSR, size: 1, value: UInt32(F1Reg.keepWLKSO))
                // Up to 64 ms, re-read every 1 ms; between reads the CPU sleeps in the
                // runtime's idle (`Runner.waitForChip`), it does not spin in `delay`.
                let deadline = platform.now + .milliseconds(64)
                while true {
                    _ = try? b.writeRegister(function: 1, address: F1Reg.sleepCSR, size: 1, value: UInt32(F1Reg.keepWLKSO))
                    let v = try b.readRegister(function: 1, address: F1Reg.sleepCSR, size: 1)
                    if v & 0x03 == 0x03 && v != 0xFF { break }
                    let now = platform.now
                    if now >= deadline { throw BusError.timeout(register: F1Reg.sleepCSR) }
                    runner.waitForChip(until: min(deadline, now + .milliseconds(1)))
                }
            } else {
                try b.writeRegister(function: 1, address: F1Reg.chipClockCSR, size: 1, value: UInt32(F1Reg.htAvailRequest))
                _ = try pollF1Sleeping(F1Reg.chipClockCSR, mask: F1Reg.htAvail, want: F1Reg.htAvail, tries: 1000)
            }
            busAsleep = false
        } catch {
            runner.counters.busErrors += 1
            log.say("cyw43: bus wake failed")
        }
    }

    /// WHD `whd_allow_wlan_bus_to_sleep`: SR -> KSO off (43430/43439: write twice, poll
    /// bit0 clear; others: write once); no SR -> drop the HT request.
    func sleepBusIfIdle(now: Instant) {
        guard busSleepEnabled, !busAsleep, let chip, now >= lastBusActivity + busSleepDelay else { return }
        let b = bus
        do throws(BusError) {
            if saveRestore {
                try b.writeRegister(function: 1, address: F1Reg.sleepCSR, size: 1, value: 0)
                if chip.isSRFamily43430 {
                    try b.writeRegister(function: 1, address: F1Reg.sleepCSR, size: 1, value: 0)
                    _ = try pollF1Sleeping(F1Reg.sleepCSR, mask: F1Reg.keepWLKSO, want: 0, tries: 64)
                }
            } else {
                try b.writeRegister(function: 1, address: F1Reg.chipClockCSR, size: 1, value: 0)
            }
            busAsleep = true
        } catch {
            runner.counters.busErrors += 1
            lastBusActivity = now  // back off one delay before trying again
            log.say("cyw43: bus sleep failed")
        }
    }
}
